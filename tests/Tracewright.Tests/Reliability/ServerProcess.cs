using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// The real <c>tracewright serve</c> as a separate process (the built <c>tracewright.dll</c> beside the tests, run by
/// <c>dotnet</c>) on a free loopback port, so a test can kill it with SIGKILL the way a power cut or the OOM killer
/// would, and start it again on the same database.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly List<string> _recent;

    private ServerProcess(Process process, Uri address, List<string> recent)
    {
        _process = process;
        _recent = recent;
        Address = address;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:38059/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The built program: the tests reference the executable project, so its dll is copied beside them.</summary>
    public static string Program => Path.Combine(AppContext.BaseDirectory, "tracewright.dll");

    /// <summary>Starts <c>serve</c> on <paramref name="target"/> and waits until it says where it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string target, string keysFolder)
    {
        var info = Info("serve", "--db", target, "--urls", "http://127.0.0.1:0");
        info.Environment["TRACEWRIGHT_KEYS"] = keysFolder;
        var process = new Process { StartInfo = info };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var recent = new List<string>();
        void Collect(string? line)
        {
            if (line is null)
            {
                listening.TrySetException(new InvalidOperationException($"tracewright serve ended before it listened:\n{string.Join('\n', Snapshot(recent))}"));
                return;
            }

            lock (recent)
            {
                recent.Add(line);
                if (recent.Count > 40)
                {
                    recent.RemoveAt(0);
                }
            }

            if (ServingLine().Match(line) is { Success: true } m)
            {
                listening.TrySetResult(new Uri(m.Groups[1].Value + "/"));
            }
        }

        // Both streams are drained for the life of the process: a full pipe would stall the server's logging.
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Collect(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ServerProcess(process, await listening.Task.WaitAsync(StartTimeout), recent);
        }
        catch
        {
            KillQuietly(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs one CLI verb of the built program to its end (e.g. <c>verify</c>), returning its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunVerbAsync(params string[] args)
    {
        using var process = new Process { StartInfo = Info(args) };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no finishing requests in flight.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the server wrote, for a failure message.</summary>
    public string RecentOutput => string.Join('\n', Snapshot(_recent));

    public void Dispose()
    {
        KillQuietly(_process);
        _process.Dispose();
    }

    private static ProcessStartInfo Info(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // It was never started or is already gone.
        }
    }

    [GeneratedRegex(@"tracewright is serving .* on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
