namespace Tracewright.Web;

/// <summary>
/// Keeps this server's in-memory genealogy in step with the shared ledger while nobody is tracing: loads it at
/// start, then applies what any writer appends (this server, the command line, other servers on the same
/// PostgreSQL) as it is committed. Traces still catch up first, so a trace never misses a record; this only
/// moves the work out of the request. A failure (database restarting) is logged and retried.
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
                await shop.Database.FollowLedgerAsync(async ct => await shop.GenealogyAsync(ct), Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "following the ledger failed; retrying in {Seconds} s", RetryAfter.TotalSeconds);
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
}
