using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracewright.Domain.Access;
using Tracewright.Standards.Tests.Fuzzing;
using Tracewright.Tests.Support;
using Xunit.Abstractions;

namespace Tracewright.Tests.Web;

/// <summary>
/// Every mapped endpoint × every role and anonymous × a record that exists and one that does not. The table below is the
/// intended access; an endpoint that is not in it fails the test, so a new endpoint cannot ship without someone deciding who
/// may call it. The rule for ids: a caller the endpoint refuses is refused (401 anonymous, 403 a role too low) whether or not
/// the record exists, so a refusal never tells which records exist; a caller it admits gets 404 for a record that does not.
/// </summary>
public sealed partial class AuthorizationMatrixTests(ApiShop api, ITestOutputHelper output) : IAsyncLifetime, IClassFixture<ApiShop>
{
    /// <summary>null: anyone, signed in or not. Otherwise the least role that may call it.</summary>
    private static readonly Dictionary<string, Role?> Expected = new()
    {
        ["GET /health"] = null,
        ["GET /openapi/{documentName}.json"] = null,
        ["GET /app.css"] = null,
        ["GET /scan.js"] = null,
        ["GET /vendor/zxing-library.min.js"] = null,
        ["GET /signin"] = null,
        ["POST /signin"] = null,
        ["GET /setup"] = null,
        ["POST /setup"] = null,
        ["POST /signout"] = Role.Viewer,
        ["GET /"] = Role.Viewer,
        ["GET /search"] = Role.Viewer,
        ["GET /records/{id}"] = Role.Viewer,
        ["GET /lots"] = Role.Viewer,
        ["GET /lots/{id}"] = Role.Viewer,
        ["POST /lots/{id}/split"] = Role.Operator,
        ["GET /lots/{id}/cut-labels"] = Role.Operator,
        ["POST /lots/{id}/status"] = Role.Quality,
        ["POST /lots/{id}/correct"] = Role.Quality,
        ["POST /records/{id}/correct"] = Role.Quality,
        ["POST /units/{id}/status"] = Role.Quality,
        ["GET /receive"] = Role.Operator,
        ["POST /receive"] = Role.Operator,
        ["GET /make"] = Role.Operator,
        ["POST /make"] = Role.Operator,
        ["GET /units"] = Role.Viewer,
        ["GET /units/{id}"] = Role.Viewer,
        ["POST /units/{id}/events"] = Role.Operator,
        ["POST /units/{id}/install"] = Role.Operator,
        ["POST /units/{id}/remove"] = Role.Operator,
        ["POST /units/{id}/release-to-ship"] = Role.Quality,
        ["POST /lots/{id}/certificates"] = Role.Operator,
        ["GET /containers"] = Role.Viewer,
        ["POST /containers"] = Role.Operator,
        ["GET /containers/{id}"] = Role.Viewer,
        ["POST /containers/{id}/pack"] = Role.Operator,
        ["GET /boms"] = Role.Admin,
        ["POST /boms"] = Role.Admin,
        ["GET /customers"] = Role.Viewer,
        ["POST /customers"] = Role.Admin,
        ["GET /customers/{id}"] = Role.Viewer,
        ["POST /orders"] = Role.Operator,
        ["GET /orders/{id}"] = Role.Viewer,
        ["GET /ship"] = Role.Operator,
        ["POST /ship"] = Role.Operator,
        ["GET /shipments"] = Role.Viewer,
        ["GET /shipments/{id}"] = Role.Viewer,
        ["GET /returns"] = Role.Viewer,
        ["POST /returns"] = Role.Operator,
        ["GET /trace"] = Role.Viewer,
        ["GET /recall"] = Role.Viewer,
        ["POST /recall/block"] = Role.Quality,
        ["GET /compliance"] = Role.Viewer,
        ["GET /ncrs"] = Role.Viewer,
        ["POST /ncrs"] = Role.Quality,
        ["GET /ncrs/{id}"] = Role.Viewer,
        ["POST /ncrs/{id}/disposition"] = Role.Quality,
        ["POST /ncrs/{id}/close"] = Role.Quality,
        ["GET /capas"] = Role.Viewer,
        ["POST /capas"] = Role.Quality,
        ["GET /capas/{id}"] = Role.Viewer,
        ["POST /capas/{id}/{step}"] = Role.Quality,
        ["GET /deviations"] = Role.Viewer,
        ["POST /deviations"] = Role.Quality,
        ["GET /admin"] = Role.Admin,
        ["POST /admin/users"] = Role.Admin,
        ["POST /admin/tokens"] = Role.Admin,
        ["POST /admin/gs1-prefix"] = Role.Admin,
        ["POST /admin/tokens/{id}/revoke"] = Role.Admin,
        ["POST /admin/users/{id}/disable"] = Role.Admin,
        ["POST /admin/users/{id}/enable"] = Role.Admin,
        ["POST /admin/users/{id}/role"] = Role.Admin,
        ["POST /admin/users/{id}/sessions/end"] = Role.Admin,
        ["GET /items"] = Role.Viewer,
        ["POST /items"] = Role.Admin,
        ["POST /items/{id}/gtin"] = Role.Admin,
        ["GET /items/{id}"] = Role.Viewer,
        ["GET /suppliers"] = Role.Viewer,
        ["POST /suppliers"] = Role.Admin,
        ["GET /suppliers/{id}"] = Role.Viewer,
        ["POST /suppliers/{id}/certificates"] = Role.Admin,
        ["GET /capture"] = Role.Operator,
        ["POST /capture"] = Role.Operator,
        ["GET /labels"] = Role.Viewer,
        ["GET /labels/file"] = Role.Viewer,
        ["GET /import"] = Role.Operator,
        ["POST /import"] = Role.Operator,
        ["GET /export"] = Role.Operator,
        ["GET /export/sheet"] = Role.Operator,
        ["GET /export/epcis"] = Role.Operator,
        ["GET /export/template"] = Role.Operator,
        ["GET /admin/ledger"] = Role.Admin,
        ["POST /admin/ledger/verify"] = Role.Admin,
        ["POST /admin/ledger/backup"] = Role.Admin,
        ["GET /api/me"] = Role.Viewer,
        ["GET /api/antiforgery"] = Role.Viewer,
        ["GET /api/access-log"] = Role.Admin,
        ["GET /api/users"] = Role.Admin,
        ["POST /api/users"] = Role.Admin,
        ["GET /api/tokens"] = Role.Admin,
        ["POST /api/tokens"] = Role.Admin,
        ["POST /api/tokens/{id}/revoke"] = Role.Admin,
        ["GET /api/items"] = Role.Viewer,
        ["POST /api/items"] = Role.Admin,
        ["POST /api/items/{code}/gtin"] = Role.Admin,
        ["GET /api/config"] = Role.Admin,
        ["POST /api/config/gs1-prefix"] = Role.Admin,
        ["GET /api/suppliers"] = Role.Viewer,
        ["POST /api/suppliers"] = Role.Admin,
        ["POST /api/suppliers/{id}/certificates"] = Role.Admin,
        ["POST /api/lots/receive"] = Role.Operator,
        ["POST /api/lots/{id}/certificates"] = Role.Operator,
        ["GET /api/certificates/{id}/file"] = Role.Viewer,
        ["GET /api/lots"] = Role.Viewer,
        ["POST /api/lots/{id}/split"] = Role.Operator,
        ["POST /api/lots/{id}/block"] = Role.Quality,
        ["POST /api/lots/{id}/release"] = Role.Quality,
        ["POST /api/lots/{id}/reject"] = Role.Quality,
        ["POST /api/lots/{id}/scrap"] = Role.Quality,
        ["POST /api/lots/{id}/corrections"] = Role.Quality,
        ["GET /api/lots/{id}/labels"] = Role.Viewer,
        ["GET /api/records/{id}"] = Role.Viewer,
        ["POST /api/boms"] = Role.Admin,
        ["POST /api/manufacture"] = Role.Operator,
        ["POST /api/units/capture"] = Role.Operator,
        ["POST /api/units/{id}/events"] = Role.Operator,
        ["POST /api/units/{id}/status"] = Role.Quality,
        ["POST /api/units/{id}/release-to-ship"] = Role.Quality,
        ["POST /api/units/{id}/install"] = Role.Operator,
        ["POST /api/units/{id}/remove"] = Role.Operator,
        ["GET /api/units/{id}/asbuilt"] = Role.Viewer,
        ["POST /api/containers"] = Role.Operator,
        ["POST /api/containers/{id}/pack"] = Role.Operator,
        ["POST /api/containers/{id}/unpack"] = Role.Operator,
        ["GET /api/ledger/verify"] = Role.Quality,
        ["POST /api/manufacture/{id}/corrections"] = Role.Quality,
        ["GET /api/customers"] = Role.Viewer,
        ["POST /api/customers"] = Role.Admin,
        ["GET /api/customers/{id}"] = Role.Viewer,
        ["GET /api/orders"] = Role.Viewer,
        ["POST /api/orders"] = Role.Operator,
        ["GET /api/orders/{id}"] = Role.Viewer,
        ["GET /api/shipments"] = Role.Viewer,
        ["POST /api/shipments"] = Role.Operator,
        ["GET /api/shipments/{id}"] = Role.Viewer,
        ["GET /api/returns"] = Role.Viewer,
        ["POST /api/returns"] = Role.Operator,
        ["GET /api/trace/forward/{id}"] = Role.Viewer,
        ["GET /api/trace/backward/{id}"] = Role.Viewer,
        ["GET /api/recall/{id}"] = Role.Viewer,
        ["POST /api/recall/{id}/block"] = Role.Quality,
        ["GET /api/recall/{id}/export.csv"] = Role.Viewer,
        ["GET /api/recall/{id}/export.xlsx"] = Role.Viewer,
        ["GET /api/recall/{id}/report.html"] = Role.Viewer,
        ["GET /api/compliance/{id}"] = Role.Viewer,
        ["GET /api/compliance/{id}/dossier.zip"] = Role.Viewer,
        ["GET /api/ncrs"] = Role.Viewer,
        ["POST /api/ncrs"] = Role.Quality,
        ["POST /api/ncrs/{id}/disposition"] = Role.Quality,
        ["POST /api/ncrs/{id}/close"] = Role.Quality,
        ["GET /api/capas"] = Role.Viewer,
        ["POST /api/capas"] = Role.Quality,
        ["POST /api/capas/{id}/actions"] = Role.Quality,
        ["POST /api/capas/{id}/done"] = Role.Quality,
        ["POST /api/capas/{id}/checks"] = Role.Quality,
        ["POST /api/capas/{id}/close"] = Role.Quality,
        ["GET /api/deviations"] = Role.Viewer,
        ["POST /api/deviations"] = Role.Quality,
        ["GET /admin/epcis"] = Role.Admin,
        ["GET /epcis"] = Role.Viewer,
        ["DELETE /epcis/nextPageToken/{id}"] = Role.Viewer,
        ["OPTIONS /epcis"] = Role.Viewer,
        ["OPTIONS /epcis/{**path}"] = Role.Viewer,
        ["POST /epcis/capture"] = Role.Operator,
        ["GET /epcis/capture"] = Role.Operator,
        ["GET /epcis/capture/{id}"] = Role.Operator,
        ["GET /epcis/events"] = Role.Viewer,
        ["POST /epcis/events"] = Role.Operator,
        ["GET /epcis/events/{id}"] = Role.Viewer,
        ["GET /epcis/eventTypes"] = Role.Viewer,
        ["GET /epcis/eventTypes/{id}"] = Role.Viewer,
        ["GET /epcis/eventTypes/{id}/events"] = Role.Viewer,
        ["GET /epcis/epcs"] = Role.Viewer,
        ["GET /epcis/epcs/{id}"] = Role.Viewer,
        ["GET /epcis/epcs/{id}/events"] = Role.Viewer,
        ["GET /epcis/bizSteps"] = Role.Viewer,
        ["GET /epcis/bizSteps/{id}"] = Role.Viewer,
        ["GET /epcis/bizSteps/{id}/events"] = Role.Viewer,
        ["GET /epcis/bizLocations"] = Role.Viewer,
        ["GET /epcis/bizLocations/{id}"] = Role.Viewer,
        ["GET /epcis/bizLocations/{id}/events"] = Role.Viewer,
        ["GET /epcis/readPoints"] = Role.Viewer,
        ["GET /epcis/readPoints/{id}"] = Role.Viewer,
        ["GET /epcis/readPoints/{id}/events"] = Role.Viewer,
        ["GET /epcis/dispositions"] = Role.Viewer,
        ["GET /epcis/dispositions/{id}"] = Role.Viewer,
        ["GET /epcis/dispositions/{id}/events"] = Role.Viewer,
        ["POST /epcis/queries"] = Role.Viewer,
        ["GET /epcis/queries"] = Role.Viewer,
        ["GET /epcis/queries/{id}"] = Role.Viewer,
        ["DELETE /epcis/queries/{id}"] = Role.Viewer,
        ["GET /epcis/queries/{id}/events"] = Role.Viewer,
        ["POST /epcis/queries/{id}/subscriptions"] = Role.Viewer,
        ["GET /epcis/queries/{id}/subscriptions"] = Role.Viewer,
        ["GET /epcis/queries/{name}/subscriptions/{id}"] = Role.Viewer,
        ["DELETE /epcis/queries/{name}/subscriptions/{id}"] = Role.Viewer,
    };

    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    /// <summary>Method, route (a group's "" route has no trailing slash) and whether it takes multipart uploads.</summary>
    private IReadOnlyList<(string Method, string Route, bool Multipart)> MappedEndpoints() => MappedEndpoints(_web);

