using System.Diagnostics;

namespace Tracewright.Bench.Support;

/// <summary>A <c>tracewright</c> command line as its own process, timed from starting it to its exit: what a person at a shell waits for.</summary>
public static class CliProcess
{
    public sealed record Ran(int ExitCode, double Seconds, string Output);

    public static async Task<Ran> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tracewright.dll"));
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
    public static async Task<Ran> SucceedAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var ran = await RunAsync(list, cancellationToken);
        return ran.ExitCode == 0 ? ran : throw new InvalidOperationException($"tracewright {string.Join(' ', list)} exited with {ran.ExitCode}: {ran.Output}");
    }
}
