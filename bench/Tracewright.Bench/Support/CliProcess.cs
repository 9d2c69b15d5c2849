using System.Diagnostics;

namespace Tracewright.Bench.Support;

/// <summary>
/// A <c>tracewright</c> command line as its own process, timed from starting it to its exit: what a person at a shell waits
/// for. It runs the published binary (<c>bench/run.sh</c> publishes it as the README says, self-contained, single file,
/// compiled ahead) when there is one in the data folder, else <c>dotnet tracewright.dll</c> beside the bench.
/// </summary>
public static class CliProcess
{
    public sealed record Ran(int ExitCode, double Seconds, string Output);

    /// <summary>The published binary, when <c>bench/run.sh</c> made one.</summary>
    public static string? Published(BenchContext context) =>
        Path.Combine(context.Options.DataFolder, "publish", "tracewright") is var path && File.Exists(path) ? Path.GetFullPath(path) : null;

    /// <summary>What runs: for the report.</summary>
    public static string Describe(BenchContext context) =>
        Published(context) is { } published ? $"the published binary ({published}: self-contained, single file, ReadyToRun)" : "`dotnet tracewright.dll` (framework-dependent, JIT-compiled at start; run bench/run.sh to measure the published binary)";

    public static async Task<Ran> RunAsync(BenchContext context, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var published = Published(context);
        var start = new ProcessStartInfo(published ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (published is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tracewright.dll"));
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tracewright");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        return new Ran(process.ExitCode, seconds, await output + await error);
    }

    /// <summary>Runs and fails loudly unless the command succeeded.</summary>
    public static async Task<Ran> SucceedAsync(BenchContext context, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var ran = await RunAsync(context, list, cancellationToken);
        return ran.ExitCode == 0 ? ran : throw new InvalidOperationException($"tracewright {string.Join(' ', list)} exited with {ran.ExitCode}: {ran.Output}");
    }
}