    private static IReadOnlyList<(string Method, string Route, bool Multipart)> MappedEndpoints(WebShop web) =>
        web.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (
                m,
                "/" + e.RoutePattern.RawText!.Trim('/'),
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("multipart/form-data") == true)))
            .Distinct()
            .OrderBy(e => e.Item2, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_mapped_endpoint_has_an_intended_access_and_every_intended_one_is_mapped()
    {
        var mapped = MappedEndpoints().Select(e => $"{e.Method} {e.Route}").ToHashSet();
        var undecided = mapped.Where(k => !Expected.ContainsKey(k)).ToList();
        var missing = Expected.Keys.Where(k => !mapped.Contains(k)).ToList();
        Assert.True(undecided.Count == 0, $"endpoints nobody decided access for: {string.Join("; ", undecided)}");
        Assert.True(missing.Count == 0, $"endpoints in the table but not mapped: {string.Join("; ", missing)}");
    }

    [Fact]
    public async Task Every_endpoint_admits_exactly_the_roles_it_should_and_never_answers_500()
    {
        var failures = new List<string>();
        var callers = new Role?[] { null, Role.Viewer, Role.Operator, Role.Quality, Role.Admin };
        foreach (var (method, route, multipart) in MappedEndpoints())
        {
            var needed = Expected.GetValueOrDefault($"{method} {route}");
            var path = route.Replace("{id}", "NOPE-1", StringComparison.Ordinal).Replace("{name}", "NOPE-1", StringComparison.Ordinal).Replace("{**path}", "events", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal);
            foreach (var caller in callers)
            {
                var client = await _web.ClientAsync(caller);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                {
                    // The content type the endpoint declares, so routing reaches authorization instead of answering 415.
                    request.Content = multipart
                        ? new MultipartFormDataContent { { new StringContent("x"), "item" } }
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var toSignIn = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true;
                var refused = status is 401 or 403 || toSignIn;
                var who = caller?.Name() ?? "anonymous";
                var allowed = Expected.ContainsKey($"{method} {route}") && (needed is null || (caller is { } held && held.Allows(needed.Value)));
                if (allowed && refused)
                {
                    failures.Add($"{method} {route}: {who} was refused ({status})");
                }
                else if (!allowed && !refused)
                {
                    failures.Add($"{method} {route}: {who} got in ({status}) but needs {needed?.Name() ?? "?"}");
                }
                else if (!allowed && caller is null && status == 403)
                {
                    failures.Add($"{method} {route}: anonymous got 403 instead of a challenge");
                }

                if (status >= 500)
                {
                    failures.Add($"{method} {route}: {who} got {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_endpoint_by_every_role_on_a_record_that_exists_and_one_that_does_not_answers_by_the_rule()
    {
        var callers = await CallersAsync();
        var failures = new List<string>();
        var cells = 0;
        foreach (var (method, route, multipart) in MappedEndpoints(api.Web))
        {
            if (!Expected.TryGetValue($"{method} {route}", out var needed) || needed is null)
            {
                continue;
            }

            var ids = api.IdsFor(route);
            foreach (var (which, id) in ids is { } pair ? new[] { ("existing", pair.Existing), ("missing", pair.Missing) } : [("-", "")])
            {
                foreach (var (caller, role) in new (string, Role?)[] { ("anonymous", null), ("viewer", Role.Viewer), ("operator", Role.Operator), ("quality", Role.Quality), ("admin", Role.Admin) })
                {
                    using var request = Request(method, route, id, multipart, callers.Csrf.GetValueOrDefault(caller));
                    var client = IsApi(route) ? callers.Api[caller] : callers.Pages[caller];
                    if (route == "/signout" && role is { } signingOut)
                    {
                        // Signing out ends the session: a session of its own, so the callers stay signed in for the routes after it.
                        client = await SignInAsync($"matrix-{caller}", signingOut);
                        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = Csrf(await client.GetStringAsync("/")) });
                    }

                    using var response = await client.SendAsync(request);
                    cells++;
                    var status = (int)response.StatusCode;
                    var toSignIn = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true;
                    var allowed = role is { } held && held.Allows(needed.Value);
                    var cell = $"{method} {route} [{which} {id}] as {caller}: {status}";
                    if (status >= 500)
                    {
                        failures.Add($"{cell} (a 5xx)");
                    }
                    else if (!allowed && role is null && !(status == 401 || toSignIn))
                    {
                        failures.Add($"{cell}, expected 401 or the sign-in page");
                    }
                    else if (!allowed && role is not null && status != 403)
                    {
                        failures.Add($"{cell}, expected 403 whether or not the record exists");
                    }
                    else if (allowed && which == "missing" && status != 404)
                    {
                        failures.Add($"{cell}, expected 404 for a record that does not exist");
                    }
                    else if (allowed && which != "missing" && status is 401 or 403 or 404 && !await IsNotOwnerAsync(response))
                    {
                        failures.Add($"{cell}, expected to be let in to an existing record");
                    }
                }
            }
        }

        output.WriteLine($"authorization matrix: {cells} cells (endpoint × caller × record), {failures.Count} wrong");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Fields_a_client_must_not_set_are_refused_by_every_json_endpoint_naming_the_field_and_writing_nothing()
    {
        var admin = await api.Web.ClientAsync(Role.Admin);
        var failures = new List<string>();
        var cells = 0;
        foreach (var (route, body) in ApiShop.JsonBodies)
        {
            var taken = JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var field in JsonMutator.ServerOwnedFields.Where(f => !taken.Contains(f)))
            {
                var before = await Seed.LedgerCountAsync(api.Web.Shop);
                var withField = body[..^1] + $",\"{field}\":\"forged\"}}";
                using var response = await admin.PostAsync(route.Replace("{id}", Uri.EscapeDataString(api.IdsFor(route)?.Existing ?? ""), StringComparison.Ordinal), new StringContent(withField, Encoding.UTF8, "application/json"));
                cells++;
                var text = await response.Content.ReadAsStringAsync();
                var named = response.StatusCode == HttpStatusCode.BadRequest
                    && JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors)
                    && errors.EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
                if (!named)
                {
                    failures.Add($"POST {route} with '{field}': {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                }

                if (await Seed.LedgerCountAsync(api.Web.Shop) != before)
                {
                    failures.Add($"POST {route} with '{field}' wrote to the ledger");
                }
            }
        }

        // And what the ledger holds was recorded by the caller, at the server's time, whatever a body said.
        await using (var connection = await api.Web.Shop.Database.OpenConnectionAsync(default))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger WHERE recorded_by = 'forged' OR recorded_at = 'forged' OR hash = 'forged'"));
        }

        output.WriteLine($"server-owned fields: {cells} endpoint × field cells, {failures.Count} wrong");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_form_post_without_a_valid_anti_forgery_token_is_refused_and_writes_nothing()
    {
        var callers = await CallersAsync();
        var other = await api.Web.SignedInAsync("matrix-other", Role.Admin);
        var othersToken = Csrf(await other.GetStringAsync("/"));
        var failures = new List<string>();
        var cells = 0;
        foreach (var (method, route, _) in MappedEndpoints(api.Web).Where(e => e.Method == "POST" && !IsApi(e.Route)))
        {
            var needed = Expected.GetValueOrDefault($"{method} {route}");
            var caller = needed is null ? "admin" : needed.Value.Name();
            var client = callers.Pages[caller];
            foreach (var (what, token) in new[] { ("no token", (string?)null), ("a made-up token", "CfDJ8forged"), ("another user's token", othersToken) })
            {
                var before = await Seed.LedgerCountAsync(api.Web.Shop);
                var fields = new Dictionary<string, string> { ["reason"] = "forged post", ["user"] = "admin", ["password"] = "a long password 1" };
                if (token is not null)
                {
                    fields["__csrf"] = token;
                }

                var id = api.IdsFor(route)?.Existing ?? "";
                using var response = await client.PostAsync(route.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal).Replace("{step}", "close", StringComparison.Ordinal), new FormUrlEncodedContent(fields));
                cells++;
                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"POST {route} as {caller} with {what}: {(int)response.StatusCode}, expected 400");
                }

                if (await Seed.LedgerCountAsync(api.Web.Shop) != before)
                {
                    failures.Add($"POST {route} as {caller} with {what} wrote to the ledger");
                }
            }
        }

        output.WriteLine($"anti-forgery: {cells} form × token cells, {failures.Count} wrong");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Users_and_tokens_are_not_records_a_reader_can_open_and_no_answer_carries_a_password_hash_or_token_hash()
    {
        var callers = await CallersAsync();
        string[] secrets;
        await using (var connection = await api.Web.Shop.Database.OpenConnectionAsync(default))
        {
            secrets = [.. await connection.QueryAsync<string>("SELECT password_hash FROM users UNION ALL SELECT sha256 FROM api_tokens")];
        }

        Assert.NotEmpty(secrets);
        var failures = new List<string>();
        foreach (var caller in new[] { "viewer", "operator", "quality", "admin" })
        {
            foreach (var id in new[] { "matrix-viewer", "user:matrix-viewer", "TOK-0001", "token:TOK-0001" })
            {
                var escaped = Uri.EscapeDataString(id);
                foreach (var (client, path) in new[] { (callers.Api[caller], $"/api/records/{escaped}"), (callers.Pages[caller], $"/records/{escaped}"), (callers.Pages[caller], $"/search?q={escaped}") })
                {
                    using var response = await client.GetAsync(path);
                    var text = await response.Content.ReadAsStringAsync();
                    if (path.StartsWith("/search", StringComparison.Ordinal) ? response.StatusCode == HttpStatusCode.Redirect : response.StatusCode != HttpStatusCode.NotFound)
                    {
                        failures.Add($"GET {path} as {caller}: {(int)response.StatusCode} {response.Headers.Location}");
                    }

                    if (secrets.Any(h => text.Contains(h, StringComparison.Ordinal)))
                    {
                        failures.Add($"GET {path} as {caller} carries a stored hash");
                    }
                }
            }
        }

        var admin = callers.Api["admin"];
        foreach (var path in new[] { "/api/users", "/api/tokens", "/api/access-log", "/epcis/events", "/api/ledger/verify" })
        {
            var text = await (await admin.GetAsync(path)).Content.ReadAsStringAsync();
            if (secrets.Any(h => text.Contains(h, StringComparison.Ordinal)))
            {
                failures.Add($"GET {path} as admin carries a stored hash");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static bool IsApi(string route) => route.StartsWith("/api", StringComparison.Ordinal) || route.StartsWith("/epcis", StringComparison.Ordinal);

    private static string Csrf(string page) => CsrfField().Match(page).Groups[1].Value;

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    /// <summary>API clients (a token per role) and page clients (a signed-in person per role, with the form token), and anonymous ones.</summary>
    private async Task<(Dictionary<string, HttpClient> Api, Dictionary<string, HttpClient> Pages, Dictionary<string, string> Csrf)> CallersAsync()
    {
        var apiClients = new Dictionary<string, HttpClient> { ["anonymous"] = await api.Web.ClientAsync(null) };
        var pages = new Dictionary<string, HttpClient> { ["anonymous"] = api.Web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }) };
        var csrf = new Dictionary<string, string>();
        foreach (var role in new[] { Role.Viewer, Role.Operator, Role.Quality, Role.Admin })
        {
            apiClients[role.Name()] = await api.Web.ClientAsync(role);
            var person = $"matrix-{role.Name()}";
            var client = await SignedInOnceAsync(person, role);
            pages[role.Name()] = client;
            csrf[role.Name()] = Csrf(await client.GetStringAsync("/"));
        }

        return (apiClients, pages, csrf);
    }

    private readonly Dictionary<string, HttpClient> _people = [];

    private async Task<HttpClient> SignedInOnceAsync(string person, Role role)
    {
        if (!_people.TryGetValue(person, out var client))
        {
            client = await SignInAsync(person, role);
            _people[person] = client;
        }

        return client;
    }

    /// <summary>A fresh sign-in; the user is added the first time the fixture sees the name.</summary>
    private async Task<HttpClient> SignInAsync(string person, Role role)
    {
        await using (var connection = await api.Web.Shop.Database.OpenConnectionAsync(default))
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE name = @person", new { person }) > 0)
            {
                var browser = api.Web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
                Assert.Equal(HttpStatusCode.Redirect, (await WebShop.PostFormAsync(browser, "/signin", "/signin", new() { ["user"] = person, ["password"] = "correct horse battery" })).StatusCode);
                return browser;
            }
        }

        return await api.Web.SignedInAsync(person, role);
    }

    /// <summary>The request a caller sends: the body each endpoint takes (JSON, multipart, an EPCIS document, a form with its token).</summary>
    /// <summary>A 403 of the ownership rule (a named query or subscription someone else made): let in, then refused by the rule.</summary>
    private static async Task<bool> IsNotOwnerAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden && (await response.Content.ReadAsStringAsync()).Contains("\"not-owner\"", StringComparison.Ordinal);

    private static HttpRequestMessage Request(string method, string route, string id, bool multipart, string? csrf)
    {
        var path = route.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal).Replace("{name}", ApiShop.KeptQuery, StringComparison.Ordinal).Replace("{**path}", "events", StringComparison.Ordinal).Replace("{step}", "action", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal);
        if (route.StartsWith("/api/compliance", StringComparison.Ordinal))
        {
            path += "?standard=RoHS";
        }

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "POST")
        {
            return request;
        }

        if (route == "/epcis/events")
        {
            request.Content = new StringContent(
                $$"""{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"ObjectEvent","eventID":"urn:uuid:{{Guid.NewGuid()}}","eventTime":"2024-05-14T09:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.2"],"action":"OBSERVE"}""",
                Encoding.UTF8,
                "application/ld+json");
        }
        else if (route == "/epcis/capture")
        {
            request.Content = new StringContent(
                """{"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-14T09:00:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2024-05-14T09:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.1"],"action":"OBSERVE"}]}}""",
                Encoding.UTF8,
                "application/ld+json");
        }
        else if (IsApi(route))
        {
            request.Content = multipart ? ApiShop.Form(route) : new StringContent(ApiShop.JsonBodies.GetValueOrDefault(route, "{}"), Encoding.UTF8, "application/json");
        }
        else
        {
            // Every field some form takes, so that a form's own checks pass and what is left to answer is who and which record.
            var fields = new Dictionary<string, string>
            {
                ["reason"] = "matrix", ["action"] = "block", ["grade"] = "BB", ["use"] = "ACR-0524-02:1", ["certificate"] = "CERT-000001",
                ["status"] = "blocked", ["kind"] = "inspect", ["result"] = "pass", ["component"] = "MOTOR-1:M2", ["description"] = "matrix",
                ["owner"] = "Kim", ["due"] = "2024-06-30",
            };
            if (csrf is not null)
            {
                fields["__csrf"] = csrf;
            }

            request.Content = new FormUrlEncodedContent(fields);
        }

        return request;
    }
}
