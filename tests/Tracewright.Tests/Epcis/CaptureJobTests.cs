using System.Net;
using System.Text;
using System.Text.Json;
using Tracewright.Domain.Access;
using Tracewright.Tests.Web;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// Issue 17, capture jobs: <c>POST /epcis/capture</c> answers 202 with the job's Location; the job is read at
/// <c>/epcis/capture/{captureID}</c> and listed at <c>/epcis/capture</c>; <c>GS1-Capture-Error-Behaviour</c> decides
/// what a document with bad events does. Surviving a kill -9 is in the crash tests.
/// </summary>
public sealed class CaptureJobTests : IAsyncLifetime
{
    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/ld+json");

    private static string Event(int n, string action = "OBSERVE") => $$"""
        {"type": "ObjectEvent", "eventID": "urn:uuid:5b0c2a8e-7d41-4f3a-9c11-{{n:000000000000}}", "eventTime": "2026-11-02T08:00:00Z",
         "eventTimeZoneOffset": "+00:00", "action": "{{action}}", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{n}}"], "bizStep": "inspecting"}
        """;

    private static string Document(params string[] events) => $$"""
        {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
         "creationDate": "2026-11-02T08:00:00Z", "epcisBody": {"eventList": [{{string.Join(",", events)}}] } }
        """;

    /// <summary>The job at <paramref name="location"/> once it is no longer running.</summary>
    private static async Task<JsonElement> FinishedAsync(HttpClient client, Uri location)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var job = JsonDocument.Parse(await client.GetStringAsync(location));
            if (!job.RootElement.GetProperty("running").GetBoolean() || attempt == 600)
            {
                return job.RootElement.Clone();
            }

            await Task.Delay(50);
        }
    }

    private static async Task<IReadOnlyList<string>> EventIdsAsync(HttpClient client, string query)
    {
        using var answer = JsonDocument.Parse(await client.GetStringAsync("/epcis/events?" + query));
        return answer.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")
            .EnumerateArray().Select(e => e.GetProperty("eventID").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task A_document_is_accepted_as_a_job_that_captures_it_and_reports_its_counts()
    {
        var client = await _web.ClientAsync(Role.Operator);
        using var accepted = await client.PostAsync("/epcis/capture", Json(Document(Event(1), Event(2), Event(3))));
        var body = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, body);
        Assert.Equal("rollback", accepted.Headers.GetValues("GS1-Capture-Error-Behaviour").Single());
        var location = accepted.Headers.Location!;
        using (var started = JsonDocument.Parse(body))
        {
            var id = started.RootElement.GetProperty("captureID").GetString()!;
            Assert.Equal("/epcis/capture/" + id, location.OriginalString);
            Assert.Equal("rollback", started.RootElement.GetProperty("captureErrorBehaviour").GetString());
        }

        var job = await FinishedAsync(client, location);
        Assert.False(job.GetProperty("running").GetBoolean());
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        Assert.Empty(job.GetProperty("errors").EnumerateArray());
        Assert.True(job.TryGetProperty("finishedAt", out _));
        Assert.Equal((3, 3, 0), (job.GetProperty("counts").GetProperty("events").GetInt32(), job.GetProperty("counts").GetProperty("captured").GetInt32(), job.GetProperty("counts").GetProperty("duplicates").GetInt32()));
        Assert.Equal(3, (await EventIdsAsync(client, "EQ_bizStep=inspecting")).Count);

        // The same document again is a second job whose events are all duplicates.
        using var again = await client.PostAsync("/epcis/capture", Json(Document(Event(1), Event(2), Event(3))));
        var second = await FinishedAsync(client, again.Headers.Location!);
        Assert.Equal((0, 3), (second.GetProperty("counts").GetProperty("captured").GetInt32(), second.GetProperty("counts").GetProperty("duplicates").GetInt32()));

        // Listed oldest first, a page at a time with a Link to the next.
        using var page = await client.GetAsync("/epcis/capture?perPage=1");
        using (var list = JsonDocument.Parse(await page.Content.ReadAsStringAsync()))
        {
            Assert.Equal(location.OriginalString, "/epcis/capture/" + Assert.Single(list.RootElement.EnumerateArray().ToList()).GetProperty("captureID").GetString());
        }

        var next = page.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", next, StringComparison.Ordinal);
        using (var rest = JsonDocument.Parse(await client.GetStringAsync(next[1..next.IndexOf('>', StringComparison.Ordinal)])))
        {
            Assert.Equal(again.Headers.Location!.OriginalString, "/epcis/capture/" + Assert.Single(rest.RootElement.EnumerateArray().ToList()).GetProperty("captureID").GetString());
        }

        using var missing = await client.GetAsync("/epcis/capture/capture-nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var viewer = await (await _web.ClientAsync(Role.Viewer)).GetAsync(location);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
    }

    [Fact]
    public async Task With_proceed_the_valid_events_are_captured_and_each_bad_one_is_an_error_at_its_position_while_rollback_refuses_all()
    {
        var client = await _web.ClientAsync(Role.Operator);
        var mixed = Document(Event(11), Event(12, "SHOUT"), Event(13));
        using var refused = await client.PostAsync("/epcis/capture", Json(mixed));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("eventList[1]", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await EventIdsAsync(client, "EQ_bizStep=inspecting"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/epcis/capture") { Content = Json(mixed) };
        request.Headers.Add("GS1-Capture-Error-Behaviour", "proceed");
        using var accepted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await FinishedAsync(client, accepted.Headers.Location!);
        Assert.False(job.GetProperty("running").GetBoolean());
        Assert.False(job.GetProperty("success").GetBoolean());
        Assert.Equal("proceed", job.GetProperty("captureErrorBehaviour").GetString());
        var error = Assert.Single(job.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("epcisException:ValidationException", error.GetProperty("type").GetString());
        Assert.Equal(1, error.GetProperty("eventIndex").GetInt32());
        Assert.Contains("SHOUT", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((3, 2, 1), (job.GetProperty("counts").GetProperty("events").GetInt32(), job.GetProperty("counts").GetProperty("captured").GetInt32(), job.GetProperty("counts").GetProperty("refused").GetInt32()));
        Assert.Equal(["urn:uuid:5b0c2a8e-7d41-4f3a-9c11-000000000011", "urn:uuid:5b0c2a8e-7d41-4f3a-9c11-000000000013"], await EventIdsAsync(client, "EQ_bizStep=inspecting"));

        // A document that is not EPCIS at all is refused whatever the behaviour; so is a behaviour the binding does not name.
        using var broken = new HttpRequestMessage(HttpMethod.Post, "/epcis/capture") { Content = Json("{\"type\": \"EPCISDocument\"") };
        broken.Headers.Add("GS1-Capture-Error-Behaviour", "proceed");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(broken)).StatusCode);
        using var odd = new HttpRequestMessage(HttpMethod.Post, "/epcis/capture") { Content = Json(Document(Event(14))) };
        odd.Headers.Add("GS1-Capture-Error-Behaviour", "sometimes");
        using var oddAnswer = await client.SendAsync(odd);
        Assert.Equal(HttpStatusCode.BadRequest, oddAnswer.StatusCode);
        Assert.Contains("GS1-Capture-Error-Behaviour", await oddAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await EventIdsAsync(client, "EQ_bizStep=inspecting")).Count);
    }
}
