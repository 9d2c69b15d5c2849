using Tracewright.Bench.Support;
using Tracewright.Data.Materials;
using Tracewright.Data.Trace;
using Tracewright.Domain.Materials;

namespace Tracewright.Bench.Trace;

/// <summary>
/// Issue #7, item 3: a recall end to end, as a person runs it — <c>tracewright recall ID --xlsx FILE</c> from starting the
/// process to the spreadsheet written and the process gone: the demo shop's PLA-0424-01, and the generated plant's hot-spot
/// heat. The limit beside it is the same process doing nothing (<c>tracewright --help</c>).
/// </summary>
public sealed class RecallBenchmark : IBenchmark
{
    public string Key => "recall";

    public string Title => "3. Recall end to end (SQLite)";

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        var notes = new List<string>
        {
            $"Each run is a new process of {CliProcess.Describe(context)}: open the database, start the genealogy index (from its snapshot), resolve the lot or heat, trace, read every affected record, write the XLSX, exit.",
            "Limit: `tracewright --help`, the same process start with no work; what is left above it is the recall itself.",
        };
        var xlsx = Path.Combine(context.Options.DataFolder, "scratch", "recall.xlsx");
        var idle = new List<double>();
        for (var run = 0; run < context.Repeat; run++)
        {
            idle.Add((await CliProcess.SucceedAsync(context, ["--help"], cancellationToken)).Seconds);
        }

        var idleText = $"`tracewright --help` {Samples.Format(Samples.Of(idle).Median)} s";

        var demo = context.Scratch.SqlitePath("recall-demo");
        await CliProcess.SucceedAsync(context, ["demo", "--db", demo], cancellationToken);
        rows.Add(await RecallAsync(context, demo, "PLA-0424-01", "the demo shop's recall of PLA-0424-01", "demo shop", idleText, (1, "< 1 s"), xlsx, cancellationToken));
        Scratch.Delete(demo);

        foreach (var size in context.Sizes)
        {
            var dataset = await context.Datasets.SqliteAsync(size, cancellationToken);
            // The index starts from a snapshot, as it would on any shop that has run before.
            await using (var database = dataset.Open())
            {
                await GenealogyLoader.StartAsync(database, TimeProvider.System, snapshotAfter: 1, cancellationToken);
            }

            var target = size >= 10_000_000 ? (5, "< 5 s") : ((double?)null, "< 5 s (at 10M)");
            if (await TypicalLotAsync(dataset, cancellationToken) is { } lot)
            {
                rows.Add(await RecallAsync(context, dataset.Target, lot, $"recall of a delivered lot ({lot})", BenchContext.SizeText(size), idleText, target, xlsx, cancellationToken));
            }

            rows.Add(await RecallAsync(context, dataset.Target, dataset.Starts.HotHeat, $"recall of the hot-spot heat {dataset.Starts.HotHeat}", BenchContext.SizeText(size), idleText,
                target, xlsx, cancellationToken));
        }

        return new BenchSection(Title, rows, notes);
    }

    /// <summary>A lot delivered from outside, not of the hot heat, from the middle of the sample: what a supplier's notice usually names.</summary>
    private static async Task<string?> TypicalLotAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        await using var database = dataset.Open();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var sample = dataset.Starts.SampleLots.Select(l => l["lot:".Length..]).ToList();
        foreach (var id in sample.Skip(sample.Count / 2).Concat(sample.Take(sample.Count / 2)))
        {
            var lot = await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(id).Value, cancellationToken);
            if (lot is { Origin: LotOrigin.Received } && lot.Heat?.Value != dataset.Starts.HotHeat)
            {
                return id;
            }
        }

        return null;
    }

    private static async Task<BenchRow> RecallAsync(BenchContext context, string database, string id, string what, string size, string idle, (double? Seconds, string Text) target, string xlsx, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        var summary = "";
        for (var run = 0; run < context.Repeat; run++)
        {
            context.Say($"{what}, run {run + 1}/{context.Repeat}");
            File.Delete(xlsx);
            var ran = await CliProcess.SucceedAsync(context, ["recall", id, "--xlsx", xlsx, "--db", database], cancellationToken);
            if (!File.Exists(xlsx))
            {
                throw new InvalidOperationException($"recall {id} wrote no spreadsheet: {ran.Output}");
            }

            times.Add(ran.Seconds);
            summary = ran.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        }

        var samples = Samples.Of(times);
        var verdict = target.Seconds is not { } seconds ? Verdict.None : samples.Median < seconds ? Verdict.Met : Verdict.Missed;
        return new BenchRow($"{what}, process start to XLSX written", size, samples, "s", idle, target.Text, verdict, summary.Length > 120 ? summary[..120] + "…" : summary);
    }
}
