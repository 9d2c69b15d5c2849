using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Tracewright.Data;
using Tracewright.Features.Access;

namespace Tracewright.Bench.Support;

/// <summary>
/// <c>tracewright serve</c> as its own process on a loopback port, over a given database, with an operator API token for
/// clients: what a load generator talks to. Disposing stops the process (this one only, by its handle).
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri address, string token)
    {
        _process = process;
        Address = address;
        Token = token;
    }

    public Uri Address { get; }

    /// <summary>An API token (bearer secret) for the given role, made before the server started.</summary>
    public string Token { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server's resident memory now (VmRSS), in bytes; 0 where /proc is not available.</summary>
    public long ResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public HttpClient Client()
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 64 }) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Starts serve over <paramref name="database"/> (migrated, token made first) and waits until <c>/health</c> answers.</summary>
    public static async Task<ServeProcess> StartAsync(string database, string role, CancellationToken cancellationToken)
    {
        string token;
        await using (var store = Database.Open(database))
        {
            await store.MigrateAsync(cancellationToken);
            var created = await ApiTokens.CreateAsync(new Shop(store, TimeProvider.System), "bench", new ApiTokens.CreateRequest($"bench {role} {Guid.NewGuid():N}", role), cancellationToken);
            token = created.IsSuccess ? created.Value.Secret : throw new InvalidOperationException(created.Error!.Message);
        }

        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var binary = Path.Combine(AppContext.BaseDirectory, "tracewright.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // No per-token rate limit: the load generators measure what the server can do, not the limit a shop sets.
        foreach (var arg in new[] { binary, "serve", "--db", database, "--urls", address.ToString().TrimEnd('/'), "--rate-limit", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tracewright serve");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServeProcess(process, address, token);
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"tracewright serve exited with {process.ExitCode} before answering");
            }

            try
            {
                if ((await probe.GetAsync("/health", cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        await server.DisposeAsync();
        throw new TimeoutException("tracewright serve did not answer /health within 3 minutes");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
