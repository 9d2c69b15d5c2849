using System.Net.WebSockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tracewright.Data;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Standards.Epcis;
using Tracewright.Web;

namespace Tracewright.Features.Epcis;

/// <summary>
/// Subscriptions to named queries (issue 17): <c>POST /epcis/queries/{name}/subscriptions</c> with <c>dest</c> (an http(s)
/// URL), an optional <c>signatureToken</c>, and <c>stream: true</c> (every matching event as it is captured) or a
/// <c>schedule</c> (query-schedule.json, with <c>reportIfEmpty</c>); <c>initialRecordTime</c> sends what was recorded since
/// then first. This runner delivers them: the ledger is the outbox, and each subscription's cursor (the last ledger record
/// the receiver acknowledged with a 2xx) is kept in the database, so every matching event is sent at least once, in capture
/// order, across restarts; a receiver that fails is retried with backoff (1 s doubling to 60 s) and gets everything when it
/// is back. A capture by this server wakes the runner when it commits; one by another process (an import on the same file) is
/// found within half a second. Each delivery is an EPCISQueryDocument (JSON-LD) naming the query and the subscription, signed in the
/// <c>GS1-Signature</c> header with HMAC-SHA256 of the body under the token (hex). A WebSocket to
/// <c>/epcis/queries/{name}/events</c> is a subscription for as long as it stays open.
/// </summary>
public sealed class Subscriptions(Shop shop, ILogger<Subscriptions> logger) : BackgroundService
{
    /// <summary>Events per delivery: a receiver's request stays small; a backlog goes out in several in a row.</summary>
    public const int Batch = 500;

