using Tracewright.Cli;
using Tracewright.Data.Tests.Support;

namespace Tracewright.Tests.Cli;

/// <summary>Runs <c>tracewright</c> verbs in-process against one SQLite file, capturing output and exit code.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-cli-").FullName;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2024, 5, 14, 9, 0, 0, TimeSpan.Zero));

    public string DbPath => Path.Combine(_folder, "shop.db");

    public string Folder => _folder;

    public sealed record Run(int ExitCode, string Output, string Error);

    public async Task<Run> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await TracewrightCli.RunAsync(["--db", DbPath, "--as", "tester", .. args], output, error, Clock, _ => null);
        return new Run(exit, output.ToString(), error.ToString());
    }

    public string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
