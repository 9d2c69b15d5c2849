using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Tracewright.Web;

/// <summary>
/// Slows password guessing without letting a stranger lock the owner out. Three defences, all answered 429 before any
/// password is hashed or anything written:
/// <list type="bullet">
/// <item>per name <em>and</em> client address: after <see cref="MaxFailures"/> failures within <see cref="Window"/>, that
/// name is refused from that address until the oldest failure ages out — five wrong passwords for <c>admin</c> from one
/// machine do not lock <c>admin</c> out of another (issue 16);</item>
/// <item>per client address, whatever the names: the first <see cref="AddressFreeFailures"/> failures within
/// <see cref="AddressWindow"/> are free, each one after that doubles the wait after the latest failure (1 s, 2 s, 4 s, …,
/// at most <see cref="MaxBackOff"/>), so one machine cannot walk through a list of names;</item>
/// <item>at most <see cref="ConcurrentHashes"/> passwords are hashed at once, whoever sends them: PBKDF2 is slow on
/// purpose, and a flood of sign-ins must not take every core from the shop floor (half of them at most).</item>
/// </list>
/// Kept in memory: a restart forgets it, which costs an attacker a restart per few guesses.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;

    public const int AddressFreeFailures = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan AddressWindow = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(15);

    /// <summary>A waiting sign-in gives up after this and is answered 429: the server is busy checking others.</summary>
    public static readonly TimeSpan HashQueueWait = TimeSpan.FromSeconds(2);

    /// <summary>Passwords checked a second at most, whoever sends them (a shift of fifty signing in within a minute needs one).</summary>
    public const double HashesPerSecond = 4;

    public const double HashBurst = 8;

    /// <summary>Half the cores (at least one): however many sign-ins arrive, the other half is left for the shop's work.</summary>
    public static readonly int ConcurrentHashes = Math.Max(1, Environment.ProcessorCount / 2);

    // Beyond this many names and addresses remembered, those with no failure left in their window are dropped.
    private const int PruneAbove = 50_000;

    private readonly ConcurrentDictionary<(string Name, string Address), Queue<DateTimeOffset>> _failures = new();

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _addresses = new();

    private readonly SemaphoreSlim _hashing = new(ConcurrentHashes, ConcurrentHashes);

    private readonly Lock _allowanceLock = new();

    private double _allowance = HashBurst;

    private long _allowanceAt = Stopwatch.GetTimestamp();

    /// <summary>How long to wait before trying again, or null when a try is allowed now.</summary>
    public TimeSpan? RetryAfter(string user, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        TimeSpan? wait = null;
        if (_failures.TryGetValue(Key(user, address), out var queue))
        {
            lock (queue)
            {
                Age(queue, now, Window);
                wait = queue.Count >= MaxFailures ? queue.Peek() + Window - now : null;
            }
        }

        if (_addresses.TryGetValue(AddressKey(address), out var all))
        {
            lock (all)
            {
                Age(all, now, AddressWindow);
                if (all.Count >= AddressFreeFailures)
                {
                    var backOff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, all.Count - AddressFreeFailures), MaxBackOff.TotalSeconds));
                    var until = all.Last() + backOff - now;
                    if (until > TimeSpan.Zero && (wait is null || until > wait))
                    {
                        wait = until;
                    }
                }
            }
        }

        return wait;
    }

    public void Failed(string user, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count > PruneAbove || _addresses.Count > PruneAbove)
        {
            Prune(now);
        }

        var queue = _failures.GetOrAdd(Key(user, address), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            queue.Enqueue(now);
        }

        var all = _addresses.GetOrAdd(AddressKey(address), _ => new Queue<DateTimeOffset>());
        lock (all)
        {
            all.Enqueue(now);
        }
    }

    /// <summary>A right password clears that name's failures from that address; the address keeps its count.</summary>
    public void Succeeded(string user, IPAddress? address) => _failures.TryRemove(Key(user, address), out _);

    /// <summary>
    /// A turn to hash a password, or null when <see cref="ConcurrentHashes"/> are being hashed and none finished within
    /// <see cref="HashQueueWait"/>. Dispose the turn when the hash is done.
    /// </summary>
    /// <remarks>
    /// Besides, at most <see cref="HashesPerSecond"/> turns a second are given (a burst of <see cref="HashBurst"/>), in
    /// real time: however the hashes are spread, a flood costs the server a bounded share of one core.
    /// </remarks>
    public async Task<IDisposable?> HashTurnAsync(CancellationToken cancellationToken)
    {
        var asked = Stopwatch.GetTimestamp();
        if (!await _hashing.WaitAsync(HashQueueWait, cancellationToken))
        {
            return null;
        }

        var turn = new Turn(_hashing);
        var wait = TakeHashAllowance();
        if (wait > TimeSpan.Zero)
        {
            if (Stopwatch.GetElapsedTime(asked) + wait > HashQueueWait)
            {
                GiveBackHashAllowance();
                turn.Dispose();
                return null;
            }

            // Held while waiting: the turns after this one queue behind it, in order.
            await Task.Delay(wait, cancellationToken);
        }

        return turn;
    }

    /// <summary>Takes one hash from the allowance; how long until it is there (zero: now).</summary>
    private TimeSpan TakeHashAllowance()
    {
        lock (_allowanceLock)
        {
            var now = Stopwatch.GetTimestamp();
            _allowance = Math.Min(HashBurst, _allowance + (Stopwatch.GetElapsedTime(_allowanceAt, now).TotalSeconds * HashesPerSecond));
            _allowanceAt = now;
            _allowance -= 1;
            return _allowance >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_allowance / HashesPerSecond);
        }
    }

    private void GiveBackHashAllowance()
    {
        lock (_allowanceLock)
        {
            _allowance += 1;
        }
    }

    /// <summary>
    /// Runs a password check (inside a turn) on a thread of its own, not the thread pool's: a hash holds its thread for
    /// a tenth of a second or more, and the pool's few threads are what every other request is answered on — a pool
    /// thread held by a hash is a request of the shop floor's kept waiting while the pool slowly adds another.
    /// </summary>
    public static Task<T> OffThePoolAsync<T>(Func<T> check)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                LowerThisThreadsPriority();
                done.SetResult(check());
            }
            catch (Exception failure)
            {
                done.SetException(failure);
            }
        })
        {
            IsBackground = true,
            Name = "password check",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// A little below everyone else (Linux: nice 5, about a third of a normal thread's share when the cores are busy):
    /// when a request of the shop floor and a sign-in both want a core, the request gets it first, and a sign-in on an
    /// idle server is as fast as ever. Where it cannot be set, the thread keeps the normal priority.
    /// </summary>
    private static void LowerThisThreadsPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = NativeThreads.setpriority(0, NativeThreads.gettid(), 5);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // An unusual C library: the check runs at the normal priority.
            }
        }
        else if (OperatingSystem.IsWindows())
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    private static void Age(Queue<DateTimeOffset> queue, DateTimeOffset now, TimeSpan window)
    {
        while (queue.Count > 0 && now - queue.Peek() >= window)
        {
            queue.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, queue) in _failures)
        {
            lock (queue)
            {
                Age(queue, now, Window);
                if (queue.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        foreach (var (key, queue) in _addresses)
        {
            lock (queue)
            {
                Age(queue, now, AddressWindow);
                if (queue.Count == 0)
                {
                    _addresses.TryRemove(key, out _);
                }
            }
        }
    }

    // Names compare trimmed and case-blind, as sign-in names are read.
    private static (string, string) Key(string user, IPAddress? address) => (user.Trim().ToLowerInvariant(), AddressKey(address));

    private static string AddressKey(IPAddress? address) => address is null ? "-" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private sealed class Turn(SemaphoreSlim hashing) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                hashing.Release();
            }
        }
    }
}

/// <summary>The C library calls that lower one thread's priority on Linux (a thread is a task with its own nice value).</summary>
internal static class NativeThreads
{
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    internal static extern int setpriority(int which, int who, int priority);

    [System.Runtime.InteropServices.DllImport("libc")]
    internal static extern int gettid();
}
