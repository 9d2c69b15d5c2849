using System.Net;
using System.Text;
using System.Text.Json;
using Tracewright.Domain.Access;
using Tracewright.Tests.Web;

namespace Tracewright.Tests.Epcis;

/// <summary>The EPCIS endpoints over HTTP: capture in both syntaxes, problem details for refused documents and bad queries, paging.</summary>
public sealed class EpcisHttpTests : IAsyncLifetime
{
    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static StringContent Body(string text, string type) => new(text, Encoding.UTF8, type);

    [Fact]
    public async Task Capture_answers_counts_and_a_second_capture_is_all_duplicates()
    {
        var client = await _web.ClientAsync(Role.Operator);
        using var first = await client.PostAsync("/epcis/capture", Body(EpcisSamples.Chain, "application/ld+json"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var counts = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(4, counts.RootElement.GetProperty("captured").GetInt32());
        using var again = await client.PostAsync("/epcis/capture", Body(EpcisSamples.Chain, "application/json"));
        using var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal((0, 4), (second.RootElement.GetProperty("captured").GetInt32(), second.RootElement.GetProperty("duplicates").GetInt32()));

        var viewer = await _web.ClientAsync(Role.Viewer);
        using var refused = await viewer.PostAsync("/epcis/capture", Body(EpcisSamples.Chain, "application/ld+json"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task An_invalid_document_is_a_400_listing_each_problem_under_its_location()
    {
        var client = await _web.ClientAsync(Role.Operator);
        var broken = EpcisSamples.Chain.Replace("\"action\": \"OBSERVE\"", "\"action\": \"LOOK\"", StringComparison.Ordinal).Replace("\"eventTimeZoneOffset\": \"+02:00\",", "", StringComparison.Ordinal);
        using var response = await client.PostAsync("/epcis/capture", Body(broken, "application/ld+json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().ToList();
        Assert.Contains(errors, e => e.Name.Contains("eventList[3]", StringComparison.Ordinal) && e.Value.ToString().Contains("action", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Value.ToString().Contains("eventTimeZoneOffset", StringComparison.Ordinal));

        using var xml = await client.PostAsync("/epcis/capture", Body("<EPCISDocument><nope/></EPCISDocument>", "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, xml.StatusCode);
        using var csv = await client.PostAsync("/epcis/capture", Body("a,b", "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, csv.StatusCode);
    }

    [Fact]
    public async Task Events_query_filters_pages_with_a_Link_header_and_names_bad_parameters()
    {
        var client = await _web.ClientAsync(Role.Operator);
        (await client.PostAsync("/epcis/capture", Body(EpcisSamples.Chain, "application/ld+json"))).Dispose();
        var viewer = await _web.ClientAsync(Role.Viewer);

        using var shipping = await viewer.GetAsync("/epcis/events?EQ_bizStep=shipping&MATCH_anyEPC=" + Uri.EscapeDataString(EpcisSamples.PalletDigitalLink));
        Assert.Equal("application/ld+json", shipping.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await shipping.Content.ReadAsStringAsync());
        Assert.Equal("EPCISQueryDocument", document.RootElement.GetProperty("type").GetString());
        var events = document.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList");
        Assert.Equal("urn:uuid:2b0c1a6e-0000-4000-8000-000000000004", Assert.Single(events.EnumerateArray()).GetProperty("eventID").GetString());

        using var page = await viewer.GetAsync("/epcis/events?perPage=3");
        var link = page.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", link, StringComparison.Ordinal);
        var next = link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
        using var rest = await viewer.GetAsync(next);
        using var restDocument = JsonDocument.Parse(await rest.Content.ReadAsStringAsync());
        Assert.Single(restDocument.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray());
        Assert.False(rest.Headers.Contains("Link"));

        using var asXml = new HttpRequestMessage(HttpMethod.Get, "/epcis/events?eventType=AggregationEvent");
        asXml.Headers.Accept.ParseAdd("application/xml");
        using var xml = await viewer.SendAsync(asXml);
        Assert.Contains("<AggregationEvent>", await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var bad = await viewer.GetAsync("/epcis/events?perPage=5000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var badProblem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.True(badProblem.RootElement.GetProperty("errors").TryGetProperty("perPage", out _));

        using var anonymous = await (await _web.ClientAsync(null)).GetAsync("/epcis/events");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
