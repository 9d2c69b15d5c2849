using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Common;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Epcis;

/// <summary>
/// The capture jobs of the EPCIS REST binding (issue 17): <c>POST /epcis/capture</c> reads and checks the document while the
/// client waits, stores it as a job and answers <c>202 Accepted</c> with <c>Location: /epcis/capture/{captureID}</c>; this
/// runner then captures it, one job after another in the order accepted. A job accepted is never lost: its document is in
/// the database before the 202 is sent, its result is written in the same transaction as its events, and a server that
/// starts (after a kill -9 too) runs every job that has no result yet. With <c>GS1-Capture-Error-Behaviour: rollback</c>
/// (the default) a document with any invalid event is refused whole (400); with <c>proceed</c> its valid events are captured
/// and each invalid one is listed in the job's <c>errors</c> with its position.
/// </summary>
public sealed class CaptureJobs(Shop shop, ILogger<CaptureJobs> logger) : BackgroundService
{
    public enum Behaviour { Rollback, Proceed }

    /// <summary>What <see cref="AcceptAsync"/> stored: the job's id and its document as first shown (running).</summary>
    public sealed record Accepted(string Id, JsonObject Job);

    /// <summary>Tries of a job whose capture throws (the database restarting) before it is finished as an implementation error.</summary>
    private const int Attempts = 5;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private readonly Channel<(string Id, EpcisReadResult? Read)> _queue = Channel.CreateUnbounded<(string, EpcisReadResult?)>(new UnboundedChannelOptions { SingleReader = true });

    public static string NameOf(Behaviour behaviour) => behaviour == Behaviour.Proceed ? "proceed" : "rollback";

    /// <summary>
    /// Reads and checks the document; stores it as a job when it can be captured (wholly, or for <c>proceed</c> at least in
    /// part). A document that cannot is refused as the synchronous capture refuses it, and nothing is stored.
    /// </summary>
    public async Task<Result<Accepted>> AcceptAsync(string actor, CaptureEpcis.Request request, Behaviour behaviour, CancellationToken cancellationToken)
    {
        var read = CaptureEpcis.Read(request);
        var capturable = behaviour == Behaviour.Proceed ? read.Document ?? read.ValidPart : read.Document;
        if (capturable is null)
        {
            return CaptureEpcis.Refusal(read, request.MaxEvents)!;
        }

        // The limit counts every event sent, the refused ones too: it is the size of the request.
        if (CaptureEpcis.TooMany(EventsSent(read), request.MaxEvents) is { } tooMany)
        {
            return tooMany;
        }

        var job = new CaptureJobAccepted(
            "capture-" + Guid.CreateVersion7().ToString("N"), shop.Clock.GetUtcNow(), actor, CaptureEpcis.IsXml(request) ? "xml" : "json", request.Lenient, NameOf(behaviour));
        await CaptureJobStore.AcceptAsync(shop.Database, job, request.Document, cancellationToken);
        _queue.Writer.TryWrite((job.Id, read));
        return new Accepted(job.Id, View(new StoredCaptureJob(job.Id, Timestamp.ToText(job.CreatedAt), actor, job.Syntax, job.Lenient, job.Behaviour, null)));
    }

    /// <summary>Every event of the document, those that failed to read included.</summary>
    private static int EventsSent(EpcisReadResult read) =>
        (read.Document ?? read.ValidPart)!.Events.Count + Refused(read);

    /// <summary>How many events of the document failed to read (each counted once, whatever its number of problems).</summary>
    private static int Refused(EpcisReadResult read) => read.Errors.Select(e => e.EventIndex).Where(i => i is not null).Distinct().Count();

    public static async Task<JsonObject?> FindAsync(Shop shop, string id, CancellationToken cancellationToken) =>
        await CaptureJobStore.FindAsync(shop.Database, id, cancellationToken) is { } job ? View(job) : null;

