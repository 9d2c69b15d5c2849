using Tracewright.Bench.Support;
using Tracewright.Data;
using Tracewright.Features.Generate;

namespace Tracewright.Bench.Ingest;

/// <summary>
/// Issue #7, item 6 for ingest: the same bulk native ingest on PostgreSQL, beside its limits — the same ledger rows inserted
/// bare (prepared INSERTs sent 1,000 per round trip, and binary COPY) in one transaction into the same server.
/// </summary>
public sealed class PostgresIngestBenchmark : IBenchmark
{
    private const string Database = "tw_bench_ingest";

    public string Key => "pg-ingest";

    public string Title => "6. Ingest (PostgreSQL)";

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (!context.HasPostgres)
        {
            return new BenchSection(Title, [], ["Skipped: no PostgreSQL (set TRACEWRIGHT_BENCH_PG or TRACEWRIGHT_TEST_PG, or pass --pg)."]);
        }

        var rows = new List<BenchRow>();
        foreach (var size in context.Sizes)
        {
            var sizeText = BenchContext.SizeText(size);
            var native = new List<double>();
            var nativeCpu = new List<double>();
            for (var run = 0; run < context.Repeat; run++)
            {
                context.Say($"bulk native ingest of {sizeText} into PostgreSQL, run {run + 1}/{context.Repeat}");
                var target = await context.Scratch.PostgresAsync(Database, cancellationToken);
                var cpu = Cpu.Now();
                var written = await Generate.IntoAsync(target, size, Datasets.Seed, cancellationToken);
                native.Add(written.Events / written.Seconds);
                nativeCpu.Add(written.Events / Cpu.Since(cpu));
            }

            var ledger = await BareInsert.ReadAsync((await context.Datasets.SqliteAsync(size, cancellationToken)).Open(), cancellationToken);
            var inserts = new List<double>();
            var copies = new List<double>();
            for (var run = 0; run < context.Repeat; run++)
            {
                context.Say($"bare INSERT and COPY of the same {sizeText} into PostgreSQL, run {run + 1}/{context.Repeat}");
                inserts.Add(ledger.Count / await BareInsert.IntoPostgresAsync(await context.Scratch.PostgresAsync(Database, cancellationToken), ledger, copy: false, cancellationToken));
                copies.Add(ledger.Count / await BareInsert.IntoPostgresAsync(await context.Scratch.PostgresAsync(Database, cancellationToken), ledger, copy: true, cancellationToken));
            }

            await context.Scratch.DropPostgresAsync(Database, cancellationToken);
            var insertMedian = Samples.Of(inserts).Median;
            var nativeSamples = Samples.Of(native);
            rows.Add(new BenchRow("bare COPY (binary) of the same ledger rows", sizeText, Samples.Of(copies), "rows/s", Note: "the hard limit"));
            rows.Add(new BenchRow("bare INSERT of the same ledger rows, 1,000 per round trip", sizeText, Samples.Of(inserts), "rows/s", Note: "the limit"));
            rows.Add(new BenchRow("bulk native ingest", sizeText, nativeSamples, "records/s", $"bare INSERT {Samples.Format(insertMedian)} rows/s", "≥ 100,000 records/s (the SQLite target)",
                nativeSamples.Median >= SqliteIngestBenchmark.Target ? Verdict.Met : Verdict.Missed));
            rows.Add(new BenchRow("bulk native ingest, per CPU-second of the writing process", sizeText, Samples.Of(nativeCpu), "records/CPU-s", Note: "the client's CPU only; the server's is not counted"));
            var ratio = Samples.Of(native.Select(n => n / insertMedian));
            rows.Add(new BenchRow("bulk native ÷ bare INSERT", sizeText, ratio, "×", "1.0", "≥ 0.5 (within 2×, the SQLite target)", ratio.Median >= 0.5 ? Verdict.Met : Verdict.Missed));
        }

        return new BenchSection(Title, rows,
        [
            $"Bulk native: `tracewright generate --db Host=…` into a new database, committed every {GenerateGenealogy.DefaultBatch:N0} records with synchronous_commit on; the server runs on this machine, over loopback.",
            "Bare INSERT and COPY: the ledger rows of the same plant, into a one-table database on the same server, in one transaction.",
        ]);
    }
}
