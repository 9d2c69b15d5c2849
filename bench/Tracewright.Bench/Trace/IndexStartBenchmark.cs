using System.Diagnostics;
using Dapper;
using Tracewright.Bench.Support;
using Tracewright.Data;
using Tracewright.Data.Trace;
using Tracewright.Domain.Trace;

namespace Tracewright.Bench.Trace;

/// <summary>
/// Issue #7, item 4: what the genealogy index costs — bytes per link in memory, the time to start it (from its snapshot in
/// the database, and by replaying the whole ledger), the snapshot's size and save time — and the resident memory of a
/// <c>serve</c> process holding it, with the time from starting that process to its first trace answer.
/// </summary>
public sealed class IndexStartBenchmark(bool postgres) : IBenchmark
{
    private const double BytesTarget = 48;
    private const double StartTarget = 5;

    public string Key => postgres ? "pg-index" : "index";

    public string Title => postgres ? "6c. Genealogy index: start (PostgreSQL)" : "4. Genealogy index: memory and start (SQLite)";

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (postgres && !context.HasPostgres)
        {
            return new BenchSection(Title, [], ["Skipped: no PostgreSQL configured (`--pg`, `TRACEWRIGHT_BENCH_PG` or `TRACEWRIGHT_TEST_PG`)."]);
        }

        var rows = new List<BenchRow>();
        var notes = new List<string>
        {
            "Bytes per link: the index's own count of the arrays it holds as started from its snapshot, as `serve` starts it (their capacity, spare room included: node table and its UTF-8 ids, link arrays, list heads; `GenealogyIndex.MemoryBytes`) divided by its links. Nodes are included: they are part of what the index costs per link. Beside it, the managed heap's growth over the first start (GC.GetTotalMemory after a full collection, before and after), which also counts object headers; later starts reuse memory the runtime kept and are not shown. An index built by replaying the whole ledger grew its arrays as it went and holds more spare room; that figure is given too.",
            "Start from snapshot: `GenealogyLoader.StartAsync` as `serve` and every CLI verb run it — read the newest snapshot from the database (chunks, checksum, structure checks), rebuild the link lists and node table, catch up on records after it. Replay: the same without a snapshot, every genealogy record's payload read and applied (the cost a snapshot saves).",
            "serve: `tracewright serve` on the plant as its own process; the time is from starting the process to the first forward trace answered over HTTP (the index starts as the server starts), the memory is its VmRSS right then.",
        };
        foreach (var size in context.Sizes)
        {
            var sizeText = BenchContext.SizeText(size);
            var dataset = postgres ? await context.Datasets.PostgresAsync(size, cancellationToken) : await context.Datasets.SqliteAsync(size, cancellationToken);
            await using var database = dataset.Open();

            context.Say($"{sizeText}: replaying the ledger into a new index");
            var (records, replaySeconds, links, nodes, arrays, saveNote) = await ReplayAsync(database, cancellationToken);
            var snapshotBytes = await StoredBytesAsync(database, cancellationToken);
            var clock = new Stopwatch();

            var starts = new List<double>();
            var firstHeap = 0.0;
            GenealogyLoader.Load? start = null;
            for (var run = 0; run < context.Repeat; run++)
            {
                context.Say($"{sizeText}: starting the index from its snapshot, run {run + 1}/{context.Repeat}");
                // The last run's index is let go first; only the first start's heap growth is reported (later ones reuse memory).
                start = null;
                var before = run == 0 ? GC.GetTotalMemory(forceFullCollection: true) : 0;
                clock.Restart();
                start = await GenealogyLoader.StartAsync(database, TimeProvider.System, GenealogyLoader.SnapshotAfter, cancellationToken);
                starts.Add(clock.Elapsed.TotalSeconds);
                if (start.SnapshotProblem is { } problem)
                {
                    throw new InvalidOperationException(problem);
                }

                if (run == 0)
                {
                    firstHeap = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)start.Index.EdgeCount;
                }
            }

