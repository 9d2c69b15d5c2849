using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tracewright.Domain.Access;
using Tracewright.Standards.Tests.Fuzzing;
using Tracewright.Tests.Support;
using Tracewright.Tests.Web;
using Xunit.Abstractions;

namespace Tracewright.Tests.Fuzzing;

/// <summary>
/// Seeded fuzzing of every JSON endpoint of the API (and the query strings of every list and lookup), on the demo shop:
/// bodies with wrong types, nulls, missing and unknown fields, fields a client must not set, huge strings, deep nesting and
/// broken JSON; ids that exist, that do not, and that are nonsense. Properties: never a 5xx; every refusal is a problem
/// details body with its status and a detail or a field map; a refused request leaves the ledger exactly as long as it was.
/// </summary>
public sealed class ApiFuzzTests(ApiShop api, ITestOutputHelper output) : IClassFixture<ApiShop>
{
    private const int CiCases = 400;

    private static readonly string[] OddQueryValues =
    [
        "", "0", "-1", "1", "201", "2001", "99999999999", "abc", "1.5", "true", "2024-02-30", "2024-05-14T09:00:00Z", "1900-01-01", "9999-12-31T23:59:59Z",
        "PLY-0524-001", "RoHS", "REACH", "open", "%00", "'; DROP TABLE ledger; --", "<script>", new string('9', 5000), "ASSY-1:A1", "token:TOK-0001",
    ];

    private static readonly string[] QueryNames = ["page", "pageSize", "asOf", "from", "to", "standard", "q", "status", "customer", "order", "who", "format", "sheet", "pieces", "excludeScrapped", "lenient", "nextPageToken", "eventType", "GE_eventTime", "MATCH_epc", "perPage"];

    [Fact]
    public async Task Every_json_endpoint_answers_a_mutated_body_without_a_5xx_and_a_refusal_writes_nothing()
    {
        var admin = await api.Web.ClientAsync(Role.Admin);
        var routes = ApiShop.JsonBodies.Keys.ToList();
        var seeds = ApiShop.JsonBodies.Select(b => $"{b.Key}\n{b.Value}").ToList();
        var pick = Fuzz.RandomFor("api-json-routes");
        output.WriteLine(await Fuzz.RunAsync("api-json", Fuzz.Cases(CiCases), seeds, 200, async input =>
        {
            var newline = input.IndexOf('\n', StringComparison.Ordinal);
            var route = newline > 0 && ApiShop.JsonBodies.ContainsKey(input[..newline]) ? input[..newline] : routes[pick.Next(routes.Count)];
            var body = newline >= 0 ? input[(newline + 1)..] : input;
            using var request = new HttpRequestMessage(HttpMethod.Post, Path(route, pick));
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = pick.Next(20) == 0 ? new MediaTypeHeaderValue("text/plain") : new MediaTypeHeaderValue("application/json");
            return await SendAsync(admin, request);
        }, (random, input) =>
        {
            var newline = input.IndexOf('\n', StringComparison.Ordinal);
            return newline < 0 ? JsonMutator.Mutate(random, input) : input[..(newline + 1)] + JsonMutator.Mutate(random, input[(newline + 1)..]);
        }));
    }

    [Fact]
    public async Task Every_get_endpoint_answers_odd_query_strings_and_ids_without_a_5xx()
    {
        var admin = await api.Web.ClientAsync(Role.Admin);
        var routes = GetRoutes();
        var random = Fuzz.RandomFor("api-get");
        var cases = Fuzz.Cases(CiCases);
        int accepted = 0, rejected = 0;
        for (var i = 0; i < cases; i++)
        {
            var route = routes[random.Next(routes.Count)];
            var query = string.Join("&", Enumerable.Range(0, random.Next(4)).Select(_ =>
                $"{QueryNames[random.Next(QueryNames.Length)]}={Uri.EscapeDataString(random.Next(4) == 0 ? Fuzz.RandomText(random, 30) : OddQueryValues[random.Next(OddQueryValues.Length)])}"));
            using var request = new HttpRequestMessage(HttpMethod.Get, Path(route, random) + (query.Length > 0 ? "?" + query : ""));
            try
            {
                if (await SendAsync(admin, request))
                {
                    accepted++;
                }
                else
                {
                    rejected++;
                }
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i} (seed {Fuzz.Seed}) GET {request.RequestUri}: {ex.Message}");
            }
        }

