using Tracewright.Bench;

namespace Tracewright.Tests.Bench;

/// <summary>
/// The benchmark harness at its smallest size, so every benchmark keeps compiling and running: each section must come back
/// with figures and none may fail. No figure is judged (no timing assertions); that is what bench/run.sh is for. Below
/// <c>--quick</c> (1,000 records, each figure measured once): that every benchmark runs is proven by one run of each.
/// </summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task EveryBenchmark_RunsAtTheQuickSize_AndWritesItsSection()
    {
        var folder = Directory.CreateTempSubdirectory("tracewright-bench-").FullName;
        try
        {
            var options = BenchOptions.Quickly(folder) with { Sizes = [1_000], Repeat = 1, Postgres = Environment.GetEnvironmentVariable("TRACEWRIGHT_TEST_PG") };
            using var log = new StringWriter();
            var (report, failed) = await Benchmarks.RunAsync(options, log, default);

            Assert.True(failed == 0, $"{failed} benchmark(s) failed:\n{log}");
            Assert.Equal(report, await File.ReadAllTextAsync(options.Output));
            foreach (var benchmark in Benchmarks.All)
            {
                Assert.Contains($"## {benchmark.Title}", report, StringComparison.Ordinal);
            }

            Assert.Contains("| bulk native ingest | 1,000 records |", report, StringComparison.Ordinal);
            Assert.Contains("| bare INSERT of the same ledger rows", report, StringComparison.Ordinal);
            Assert.Contains("## Machine", report, StringComparison.Ordinal);
            Assert.DoesNotContain("FAILED", report, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
