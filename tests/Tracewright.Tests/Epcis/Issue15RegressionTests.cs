using System.Net;
using System.Text;
using System.Text.Json;
using Tracewright.Domain.Access;
using Tracewright.Tests.Web;

namespace Tracewright.Tests.Epcis;

/// <summary>Issue 15, "EPCIS data is the shop's own data": the faults found capturing and querying other systems' data.</summary>
public sealed class Issue15RegressionTests : IAsyncLifetime
{
    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static StringContent Body(string text, string type) => new(text, Encoding.UTF8, type);

    private static string OneEvent(string extensions, string epc = "urn:epc:id:sgtin:4012345.011111.A.1") => $$"""
        {
          "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://example.com/ns/"}],
          "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-06-05T10:00:00Z",
          "epcisBody": {"eventList": [{
            "type": "ObjectEvent", "eventTime": "2024-06-01T08:00:00Z", "eventTimeZoneOffset": "+00:00",
            "epcList": ["{{epc}}"], "action": "OBSERVE", "bizStep": "inspecting"{{extensions}}
          }]}
        }
        """;

    private async Task<string> QueryAsync(string accept, string query = "")
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/epcis/events" + query);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await viewer.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    [Theory]
    [InlineData("/api/trace/forward/{0}")]
    [InlineData("/api/trace/backward/{0}")]
    [InlineData("/api/recall/{0}")]
    [InlineData("/api/recall/{0}/export.csv")]
    public async Task Issue15_uri_ids_work_on_routes_encoded_or_not(string route)
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        (await operatorClient.PostAsync("/epcis/capture?wait=true", Body(EpcisSamples.Chain, "application/ld+json"))).EnsureSuccessStatusCode();
        var viewer = await _web.ClientAsync(Role.Viewer);
        foreach (var id in new[] { Uri.EscapeDataString(EpcisSamples.LotDigitalLink), EpcisSamples.LotDigitalLink, EpcisSamples.LotUrn, Uri.EscapeDataString(EpcisSamples.LotUrn) })
        {
            using var response = await viewer.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, id));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} with {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:4012345.011111.A.1", "https://id.gs1.org/01/04012345111118/21/A.1")]
    [InlineData("urn:epc:class:lgtin:4098765.040100.ALU-0125-01.1", "https://id.gs1.org/01/04098765401008/10/ALU-0125-01.1")]
    public async Task Issue15_identifiers_with_dots_are_captured_and_traced_in_either_form(string urn, string digitalLink)
    {
        var client = await _web.ClientAsync(Role.Operator);
        var extensions = urn.StartsWith("urn:epc:class:", StringComparison.Ordinal)
            ? $$""", "quantityList": [{"epcClass": "{{urn}}", "quantity": 2, "uom": "KGM"}]"""
            : "";
        using var captured = await client.PostAsync("/epcis/capture?wait=true", Body(OneEvent(extensions, urn.StartsWith("urn:epc:class:", StringComparison.Ordinal) ? "urn:epc:id:sgtin:4012345.011111.B.2" : urn), "application/ld+json"));
        Assert.True(captured.StatusCode == HttpStatusCode.OK, await captured.Content.ReadAsStringAsync());

        var viewer = await _web.ClientAsync(Role.Viewer);
        foreach (var id in new[] { urn, digitalLink, Uri.EscapeDataString(digitalLink) })
        {
            using var trace = await viewer.GetAsync("/api/trace/backward/" + id);
            var body = await trace.Content.ReadAsStringAsync();
            Assert.True(trace.StatusCode == HttpStatusCode.OK, $"{id}: {body}");
            Assert.Contains(digitalLink, body, StringComparison.Ordinal);
        }

        using var asCaptured = await viewer.GetAsync("/api/trace/backward/" + urn);
        Assert.Contains($"{urn} ({digitalLink})", await asCaptured.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(urn, await QueryAsync("application/ld+json", (urn.StartsWith("urn:epc:class:", StringComparison.Ordinal) ? "?MATCH_anyEPCClass=" : "?MATCH_anyEPC=") + Uri.EscapeDataString(digitalLink)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:4012345.011111.A.1", "A.1")]
    [InlineData("https://id.gs1.org/01/04012345111118/21/A.1", "A.1")]
    [InlineData("urn:epc:class:lgtin:4098765.040100.ALU-0125-01.1", "ALU-0125-01.1")]
    [InlineData("urn:epc:id:sscc:4012345.0000000001", "040123450000000016")]
    public void Issue15_a_scan_takes_an_epc_uri_like_its_digital_link(string scanned, string candidate)
    {
        var result = Tracewright.Features.Scan.ScannedId.Parse(scanned);

        Assert.True(result.IsSuccess);
        Assert.Equal(candidate, Assert.Single(result.Value.Candidates));
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:4012345.011111.A 1", "at character 33")]
    [InlineData("https://id.gs1.org/01/04012345111119/21/A.1", "at character")]
    public void Issue15_a_bad_scanned_identifier_is_refused_with_the_position(string scanned, string position)
    {
        var result = Tracewright.Features.Scan.ScannedId.Parse(scanned);

        Assert.False(result.IsSuccess);
        Assert.Contains(position, result.Error?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue15_an_encoded_percent_in_an_id_is_decoded_once()
    {
        // The test server gives no raw request target, so this drives the two steps with the one a server sends.
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget =
            "/api/trace/forward/https%3A%2F%2Fid.gs1.org%2F01%2F04012345111118%2F21%2Fa%252Fb?page=2";
        context.Request.Path = "/api/trace/forward/https:%2F%2Fid.gs1.org%2F01%2F04012345111118%2F21%2Fa%2Fb";
        var original = context.Request.Path;
        string? routed = null;
        await Tracewright.Web.UriRouteIds.BeforeRoutingAsync(context, c =>
        {
            routed = c.Request.Path.Value;
            return Task.CompletedTask;
        });
        var segments = routed!.Split('/');
        Assert.Equal(5, segments.Length);
        context.Request.RouteValues["id"] = segments[4];
        await Tracewright.Web.UriRouteIds.AfterRoutingAsync(context, _ => Task.CompletedTask);

        Assert.Equal("https://id.gs1.org/01/04012345111118/21/a%2Fb", context.Request.RouteValues["id"]);
        Assert.Equal(original, context.Request.Path);
    }

    [Fact]
    public async Task Issue15_xml_answers_work_for_extension_keys_that_are_not_xml_names()
    {
        var client = await _web.ClientAsync(Role.Operator);
        var document = OneEvent(""", "ex:welfare": {"#text": "certified", "ex:by": "ASC"}, "ex:odd": {"#note": "n", "1st": "x"}""");
        using var captured = await client.PostAsync("/epcis/capture?lenient=true&wait=true", Body(document, "application/ld+json"));
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);

        var xml = await QueryAsync("application/xml");
        Assert.Contains(">certified<", xml, StringComparison.Ordinal);
        Assert.Contains("ASC", xml, StringComparison.Ordinal);
        Assert.Contains("_x0023_note", xml, StringComparison.Ordinal);
        System.Xml.Linq.XDocument.Parse(xml);
    }

    [Fact]
    public async Task Issue15_a_json_document_with_a_duplicate_key_is_refused_naming_the_key_and_its_position()
    {
        var client = await _web.ClientAsync(Role.Operator);
        var document = OneEvent("").Replace("\"action\": \"OBSERVE\"", "\"action\":\"OBSERVE\",\"action\":\"DELETE\"", StringComparison.Ordinal);
        using var response = await client.PostAsync("/epcis/capture?wait=true", Body(document, "application/ld+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateObject());
        Assert.Equal("$.epcisBody.eventList[0].action", error.Name);
        Assert.Contains("duplicate key 'action' at line 6, position", error.Value.ToString(), StringComparison.Ordinal);
        Assert.Contains("[]", await QueryAsync("application/ld+json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue15_extension_numbers_are_kept_exactly_as_written_in_json_and_xml()
    {
        const string Big = "123456789012345678901234567890123456789012345678901234567890";
        var client = await _web.ClientAsync(Role.Operator);
        var json = OneEvent($$""", "ex:big": {{Big}}, "ex:price": 1.50, "ex:small": -0.000e-7""");
        (await client.PostAsync("/epcis/capture?wait=true", Body(json, "application/ld+json"))).EnsureSuccessStatusCode();
        const string Xml = """
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://example.com/ns/" schemaVersion="2.0" creationDate="2024-06-05T10:00:00Z">
              <EPCISBody><EventList><ObjectEvent>
                <eventTime>2024-06-02T08:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                <epcList><epc>urn:epc:id:sgtin:4012345.011111.B.2</epc></epcList><action>OBSERVE</action>
                <ex:weight>2.500</ex:weight><ex:count>000123456789012345678901234567890</ex:count>
              </ObjectEvent></EventList></EPCISBody>
            </epcis:EPCISDocument>
            """;
        (await client.PostAsync("/epcis/capture?wait=true", Body(Xml, "application/xml"))).EnsureSuccessStatusCode();

        var asJson = await QueryAsync("application/ld+json");
        Assert.Contains("\"ex:big\":" + Big, asJson.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"ex:price\":1.50", asJson.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("-0.000e-7", asJson, StringComparison.Ordinal);
        Assert.Contains("2.500", asJson, StringComparison.Ordinal);
        Assert.Contains("000123456789012345678901234567890", asJson, StringComparison.Ordinal);

        var asXml = await QueryAsync("application/xml");
        Assert.Contains(">" + Big + "<", asXml, StringComparison.Ordinal);
        Assert.Contains(">1.50<", asXml, StringComparison.Ordinal);
        Assert.Contains(">2.500<", asXml, StringComparison.Ordinal);
        Assert.Contains(">000123456789012345678901234567890<", asXml, StringComparison.Ordinal);
    }
}
