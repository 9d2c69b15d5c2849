using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tracewright.Bench.Support;
using Tracewright.Features.Generate;

namespace Tracewright.Bench.Epcis;

/// <summary>
/// Issue 17: how soon a stream subscription delivers a captured event. Clients capture one-event documents over HTTP at a
/// steady rate (open loop: each request leaves at its time, whatever the others do) against <c>tracewright serve</c>; a
/// receiver on loopback in this process takes the deliveries. The figure is, per event, the time from its capture being
/// acknowledged (the answer to <c>POST /epcis/capture?wait=true</c>, sent after the commit) to its delivery arriving.
/// </summary>
public sealed class SubscriptionBenchmark : IBenchmark
{
    private const double Rate = 500;

    private const double P99Target = 100;

    public string Key => "epcis-subscription";

    public string Title => "7c. EPCIS stream subscription latency (SQLite)";

    public async Task<BenchSection> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Options.Quick ? 2 : 20;
        var path = context.Scratch.SqlitePath("epcis-subscription");
        await Generate.IntoAsync(path, PlantGenerator.MinimumEvents, Datasets.Seed, cancellationToken);
        var rates = new List<double>();
        var p50s = new List<double>();
        var p99s = new List<double>();
        var lost = 0L;
        await using (var server = await ServeProcess.StartAsync(path, "admin", cancellationToken))
        using (var receiver = new Receiver())
        using (var http = server.Client())
        {
            (await http.PostAsync("/epcis/queries", Json("""{"name": "bench-stream", "query": {"EQ_bizStep": ["inspecting"]}}"""), cancellationToken)).EnsureSuccessStatusCode();
            (await http.PostAsync("/epcis/queries/bench-stream/subscriptions", Json($$"""{"dest": "{{receiver.Url}}", "stream": true}"""), cancellationToken)).EnsureSuccessStatusCode();
            for (var run = 0; run < context.Repeat; run++)
            {
                context.Say($"capturing at {Rate:N0} events/s for {seconds} s with a stream subscription, run {run + 1}/{context.Repeat}");
                var acknowledged = new ConcurrentDictionary<string, long>();
                var total = (int)(Rate * seconds);
                var clock = Stopwatch.StartNew();
                var sends = new List<Task>();
                for (var i = 0; i < total; i++)
                {
                    var due = TimeSpan.FromSeconds(i / Rate);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed, cancellationToken);
                    }

                    var id = $"urn:uuid:{Guid.NewGuid()}";
                    sends.Add(SendAsync(http, id, acknowledged, cancellationToken));
                }

                await Task.WhenAll(sends);
                var sent = clock.Elapsed.TotalSeconds;
                var deadline = Stopwatch.StartNew();
                while (acknowledged.Keys.Any(k => !receiver.Arrived.ContainsKey(k)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(50, cancellationToken);
                }

                var latencies = acknowledged.Where(a => receiver.Arrived.ContainsKey(a.Key)).Select(a => Stopwatch.GetElapsedTime(a.Value, receiver.Arrived[a.Key]).TotalMilliseconds).ToList();
                lost += acknowledged.Count - latencies.Count;
                rates.Add(total / sent);
                var samples = Samples.Of(latencies.Select(l => Math.Max(0, l)));
                p50s.Add(samples.Percentile(50));
                p99s.Add(samples.Percentile(99));
            }
        }

        Scratch.Delete(path);
        var p99 = Samples.Of(p99s);
        var size = $"{Rate * seconds:N0} events a run";
        return new BenchSection(Title,
        [
            new BenchRow("capture rate offered (one-event documents over HTTP)", size, Samples.Of(rates), "events/s"),
            new BenchRow("acknowledged capture → delivery at the receiver: p50", size, Samples.Of(p50s), "ms"),
            new BenchRow("acknowledged capture → delivery at the receiver: p99", size, p99, "ms", "the runner's fallback poll 500 ms", $"< {P99Target:0} ms p99", p99.Median < P99Target ? Verdict.Met : Verdict.Missed),
            new BenchRow("acknowledged events never delivered (all runs)", size, Samples.Of([lost]), "events", Target: "0", Verdict: lost == 0 ? Verdict.Met : Verdict.Missed),
        ],
        [
            $"`tracewright serve` on a {PlantGenerator.MinimumEvents:N0}-record plant (SQLite); a named query `EQ_bizStep=inspecting` with a `stream: true` subscription to an HttpListener on loopback in the bench process. Requests leave on a fixed schedule ({Rate:N0}/s); each is `POST /epcis/capture?wait=true`, answered after its commit.",
            "The runner is woken by the server's own commits (`Database.Commits`); it sends what is pending as one EPCISQueryDocument per batch (at most 500 events) and moves its cursor once the receiver answers 2xx. The limit shown is what it would be without the wake: the poll it falls back to for other processes' captures.",
        ]);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task SendAsync(HttpClient http, string id, ConcurrentDictionary<string, long> acknowledged, CancellationToken cancellationToken)
    {
        var document = $$$"""
            {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-06-01T00:00:00Z",
             "epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2024-06-01T08:00:00Z","eventTimeZoneOffset":"+00:00","eventID":"{{{id}}}",
             "epcList":["urn:epc:id:sgtin:4012345.012345.{{{id[^12..]}}}"],"action":"OBSERVE","bizStep":"inspecting"}]}}
            """;
        using var response = await http.PostAsync("/epcis/capture?wait=true", new StringContent(document, Encoding.UTF8, "application/ld+json"), cancellationToken);
        var at = Stopwatch.GetTimestamp();
        if (response.IsSuccessStatusCode)
        {
            acknowledged[id] = at;
        }
    }

    /// <summary>Takes deliveries on loopback and notes when each event arrived.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public Receiver()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/deliveries/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public ConcurrentDictionary<string, long> Arrived { get; } = new();

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext request;
                try
                {
                    request = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var at = Stopwatch.GetTimestamp();
                using (var json = await JsonDocument.ParseAsync(request.Request.InputStream))
                {
                    foreach (var e in json.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray())
                    {
                        Arrived.TryAdd(e.GetProperty("eventID").GetString()!, at);
                    }
                }

                request.Response.StatusCode = 204;
                request.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
