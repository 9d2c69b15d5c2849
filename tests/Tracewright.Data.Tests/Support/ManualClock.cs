namespace Tracewright.Data.Tests.Support;

/// <summary>A clock the test sets; advances a tick on every read so recorded times are distinct and ordered.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, 10), TimeSpan.Zero);
}
