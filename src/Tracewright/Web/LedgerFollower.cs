namespace Tracewright.Web;

/// <summary>
/// Keeps this server's in-memory genealogy in step with the shared ledger while nobody is tracing: starts the index
/// as the server starts (from the newest genealogy snapshot; the log says how long it took), then applies what any
/// writer appends — this server, the command line, other servers on the same PostgreSQL — as it is committed, and
/// stores a new snapshot now and then so the next start replays little. Traces still catch up first, so a trace never
/// misses a record; this only moves the work out of the request. A failure (database restarting) is logged and
/// retried, never stops the server.
/// </summary>
public sealed class LedgerFollower(Shop shop, ILogger<LedgerFollower> logger) : BackgroundService
{
    /// <summary>How often SQLite is asked for new records, and PostgreSQL's fallback if a notification is lost.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and migrations run) before the first load.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await shop.Database.FollowLedgerAsync(CatchUpAsync, Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "following the ledger failed: {Problem}; retrying in {Seconds} s", e.Message, RetryAfter.TotalSeconds);
                try
                {
                    await Task.Delay(RetryAfter, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var starting = shop.GenealogyStart is null;
        await shop.GenealogyAsync(cancellationToken);
        if (starting)
        {
            logger.LogInformation("{Start}", shop.GenealogyStart?.Describe());
        }

        if (await shop.SnapshotGenealogyWhenDueAsync(cancellationToken) is { } saved)
        {
            logger.LogInformation("genealogy snapshot stored at record {Seq} ({Bytes} bytes)", saved.Seq, saved.Bytes);
        }
    }
}