    /// <summary>
    /// A job as the binding's <c>CaptureJob</c> shows it: <c>captureID</c>, <c>createdAt</c>, <c>finishedAt</c>, <c>running</c>,
    /// <c>success</c>, <c>captureErrorBehaviour</c>, <c>errors</c> (RFC 9457 problems), and this server's <c>counts</c>.
    /// </summary>
    public static JsonObject View(StoredCaptureJob job)
    {
        var view = new JsonObject
        {
            ["captureID"] = job.Id,
            ["createdAt"] = job.CreatedAt,
        };
        if (job.Result is { } result)
        {
            view["finishedAt"] = result.FinishedAt;
        }

        view["running"] = job.Result is null;
        view["success"] = job.Result?.Success ?? true;
        view["captureErrorBehaviour"] = job.Behaviour;
        view["errors"] = job.Result is null ? new JsonArray() : JsonNode.Parse(job.Result.Errors);
        if (job.Result is not null)
        {
            view["counts"] = JsonNode.Parse(job.Result.Counts);
        }

        return view;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            // What an earlier run of the server accepted and did not finish, before anything accepted from now on.
            foreach (var id in await UnfinishedAsync(stoppingToken))
            {
                _queue.Writer.TryWrite((id, null));
            }

            await foreach (var (id, read) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunWithRetriesAsync(id, read, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: unfinished jobs run at the next start.
        }
    }

    private async Task<IReadOnlyList<string>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CaptureJobStore.UnfinishedAsync(shop.Database, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "listing unfinished capture jobs failed: {Problem}; retrying in {Seconds} s", e.Message, RetryAfter.TotalSeconds);
                await Task.Delay(RetryAfter * Math.Min(attempt, 10), cancellationToken);
            }
        }
    }

    private async Task RunWithRetriesAsync(string id, EpcisReadResult? read, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunAsync(id, read, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "capture job {Job} failed (attempt {Attempt} of {Attempts}): {Problem}", id, attempt, Attempts, e.Message);
                if (attempt == Attempts)
                {
                    await FailAsync(id, e, cancellationToken);
                    return;
                }

                await Task.Delay(RetryAfter * attempt, cancellationToken);
            }
        }
    }

    /// <summary>Captures one job: the document read again when the job comes from an earlier run; nothing when it is finished.</summary>
    public async Task RunAsync(string id, EpcisReadResult? read, CancellationToken cancellationToken)
    {
        var job = await CaptureJobStore.FindAsync(shop.Database, id, cancellationToken);
        if (job is null || job.Result is not null)
        {
            return;
        }

        if (read is null)
        {
            if (await CaptureJobStore.DocumentAsync(shop.Database, id, cancellationToken) is not { } text)
            {
                return;
            }

            read = CaptureEpcis.Read(new CaptureEpcis.Request(text, job.Syntax == "xml" ? CaptureEpcis.Syntax.Xml : CaptureEpcis.Syntax.Json, job.Lenient));
        }

        var document = job.Behaviour == NameOf(Behaviour.Proceed) ? read.Document ?? read.ValidPart : read.Document;
        var errors = Problems(read);
        var refused = Refused(read);
        var empty = new EpcisDocument { Kind = EpcisDocumentKind.Document, Events = [] };
        await CaptureEpcis.StoreAsync(
            shop,
            job.Actor,
            document ?? empty,
            job.Syntax == "xml",
            Steps(id, (write, captured) => new CaptureJobFinished(id, write.Now, errors.Count == 0, errors.ToJsonString(), Counts(captured, refused).ToJsonString())),
            cancellationToken);
    }

    /// <summary>A job's part of its capture: nothing when another run finished it already, else its result before the commit.</summary>
    private static CaptureEpcis.JobSteps Steps(string id, Func<Data.WriteTransaction, CaptureEpcis.Response, CaptureJobFinished> result) =>
        new(
            async (write, ct) => !await CaptureJobStore.IsFinishedAsync(write, id, ct),
            (write, captured, ct) => CaptureJobStore.FinishAsync(write, result(write, captured), ct));

    /// <summary>A job that kept failing ends with the binding's ImplementationException: its events were not captured.</summary>
    private async Task FailAsync(string id, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            var problem = Problem("epcisException:ImplementationException", "The capture failed", 500, $"the capture failed {Attempts} times; the last time: {exception.Message}", null);
            await CaptureEpcis.StoreAsync(
                shop,
                "system",
                new EpcisDocument { Kind = EpcisDocumentKind.Document, Events = [] },
                false,
                Steps(id, (write, _) => new CaptureJobFinished(id, write.Now, false, new JsonArray(problem).ToJsonString(), "{}")),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "capture job {Job} could not be marked failed: {Problem}; it runs again at the next start", id, e.Message);
        }
    }

    /// <summary>One problem per error in a refused event (at most <see cref="CaptureEpcis.MaxProblemsListed"/>), with its position.</summary>
    private static JsonArray Problems(EpcisReadResult read) =>
        new(read.Document is not null
            ? []
            : read.Errors.Take(CaptureEpcis.MaxProblemsListed)
                .Select(e => (JsonNode)Problem("epcisException:ValidationException", "An event is invalid", 400, $"{e.Location}: {e.Message}", e))
                .ToArray());

    private static JsonObject Problem(string type, string title, int status, string detail, EpcisError? error)
    {
        var problem = new JsonObject { ["type"] = type, ["title"] = title, ["status"] = status, ["detail"] = detail };
        if (error is not null)
        {
            problem["eventIndex"] = error.EventIndex;
            problem["location"] = error.Location;
        }

        return problem;
    }

    private static JsonObject Counts(CaptureEpcis.Response captured, int refused) => new()
    {
        ["events"] = captured.Events + refused,
        ["captured"] = captured.Captured,
        ["duplicates"] = captured.Duplicates,
        ["declaredErroneous"] = captured.DeclaredErroneous,
        ["refused"] = refused,
        ["masterData"] = captured.MasterData,
        ["conflicts"] = new JsonArray(captured.Conflicts.Select(c => (JsonNode)c).ToArray()),
    };

    /// <summary>The job list of <c>GET /epcis/capture</c>, oldest first, from after <paramref name="after"/> (a job id).</summary>
    public static async Task<IReadOnlyList<StoredCaptureJob>> ListAsync(Shop shop, string? after, int limit, CancellationToken cancellationToken)
    {
        string? afterCreatedAt = null;
        if (after is not null)
        {
            afterCreatedAt = (await CaptureJobStore.FindAsync(shop.Database, after, cancellationToken))?.CreatedAt ?? "";
        }

        return await CaptureJobStore.ListAsync(shop.Database, afterCreatedAt, after, limit, cancellationToken);
    }
}
