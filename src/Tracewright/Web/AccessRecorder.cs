using System.Collections.Concurrent;
using Tracewright.Data.Access;

namespace Tracewright.Web;

/// <summary>
/// Writes the access log (<see cref="AccessLog"/>) for the web application: every sign-in, failed sign-in and sign-out,
/// and API token use. Token use, refused tokens and throttled sign-ins are counted summaries: one row a minute per token
/// (or, for sign-ins, per address), whose detail counts the attempts of the minute before that were not written one by one — so a
/// busy machine or a guessing script does not write a row per request, and the log still says how many there were.
/// </summary>
public sealed class AccessRecorder(Shop shop, ILogger<AccessRecorder> logger)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    private const int PruneAbove = 10_000;

    /// <summary>How long an answer waits for its access-log row (real time, not the shop's clock).</summary>
    private static readonly TimeSpan WaitForRow = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(AccessEvent, string, string?), Noted> _noted = new();

    private readonly ConcurrentDictionary<Task, byte> _writing = new();

    /// <summary>Done when every row begun so far is written (a failed sign-in's answer does not wait for its row).</summary>
    public Task WrittenAsync() => Task.WhenAll(_writing.Keys);

    /// <summary>Records one access. The write is not cancelled with the request: a client that goes away is still logged.</summary>
    public Task RecordAsync(HttpContext context, AccessEvent e, string who, string? detail = null) =>
        RecordAsync(context, e, who, () => Task.FromResult(who), detail);

    /// <summary>
    /// Records what a flood from many addresses is made of — a sign-in under a name that is no user's, a sign-in refused
    /// because the server was busy hashing — as one counted row a minute <em>whatever the address</em> (the row names the
    /// address of the first): made-up names from thousands of addresses write a row a minute, not a row each.
    /// </summary>
    public Task RecordFloodAsync(HttpContext context, AccessEvent e, string key, string who, string detail) =>
        RecordAsync(context, e, key, () => Task.FromResult(who), detail, anyAddress: true);

    /// <summary>
    /// Records one access under <paramref name="key"/>; <paramref name="who"/> (which may read the database) is asked
    /// only when a row is written, so a flood of throttled sign-ins costs no query beyond one a minute.
    /// </summary>
    public async Task RecordAsync(HttpContext context, AccessEvent e, string key, Func<Task<string>> who, string? detail = null, bool anyAddress = false)
    {
        var now = shop.Clock.GetUtcNow();
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (anyAddress || e is AccessEvent.TokenUsed or AccessEvent.TokenRefused or AccessEvent.SignInThrottled)
        {
            if (_noted.Count > PruneAbove)
            {
                // Keys whose minute is over hold no count worth keeping (a count is written with the next row of its key).
                foreach (var (stale, entry) in _noted)
                {
                    if (entry.Last is { } at && now - at >= Quiet && entry.Unwritten == 0)
                    {
                        _noted.TryRemove(stale, out _);
                    }
                }
            }

            var noted = _noted.GetOrAdd((e, key, anyAddress ? "*" : remote), _ => new Noted());
            int unwritten;
            lock (noted)
            {
                if (noted.Last is { } last && now - last < Quiet)
                {
                    noted.Unwritten++;
                    return;
                }

                unwritten = noted.Unwritten;
                noted.Last = now;
                noted.Unwritten = 0;
            }

            if (unwritten > 0)
            {
                var count = $"and {unwritten} more in the minute before, counted here rather than written one by one";
                detail = detail is null ? count : $"{detail}; {count}";
            }
        }

        var name = await who();
        // On the thread pool: Microsoft.Data.Sqlite's "async" commands run synchronously, busy-waiting on the lock.
        var write = Task.Run(() => AppendAsync(now, e, name, remote, detail));
        _writing.TryAdd(write, 0);
        _ = write.ContinueWith(done => _writing.TryRemove(done, out _), TaskScheduler.Default);
        if (e is AccessEvent.SignInFailed)
        {
            // A failed sign-in is answered without waiting for its row: a real name's failure is a row each and a made-up
            // name's is counted, and waiting for the one but not the other would tell by the time which names exist.
            return;
        }

        // Normally the row is written before the answer. While another write holds SQLite's one write lock (a long
        // import, a backup) the answer does not queue behind it: the row is written as soon as the lock is free.
        await Task.WhenAny(write, Task.Delay(WaitForRow));
    }

    private async Task AppendAsync(DateTimeOffset at, AccessEvent e, string who, string? remote, string? detail)
    {
        try
        {
            await AccessLog.AppendAsync(shop.Database, at, e, who, remote, detail, CancellationToken.None);
        }
        catch (Exception failure) when (failure is System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // A row that cannot be written (the server stopping, a database gone) must not fail the sign-in it records.
            logger.LogError(failure, "access log entry {Event} for {Who} from {Remote} not written", e, who, remote);
        }
    }

    private sealed class Noted
    {
        public DateTimeOffset? Last { get; set; }

        public int Unwritten { get; set; }
    }
}
