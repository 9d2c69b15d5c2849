using System.Diagnostics;
using Dapper;
using System.Globalization;
using Tracewright.Bench.Support;
using Tracewright.Data;
using Tracewright.Data.Epcis;
using Tracewright.Features.Epcis;
using static Tracewright.Bench.Epcis.QueryData;

namespace Tracewright.Bench.Epcis;

/// <summary>
/// Issue 17: every standard query of the REST binding over a store of captured EPCIS events (<see cref="QueryData"/>): the
/// first page (100 events) as a client gets it — parsed, filtered, read, written as JSON-LD — p50 and p99 over many values of
/// each parameter, beside the limit: reading the same page's rows by their keys and nothing else.
/// </summary>
public sealed class QueryBenchmark(bool postgres) : IBenchmark
{
    private const double P99Target = 20;

    /// <summary>Events per captured document while the store is made.</summary>
    private const int DocumentEvents = 5_000;

    public string Key => postgres ? "pg-epcis-query" : "epcis-query";

    public string Title => postgres ? "7b. EPCIS queries (PostgreSQL)" : "7. EPCIS queries (SQLite)";

    /// <summary>One parameter (or a combination), and the values it is asked with: the i-th query of a pass.</summary>
    private sealed record Query(string Name, Func<int, long, IReadOnlyList<(string Name, string Value)>> Parameters);

    private static long Pick(int i, long size, int modulo = 1, int remainder = 0)
    {
        var n = new Random(i * 7919 + 17).NextInt64(size / modulo) * modulo + remainder;
        return Math.Min(n, size - 1);
    }

    private static readonly string[] Types = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"];

    private static IReadOnlyList<(string, string)> P(params (string, string)[] parameters) => parameters;

    private static string Hour(long n, int hours = 0) => Time(EventTime(n).AddHours(hours));

