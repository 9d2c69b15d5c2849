using System.Globalization;

namespace Tracewright.Bench;

/// <summary>
/// What to run and at which sizes. <c>--quick</c> is the smoke size (seconds, for CI and for trying changes); the default is
/// the 1M-record run; <c>--sizes 1000000,10000000</c> adds the 10M run.
/// </summary>
public sealed record BenchOptions
{
    public IReadOnlyList<long> Sizes { get; init; } = [1_000_000];

    public int Repeat { get; init; } = 3;

    public bool Quick { get; init; }

    /// <summary>Benchmark keys to run; empty runs them all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public string Output { get; init; } = "BENCHMARKS.md";

    /// <summary>Where generated datasets are kept and reused between runs (gitignored).</summary>
    public string DataFolder { get; init; } = Path.Combine("bench", ".data");

    /// <summary>PostgreSQL for the PostgreSQL figures; none skips them (and says so in the report).</summary>
    public string? Postgres { get; init; }

    /// <summary>How long one recursive-SQL reference query may run before it is stopped and reported as "> N s".</summary>
    public TimeSpan SqlTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Free text for the report, e.g. that other work shared the machine.</summary>
    public string? Note { get; init; }

    /// <summary>The command line as typed, for the report's "reproduce with" line.</summary>
    public string Command { get; init; } = "bench/run.sh";

    public static BenchOptions Quickly(string folder) => new()
    {
        Sizes = [2_000],
        Repeat = 2,
        Quick = true,
        Output = Path.Combine(folder, "BENCHMARKS.md"),
        DataFolder = Path.Combine(folder, "data"),
    };

    /// <summary>Parses the command line; returns an error message for anything it does not understand.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new BenchOptions
        {
            Postgres = environment("TRACEWRIGHT_BENCH_PG") ?? environment("TRACEWRIGHT_TEST_PG"),
            Command = "bench/run.sh" + (args.Count == 0 ? "" : " " + string.Join(' ', args)),
        };
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                options = args[i] switch
                {
                    "--quick" => options with { Quick = true, Sizes = [2_000], Repeat = 2 },
                    "--sizes" => options with { Sizes = Value().Split(',').Select(s => long.Parse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList() },
                    "--repeat" => options with { Repeat = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--only" => options with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                    "--out" => options with { Output = Value() },
                    "--data" => options with { DataFolder = Value() },
                    "--pg" => options with { Postgres = Value() },
                    "--no-pg" => options with { Postgres = null },
                    "--note" => options with { Note = Value() },
                    "--sql-timeout" => options with { SqlTimeout = TimeSpan.FromSeconds(int.Parse(Value(), CultureInfo.InvariantCulture)) },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                return (null, e.Message);
            }
        }

        return options.SqlTimeout < TimeSpan.FromSeconds(1)
            ? (null, "--sql-timeout must be at least 1 (seconds)")
            : options.Repeat < 1 || options.Sizes.Count == 0 || options.Sizes.Any(s => s < 1_000)
            ? (null, "--repeat must be at least 1 and every size at least 1000")
            : (options, null);
    }
}
