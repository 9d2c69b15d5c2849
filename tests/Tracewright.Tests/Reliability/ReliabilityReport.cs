using Xunit.Abstractions;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// The figures a reliability test measured: to the test's output, and appended to the file named by
/// TRACEWRIGHT_RELIABILITY_REPORT (tests/reliability.sh prints it at the end, for docs/RELIABILITY.md).
/// </summary>
public static class ReliabilityReport
{
    public static async Task WriteAsync(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("TRACEWRIGHT_RELIABILITY_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, line + Environment.NewLine);
        }
    }
}
