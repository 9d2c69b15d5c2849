using Tracewright.Bench.Support;

namespace Tracewright.Bench;

/// <summary>What every benchmark gets: the options, the shared datasets, scratch databases and a log for progress.</summary>
public sealed class BenchContext
{
    public BenchContext(BenchOptions options, TextWriter log)
    {
        Options = options;
        Log = log;
        Directory.CreateDirectory(options.DataFolder);
        Datasets = new Datasets(this);
        Scratch = new Scratch(this);
    }

    public BenchOptions Options { get; }

    public TextWriter Log { get; }

    /// <summary>Generated plants at a size, made once and reused by every benchmark (and by later runs).</summary>
    public Datasets Datasets { get; }

    /// <summary>Fresh, empty databases for benchmarks that write.</summary>
    public Scratch Scratch { get; }

    public IReadOnlyList<long> Sizes => Options.Sizes;

    public int Repeat => Options.Repeat;

    public bool HasPostgres => Options.Postgres is not null;

    /// <summary>The size in the report's words: "1M records", "2,000 records".</summary>
    public static string SizeText(long events) => events switch
    {
        >= 1_000_000 when events % 1_000_000 == 0 => $"{events / 1_000_000}M records",
        >= 1_000 when events % 1_000 == 0 && events >= 100_000 => $"{events / 1_000}k records",
        _ => $"{events:N0} records",
    };

    public void Say(string line) => Log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
