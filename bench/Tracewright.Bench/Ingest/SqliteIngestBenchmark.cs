using System.Diagnostics;
using Tracewright.Bench.Support;
using Tracewright.Data;
using Tracewright.Features.Epcis;
using Tracewright.Features.Generate;

namespace Tracewright.Bench.Ingest;

/// <summary>
/// Issue #7, item 1 on SQLite: bulk native ingest (the generator into a fresh file through the store), bulk EPCIS import of
/// the same plant as a document, and their limit — the same ledger rows inserted bare in one transaction on the same disk.
/// </summary>
public sealed class SqliteIngestBenchmark : IBenchmark
{
    /// <summary>The target for bulk ingest.</summary>
    public const double Target = 100_000;

    /// <summary>
    /// EPCIS documents above this many records are not made: import reads a whole document into memory and refuses one over
    /// 64 Mi characters (<c>EpcisReadOptions.MaxCharacters</c>); the generated plant takes about 600 characters a record.
    /// </summary>
    public const long EpcisCap = 100_000;

    public string Key => "ingest";

    public string Title => "1. Ingest (SQLite)";

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        var notes = new List<string>
        {
            $"Bulk native: `tracewright generate` into a new SQLite file — the records made by the generator, hash-chained, stored with every derived table, committed durably every {GenerateGenealogy.DefaultBatch:N0} records. The time includes making the records; the generator alone is shown for comparison.",
            "Per CPU-second: records divided by the CPU time the process used meanwhile (all its threads: JIT, GC, SQLite), which a busy machine does not inflate the way it inflates wall-clock time. Every run after the first in a process is warm (compiled code, no start-up).",
            "Bare INSERT (the limit): the same ledger rows (read back from the generated file) inserted into a one-table SQLite file by one statement prepared once and bound and stepped through the engine's own API (the fastest way in; the product's write path does the same), in one transaction, WAL and synchronous=FULL like the product.",
            $"EPCIS import: `tracewright import` of the same plant written by `generate --out` (at most {EpcisCap:N0} records: the importer reads a whole document into memory and takes at most 64 Mi characters), into a new file, timed from reading the file to the commit. Counted in EPCIS events (records that move no material, such as customer registrations, have no EPCIS event).",
        };
        foreach (var size in context.Sizes)
        {
            var sizeText = BenchContext.SizeText(size);
            var dataset = await context.Datasets.SqliteAsync(size, cancellationToken);
            notes.Add(await WriteAmplification.DescribeAsync(dataset, cancellationToken));

            var generator = new List<double>();
            var native = new List<double>();
            var nativeCpu = new List<double>();
            for (var run = 0; run < context.Repeat; run++)
            {
                var clock = Stopwatch.StartNew();
                var count = new PlantGenerator(size, Datasets.Seed).Records().LongCount();
                generator.Add(count / clock.Elapsed.TotalSeconds);

                var path = context.Scratch.SqlitePath($"ingest-{size}");
                context.Say($"bulk native ingest of {sizeText}, run {run + 1}/{context.Repeat}");
                var cpu = Cpu.Now();
                var written = await Generate.IntoAsync(path, size, Datasets.Seed, cancellationToken);
                native.Add(written.Events / written.Seconds);
                nativeCpu.Add(written.Events / Cpu.Since(cpu));
                Scratch.Delete(path);
            }

            context.Say($"bare INSERT of the same {sizeText}");
            var ledger = await BareInsert.ReadAsync(dataset.Open(), cancellationToken);
            var bare = new List<double>();
            var bareCpu = new List<double>();
            for (var run = 0; run < context.Repeat; run++)
            {
                var path = context.Scratch.SqlitePath($"bare-{size}");
                var cpu = Cpu.Now();
                bare.Add(ledger.Count / BareInsert.IntoSqlite(path, ledger));
                bareCpu.Add(ledger.Count / Cpu.Since(cpu));
                Scratch.Delete(path);
            }

            ledger.Clear();
            var bareMedian = Samples.Of(bare).Median;
            var nativeSamples = Samples.Of(native);
            rows.Add(new BenchRow("bare INSERT of the same ledger rows", sizeText, Samples.Of(bare), "rows/s", Note: "the limit"));
            rows.Add(new BenchRow("bulk native ingest", sizeText, nativeSamples, "records/s", $"bare INSERT {Samples.Format(bareMedian)} rows/s", "≥ 100,000 records/s",
                nativeSamples.Median >= Target ? Verdict.Met : Verdict.Missed));
            var ratio = Samples.Of(native.Select(n => n / bareMedian));
            rows.Add(new BenchRow("bulk native ÷ bare INSERT", sizeText, ratio, "×", "1.0", "≥ 0.5 (within 2×)", ratio.Median >= 0.5 ? Verdict.Met : Verdict.Missed));
            rows.Add(new BenchRow("generator alone (records made, nothing stored)", sizeText, Samples.Of(generator), "records/s"));
            rows.Add(new BenchRow("bulk native ingest, per CPU-second of the writing process", sizeText, Samples.Of(nativeCpu), "records/CPU-s", $"bare INSERT {Samples.Format(Samples.Of(bareCpu).Median)} rows/CPU-s"));

            try
            {
                rows.Add(await EpcisImportAsync(context, size, bareMedian, cancellationToken));
            }
            catch (InvalidOperationException e)
            {
                // The native figures above stand on their own; say what failed instead of losing them.
                notes.Add($"**FAILED**: EPCIS import: {e.Message}");
            }
        }

        return new BenchSection(Title, rows, notes);
    }

    private static async Task<BenchRow> EpcisImportAsync(BenchContext context, long size, double bareMedian, CancellationToken cancellationToken)
    {
        var epcisSize = Math.Min(size, EpcisCap);
        var file = await context.Datasets.EpcisFileAsync(epcisSize, cancellationToken);
        var imported = new List<double>();
        for (var run = 0; run < context.Repeat; run++)
        {
            context.Say($"EPCIS import of {BenchContext.SizeText(epcisSize)}, run {run + 1}/{context.Repeat}");
            var path = context.Scratch.SqlitePath($"import-{epcisSize}");
            await using (var database = new SqliteDatabase(path))
            {
                await database.MigrateAsync(cancellationToken);
                var clock = Stopwatch.StartNew();
                var captured = await CaptureEpcis.HandleAsync(new Shop(database, TimeProvider.System), "bench", new CaptureEpcis.Request(await File.ReadAllTextAsync(file, cancellationToken)), cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                imported.Add((captured.IsSuccess ? captured.Value.Captured : throw new InvalidOperationException(captured.Error!.Message)) / seconds);
            }

            Scratch.Delete(path);
        }

        return new BenchRow("bulk EPCIS import (`tracewright import`)", BenchContext.SizeText(epcisSize), Samples.Of(imported), "EPCIS events/s", $"bare INSERT {Samples.Format(bareMedian)} rows/s");
    }
}
