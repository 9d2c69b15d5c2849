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
        using var first = await client.PostAsync("/epcis/capture?wait=true", Body(EpcisSamples.Chain, "application/ld+json"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var counts = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(4, counts.RootElement.GetProperty("captured").GetInt32());
        using var again = await client.PostAsync("/epcis/capture?wait=true", Body(EpcisSamples.Chain, "application/json"));
        using var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal((0, 4), (second.RootElement.GetProperty("captured").GetInt32(), second.RootElement.GetProperty("duplicates").GetInt32()));

        var viewer = await _web.ClientAsync(Role.Viewer);
        using var refused = await viewer.PostAsync("/epcis/capture?wait=true", Body(EpcisSamples.Chain, "application/ld+json"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private const string OneEvent =
        """
        {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://example.com/ns/"}],
         "type": "ObjectEvent", "eventID": "urn:uuid:9d3c7a10-1111-4c2e-8f00-00000000a001",
         "eventTime": "2024-05-14T09:00:00Z", "eventTimeZoneOffset": "+02:00", "action": "OBSERVE",
         "epcList": ["urn:epc:id:sgtin:4012345.011111.A.1"], "bizStep": "inspecting", "ex:grade": "A"}
        """;

    [Fact]
    public async Task A_single_event_posted_to_events_is_created_at_its_Location_and_read_back_by_its_eventID()
    {
        var client = await _web.ClientAsync(Role.Operator);
        using var created = await client.PostAsync("/epcis/events", Body(OneEvent, "application/ld+json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        const string Id = "urn:uuid:9d3c7a10-1111-4c2e-8f00-00000000a001";
        Assert.Equal("/epcis/events/" + Uri.EscapeDataString(Id), created.Headers.Location?.OriginalString);

        var viewer = await _web.ClientAsync(Role.Viewer);
        using var read = await viewer.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var document = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        var events = document.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().ToList();
        var only = Assert.Single(events);
        Assert.Equal(Id, only.GetProperty("eventID").GetString());
        Assert.Equal("urn:epc:id:sgtin:4012345.011111.A.1", only.GetProperty("epcList")[0].GetString()); // as the sender wrote it
        Assert.Equal("A", only.GetProperty("ex:grade").GetString());

        // The same through the query parameter, and not encoded in the path.
        using var byParameter = await viewer.GetAsync("/epcis/events?EQ_eventID=" + Uri.EscapeDataString(Id));
        Assert.Contains(Id, await byParameter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var plain = await viewer.GetAsync("/epcis/events/" + Id);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        // Posted again: 409, with where it is; a document belongs to /capture; an unknown eventID is 404; a viewer cannot post.
        using var again = await client.PostAsync("/epcis/events", Body(OneEvent, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(created.Headers.Location?.OriginalString, again.Headers.Location?.OriginalString);
        using var whole = await client.PostAsync("/epcis/events", Body(EpcisSamples.Chain, "application/ld+json"));
        Assert.Equal(HttpStatusCode.BadRequest, whole.StatusCode);
        Assert.Contains("/epcis/capture", await whole.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await viewer.GetAsync("/epcis/events/" + Uri.EscapeDataString("urn:uuid:9d3c7a10-1111-4c2e-8f00-00000000a999"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var notAnId = await viewer.GetAsync("/epcis/events?EQ_eventID=nope");
        Assert.Equal(HttpStatusCode.BadRequest, notAnId.StatusCode);
        Assert.Contains("EQ_eventID", await notAnId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var refused = await viewer.PostAsync("/epcis/events", Body(OneEvent, "application/ld+json"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // An event without an eventID is created under its event hash ID.
        var anonymous = OneEvent.Replace("\"eventID\": \"urn:uuid:9d3c7a10-1111-4c2e-8f00-00000000a001\",", "", StringComparison.Ordinal).Replace("A.1", "A.2", StringComparison.Ordinal);
        using var hashed = await client.PostAsync("/epcis/events", Body(anonymous, "application/ld+json"));
        Assert.Equal(HttpStatusCode.Created, hashed.StatusCode);
        Assert.StartsWith("/epcis/events/" + Uri.EscapeDataString("ni:///sha-256;"), hashed.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var hashedRead = await viewer.GetAsync(hashed.Headers.Location);
        Assert.Contains("A.2", await hashedRead.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_resources_list_what_captured_events_hold_and_each_values_events_take_the_query_parameters()
    {
        var client = await _web.ClientAsync(Role.Operator);
        (await client.PostAsync("/epcis/capture?wait=true", Body(EpcisSamples.Chain, "application/ld+json"))).Dispose();
        var viewer = await _web.ClientAsync(Role.Viewer);
        async Task<List<string>> Members(string path)
        {
            using var response = await viewer.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Collection", json.RootElement.GetProperty("type").GetString());
            return [.. json.RootElement.GetProperty("member").EnumerateArray().Select(m => m.GetString()!)];
        }

        async Task<List<string>> Events(string path)
        {
            using var response = await viewer.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return [.. json.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().Select(e => e.GetProperty("eventID").GetString()!)];
        }

        var all = await Events("/epcis/events");
        var types = await Members("/epcis/eventTypes");
        Assert.Contains("ObjectEvent", types);
        Assert.Equal(["events"], await Members("/epcis/eventTypes/ObjectEvent"));
        using (var json = JsonDocument.Parse(await (await viewer.GetAsync("/epcis/events?eventType=ObjectEvent")).Content.ReadAsStringAsync()))
        {
            var objectEvents = json.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().Select(e => e.GetProperty("eventID").GetString()!).ToList();
            Assert.Equal(objectEvents, await Events("/epcis/eventTypes/ObjectEvent/events"));
            Assert.NotEqual(all, objectEvents);
        }

        // Business steps by their CBV short names; each step's events are those of /events?EQ_bizStep=, and combine with other parameters.
        var steps = await Members("/epcis/bizSteps");
        Assert.Contains("shipping", steps);
        foreach (var step in steps)
        {
            Assert.Equal(await Events("/epcis/events?EQ_bizStep=" + step), await Events($"/epcis/bizSteps/{step}/events"));
        }

        Assert.Empty(await Events("/epcis/bizSteps/shipping/events?eventType=TransformationEvent"));

        // Objects by their canonical id; the lot's events from its URN, its Digital Link, encoded or not.
        var epcs = await Members("/epcis/epcs");
        Assert.Contains(EpcisSamples.LotDigitalLink, epcs);
        var ofLot = await Events("/epcis/epcs/" + Uri.EscapeDataString(EpcisSamples.LotUrn) + "/events");
        Assert.NotEmpty(ofLot);
        Assert.Equal(ofLot, await Events("/epcis/epcs/" + Uri.EscapeDataString(EpcisSamples.LotDigitalLink) + "/events"));
        Assert.Equal(ofLot, await Events("/epcis/epcs/" + EpcisSamples.LotDigitalLink + "/events"));
        Assert.Equal(["events"], await Members("/epcis/epcs/" + Uri.EscapeDataString(EpcisSamples.LotUrn)));

        // Locations and dispositions the chain holds; a value no event holds is 404; a list pages with a Link.
        foreach (var resource in new[] { "bizLocations", "readPoints", "dispositions" })
        {
            foreach (var value in await Members($"/epcis/{resource}"))
            {
                Assert.NotEmpty(await Events($"/epcis/{resource}/{Uri.EscapeDataString(value)}/events"));
            }
        }

        using var unknown = await viewer.GetAsync("/epcis/bizSteps/repairing/events");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noType = await viewer.GetAsync("/epcis/eventTypes/NopeEvent");
        Assert.Equal(HttpStatusCode.NotFound, noType.StatusCode);
        using var first = await viewer.GetAsync("/epcis/epcs?perPage=1");
        Assert.NotNull(first.Headers.GetValues("Link").SingleOrDefault());
        var paged = new List<string>();
        for (var next = "/epcis/epcs?perPage=1"; next is not null;)
        {
            using var response = await viewer.GetAsync(next);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            paged.AddRange(json.RootElement.GetProperty("member").EnumerateArray().Select(m => m.GetString()!));
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single()[1..link.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        Assert.Equal(epcs, paged);
        using var badParameter = await viewer.GetAsync("/epcis/epcs?EQ_bizStep=shipping");
        Assert.Equal(HttpStatusCode.BadRequest, badParameter.StatusCode);
    }

    [Fact]
    public async Task An_invalid_document_is_a_400_listing_each_problem_under_its_location()
    {
        var client = await _web.ClientAsync(Role.Operator);
        var broken = EpcisSamples.Chain.Replace("\"action\": \"OBSERVE\"", "\"action\": \"LOOK\"", StringComparison.Ordinal).Replace("\"eventTimeZoneOffset\": \"+02:00\",", "", StringComparison.Ordinal);
        using var response = await client.PostAsync("/epcis/capture?wait=true", Body(broken, "application/ld+json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().ToList();
        Assert.Contains(errors, e => e.Name.Contains("eventList[3]", StringComparison.Ordinal) && e.Value.ToString().Contains("action", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Value.ToString().Contains("eventTimeZoneOffset", StringComparison.Ordinal));

        using var xml = await client.PostAsync("/epcis/capture?wait=true", Body("<EPCISDocument><nope/></EPCISDocument>", "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, xml.StatusCode);
        using var csv = await client.PostAsync("/epcis/capture?wait=true", Body("a,b", "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, csv.StatusCode);
    }

    [Fact]
    public async Task Events_query_filters_pages_with_a_Link_header_and_names_bad_parameters()
    {
        var client = await _web.ClientAsync(Role.Operator);
        (await client.PostAsync("/epcis/capture?wait=true", Body(EpcisSamples.Chain, "application/ld+json"))).Dispose();
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

        // The token is opaque, says when it expires, and pages only the query it was given for.
        Assert.True(page.Headers.Contains("GS1-Next-Page-Token-Expires"));
        var token = Uri.UnescapeDataString(next[(next.IndexOf("nextPageToken=", StringComparison.Ordinal) + "nextPageToken=".Length)..].Split('&')[0]);
        Assert.DoesNotMatch("^[0-9]+$", token);
        using var otherQuery = await viewer.GetAsync("/epcis/events?EQ_bizStep=shipping&nextPageToken=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.BadRequest, otherQuery.StatusCode);
        Assert.Contains("nextPageToken", await otherQuery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var forged = await viewer.GetAsync("/epcis/events?nextPageToken=3");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.DeleteAsync("/epcis/nextPageToken/" + Uri.EscapeDataString(token))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.DeleteAsync("/epcis/nextPageToken/forged")).StatusCode);

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

    [Fact]
    public async Task The_top_level_lists_the_binding_resources_OPTIONS_discovers_each_and_a_version_or_format_not_spoken_is_406()
    {
        var client = await _web.ClientAsync(Role.Viewer);
        using var top = await client.GetAsync("/epcis");
        Assert.Equal(HttpStatusCode.OK, top.StatusCode);
        Assert.Equal("2.0.0", top.Headers.GetValues("GS1-EPCIS-Version").Single());
        Assert.Equal("Never_Translates", top.Headers.GetValues("GS1-EPC-Format").Single());
        using (var collection = JsonDocument.Parse(await top.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Collection", collection.RootElement.GetProperty("type").GetString());
            Assert.Equal(
                ["bizLocations", "bizSteps", "capture", "dispositions", "epcs", "eventTypes", "events", "queries", "readPoints"],
                collection.RootElement.GetProperty("member").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));
        }

        using var capture = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/epcis/capture"));
        Assert.Equal(HttpStatusCode.NoContent, capture.StatusCode);
        Assert.Equal("OPTIONS, GET, POST", capture.Content.Headers.Allow.Count > 0 ? string.Join(", ", capture.Content.Headers.Allow) : capture.Headers.GetValues("Allow").Single());
        Assert.Equal("10000", capture.Headers.GetValues("GS1-EPCIS-Capture-Limit").Single());
        using var oneEvent = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/epcis/events/urn%3Auuid%3A1"));
        Assert.Equal(HttpStatusCode.NoContent, oneEvent.StatusCode);
        using var nothing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/epcis/nothing/here"));
        Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode);

        async Task<HttpResponseMessage> Ask(string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/epcis/events");
            request.Headers.TryAddWithoutValidation(header, value);
            return await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await Ask("GS1-EPCIS-Version", "2.0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Ask("GS1-EPCIS-Max", "2.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Ask("GS1-EPC-Format", "No_Preference")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Ask("Accept", "application/ld+json")).StatusCode);
        foreach (var (header, value) in new[] { ("GS1-EPCIS-Min", "3.0"), ("GS1-CBV-Version", "1.2"), ("GS1-EPC-Format", "Always_EPC_URN"), ("Accept", "text/csv") })
        {
            using var refused = await Ask(header, value);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.NotAcceptable, $"{header}: {value} answered {refused.StatusCode}: {body}");
            Assert.Contains("epcisException:NotAcceptableException", body, StringComparison.Ordinal);
            Assert.Contains(header, body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await Ask("GS1-EPC-Format", "Sometimes")).StatusCode);

        // Always_GS1_Digital_Link: the events come back with every GS1 key as its Digital Link; without it, as captured.
        (await (await _web.ClientAsync(Role.Operator)).PostAsync("/epcis/capture?wait=true", Body(EpcisSamples.Chain, "application/ld+json"))).EnsureSuccessStatusCode();
        using var asCaptured = await Ask("GS1-EPC-Format", "Never_Translates");
        Assert.Contains(EpcisSamples.PalletUrn, await asCaptured.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var links = await Ask("GS1-EPC-Format", "Always_GS1_Digital_Link");
        var linked = await links.Content.ReadAsStringAsync();
        Assert.Equal("Always_GS1_Digital_Link", links.Headers.GetValues("GS1-EPC-Format").Single());
        Assert.DoesNotContain("urn:epc:id:", linked, StringComparison.Ordinal);
        Assert.DoesNotContain("urn:epc:class:", linked, StringComparison.Ordinal);
        foreach (var link in new[] { EpcisSamples.PalletDigitalLink, EpcisSamples.LotDigitalLink, EpcisSamples.Unit1DigitalLink, EpcisSamples.CustomerDigitalLink, EpcisSamples.DockDigitalLink })
        {
            Assert.Contains(link, linked, StringComparison.Ordinal);
        }

        // The events are the same events: their eventIDs, in the same order.
        Assert.Equal(
            JsonDocument.Parse(await asCaptured.Content.ReadAsStringAsync()).RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().Select(e => e.GetProperty("eventID").GetString()),
            JsonDocument.Parse(linked).RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().Select(e => e.GetProperty("eventID").GetString()));
    }
}