    private static readonly Query[] Queries =
    [
        new("eventType", (i, _) => P(("eventType", Types[i % 5]))),
        new("EQ_bizStep", (i, _) => P(("EQ_bizStep", Steps[i % 20]))),
        new("EQ_disposition", (i, _) => P(("EQ_disposition", Dispositions[i % 10]))),
        new("EQ_readPoint", (i, n) => P(("EQ_readPoint", ReadPoint(Pick(i, n))))),
        new("EQ_bizLocation", (i, n) => P(("EQ_bizLocation", BizLocation(Pick(i, n))))),
        new("WD_bizLocation (a site of 10 locations)", (i, _) => P(("WD_bizLocation", Site(i % 20)))),
        new("HASATTR_bizLocation", (_, _) => P(("HASATTR_bizLocation", "urn:epcglobal:cbv:mda#sst"))),
        new("EQATTR_bizLocation_{attribute}", (i, _) => P(("EQATTR_bizLocation_urn:epcglobal:cbv:mda#sst", (200 + (i % 8)).ToString(CultureInfo.InvariantCulture)))),
        new("MATCH_epc", (i, n) => P(("MATCH_epc", Serial(Pick(i, n), 0)))),
        new("MATCH_anyEPC", (i, n) => P(("MATCH_anyEPC", Serial(Pick(i, n), 1)))),
        new("MATCH_epc, an EPC pattern (1 class in 50)", (i, _) => P(("MATCH_epc", $"urn:epc:idpat:sgtin:4012345.{i % 50:D6}.*"))),
        new("MATCH_epcClass", (i, n) => P(("MATCH_epcClass", LotClass(Pick(i, n, 10, 1))))),
        new("MATCH_parentID", (i, n) => P(("MATCH_parentID", $"urn:epc:id:sscc:4012345.{Pick(i, n, 20, 14):D10}"))),
        new("GE_eventTime + LT_eventTime (one hour)", (i, n) => { var at = Pick(i, n); return P(("GE_eventTime", Hour(at)), ("LT_eventTime", Hour(at, 1))); }),
        new("GE_recordTime", (_, _) => P(("GE_recordTime", "2000-01-01T00:00:00Z"))),
        new("EQ_eventID", (i, n) => P(("EQ_eventID", EventId(Pick(i, n))))),
        new("EQ_action", (i, _) => P(("EQ_action", new[] { "ADD", "OBSERVE", "DELETE" }[i % 3]))),
        new("EQ_transformationID", (i, n) => P(("EQ_transformationID", $"urn:uuid:10000000-0000-4000-8000-{Pick(i, n, 20, 17) / 40:D12}"))),
        new("EXISTS_errorDeclaration", (_, _) => P(("EXISTS_errorDeclaration", ""))),
        new("EQ_errorReason", (_, _) => P(("EQ_errorReason", "incorrect_data"))),
        new("EQ_bizTransaction_po", (i, n) => P(("EQ_bizTransaction_po", Order(Pick(i, n, 10, 1))))),
        new("EQ_source_owning_party", (i, n) => P(("EQ_source_owning_party", Party(Pick(i, n, 10, 7))))),
        new("EQ_destination_owning_party", (i, n) => P(("EQ_destination_owning_party", Party(Pick(i, n, 10, 7) + 1)))),
        new("GE_quantity", (_, _) => P(("GE_quantity", "95"))),
        new("GE_quantity_KGM", (_, _) => P(("GE_quantity_KGM", "95"))),
        new("EQ_ILMD_ex:lot", (i, _) => P(("EQ_ILMD_ex:lot", $"LOT-{(i * 37) % 10000}"))),
        new("EXISTS_ILMD_ex:lot", (_, _) => P(("EXISTS_ILMD_ex:lot", ""))),
        new("GT_ex:temp", (i, _) => P(("GT_ex:temp", (390 + (i % 10)).ToString(CultureInfo.InvariantCulture)))),
        new("EQ_INNER_ex:count", (i, _) => P(("EQ_INNER_ex:count", (i % 10).ToString(CultureInfo.InvariantCulture)))),
        new("EQ_type", (i, _) => P(("EQ_type", i % 2 == 0 ? "Temperature" : "RelativeHumidity"))),
        new("EQ_deviceID", (i, _) => P(("EQ_deviceID", Device((10 * (i % 10)) + 3)))),
        new("GE_value_CEL", (i, _) => P(("GE_value_CEL", (50 + (i % 10)).ToString(CultureInfo.InvariantCulture)))),
        new("GE_time", (i, n) => P(("GE_time", Hour(Pick(i, n))))),
        new("LT_time", (i, n) => P(("LT_time", Hour(Pick(i, n))))),
        new("EXISTS_sensorElementList", (_, _) => P(("EXISTS_sensorElementList", ""))),
        new("EQ_persistentDisposition_set", (_, _) => P(("EQ_persistentDisposition_set", "completeness_verified"))),
        new("orderBy=eventTime ASC", (_, _) => P(("orderBy", "eventTime"), ("orderDirection", "ASC"))),
        new("orderBy=recordTime DESC", (_, _) => P(("orderBy", "recordTime"))),
        new("EQ_bizStep + orderBy=eventTime", (i, _) => P(("EQ_bizStep", Steps[i % 20]), ("orderBy", "eventTime"))),
        new("EQ_bizStep + EQ_bizLocation + one hour", (i, n) => { var at = Pick(i, n); return P(("EQ_bizStep", Steps[i % 20]), ("EQ_bizLocation", BizLocation(at)), ("GE_eventTime", Hour(at, -12)), ("LT_eventTime", Hour(at, 12))); }),
        new("EQ_bizStep + eventCountLimit=10", (i, _) => P(("EQ_bizStep", Steps[i % 20]), ("eventCountLimit", "10"))),
        new("EQ_readPoint + maxEventCount=5000", (i, n) => P(("EQ_readPoint", ReadPoint(Pick(i, n))), ("maxEventCount", "5000"))),
    ];

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (postgres && !context.HasPostgres)
        {
            return new BenchSection(Title, [], ["Skipped: no PostgreSQL configured (`--pg`, `TRACEWRIGHT_BENCH_PG` or `TRACEWRIGHT_TEST_PG`)."]);
        }

        var rows = new List<BenchRow>();
        var notes = new List<string>
        {
            "Events: `bench/Tracewright.Bench/Epcis/QueryData.cs` — the five types, 20 steps, 10 dispositions, 1,000 read points, 200 business locations under 20 sites (master data with attributes), two serials each, lots with quantities on 3 in 10, a purchase order on 1 in 5, parties on 1 in 10, ILMD on ADD object events, user extensions on 1 in 2, sensor data on 1 in 10 object events, persistent dispositions on 1 in 50, error declarations on 1 in 1,000; captured through `CaptureEpcis` in documents of 5,000.",
            "Each figure: the first page (perPage 100) of one parameter asked with many values — `QueryEpcis` parsing the parameters, querying, and writing the JSON-LD answer as `GET /epcis/events` does (`Page.Json`: the stored events copied into the query document) — in-process over a warm connection pool, no HTTP. min/median/max are over the passes of the p99 of each pass; the limit is the median over the same queries of reading just the answer's rows by their keys.",
        };
        var queriesPerPass = context.Options.Quick ? 4 : 40;
        foreach (var size in context.Sizes)
        {
            var sizeText = BenchContext.SizeText(size);
            var target = await StoreAsync(context, size, cancellationToken);
            await using var database = Database.Open(target);
            var shop = new Shop(database, TimeProvider.System);
            foreach (var query in Queries)
            {
                context.Say($"{query.Name} over {sizeText} captured events");
                try
                {
                    rows.Add(await MeasureAsync(context, shop, database, query, size, sizeText, queriesPerPass, cancellationToken));
                }
                catch (InvalidOperationException e)
                {
                    // One query failing is reported; the others' figures stand.
                    notes.Add($"**FAILED**: `{query.Name}`: {e.Message}");
                }
            }
        }

