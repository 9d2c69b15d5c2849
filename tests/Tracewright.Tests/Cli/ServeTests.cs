using System.Net;
using System.Net.Sockets;
using Tracewright.Tests.Reliability;

namespace Tracewright.Tests.Cli;

/// <summary><c>tracewright serve</c> as a person runs it: the real process, its output and its exit code.</summary>
public sealed class ServeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-serve-").FullName;

    [Fact]
    public async Task Issue14_ServeOnAPortInUse_SaysSoInOneLine_AndExitsNonZero()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output, error) = await ServerProcess.RunVerbAsync("serve", "--db", Path.Combine(_folder, "shop.db"), "--urls", $"http://127.0.0.1:{port}");

        Assert.NotEqual(0, exit);
        // The log's ordinary start-up lines go to standard output; the answer is the one line on standard error.
        var said = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"127.0.0.1:{port}", said, StringComparison.Ordinal);
        Assert.Contains("in use", said, StringComparison.Ordinal);
        Assert.Contains("--urls", said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