    /// <summary>How often it looks for events other processes captured (this server's own captures wake it at once).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a wake waits for more commits before delivering: at most ~100 delivery rounds a second under a stream of captures.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public static void Map(RouteGroupBuilder epcis)
    {
        epcis.MapPost("/queries/{id}/subscriptions", CreateEndpointAsync).RequireAuthorization(AccessPolicy.Viewer).Accepts<JsonElement>("application/json")
            .WithTags("EPCIS").WithSummary("Subscribe to a named query: dest, signatureToken, stream or schedule; 201 with its Location");
        epcis.MapGet("/queries/{id}/subscriptions", ListAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS").WithSummary("The query's subscriptions with their delivery state");
        epcis.MapGet("/queries/{name}/subscriptions/{id}", ReadAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS").WithSummary("One subscription: what is pending, delivered and failing, with the last error");
        epcis.MapDelete("/queries/{name}/subscriptions/{id}", DeleteEndpointAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS").WithSummary("End a subscription (its owner or an admin)");
    }

    /// <summary>What a subscription asks for, read and checked.</summary>
    public sealed record Request(string Dest, string? SignatureToken, bool Stream, JsonElement? Schedule, bool ReportIfEmpty, DateTimeOffset? InitialRecordTime);

    public static Result<Request> Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return new InvalidInput("body", "a subscription is an object: {\"dest\": \"https://…\", \"signatureToken\": \"…\", \"stream\": true} or with a \"schedule\"");
        }

        string? dest = null, token = null;
        bool stream = false, reportIfEmpty = false;
        JsonElement? schedule = null;
        DateTimeOffset? initial = null;
        foreach (var p in body.EnumerateObject())
        {
            switch (p.Name)
            {
                case "dest" when p.Value.ValueKind == JsonValueKind.String:
                    dest = p.Value.GetString();
                    break;
                case "signatureToken" when p.Value.ValueKind == JsonValueKind.String:
                    token = p.Value.GetString();
                    break;
                case "stream" when p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    stream = p.Value.GetBoolean();
                    break;
                case "reportIfEmpty" when p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    reportIfEmpty = p.Value.GetBoolean();
                    break;
                case "schedule":
                    schedule = p.Value.Clone();
                    break;
                case "initialRecordTime" when p.Value.ValueKind == JsonValueKind.String && EpcisTimestamp.TryParse(p.Value.GetString()!, out var at):
                    initial = at;
                    break;
                case "dest" or "signatureToken":
                    return new InvalidInput(p.Name, $"{p.Name} must be a string");
                case "stream" or "reportIfEmpty":
                    return new InvalidInput(p.Name, $"{p.Name} must be true or false");
                case "initialRecordTime":
                    return new InvalidInput(p.Name, "initialRecordTime must be a date-time with its offset, e.g. 2026-11-02T08:00:00Z");
                default:
                    return new InvalidInput(p.Name, $"'{p.Name}' is not a field of a subscription (dest, signatureToken, stream, schedule, reportIfEmpty, initialRecordTime)");
            }
        }

        if (dest is null || !Uri.TryCreate(dest, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
        {
            return new InvalidInput("dest", $"dest must be an http or https URL without a user name or password{(dest is null ? "" : $" (got '{dest}')")}");
        }

        if (token is { Length: 0 or > 512 })
        {
            return new InvalidInput("signatureToken", "signatureToken must be 1 to 512 characters");
        }

        if (stream == (schedule is not null))
        {
            return new InvalidInput(schedule is null ? "stream" : "schedule", "a subscription either sets stream to true (every matching event as it is captured) or gives a schedule, not both");
        }

        if (schedule is { } given && EpcisQuerySchedule.Read(given).Error is { } problem)
        {
            return new InvalidInput("schedule", problem);
        }

        return new Request(dest, token, stream, schedule, reportIfEmpty, initial);
    }

    public static async Task<Result<StoredSubscription>> SubscribeAsync(Shop shop, string actor, string queryName, Request request, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (await EpcisQueryStore.QueryAsync(write.Connection, write.Transaction, queryName, cancellationToken) is null)
        {
            return new NotFound("query", queryName, "queryName");
        }

        var id = Guid.CreateVersion7().ToString();
        var created = new EpcisSubscriptionCreated(
            id, queryName, request.Dest, request.Stream, request.Schedule?.GetRawText(), request.ReportIfEmpty, request.InitialRecordTime, request.SignatureToken is not null, actor);
        var entries = await write.AppendAsync(new NewEvent(created, write.Now), cancellationToken);

        // Without initialRecordTime the subscription starts after its own record; with it, from the start (the time filters).
        await EpcisQueryStore.StartAsync(write, id, request.SignatureToken, request.InitialRecordTime is null ? entries[^1].Sequence : 0, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return await EpcisQueryStore.SubscriptionAsync(shop.Database, id, cancellationToken) ?? throw new InvalidOperationException("a subscription just created is not stored");
    }

    public static async Task<Result<StoredSubscription>> FindAsync(Shop shop, string queryName, string id, CancellationToken cancellationToken) =>
        await EpcisQueryStore.SubscriptionAsync(shop.Database, id, cancellationToken) is { } found && found.QueryName == queryName
            ? found
            : new NotFound("subscription", id, "subscriptionID");

    public static async Task<Result<StoredSubscription>> UnsubscribeAsync(Shop shop, string actor, bool admin, string queryName, string id, CancellationToken cancellationToken)
    {
        if (!(await FindAsync(shop, queryName, id, cancellationToken)).TryGet(out var found, out var missing))
        {
            return missing;
        }

        if (!admin && found.Owner != actor)
        {
            return new NotOwner("subscription", id, found.Owner);
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        await write.AppendAsync(new NewEvent(new EpcisSubscriptionCancelled(id, queryName), write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return found;
    }

    /// <summary>
    /// A subscription as the binding shows it (<c>subscriptionID</c>, <c>dest</c>, <c>createdAt</c>, <c>lastNotifiedAt</c>,
    /// <c>stream</c> or <c>schedule</c> with <c>reportIfEmpty</c>, <c>initialRecordTime</c>; never the token), with this
    /// server's <c>delivery</c>: its state (delivered, pending or failing), the events pending and delivered, and the last error.
    /// </summary>
    public static async Task<JsonObject> ViewAsync(Shop shop, StoredSubscription s, CancellationToken cancellationToken)
    {
        var view = new JsonObject
        {
            ["subscriptionID"] = s.Id,
            ["queryName"] = s.QueryName,
            ["dest"] = s.Dest,
            ["createdAt"] = s.CreatedAt,
            ["signed"] = s.Signed,
            ["owner"] = s.Owner,
        };
        if (s.DeliveredAt is not null)
        {
            view["lastNotifiedAt"] = s.DeliveredAt;
        }

        if (s.Stream)
        {
            view["stream"] = true;
        }
        else
        {
            view["schedule"] = JsonNode.Parse(s.Schedule!);
            view["reportIfEmpty"] = s.ReportIfEmpty;
        }

        if (s.InitialRecordTime is not null)
        {
            view["initialRecordTime"] = s.InitialRecordTime;
        }

        var pending = await PendingAsync(shop, s, cancellationToken);
        view["delivery"] = new JsonObject
        {
            ["state"] = s.Attempts > 0 ? "failing" : pending > 0 ? "pending" : "delivered",
            ["pending"] = pending,
            ["delivered"] = s.DeliveredCount,
            ["failedAttempts"] = s.Attempts,
            ["nextAttemptAt"] = s.NextAttemptAt,
            ["lastError"] = s.LastError,
            ["lastErrorAt"] = s.LastErrorAt,
            ["lastRunAt"] = s.LastRunAt,
        };
        return view;
    }

    private static async Task<long> PendingAsync(Shop shop, StoredSubscription s, CancellationToken cancellationToken)
    {
        if (await QueryOfAsync(shop, s, cancellationToken) is not { } filter)
        {
            return 0;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return await EpcisQueries.CountAsync(connection, filter, s.DeliveredSeq, cancellationToken);
    }

    /// <summary>The subscription's query as a filter (with its initialRecordTime); null when the query is gone.</summary>
    private static async Task<EpcisEventFilter?> QueryOfAsync(Shop shop, StoredSubscription s, CancellationToken cancellationToken)
    {
        if (!(await NamedQueries.FindAsync(shop, s.QueryName, cancellationToken)).TryGet(out var query, out _)
            || !NamedQueries.Parse(query.Definition, []).TryGet(out var parsed, out _))
        {
            return null;
        }

        // A subscription sends in capture order whatever order its query's answers take: its cursor is a ledger record.
        parsed.Filter.Order = EpcisOrder.Capture;
        if (s.InitialRecordTime is { } initial && (parsed.Filter.RecordTimeFrom is null || string.CompareOrdinal(parsed.Filter.RecordTimeFrom, initial) < 0))
        {
            parsed.Filter.RecordTimeFrom = initial;
        }

        return parsed.Filter;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Woken by this process's next commit (taken before reading, so none is missed), else after Poll for other processes' writes.
                var wake = shop.Database.Commits.Next;
                await using (var connection = await shop.Database.OpenConnectionAsync(stoppingToken))
                {
                    foreach (var subscription in await EpcisQueryStore.SubscriptionsAsync(connection, null, null, null, int.MaxValue, stoppingToken))
                    {
                        await RunAsync(subscription, stoppingToken);
                    }
                }

                if (await LedgerSignal.WaitAsync(wake, Poll, stoppingToken))
                {
                    // Captures come in bursts: a moment's wait lets one delivery (and one cursor write) carry those still committing.
                    await Task.Delay(Gather, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "delivering subscriptions failed: {Problem}; retrying", e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One subscription's turn: a stream sends what is pending; a schedule sends it when its time has come.</summary>
    private async Task RunAsync(StoredSubscription s, CancellationToken cancellationToken)
    {
        var now = shop.Clock.GetUtcNow();
        if (s.NextAttemptAt is { } next && string.CompareOrdinal(next, Timestamp.ToText(now)) > 0)
        {
            return;
        }

        DateTimeOffset? due = null;
        if (!s.Stream)
        {
            using var json = JsonDocument.Parse(s.Schedule!);
            due = EpcisQuerySchedule.Read(json.RootElement).Schedule!.Next(Timestamp.FromText(s.LastRunAt ?? s.CreatedAt));
            if (due is null || due > now)
            {
                return;
            }
        }

        if (await QueryOfAsync(shop, s, cancellationToken) is not { } filter)
        {
            return;
        }

        var token = s.Signed ? await EpcisQueryStore.TokenAsync(shop.Database, s.Id, cancellationToken) : null;
        var cursor = s.DeliveredSeq;
        var sent = 0;
        while (true)
        {
            IReadOnlyList<EpcisEventRow> rows;
            await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
            {
                rows = await EpcisQueries.QueryAsync(connection, filter, cursor, Batch, cancellationToken);
            }

            if (rows.Count == 0 && (s.Stream || sent > 0 || !s.ReportIfEmpty))
            {
                break;
            }

            var body = new QueryEpcis.Page(shop, rows, s.QueryName, null, s.Id).Json();
            var error = await PostAsync(s.Dest, body, token, cancellationToken);
            if (error is not null)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(s.Attempts, 10))));
                await EpcisQueryStore.FailedAsync(shop.Database, s.Id, error, now, now + backoff, cancellationToken);
                logger.LogInformation("subscription {Subscription} to {Query}: delivery to {Dest} failed ({Problem}); next attempt in {Seconds} s", s.Id, s.QueryName, s.Dest, error, backoff.TotalSeconds);
                return;
            }

            sent++;
            if (rows.Count > 0)
            {
                cursor = rows[^1].Seq;
            }

            await EpcisQueryStore.DeliveredAsync(shop.Database, s.Id, cursor, rows.Count, shop.Clock.GetUtcNow(), cancellationToken);
            if (rows.Count < Batch)
            {
                break;
            }
        }

        if (due is { } ran)
        {
            await EpcisQueryStore.RanAsync(shop.Database, s.Id, ran, cancellationToken);
        }
    }

    /// <summary>Sends one document; null when the receiver answered 2xx, else what went wrong, in words.</summary>
    private async Task<string?> PostAsync(string dest, string body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, dest) { Content = new StringContent(body, Encoding.UTF8, "application/ld+json") };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("GS1-Signature", Signature(token, body));
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{dest} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"{dest} could not be reached: {e.Message}";
        }
    }

    /// <summary>The GS1-Signature of a delivery: HMAC-SHA256 of the body's UTF-8 bytes under the subscription's token, in hex.</summary>
    public static string Signature(string token, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// A WebSocket subscription: from <c>initialRecordTime</c> (else from now) every event the query selects is sent as a text
    /// message (an EPCISQueryDocument) as it is captured, until the client closes the socket.
    /// </summary>
    public async Task<IResult> StreamAsync(HttpContext context, StoredQuery query, CancellationToken cancellationToken)
    {
        var initial = context.Request.Query["initialRecordTime"].ToString();
        DateTimeOffset? from = null;
        if (initial.Length > 0)
        {
            if (!EpcisTimestamp.TryParse(initial, out var at))
            {
                return Problems.ToHttp(new InvalidInput("initialRecordTime", "initialRecordTime must be a date-time with its offset"));
            }

            from = at;
        }

        if (context.Request.Query.Keys.FirstOrDefault(k => k is not ("stream" or "initialRecordTime")) is { } extra)
        {
            return Problems.ToHttp(new InvalidInput(extra, $"'{extra}' is not a parameter of a WebSocket subscription (stream, initialRecordTime)"));
        }

        if (!NamedQueries.Parse(query.Definition, []).TryGet(out var parsed, out var invalid))
        {
            return Problems.ToHttp(invalid);
        }

        parsed.Filter.Order = EpcisOrder.Capture;
        if (from is { } start)
        {
            parsed.Filter.RecordTimeFrom = Timestamp.ToText(start);
        }

        long cursor;
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            cursor = from is null ? await EpcisQueries.LastSeqAsync(connection, cancellationToken) : 0;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var closed = socket.ReceiveAsync(new byte[256], cancellationToken);
        while (socket.State == WebSocketState.Open && !closed.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            var wake = shop.Database.Commits.Next;
            IReadOnlyList<EpcisEventRow> rows;
            await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
            {
                rows = await EpcisQueries.QueryAsync(connection, parsed.Filter, cursor, Batch, cancellationToken);
            }

            if (rows.Count > 0)
            {
                var body = Encoding.UTF8.GetBytes(new QueryEpcis.Page(shop, rows, query.Name, null).Json());
                await socket.SendAsync(body, WebSocketMessageType.Text, true, cancellationToken);
                cursor = rows[^1].Seq;
                continue;
            }

            await Task.WhenAny(closed, LedgerSignal.WaitAsync(wake, Poll, cancellationToken));
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        return Results.Empty;
    }

    private static async Task<IResult> CreateEndpointAsync([Microsoft.AspNetCore.Mvc.FromRoute(Name = "id")] string name, HttpRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        if (!(await EpcisApi.JsonBodyAsync(request, cancellationToken)).TryGet(out var body, out var unreadable))
        {
            return Problems.ToHttp(unreadable);
        }

        if (!Read(body).TryGet(out var asked, out var invalid))
        {
            return Problems.ToHttp(invalid);
        }

        if (!(await SubscribeAsync(shop, AccessPolicy.ActorOf(user), name, asked, cancellationToken)).TryGet(out var created, out var error))
        {
            return Problems.ToHttp(error);
        }

        return TypedResults.Created($"{request.PathBase}/epcis/queries/{name}/subscriptions/{created.Id}", await ViewAsync(shop, created, cancellationToken));
    }

    private static async Task<IResult> ListAsync([Microsoft.AspNetCore.Mvc.FromRoute(Name = "id")] string name, HttpRequest request, Shop shop, CancellationToken cancellationToken)
    {
        if (!(await NamedQueries.FindAsync(shop, name, cancellationToken)).TryGet(out _, out var missing))
        {
            return Problems.ToHttp(missing);
        }

        if (!EpcisPaging.Read(request).TryGet(out var page, out var error))
        {
            return Problems.ToHttp(error);
        }

        IReadOnlyList<StoredSubscription> found;
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            found = await EpcisQueryStore.SubscriptionsAsync(connection, null, name, page.After, page.PerPage + 1, cancellationToken);
        }

        if (found.Count > page.PerPage)
        {
            EpcisPaging.LinkNext(request, page.PerPage, found[page.PerPage - 1].Id);
        }

        var views = new JsonArray();
        foreach (var s in found.Take(page.PerPage))
        {
            views.Add(await ViewAsync(shop, s, cancellationToken));
        }

        return TypedResults.Json(views);
    }

    private static async Task<IResult> ReadAsync(string name, string id, Shop shop, CancellationToken cancellationToken) =>
        (await FindAsync(shop, name, id, cancellationToken)).TryGet(out var found, out var error)
            ? TypedResults.Json(await ViewAsync(shop, found, cancellationToken))
            : Problems.ToHttp(error);

    private static async Task<IResult> DeleteEndpointAsync(string name, string id, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        (await UnsubscribeAsync(shop, AccessPolicy.ActorOf(user), AccessPolicy.May(user, Role.Admin), name, id, cancellationToken)).TryGet(out _, out var error)
            ? TypedResults.NoContent()
            : Problems.ToHttp(error);

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
