using System.Collections.Concurrent;

namespace Tracewright.Web;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed sign-ins for one name within
/// <see cref="Window"/>, that name is refused (429) until the oldest failure ages out. Kept in memory: a
/// restart forgets it, which costs an attacker a restart per five guesses.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long to wait before trying again, or null when a try is allowed now.</summary>
    public TimeSpan? RetryAfter(string user)
    {
        if (!_failures.TryGetValue(Key(user), out var queue))
        {
            return null;
        }

        lock (queue)
        {
            var now = clock.GetUtcNow();
            while (queue.Count > 0 && now - queue.Peek() >= Window)
            {
                queue.Dequeue();
            }

            return queue.Count >= MaxFailures ? queue.Peek() + Window - now : null;
        }
    }

    public void Failed(string user)
    {
        var queue = _failures.GetOrAdd(Key(user), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            queue.Enqueue(clock.GetUtcNow());
        }
    }

    public void Succeeded(string user) => _failures.TryRemove(Key(user), out _);

    private static string Key(string user) => user.Trim();
}
