using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracewright.Domain.Access;
using Tracewright.Features.Epcis;
using Tracewright.Tests.Web;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// Issue 17, named queries and subscriptions: a query defined by name, read, paged and deleted by its owner; a webhook that
/// receives every matching event in capture order, signed, through the receiver being down; a schedule; a WebSocket.
/// The receiver is a real HTTP server on loopback.
/// </summary>
public sealed class SubscriptionTests : IAsyncLifetime
{
    private readonly WebShop _web = new();
    private Receiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await Receiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Event(int n, string step) => $$"""
        {"type": "ObjectEvent", "eventID": "urn:uuid:7c1d3e5f-0a2b-4c6d-8e9f-{{n:000000000000}}", "eventTime": "2024-05-14T08:00:00Z",
         "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{n}}"], "bizStep": "{{step}}"}
        """;

    private static string Id(int n) => $"urn:uuid:7c1d3e5f-0a2b-4c6d-8e9f-{n:000000000000}";

    private async Task CaptureAsync(params string[] events)
    {
        var client = await _web.ClientAsync(Role.Operator);
        using var captured = await client.PostAsync("/epcis/capture?wait=true", new StringContent($$"""
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
             "creationDate": "2024-05-14T08:00:00Z", "epcisBody": {"eventList": [{{string.Join(",", events)}}] } }
            """, Encoding.UTF8, "application/ld+json"));
        Assert.True(captured.IsSuccessStatusCode, await captured.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> EventIds(string document)
    {
        using var json = JsonDocument.Parse(document);
        return json.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")
            .EnumerateArray().Select(e => e.GetProperty("eventID").GetString()!).ToList();
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"waited 20 s for {what}");
    }

    private async Task<JsonElement> SubscriptionAsync(HttpClient client, string location)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(location));
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task A_named_query_is_defined_read_answered_page_by_page_and_deleted_only_by_its_owner_or_an_admin()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        await CaptureAsync(Event(1, "inspecting"), Event(2, "shipping"), Event(3, "inspecting"), Event(4, "inspecting"));