            GC.KeepAlive(start);

            var at10M = size >= 10_000_000;
            var started = Samples.Of(starts);
            // The figure is the started index's own count of its arrays (sized to the snapshot, 1/64 spare): deterministic, and what
            // serve holds. The first start's heap growth and the replayed index (grown as it went) are shown beside it.
            var perLink = start!.Index.MemoryBytes / (double)links;
            rows.Add(new BenchRow("index bytes per link (its arrays, nodes included)", sizeText, Samples.Of([perLink]), "bytes",
                $"{links:N0} links, {nodes:N0} nodes; managed heap grown by the first start: {firstHeap:0.0} bytes/link; the index built by replaying the ledger (grown as it went): {arrays / (double)links:0.0} bytes/link",
                "≤ 48 bytes", perLink <= BytesTarget ? Verdict.Met : Verdict.Missed));
            rows.Add(new BenchRow("index start from its snapshot (read, check, rebuild, catch up)", sizeText, started, "s", $"replaying {records:N0} records: {replaySeconds:N1} s",
                at10M ? "< 5 s" : "< 5 s (at 10M)", !at10M ? Verdict.None : started.Median < StartTarget ? Verdict.Met : Verdict.Missed));
            rows.Add(new BenchRow("index start by replaying the whole ledger (no snapshot)", sizeText, Samples.Of([replaySeconds]), "s", Note: "measured once"));
            rows.Add(new BenchRow("snapshot size", sizeText, Samples.Of([snapshotBytes / 1e6]), "MB", Note: $"{snapshotBytes / (double)links:0.0} bytes/link; {saveNote}"));

            if (!postgres)
            {
                rows.AddRange(await ServeAsync(context, dataset, sizeText, cancellationToken));
            }
        }

        return new BenchSection(Title, rows, notes);
    }

    /// <summary>A new index from the whole ledger, and its snapshot stored unless one at the tip is already.</summary>
    private static async Task<(long Records, double Seconds, int Links, int Nodes, long Arrays, string SaveNote)> ReplayAsync(Database database, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var index = new GenealogyIndex();
        var records = await GenealogyLoader.CatchUpAsync(database, index, null, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var saved = await GenealogySnapshots.SaveAsync(database, index, TimeProvider.System, cancellationToken);
        return (records, seconds, index.EdgeCount, index.NodeCount, index.MemoryBytes, saved is null ? "stored earlier" : $"written and stored in {clock.Elapsed.TotalSeconds:N1} s");
    }

    private static async Task<long> StoredBytesAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT MAX(bytes) FROM genealogy_snapshots WHERE complete = 1", cancellationToken: cancellationToken));
    }

    private static async Task<List<BenchRow>> ServeAsync(BenchContext context, Dataset dataset, string sizeText, CancellationToken cancellationToken)
    {
        var first = new List<double>();
        var resident = new List<double>();
        var lot = dataset.Starts.SampleLots[0]["lot:".Length..];
        for (var run = 0; run < context.Repeat; run++)
        {
            context.Say($"{sizeText}: serve, run {run + 1}/{context.Repeat}");
            var clock = Stopwatch.StartNew();
            await using var server = await ServeProcess.StartAsync(dataset.Target, "viewer", cancellationToken);
            using var http = server.Client();
            using var response = await http.GetAsync($"/api/trace/forward/{Uri.EscapeDataString(lot)}", cancellationToken);
            response.EnsureSuccessStatusCode();
            first.Add(clock.Elapsed.TotalSeconds);
            resident.Add(server.ResidentBytes() / 1e6);
        }

        return
        [
            new BenchRow("serve: process start to first trace answered", sizeText, Samples.Of(first), "s"),
            new BenchRow("serve: resident memory with the index started", sizeText, Samples.Of(resident), "MB"),
        ];
    }
}
