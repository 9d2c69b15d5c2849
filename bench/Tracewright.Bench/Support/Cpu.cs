using System.Diagnostics;

namespace Tracewright.Bench.Support;

/// <summary>CPU time used by this process (every thread), to report work per CPU-second beside work per second.</summary>
public static class Cpu
{
    public static TimeSpan Now()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>CPU seconds since <paramref name="start"/> (from <see cref="Now"/>).</summary>
    public static double Since(TimeSpan start) => Math.Max((Now() - start).TotalSeconds, 1e-9);
}