        using var badName = await viewer.PostAsync("/epcis/queries", Json("""{"name": "my query", "query": {}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        using var badParameter = await viewer.PostAsync("/epcis/queries", Json("""{"name": "q1", "query": {"EQ_bizStepp": ["shipping"]}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badParameter.StatusCode);
        Assert.Contains("EQ_bizStepp", await badParameter.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var created = await viewer.PostAsync("/epcis/queries", Json("""{"name": "inspections", "query": {"EQ_bizStep": ["inspecting"], "eventType": ["ObjectEvent"]}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/epcis/queries/inspections", created.Headers.Location?.OriginalString);
        using var again = await viewer.PostAsync("/epcis/queries", Json("""{"name": "inspections", "query": {}}"""));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using (var list = JsonDocument.Parse(await viewer.GetStringAsync("/epcis/queries")))
        {
            var only = Assert.Single(list.RootElement.EnumerateArray().ToList());
            Assert.Equal("inspections", only.GetProperty("name").GetString());
            Assert.Equal("inspecting", only.GetProperty("query").GetProperty("EQ_bizStep")[0].GetString());
        }

        using var first = await viewer.GetAsync("/epcis/queries/inspections/events?perPage=2");
        var page = await first.Content.ReadAsStringAsync();
        Assert.Equal([Id(1), Id(3)], EventIds(page));
        using (var answer = JsonDocument.Parse(page))
        {
            Assert.Equal("inspections", answer.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("queryName").GetString());
        }

        var link = first.Headers.GetValues("Link").Single();
        Assert.Equal([Id(4)], EventIds(await viewer.GetStringAsync(link[1..link.IndexOf('>', StringComparison.Ordinal)])));
        using var extra = await viewer.GetAsync("/epcis/queries/inspections/events?EQ_bizStep=shipping");
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);

        var someoneElse = await _web.ClientAsync(Role.Operator);
        using var notTheirs = await someoneElse.DeleteAsync("/epcis/queries/inspections");
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        using var byAdmin = await (await _web.ClientAsync(Role.Admin)).DeleteAsync("/epcis/queries/inspections");
        Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/epcis/queries/inspections")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/epcis/queries/inspections/events")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_gets_every_matching_event_in_capture_order_signed_and_everything_missed_while_it_was_down()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        (await viewer.PostAsync("/epcis/queries", Json("""{"name": "inspections", "query": {"EQ_bizStep": ["inspecting"]}}"""))).EnsureSuccessStatusCode();
        using var bad = await viewer.PostAsync("/epcis/queries/inspections/subscriptions", Json($$"""{"dest": "ftp://example.com/x", "stream": true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var neither = await viewer.PostAsync("/epcis/queries/inspections/subscriptions", Json($$"""{"dest": "{{_receiver.Url}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);

        // Captured before the subscription: not sent (no initialRecordTime).
        await CaptureAsync(Event(1, "inspecting"));
        using var subscribed = await viewer.PostAsync("/epcis/queries/inspections/subscriptions", Json($$"""{"dest": "{{_receiver.Url}}", "signatureToken": "s3cret-token", "stream": true}"""));
        var created = await subscribed.Content.ReadAsStringAsync();
        Assert.True(subscribed.StatusCode == HttpStatusCode.Created, created);
        Assert.DoesNotContain("s3cret-token", created, StringComparison.Ordinal);
        var location = subscribed.Headers.Location!.OriginalString;
        Assert.StartsWith("/epcis/queries/inspections/subscriptions/", location, StringComparison.Ordinal);

        await CaptureAsync(Event(2, "inspecting"), Event(3, "shipping"), Event(4, "inspecting"));
        await Until(() => Task.FromResult(_receiver.EventIds.Count >= 2), "the first two deliveries");
        Assert.Equal([Id(2), Id(4)], _receiver.EventIds);
        var (body, signature) = _receiver.Got.First();
        Assert.Equal(Subscriptions.Signature("s3cret-token", body), signature);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret-token"), Encoding.UTF8.GetBytes(body))), signature);
        Assert.Contains(location.Split('/')[^1], body, StringComparison.Ordinal);

        // The receiver is down: the subscription shows it failing, with the error and what is pending.
        _receiver.Answer = HttpStatusCode.ServiceUnavailable;
        await CaptureAsync(Event(5, "inspecting"), Event(6, "inspecting"));
        await Until(async () => (await SubscriptionAsync(viewer, location)).GetProperty("delivery").GetProperty("state").GetString() == "failing", "the subscription to fail");
        var failing = (await SubscriptionAsync(viewer, location)).GetProperty("delivery");
        Assert.Contains("503", failing.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, failing.GetProperty("pending").GetInt64());
        Assert.Equal(2, failing.GetProperty("delivered").GetInt64());

        // Back an hour later (the shop's clock): everything it missed, in order, once.
        _receiver.Answer = HttpStatusCode.OK;
        _web.Clock.Now = _web.Clock.Now.AddHours(1);
        await Until(() => Task.FromResult(_receiver.EventIds.Count >= 4), "the missed events");
        await Until(async () => (await SubscriptionAsync(viewer, location)).GetProperty("delivery").GetProperty("state").GetString() == "delivered", "the subscription to recover");
        Assert.Equal([Id(2), Id(4), Id(5), Id(6)], _receiver.EventIds);
        Assert.Equal(4, (await SubscriptionAsync(viewer, location)).GetProperty("delivery").GetProperty("delivered").GetInt64());

        // Only its owner (or an admin) ends it; after that nothing more is sent.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _web.ClientAsync(Role.Operator)).DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(location)).StatusCode);
        await CaptureAsync(Event(7, "inspecting"));
        await Task.Delay(1500);
        Assert.Equal(4, _receiver.EventIds.Count);
    }

    [Fact]
    public async Task A_scheduled_subscription_reports_at_its_times_from_its_initial_record_time_and_when_empty_if_asked()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        await CaptureAsync(Event(1, "inspecting"), Event(2, "inspecting"));
        (await viewer.PostAsync("/epcis/queries", Json("""{"name": "hourly", "query": {"EQ_bizStep": ["inspecting"]}}"""))).EnsureSuccessStatusCode();
        using var bad = await viewer.PostAsync("/epcis/queries/hourly/subscriptions", Json($$"""{"dest": "{{_receiver.Url}}", "schedule": {"minute": "61"} }"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("schedule", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var subscribed = await viewer.PostAsync("/epcis/queries/hourly/subscriptions", Json($$"""
            {"dest": "{{_receiver.Url}}", "schedule": {"minute": "0"}, "reportIfEmpty": true, "initialRecordTime": "2024-05-14T00:00:00Z"}
            """));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        // The shop's clock stands at 09:00: nothing is due until 10:00.
        await Task.Delay(1200);
        Assert.Empty(_receiver.Got);
        _web.Clock.Now = new DateTimeOffset(2024, 5, 14, 10, 0, 30, TimeSpan.Zero);
        await Until(() => Task.FromResult(_receiver.Got.Count >= 1), "the 10:00 report");
        Assert.Equal([Id(1), Id(2)], _receiver.EventIds);

        _web.Clock.Now = new DateTimeOffset(2024, 5, 14, 11, 0, 30, TimeSpan.Zero);
        await Until(() => Task.FromResult(_receiver.Got.Count >= 2), "the empty 11:00 report");
        Assert.Empty(EventIds(_receiver.Got.Last().Body));
        await Task.Delay(1200);
        Assert.Equal(2, _receiver.Got.Count);
    }

    [Fact]
    public async Task A_websocket_on_the_query_events_gets_each_matching_event_as_it_is_captured()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        (await viewer.PostAsync("/epcis/queries", Json("""{"name": "live", "query": {"EQ_bizStep": ["inspecting"]}}"""))).EnsureSuccessStatusCode();
        await CaptureAsync(Event(1, "inspecting"));
        var client = _web.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Authorization = viewer.DefaultRequestHeaders.Authorization!.ToString();
        using var socket = await client.ConnectAsync(new Uri(_web.Server.BaseAddress, "epcis/queries/live/events?stream=true"), default);
        await CaptureAsync(Event(2, "shipping"), Event(3, "inspecting"));
        var buffer = new byte[1 << 20];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, received.MessageType);
        Assert.Equal([Id(3)], EventIds(Encoding.UTF8.GetString(buffer, 0, received.Count)));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", default);
    }

    /// <summary>A webhook receiver on loopback: keeps each body with its GS1-Signature, answers <see cref="Answer"/>.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app) => _app = app;

        public ConcurrentQueue<(string Body, string? Signature)> Got { get; } = new();

        public volatile HttpStatusCode Answer = HttpStatusCode.OK;

        public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook");

        public List<string> EventIds => Got.SelectMany(g => SubscriptionTests.EventIds(g.Body)).ToList();

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                var body = await reader.ReadToEndAsync();
                if (receiver.Answer != HttpStatusCode.OK)
                {
                    return Results.StatusCode((int)receiver.Answer);
                }

                receiver.Got.Enqueue((body, request.Headers["GS1-Signature"].FirstOrDefault()));
                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
