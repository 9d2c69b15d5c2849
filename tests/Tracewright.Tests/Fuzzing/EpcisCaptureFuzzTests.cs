using System.Net;
using System.Text;
using System.Text.Json;
using Tracewright.Domain.Access;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Tests.Epcis;
using Tracewright.Standards.Tests.Fuzzing;
using Tracewright.Tests.Support;
using Tracewright.Tests.Web;
using Xunit.Abstractions;

namespace Tracewright.Tests.Fuzzing;

/// <summary>
/// Seeded fuzzing of <c>POST /epcis/capture</c> with the corpora's documents (JSON-LD and XML) as seeds, and its limits: the
/// events in one document, the body size, nesting, entity expansion. Properties: never a 5xx; a refused document is a 4xx
/// problem with each problem under its location and the ledger exactly as long as before (a document is captured whole or
/// not at all); an accepted one counts every event as captured, duplicate or declared erroneous.
/// </summary>
public sealed class EpcisCaptureFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CiCases = 150;

    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static List<string> Seeds() =>
        CorpusSelection.Gs1EpcisValid().Concat(CorpusSelection.OpenEpcisValid()).Concat(CorpusSelection.OpenEpcisInvalid())
            .Distinct(StringComparer.Ordinal)
            .Select(f => File.ReadAllText(EpcisCorpora.Full(f)))
            .Where(t => t.Length < 100_000)
            .ToList();

    [Fact]
    public async Task Mutated_documents_never_answer_5xx_and_a_refused_one_writes_nothing()
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var seeds = Seeds();
        Assert.True(seeds.Count > 100, "the corpora should seed the capture fuzzer");
        output.WriteLine(await Fuzz.RunAsync("epcis-capture-http", Fuzz.Cases(CiCases), seeds, 300, async document =>
        {
            var xml = document.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('<');
            var before = await Seed.LedgerCountAsync(_web.Shop);
            using var response = await operatorClient.PostAsync("/epcis/capture?wait=true", new StringContent(document, Encoding.UTF8, xml ? "application/xml" : "application/ld+json"));
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"capture answered {status}: {text[..Math.Min(500, text.Length)]}");
            var after = await Seed.LedgerCountAsync(_web.Shop);
            var body = JsonDocument.Parse(text).RootElement;
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(status, body.GetProperty("status").GetInt32());
                Assert.True(before == after, $"refused ({status}) but the ledger grew from {before} to {after}");
                return false;
            }

            var events = body.GetProperty("events").GetInt32();
            Assert.Equal(events, body.GetProperty("captured").GetInt32() + body.GetProperty("duplicates").GetInt32() + body.GetProperty("declaredErroneous").GetInt32());
            return true;
        }, (random, document) => document.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('<') ? XmlMutator.Mutate(random, document) : JsonMutator.Mutate(random, document)));
    }

    [Fact]
    public async Task A_document_over_the_event_limit_is_a_413_naming_the_limit_and_writes_nothing()
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var before = await Seed.LedgerCountAsync(_web.Shop);

        var response = await operatorClient.PostAsync("/epcis/capture?wait=true", new StringContent(Document(EpcisApi.CaptureEventLimit + 1), Encoding.UTF8, "application/ld+json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains($"{EpcisApi.CaptureEventLimit:N0}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("capture-limit-exceeded", problem.GetProperty("code").GetString());
        Assert.Equal($"{EpcisApi.CaptureEventLimit}", response.Headers.GetValues("GS1-EPCIS-Capture-Limit").Single());
        Assert.Equal(before, await Seed.LedgerCountAsync(_web.Shop));
        if (!Fuzz.IsLong(CiCases))
        {
            // Capturing ten thousand events takes half a minute on a loaded CI machine: the long run does it.
            return;
        }

        var atTheLimit = await operatorClient.PostAsync("/epcis/capture?wait=true", new StringContent(Document(EpcisApi.CaptureEventLimit), Encoding.UTF8, "application/ld+json"));
        Assert.Equal(HttpStatusCode.OK, atTheLimit.StatusCode);
        Assert.Equal(before + EpcisApi.CaptureEventLimit, await Seed.LedgerCountAsync(_web.Shop));
    }

    [Fact]
    public async Task A_body_over_16_MiB_is_a_413_problem()
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var huge = new StringContent(new string(' ', (int)EpcisApi.CaptureLimit + 1), Encoding.UTF8, "application/ld+json");
        var response = await operatorClient.PostAsync("/epcis/capture?wait=true", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("json-deep")]
    [InlineData("xml-deep")]
    [InlineData("xml-laughs")]
    [InlineData("xml-external")]
    [InlineData("many-problems")]
    public async Task A_hostile_document_is_a_400_problem_and_writes_nothing(string kind)
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var before = await Seed.LedgerCountAsync(_web.Shop);
        var (document, type) = kind switch
        {
            "json-deep" => (new StringBuilder().Insert(0, "[", 1_000_000).ToString(), "application/ld+json"),
            "xml-deep" => (new StringBuilder().Insert(0, "<a>", 1_000_000).ToString(), "application/xml"),
            "xml-laughs" => ("""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>""", "application/xml"),
            "xml-external" => ("""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><l>&x;</l>""", "application/xml"),
            _ => (Document(3000).Replace("\"action\":\"OBSERVE\"", "\"action\":\"LOOK\"", StringComparison.Ordinal), "application/ld+json"),
        };

        var response = await operatorClient.PostAsync("/epcis/capture?wait=true", new StringContent(document, Encoding.UTF8, type));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").EnumerateObject().Count() <= CaptureEpcis.MaxProblemsListed, "a refusal lists at most a hundred problems");
        Assert.True(text.Length < 200_000, $"the answer to a refused document is {text.Length:N0} characters");
        Assert.Equal(before, await Seed.LedgerCountAsync(_web.Shop));
    }

    /// <summary>A JSON-LD document of <paramref name="events"/> distinct ObjectEvents.</summary>
    private static string Document(int events)
    {
        var list = string.Join(",", Enumerable.Range(0, events).Select(i =>
            $$"""{"type":"ObjectEvent","eventTime":"2024-05-14T09:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.{{i}}"],"action":"OBSERVE"}"""));
        return $$$"""{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-14T09:00:00Z","epcisBody":{"eventList":[{{{list}}}]}}""";
    }
}
