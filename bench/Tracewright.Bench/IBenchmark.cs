namespace Tracewright.Bench;

/// <summary>
/// One benchmark of BENCHMARKS.md: a section of figures, each measured side by side with its limit in the same run on the
/// same data. Add a benchmark by writing a class that implements this and listing it in <see cref="Benchmarks.All"/>.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short name for <c>--only</c> (<c>ingest</c>, <c>pg-ingest</c>, …).</summary>
    string Key { get; }

    /// <summary>The section heading, numbered as in issue #7 (<c>1. Ingest (SQLite)</c>).</summary>
    string Title { get; }

    Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken);
}

/// <summary>What a benchmark measured: its rows and the notes that explain them (what limits a figure, what was skipped).</summary>
public sealed record BenchSection(string Title, IReadOnlyList<BenchRow> Rows, IReadOnlyList<string> Notes);

/// <summary>Whether a figure meets its target; <see cref="None"/> for figures that have none (limits, baselines).</summary>
public enum Verdict { None, Met, Missed }

/// <summary>
/// One figure: what it is, at which size, its repeated measurements, their unit, the limit it is compared with (already
/// formatted, e.g. "bare INSERT 410,000 rows/s"), the target and the verdict.
/// </summary>
public sealed record BenchRow(string Figure, string Size, Samples Values, string Unit, string? Limit = null, string? Target = null, Verdict Verdict = Verdict.None, string? Note = null);
