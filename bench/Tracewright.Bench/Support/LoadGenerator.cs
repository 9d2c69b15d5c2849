using System.Diagnostics;

namespace Tracewright.Bench.Support;

/// <summary>
/// A closed-loop load generator against <c>serve</c>: <c>clients</c> tasks share one HttpClient, each sending request
/// number <c>i</c> when its last one has been answered, until <c>requests</c> have been sent. Any answer but a success
/// stops the run with the route and the answer.
/// </summary>
public static class LoadGenerator
{
    /// <summary>Wall-clock seconds for all the requests, and every request's latency in milliseconds.</summary>
    public static async Task<(double Seconds, List<double> Latencies)> RunAsync(
        ServeProcess server, int requests, int clients, Func<int, string> route, Func<HttpClient, string, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        using var http = server.Client();
        var latencies = new List<double>[clients];
        var issued = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            int i;
            while ((i = Interlocked.Increment(ref issued)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send(http, route(i), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{route(i)} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }

                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return (clock.Elapsed.TotalSeconds, latencies.SelectMany(l => l).ToList());
    }
}