        return new BenchSection(Title, rows, notes);
    }

    private static async Task<BenchRow> MeasureAsync(BenchContext context, Shop shop, Database database, Query query, long size, string sizeText, int queriesPerPass, CancellationToken cancellationToken)
    {
        var p99s = new List<double>();
        var all = new List<double>();
        var bare = new List<double>();
        var answered = new List<double>();
        await AskAsync(shop, query.Parameters(0, size), cancellationToken); // warm: compiled, planned, cached
        for (var pass = 0; pass < context.Repeat; pass++)
        {
            var times = new List<double>();
            for (var i = 0; i < queriesPerPass; i++)
            {
                var (ms, keys) = await AskAsync(shop, query.Parameters(i, size), cancellationToken);
                times.Add(ms);
                answered.Add(keys.Count);
                bare.Add(await BareReadAsync(database, keys, cancellationToken));
            }

            p99s.Add(Samples.Of(times).Percentile(99));
            all.AddRange(times);
        }

        var samples = Samples.Of(p99s);
        return new BenchRow($"`{query.Name}`: p99 (p50 {Samples.Format(Samples.Of(all).Median)} ms, {Samples.Format(Samples.Of(answered).Median)} events a page)", sizeText, samples, "ms",
            $"bare read of the page {Samples.Format(Samples.Of(bare).Median)} ms", $"< {P99Target:0} ms p99", samples.Median < P99Target ? Verdict.Met : Verdict.Missed);
    }

    private static async Task<(double Ms, IReadOnlyList<string> Keys)> AskAsync(Shop shop, IReadOnlyList<(string Name, string Value)> parameters, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var page = await QueryEpcis.HandleAsync(shop, parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)), null, null, cancellationToken);
        if (!page.IsSuccess)
        {
            throw new InvalidOperationException($"{string.Join("&", parameters.Select(p => p.Name + "=" + p.Value))}: {page.Error!.Message}");
        }

        _ = page.Value.Json();
        var ms = clock.Elapsed.TotalMilliseconds;
        return (ms, [.. page.Value.Rows.Select(r => r.EventKey)]);
    }

    private static async Task<double> BareReadAsync(Database database, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        _ = await EpcisQueries.EventsAsync(connection, keys, cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The store of <paramref name="size"/> captured events, made once and kept (a marker file says it is complete).</summary>
    private async Task<string> StoreAsync(BenchContext context, long size, CancellationToken cancellationToken)
    {
        var stem = Path.Combine(context.Options.DataFolder, $"epcis-query-{size}-v{QueryData.Version}");
        var done = stem + (postgres ? ".postgres.done" : ".done");
        var name = $"tw_bench_epcis_{size}_v{QueryData.Version}";
        var target = postgres ? Scratch.WithDatabase(context.Options.Postgres!, name) : Path.GetFullPath(stem + ".db");
        if (File.Exists(done) && (!postgres || await Scratch.PostgresExistsAsync(context.Options.Postgres!, name, cancellationToken)))
        {
            return target;
        }

        Directory.CreateDirectory(context.Options.DataFolder);
        if (postgres)
        {
            await context.Scratch.PostgresAsync(name, cancellationToken);
        }
        else
        {
            Scratch.Delete(target);
        }

        await using var database = Database.Open(target);
        await database.MigrateAsync(cancellationToken);
        var shop = new Shop(database, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        for (long from = 0; from < size; from += DocumentEvents)
        {
            var captured = await CaptureEpcis.HandleAsync(shop, "bench", new CaptureEpcis.Request(Document(from, Math.Min(size, from + DocumentEvents))), cancellationToken);
            if (!captured.IsSuccess)
            {
                throw new InvalidOperationException($"capturing events {from:N0}…: {captured.Error!.Message}");
            }

            if ((from / DocumentEvents) % 20 == 19)
            {
                context.Say($"captured {from + DocumentEvents:N0} of {size:N0} events ({(from + DocumentEvents) / clock.Elapsed.TotalSeconds:N0}/s)");
            }
        }

        if (postgres)
        {
            // What autovacuum does soon after a load like this one: the planner's statistics, extended ones included.
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("ANALYZE epcis_events, epcis_epcs, epcis_event_fields, epcis_biz_transactions, epcis_sources, epcis_destinations", commandTimeout: 600, cancellationToken: cancellationToken));
        }

        await File.WriteAllTextAsync(done, size.ToString(CultureInfo.InvariantCulture), cancellationToken);
        context.Say($"captured {size:N0} events in {clock.Elapsed.TotalSeconds:N0} s");
        return target;
    }
}
