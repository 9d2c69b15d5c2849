namespace Tracewright.Web;

/// <summary>
/// Starts the genealogy index as the server starts (so the first trace does not pay for it, and the log says how
/// long it took), then keeps it caught up with what other processes append and stores a snapshot now and then.
/// Traces still catch up themselves; this only keeps that step short. A failure (the database away for a moment)
/// is logged and tried again, never stops the server.
/// </summary>
internal sealed class GenealogyKeeper(Shop shop, ILogger<GenealogyKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (shop.GenealogyStart is null)
                    {
                        await shop.GenealogyAsync(stoppingToken);
                        logger.LogInformation("{Start}", shop.GenealogyStart?.Describe());
                    }
                    else if (await shop.SnapshotGenealogyWhenDueAsync(stoppingToken) is { } saved)
                    {
                        logger.LogInformation("genealogy snapshot stored at record {Seq} ({Bytes} bytes)", saved.Seq, saved.Bytes);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "genealogy index: {Problem}; trying again in {Seconds} s", e.Message, Every.TotalSeconds);
                }

                await Task.Delay(Every, shop.Clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }
}
