using System.Diagnostics;
using Tracewright.Bench.Ingest;
using Tracewright.Bench.Support;
using Tracewright.Bench.Trace;

namespace Tracewright.Bench;

/// <summary>Every benchmark, in report order, and the one way to run them and write the report.</summary>
public static class Benchmarks
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new SqliteIngestBenchmark(),
        new HttpCaptureBenchmark(),
        new TraceBenchmark(postgres: false),
        new RecallBenchmark(),
        new IndexStartBenchmark(postgres: false),
        new HttpTraceBenchmark(),
        new PostgresIngestBenchmark(),
        new TraceBenchmark(postgres: true),
        new IndexStartBenchmark(postgres: true),
        new Epcis.QueryBenchmark(postgres: false),
        new Epcis.QueryBenchmark(postgres: true),
        new Epcis.SubscriptionBenchmark(),
    ];

    /// <summary>Runs the selected benchmarks and writes the report; a benchmark that fails is reported as failed, and the run goes on.</summary>
    public static async Task<(string Report, int Failed)> RunAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var context = new BenchContext(options, log);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var loadBefore = Machine.LoadAverage();
        var machine = await Machine.DescribeAsync(context, cancellationToken);
        var sections = new List<BenchSection>();
        var failed = 0;
        foreach (var benchmark in All.Where(b => options.Only.Count == 0 || options.Only.Contains(b.Key, StringComparer.OrdinalIgnoreCase)))
        {
            context.Say($"— {benchmark.Title}");
            try
            {
                sections.Add(await benchmark.RunAsync(context, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                log.WriteLine(e);
                sections.Add(new BenchSection(benchmark.Title, [], [$"**FAILED**: {e.GetType().Name}: {e.Message}"]));
            }
        }

        var report = Report.Render(options, machine, started, clock.Elapsed, loadBefore, Machine.LoadAverage(), sections);
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.Output));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(options.Output, report, cancellationToken);
        context.Say($"wrote {options.Output}");
        return (report, failed);
    }
}
