using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Tracewright.Bench.Support;
using Tracewright.Features.Generate;

namespace Tracewright.Bench.Ingest;

/// <summary>
/// Issue #7, items 1 and 5: single-event capture over HTTP against <c>tracewright serve</c> on loopback — each request one
/// record, acknowledged only once durable — by one client in sequence and by several at once: EPCIS capture of one-event
/// documents, and a native unit event (an operation) through the API.
/// </summary>
public sealed class HttpCaptureBenchmark : IBenchmark
{
    private const int Concurrent = 4;

    public string Key => "http-capture";

    public string Title => "1b. Single-event capture over HTTP (SQLite)";

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var requests = context.Options.Quick ? 40 : 2_000;
        var path = context.Scratch.SqlitePath("http-capture");
        await Generate.IntoAsync(path, PlantGenerator.MinimumEvents * 5, Datasets.Seed, cancellationToken);
        List<string> units;
        await using (var database = Data.Database.Open(path))
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            // Work can be recorded on units still in the building, not on those consumed, installed or shipped.
            units = (await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM units WHERE status = 'Available' AND parent_unit IS NULL ORDER BY id LIMIT 50", cancellationToken: cancellationToken))).ToList();
        }

        var rows = new List<BenchRow>();
        await using (var server = await ServeProcess.StartAsync(path, "operator", cancellationToken))
        {
            var size = $"{requests:N0} requests";
            var next = 0;
            HttpContent Epcis() => new StringContent(OneEvent(Interlocked.Increment(ref next)), Encoding.UTF8, "application/ld+json");
            HttpContent Native() => JsonContent.Create(new { kind = "operation", name = "bench", parameters = new[] { $"n={Interlocked.Increment(ref next)}" } });
            foreach (var (what, route, body) in new (string, Func<int, string>, Func<HttpContent>)[]
            {
                ("EPCIS capture, one event per document", _ => "/epcis/capture?wait=true", Epcis),
                ("native unit event (operation) via the API", i => $"/api/units/{Uri.EscapeDataString(units[i % units.Count])}/events", Native),
            })
            {
                foreach (var clients in new[] { 1, Concurrent })
                {
                    var rates = new List<double>();
                    var latencies = new List<double>();
                    for (var run = 0; run < context.Repeat; run++)
                    {
                        context.Say($"{what}, {clients} client(s), run {run + 1}/{context.Repeat}");
                        var (seconds, times) = await LoadGenerator.RunAsync(server, requests, clients, route, (http, path, ct) => http.PostAsync(path, body(), ct), cancellationToken);
                        rates.Add(requests / seconds);
                        latencies.AddRange(times);
                    }

                    var latency = Samples.Of(latencies);
                    var who = clients == 1 ? "1 client in sequence" : $"{clients} concurrent clients";
                    rows.Add(new BenchRow($"{what}, {who}", size, Samples.Of(rates), "events/s"));
                    rows.Add(new BenchRow($"{what}, {who}: latency p50 / p99", size, Samples.Of([latency.Percentile(50), latency.Percentile(99)]), "ms", Note: "min is p50, max is p99, over every request of every run"));
                }
            }
        }

        Scratch.Delete(path);
        return new BenchSection(Title, rows,
        [
            "Each request is one ledger record committed durably (SQLite WAL, synchronous=FULL) before the answer: the rate is bound by the disk's flush time, and concurrent writers wait for the single write lock in turn.",
            $"The server runs as its own process (`tracewright serve`) on loopback over a {PlantGenerator.MinimumEvents * 5:N0}-record plant; clients and server share the machine's cores.",
        ]);
    }

    private static string OneEvent(int n) =>
        $$$"""
        {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-06-01T00:00:00Z",
         "epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2024-06-01T08:00:00Z","eventTimeZoneOffset":"+00:00","eventID":"urn:uuid:{{{Guid.NewGuid()}}}",
         "epcList":["https://id.gs1.org/01/09506000134352/21/{{{n.ToString(CultureInfo.InvariantCulture)}}}"],"action":"OBSERVE","bizStep":"inspecting"}]}}
        """;
}
