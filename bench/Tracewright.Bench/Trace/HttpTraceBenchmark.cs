using System.Diagnostics;
using Tracewright.Bench.Support;
using Tracewright.Data.Trace;

namespace Tracewright.Bench.Trace;

/// <summary>
/// Issue #7, item 5: trace requests per second and their latency against <c>tracewright serve</c> on loopback, from a load
/// generator of N concurrent clients (HttpClient, bearer token): forward traces from random lots and backward traces from
/// random units of the generated plant, through the API as a machine asks them (resolve the id, catch the index up, walk,
/// read the evidence of each record reached backward, answer JSON).
/// </summary>
public sealed class HttpTraceBenchmark : IBenchmark
{
    private static readonly int[] Clients = [1, 4, 16];

    public string Key => "http-trace";

    public string Title => "5. Trace over HTTP (SQLite)";

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        var requests = context.Options.Quick ? 40 : 2_000;
        foreach (var size in context.Sizes)
        {
            var sizeText = BenchContext.SizeText(size);
            var dataset = await context.Datasets.SqliteAsync(size, cancellationToken);
            await using (var database = dataset.Open())
            {
                await GenealogyLoader.StartAsync(database, TimeProvider.System, snapshotAfter: 1, cancellationToken);
            }

            var routes = dataset.Starts.SampleLots.Select(l => $"/api/trace/forward/{Uri.EscapeDataString(l["lot:".Length..])}")
                .Zip(dataset.Starts.SampleUnits.Select(u => $"/api/trace/backward/{Uri.EscapeDataString(u["unit:".Length..])}"), (f, b) => new[] { f, b })
                .SelectMany(r => r)
                .ToList();
            await using var server = await ServeProcess.StartAsync(dataset.Target, "viewer", cancellationToken);
            using (var http = server.Client())
            {
                // Warm up: the index started, every route answered once.
                foreach (var route in routes)
                {
                    (await http.GetAsync(route, cancellationToken)).EnsureSuccessStatusCode();
                }
            }

            foreach (var clients in Clients)
            {
                var rates = new List<double>();
                var p50 = new List<double>();
                var p99 = new List<double>();
                for (var run = 0; run < context.Repeat; run++)
                {
                    context.Say($"{sizeText}: {requests:N0} trace requests from {clients} client(s), run {run + 1}/{context.Repeat}");
                    var (seconds, latencies) = await LoadGenerator.RunAsync(server, requests, clients, i => routes[i % routes.Count], (http, route, ct) => http.GetAsync(route, HttpCompletionOption.ResponseContentRead, ct), cancellationToken);
                    rates.Add(requests / seconds);
                    p50.Add(Samples.Of(latencies).Percentile(50));
                    p99.Add(Samples.Of(latencies).Percentile(99));
                }

                var who = clients == 1 ? "1 client" : $"{clients} concurrent clients";
                rows.Add(new BenchRow($"trace requests, {who}", sizeText, Samples.Of(rates), "requests/s"));
                rows.Add(new BenchRow($"trace requests, {who}: latency p50", sizeText, Samples.Of(p50), "ms"));
                rows.Add(new BenchRow($"trace requests, {who}: latency p99", sizeText, Samples.Of(p99), "ms"));
            }

            rows.Add(new BenchRow("serve: resident memory after the load", sizeText, Samples.Of([server.ResidentBytes() / 1e6]), "MB"));
        }

        return new BenchSection(Title, rows,
        [
            $"Requests alternate between `GET /api/trace/forward/{{lot}}` and `GET /api/trace/backward/{{unit}}` over the plant's sample lots and units, each answered in full (every hit with its path; backward, each lot, unit and run with its evidence read from the database).",
            "The server is its own process (`tracewright serve`, SQLite) on loopback; the load generator (HttpClient, bearer token, N tasks each sending its next request when the last is answered) runs in the bench process on the same two cores, so it takes CPU from the server.",
        ]);
    }
}