        output.WriteLine(Fuzz.Report("api-get", cases, accepted, rejected));
    }

    [Fact]
    public async Task Receiving_and_attaching_by_form_answer_odd_fields_and_files_without_a_5xx_and_a_refusal_writes_nothing()
    {
        var operatorClient = await api.Web.ClientAsync(Role.Operator);
        var random = Fuzz.RandomFor("api-forms");
        string[] receiveFields = ["item", "supplier", "heat", "qty", "uom", "supplier-lot", "po", "grade", "certifications", "received-on", "allow-duplicate", "certificate-type", "certificate-heat", "certificate-issuer", "certificate-issued", "certificate-standards", "certificate-substances"];
        string[] sensible = ["PLY-BIRCH-3MM", "Nordic Timber", "ALU-6061-PLATE", "Midwest Aluminum Supply", "H-24-0117", "4", "sheet", "ea", "MTR", "CofC", "2024-05-14", "true", "RoHS", "CERT-000001"];
        var cases = Fuzz.Cases(CiCases / 2);
        int accepted = 0, rejected = 0;
        for (var i = 0; i < cases; i++)
        {
            // A form that is accepted as it is, then one to three of its fields dropped, replaced by odd or random text, or added.
            var attach = random.Next(4) == 0;
            var fields = attach
                ? new Dictionary<string, string> { ["certificate"] = "CERT-000001" }
                : new Dictionary<string, string> { ["item"] = "PLY-BIRCH-3MM", ["supplier"] = "Nordic Timber", ["heat"] = $"NT-FZ-{i}", ["qty"] = "2", ["uom"] = "sheet", ["received-on"] = "2024-05-14" };
            for (var edits = 1 + random.Next(3); edits > 0; edits--)
            {
                var names = attach ? ["certificate", "file-type", "file-heat"] : receiveFields;
                var name = names[random.Next(names.Length)];
                switch (random.Next(4))
                {
                    case 0:
                        fields.Remove(name);
                        break;
                    case 1:
                        fields[name] = Fuzz.RandomText(random, 30);
                        break;
                    case 2:
                        fields[name] = OddQueryValues[random.Next(OddQueryValues.Length)];
                        break;
                    default:
                        fields[name] = sensible[random.Next(sensible.Length)];
                        break;
                }
            }

            var form = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                form.Add(new StringContent(value, Encoding.UTF8), name);
            }

            if (random.Next(3) == 0)
            {
                var bytes = new byte[random.Next(0, 4096)];
                random.NextBytes(bytes);
                form.Add(new ByteArrayContent(random.Next(2) == 0 ? bytes : Seed.Pdf("MTR H-24-0117")), attach ? "file" : "certificate", random.Next(2) == 0 ? "mtr.pdf" : FileName(Fuzz.RandomText(random, 20)));
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, attach ? Path("/api/lots/{id}/certificates", random) : "/api/lots/receive") { Content = form };
            try
            {
                if (await SendAsync(operatorClient, request))
                {
                    accepted++;
                }
                else
                {
                    rejected++;
                }
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i} (seed {Fuzz.Seed}) POST {request.RequestUri} with {string.Join(", ", fields.Select(f => $"{f.Key}={Fuzz.Show(f.Value)}"))}: {ex.Message}");
            }
        }

        output.WriteLine(Fuzz.Report("api-forms", cases, accepted, rejected));
    }

    [Fact]
    public async Task Regression_a_lot_named_twice_in_one_shipment_is_a_400_naming_it_not_a_duplicate_key_409()
    {
        // Found by the sheet fuzzer: both lines reached the database, whose key on shipment lines refused the second.
        var operatorClient = await api.Web.ClientAsync(Role.Operator);
        var before = await Seed.LedgerCountAsync(api.Web.Shop);
        var response = await operatorClient.PostAsync("/api/shipments", Json("""{"order":"SO-0002","lots":["ENC-0124-001:1","ENC-0124-001:1"]}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity, text);
        Assert.DoesNotContain("already exists", text, StringComparison.Ordinal);
        Assert.Equal(before, await Seed.LedgerCountAsync(api.Web.Shop));
    }

    [Theory]
    [InlineData("/api/lots/receive")]
    [InlineData("/api/lots/PLY-0524-001/certificates")]
    [InlineData("/api/boms")]
    [InlineData("/signin")]
    [InlineData("/receive")]
    public async Task Regression_a_form_that_cannot_be_read_as_one_is_a_400_not_a_500(string path)
    {
        // Found by the form fuzzer: a multipart section whose Content-Disposition names no field made reading the form throw.
        var client = path.StartsWith("/api", StringComparison.Ordinal) ? await api.Web.ClientAsync(Role.Admin)
            : path == "/signin" ? api.Web.CreateClient() : await api.Web.SignedInAsync("forms-operator", Role.Operator);
        var before = await Seed.LedgerCountAsync(api.Web.Shop);
        var body = new StringContent("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n", Encoding.UTF8);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await client.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await Seed.LedgerCountAsync(api.Web.Shop));
    }

    /// <summary>The route with its <c>{id}</c> filled: mostly an id that exists, sometimes one that does not, sometimes nonsense.</summary>
    private string Path(string route, Random random)
    {
        if (api.IdsFor(route) is not { } ids)
        {
            return route;
        }

        var roll = random.Next(10);
        // Without NUL: the in-process test server refuses a path holding one before the application sees it (Kestrel answers 400).
        var id = roll < 7 ? ids.Existing : roll < 9 ? ids.Missing : Fuzz.RandomText(random, 40).Replace("\0", "", StringComparison.Ordinal);
        return route.Replace("{id}", Uri.EscapeDataString(id.Length == 0 ? "x" : id), StringComparison.Ordinal);
    }

    private List<string> GetRoutes() =>
    [
        "/api/me", "/api/items", "/api/suppliers", "/api/lots", "/api/lots/{id}/labels", "/api/records/{id}", "/api/certificates/{id}/file",
        "/api/units/{id}/asbuilt", "/api/ledger/verify", "/api/customers", "/api/customers/{id}", "/api/orders", "/api/orders/{id}", "/api/shipments",
        "/api/shipments/{id}", "/api/returns", "/api/trace/forward/{id}", "/api/trace/backward/{id}", "/api/recall/{id}", "/api/recall/{id}/export.csv",
        "/api/recall/{id}/report.html", "/api/compliance/{id}", "/api/compliance/{id}/dossier.zip", "/api/ncrs", "/api/capas", "/api/deviations",
        "/api/users", "/api/tokens", "/api/access-log", "/epcis/events",
    ];

    /// <summary>Sends one request; true when it was accepted (2xx or 3xx), false when refused as it should be, else an assertion fails.</summary>
    private async Task<bool> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var before = await Seed.LedgerCountAsync(api.Web.Shop);
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{request.Method} {request.RequestUri} answered {status}: {text[..Math.Min(text.Length, 500)]}; the server logged: {api.Errors.Last}");
        if (status < 400)
        {
            return true;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), text);
        var says = (problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()))
            || (problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any());
        Assert.True(says || status is 404 or 405 or 415, $"{request.Method} {request.RequestUri} answered {status} without saying what is wrong: {text}");
        var after = await Seed.LedgerCountAsync(api.Web.Shop);
        Assert.True(before == after, $"{request.Method} {request.RequestUri} was refused ({status}) but the ledger grew from {before} to {after}");
        return false;
    }

    /// <summary>A file name the HTTP client will put in a Content-Disposition header (printable ASCII, no quote or backslash).</summary>
    private static string FileName(string text) => new string(text.Where(c => c is > ' ' and < '\u007f' and not '"' and not '\\').ToArray()) + ".bin";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
