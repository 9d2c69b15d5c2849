using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Tracewright.Cli;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Generate;

/// <summary>
/// <c>tracewright generate --events N --seed S [--db …] [--out FILE]</c>: a generated plant (<see cref="PlantGenerator"/>)
/// written through the native store — the same events, projections and hash chain as commands, appended in large
/// transactions — or, with <c>--out</c>, the same genealogy as one EPCIS 2.0 document for <c>tracewright import</c>.
/// Prints where traces are interesting to start (<see cref="GenerationStarts"/>); <c>--starts FILE</c> keeps them.
/// </summary>
public static class GenerateGenealogy
{
    /// <summary>Records per transaction: large enough that the commit's fsync is noise, small enough to show progress.</summary>
    public const int DefaultBatch = 50_000;

    public sealed record Request(long Events, int Seed, int Batch = DefaultBatch);

    /// <summary>What was written: ledger records (and, for a file, the EPCIS events they became), where, and how fast.</summary>
    public sealed record Response(long Events, long? EpcisEvents, string Target, double Seconds, double EventsPerSecond, GenerationStarts Starts);

    private static Result<PlantGenerator> Validate(Request request)
    {
        if (request.Events < PlantGenerator.MinimumEvents)
        {
            return new InvalidInput("events", $"--events must be at least {PlantGenerator.MinimumEvents:N0}");
        }

        return request.Batch < 1 ? new InvalidInput("batch", "--batch must be at least 1") : new PlantGenerator(request.Events, request.Seed);
    }

    /// <summary>Generates into an empty store, in transactions of <see cref="Request.Batch"/> records.</summary>
    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (!Validate(request).TryGet(out var generator, out var invalid))
        {
            return invalid;
        }

        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM ledger", cancellationToken: cancellationToken)) > 0)
            {
                return new StateConflict("not-empty", $"the database {shop.Database.Describe} already holds records; generate into an empty one (--db plant.db)", "db");
            }
        }

        var clock = Stopwatch.StartNew();
        var written = 0L;
        var batch = new List<GeneratedRecord>(Math.Min(request.Batch, 100_000));
        foreach (var record in generator.Records())
        {
            batch.Add(record);
            if (batch.Count == request.Batch)
            {
                written += await WriteAsync(shop, actor, batch, cancellationToken);
                progress?.Report(written);
            }
        }

        written += await WriteAsync(shop, actor, batch, cancellationToken);
        progress?.Report(written);
        var seconds = clock.Elapsed.TotalSeconds;
        return new Response(written, null, shop.Database.Describe, seconds, written / Math.Max(seconds, 1e-9), generator.Starts);
    }

    private static async Task<long> WriteAsync(Shop shop, string actor, List<GeneratedRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        foreach (var document in batch.Select(r => r.Document).OfType<Domain.Materials.DocumentFile>())
        {
            await Data.Documents.PutAsync(write, document, cancellationToken);
        }

        await write.AppendAsync(batch.Select(r => r.Event), cancellationToken);
        await write.CommitAsync(cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    /// <summary>Writes the same genealogy as one EPCIS 2.0 JSON-LD document, streamed (it can be far larger than memory).</summary>
    public static async Task<Result<Response>> WriteEpcisAsync(string file, Request request, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (!Validate(request).TryGet(out var generator, out var invalid))
        {
            return invalid;
        }

        var clock = Stopwatch.StartNew();
        var records = 0L;
        var epcisEvents = 0L;
        IEnumerable<EpcisEvent> Events()
        {
            foreach (var record in generator.Records())
            {
                cancellationToken.ThrowIfCancellationRequested();
                records++;
                foreach (var e in ExportEpcis.Native(record.Event.Event, records, record.Event.OccurredAt, null))
                {
                    epcisEvents++;
                    yield return e;
                }

                if (records % 10_000 == 0)
                {
                    progress?.Report(records);
                }
            }

            progress?.Report(records);
        }

        var envelope = new EpcisDocument
        {
            Kind = EpcisDocumentKind.Document,
            CreationDate = PlantGenerator.End,
            Events = [],
            Namespaces = new Dictionary<string, string> { ["tw"] = ExportEpcis.Namespace },
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            EpcisJsonWriter.Write(stream, envelope, Events());
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new Response(records, epcisEvents, Path.GetFullPath(file), seconds, records / Math.Max(seconds, 1e-9), generator.Starts);
    }

    public static Command Verb(CliHost host)
    {
        var events = new Option<long>("--events") { Description = $"How many ledger records to generate (at least {PlantGenerator.MinimumEvents:N0})", Required = true };
        var seed = new Option<int>("--seed") { Description = "The seed: the same seed and count give the same records (default 1)", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Write the genealogy as an EPCIS 2.0 JSON-LD document to this file instead of into the database" };
        var starts = new Option<string?>("--starts") { Description = "Also write the trace starting points (hot spot, deep chain, sample units) as JSON to this file" };
        var batch = new Option<int>("--batch") { Description = $"Records per transaction (default {DefaultBatch:N0})", DefaultValueFactory = _ => DefaultBatch };
        var command = new Command("generate", "Generate a large, realistic, deterministic genealogy for load and benchmark work") { events, seed, output, starts, batch };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new Request(parse.GetValue(events), parse.GetValue(seed), parse.GetValue(batch));
            var bar = ProgressBar.For(host, "records");
            var progress = bar is null ? null : new SynchronousProgress(n => bar.Report(n, request.Events));
            var startsFile = parse.GetValue(starts);
            async Task<Result<Response>> Finish(Task<Result<Response>> run)
            {
                var result = await run;
                bar?.Done();
                if (result.IsSuccess && startsFile is not null)
                {
                    await File.WriteAllTextAsync(startsFile, JsonSerializer.Serialize(result.Value.Starts, CliHost.Json), CancellationToken.None);
                }

                return result;
            }

            return parse.GetValue(output) is { } file
                ? host.Print(parse, await Finish(WriteEpcisAsync(file, request, progress, cancellationToken)), PrintText)
                : await host.Run((p, shop, ct) => Finish(HandleAsync(shop, host.ActorOf(p), request, progress, ct)), PrintText)(parse, cancellationToken);
        });
        return command;
    }

    private static void PrintText(TextWriter o, Response r)
    {
        o.WriteLine(r.EpcisEvents is { } epcis
            ? $"{r.Events:N0} records generated as {epcis:N0} EPCIS events into {r.Target} in {r.Seconds:N1} s"
            : $"{r.Events:N0} records generated into {r.Target} in {r.Seconds:N1} s ({r.EventsPerSecond:N0} records/s)");
        var s = r.Starts;
        o.WriteLine($"  hot spot: heat {s.HotHeat} ({string.Join(", ", s.HotLots.Take(3))}{(s.HotLots.Count > 3 ? ", …" : "")}) feeding {s.HotSerials:N0} serials");
        o.WriteLine($"  deep chain: {s.DeepChainFirst} → {s.DeepChainLast}, {s.DeepChainLevels} levels");
        o.WriteLine($"  {s.Units:N0} units, {s.Lots:N0} lots, {s.Customers:N0} customers; sample units: {string.Join(", ", s.SampleUnits.Take(3))}, …");
    }

    /// <summary>Reports on the writer's thread (Progress&lt;T&gt; would post to the thread pool and draw out of order).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
