using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Access;
using Tracewright.Features.Trace;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// The limits and how each is answered: requests per minute per token or person (429 with Retry-After), page sizes on every
/// list (400 naming the field — never silently cut), trace and recall answers paged with a next link that reaches everything,
/// and request bodies over their limit on the real server, declared or chunked (413). Each answer is a problem details body.
/// </summary>
public sealed class LimitsTests(ApiShop api) : IClassFixture<ApiShop>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Fact]
    public async Task A_token_over_its_requests_a_minute_gets_429_with_retry_after_and_others_are_not_held_up()
    {
        await using var web = new WebShop { RequestsPerMinute = 5 };
        var machine = await web.ClientAsync(Role.Operator);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/me")).StatusCode);
        }

        var refused = await machine.GetAsync("/api/me");
        var problem = await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("too-many-requests", problem.GetProperty("code").GetString());
        var wait = refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(12));

        var other = await web.ClientAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/health")).StatusCode);

        web.Clock.Now += wait;
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await machine.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_person_is_limited_too_and_no_limit_means_none()
    {
        await using var web = new WebShop { RequestsPerMinute = 3 };
        var dana = await web.SignedInAsync("dana", Role.Viewer);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await dana.GetAsync("/api/me")).StatusCode);
        }

        // Signing in (and reading the sign-in page for its form) took none of dana's allowance: she was anonymous then.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        var unlimited = await api.Web.ClientAsync(Role.Viewer);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await unlimited.GetAsync("/api/me")).StatusCode);
        }
    }

    [Theory]
    [InlineData("/api/lots", "pageSize", 200)]
    [InlineData("/api/customers", "pageSize", 200)]
    [InlineData("/api/orders", "pageSize", 200)]
    [InlineData("/api/shipments", "pageSize", 200)]
    [InlineData("/api/returns", "pageSize", 200)]
    [InlineData("/api/ncrs", "pageSize", 200)]
    [InlineData("/api/capas", "pageSize", 200)]
    [InlineData("/api/deviations", "pageSize", 200)]
    [InlineData("/api/access-log", "pageSize", 200)]
    [InlineData("/api/trace/forward/PLA-0424-01", "pageSize", TraceRecords.MaxPageSize)]
    [InlineData("/api/trace/backward/PLA-0424-01", "pageSize", TraceRecords.MaxPageSize)]
    [InlineData("/api/recall/PLA-0424-01", "pageSize", TraceRecords.MaxPageSize)]
    [InlineData("/epcis/events", "perPage", Features.Epcis.QueryEpcis.MaxPerPage)]
    public async Task A_page_size_out_of_range_is_a_400_naming_it_and_the_maximum_is_served(string list, string parameter, int maximum)
    {
        var admin = await api.Web.ClientAsync(Role.Admin);
        var separator = list.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var bad in new[] { "0", "-1", $"{maximum + 1}" })
        {
            var problem = await ProblemAsync(await admin.GetAsync($"{list}{separator}{parameter}={bad}"), HttpStatusCode.BadRequest);
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(parameter, out _), $"{list}?{parameter}={bad}: {problem}");
        }

        if (parameter == "pageSize")
        {
            var noPage = await ProblemAsync(await admin.GetAsync($"{list}{separator}page=0"), HttpStatusCode.BadRequest);
            Assert.True(noPage.GetProperty("errors").TryGetProperty("page", out _), noPage.ToString());
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{list}{separator}{parameter}={maximum}")).StatusCode);
    }

    [Theory]
    [InlineData("forward", "PLA-0424-01", 7)]
    [InlineData("backward", "SO-0001", 2)]
    public async Task A_trace_past_one_page_answers_the_first_with_a_next_link_and_the_links_reach_every_record_once(string direction, string start, int size)
    {
        var viewer = await api.Web.ClientAsync(Role.Viewer);
        var whole = JsonDocument.Parse(await viewer.GetStringAsync($"/api/trace/{direction}/{start}?pageSize={TraceRecords.MaxPageSize}")).RootElement;
        var total = whole.GetProperty("total").GetInt32();
        Assert.True(total > 2 * size && total <= TraceRecords.MaxPageSize, $"the {direction} trace from {start} reaches {total} records");
        Assert.Equal(total, whole.GetProperty("hits").GetArrayLength());

        var seen = new List<string>();
        var next = $"/api/trace/{direction}/{start}?pageSize={size}";
        var pages = 0;
        while (next is not null)
        {
            var response = await viewer.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(total, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("node").GetString()!));
            var link = response.Headers.TryGetValues("Link", out var values) ? values.Single() : null;
            Assert.Equal(page.TryGetProperty("nextPage", out var n) && n.ValueKind == JsonValueKind.Number, link is not null);
            next = link is null ? null : link[1..link.IndexOf('>', StringComparison.Ordinal)];
            pages++;
        }

        Assert.Equal((total + size - 1) / size, pages);
        Assert.Equal(whole.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("node").GetString()!), seen);

        // The command line and the pages ask for no page: they get every record.
        var all = await Seed.Ok(TraceRecords.HandleAsync(api.Web.Shop, start, Enum.Parse<TraceRecords.Direction>(direction, ignoreCase: true), null, default));
        Assert.Equal(total, all.Hits.Count);
    }

    [Fact]
    public async Task A_recall_is_paged_list_by_list_and_its_pages_together_name_the_34_customers()
    {
        var viewer = await api.Web.ClientAsync(Role.Viewer);
        var customers = new List<string>();
        var shipped = 0;
        JsonElement? totals = null;
        for (var page = 1; ; page++)
        {
            var answer = JsonDocument.Parse(await viewer.GetStringAsync($"/api/recall/PLA-0424-01?pageSize=5&page={page}")).RootElement;
            totals ??= answer.GetProperty("totals");
            customers.AddRange(answer.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customer").GetString()!));
            shipped += answer.GetProperty("shipped").GetArrayLength();
            Assert.True(answer.GetProperty("shipped").GetArrayLength() <= 5);
            if (!answer.TryGetProperty("nextPage", out var next) || next.ValueKind != JsonValueKind.Number)
            {
                break;
            }

            Assert.Equal(page + 1, next.GetInt32());
        }

        Assert.Equal(Features.Demo.DemoYear.RecalledCustomers, customers.Distinct().Count());
        Assert.Equal(customers.Count, totals!.Value.GetProperty("customers").GetInt32());
        Assert.Equal(shipped, totals.Value.GetProperty("shipped").GetInt32());
    }

    [Fact]
    public async Task On_the_real_server_a_body_over_the_limit_is_a_413_problem_declared_or_chunked()
    {
        var folder = Directory.CreateTempSubdirectory("tracewright-limits-").FullName;
        var app = WebApp.Build(new WebOptions(Path.Combine(folder, "shop.db"), "http://127.0.0.1:0", new ManualClock(Seed.May2024)), b => b.Logging.ClearProviders());
        try
        {
            await WebApp.MigrateAsync(app, default);
            var secret = (await Seed.Ok(Features.Access.ApiTokens.CreateAsync(app.Services.GetRequiredService<Shop>(), "test", new("limits", "operator"), default))).Secret;
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            var big = Encoding.UTF8.GetBytes($"{{\"into\":\"{new string('1', (int)BodyLimits.Json + 10)}\"}}");

            var declared = new ByteArrayContent(big);
            declared.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await ProblemAsync(await client.PostAsync("/api/lots/PLY-0524-001/split", declared), HttpStatusCode.RequestEntityTooLarge);

            // No Content-Length: the server counts while reading and stops at the limit.
            var chunked = new StreamContent(new MemoryStream(big));
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/lots/PLY-0524-001/split") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            await ProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
