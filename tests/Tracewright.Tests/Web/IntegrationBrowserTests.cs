using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 17, "visible to the admin", on an empty database in headless Chromium: an integrator's system (an API token)
/// captures a document with one bad event, defines a query and subscribes a receiver that is down; the admin opens
/// Users &amp; tokens → EPCIS integration and sees the job with its refused event, the query, and the subscription failing
/// with its last error. The screenshot goes to a temporary folder named in the output.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IntegrationBrowserTests : IAsyncLifetime
{
    private const string Password = "integration password 1";

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-integration-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private BrowserServer? _server;
    private string _token = "";

    public static string Shots { get; } = Directory.CreateTempSubdirectory("tracewright-integration-shots-").FullName;

    public async Task InitializeAsync()
    {
        _server = await BrowserServer.StartAsync(new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", _clock), async shop =>
        {
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("owner", Password, "admin"), default));
            _token = (await Seed.Ok(ApiTokens.CreateAsync(shop, "owner", new ApiTokens.CreateRequest("MES line 2", "operator"), default))).Secret;
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static string Event(int n, string action) => $$"""
        {"type": "ObjectEvent", "eventID": "urn:uuid:0d5e7f60-1a2b-4c3d-8e4f-{{n:000000000000}}", "eventTime": "2026-12-03T08:00:00Z",
         "eventTimeZoneOffset": "+00:00", "action": "{{action}}", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{n}}"], "bizStep": "shipping"}
        """;

    [Fact]
    public async Task Issue17_the_admin_sees_capture_jobs_named_queries_and_a_failing_subscription_with_its_last_error()
    {
        using var mes = new HttpClient { BaseAddress = new Uri(_server!.Base) };
        mes.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var capture = new HttpRequestMessage(HttpMethod.Post, "/epcis/capture")
        {
            Content = new StringContent($$"""
                {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
                 "creationDate": "2026-12-03T08:00:00Z", "epcisBody": {"eventList": [{{Event(1, "OBSERVE")}}, {{Event(2, "SHOUT")}}] } }
                """, Encoding.UTF8, "application/ld+json"),
        };
        capture.Headers.Add("GS1-Capture-Error-Behaviour", "proceed");
        using var accepted = await mes.SendAsync(capture);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        (await mes.PostAsync("/epcis/queries", new StringContent("""{"name": "shipped", "query": {"EQ_bizStep": ["shipping"]}}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        using var subscribed = await mes.PostAsync("/epcis/queries/shipped/subscriptions", new StringContent("""{"dest": "http://127.0.0.1:9/erp-hook", "stream": true, "initialRecordTime": "2026-01-01T00:00:00Z"}""", Encoding.UTF8, "application/json"));
        subscribed.EnsureSuccessStatusCode();
        var subscription = subscribed.Headers.Location!.OriginalString;
        for (var i = 0; i < 400; i++)
        {
            var finished = JsonNode.Parse(await mes.GetStringAsync(accepted.Headers.Location))!;
            var state = JsonNode.Parse(await mes.GetStringAsync(subscription))!["delivery"]!["state"]!.GetValue<string>();
            if (!finished["running"]!.GetValue<bool>() && state == "failing")
            {
                break;
            }

            await Task.Delay(50);
        }

        var page = await _server.NewPersonAsync(new() { Width = 1280, Height = 900 });
        await BrowserServer.SignInAsync(page, "owner", Password);
        await page.GotoAsync("/admin");
        await page.ClickAsync("#epcis-integration");
        await page.WaitForSelectorAsync("#capture-jobs tr.capture-job");
        var job = page.Locator("#capture-jobs tr.capture-job").First;
        var jobText = await job.InnerTextAsync();
        Assert.Contains("errors", jobText, StringComparison.Ordinal);
        Assert.Contains("SHOUT", jobText, StringComparison.Ordinal);
        Assert.Equal(["2", "1", "0", "1"], (await job.Locator("td").AllInnerTextsAsync()).Skip(3).Take(4));
        Assert.Contains("could not be reached", await page.InnerTextAsync("#subscriptions tr.subscription td.delivery"), StringComparison.Ordinal);
        Assert.Contains("shipped", await page.InnerTextAsync("#named-queries tr.named-query"), StringComparison.Ordinal);
        var row = await page.InnerTextAsync("#subscriptions tr.subscription");
        Assert.Contains("failing", row, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9/erp-hook could not be reached", row, StringComparison.Ordinal);
        Assert.Contains("as events arrive", row, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "epcis-integration.png"), FullPage = true });
        Console.WriteLine($"screenshot: {Path.Combine(Shots, "epcis-integration.png")}");
    }
}
