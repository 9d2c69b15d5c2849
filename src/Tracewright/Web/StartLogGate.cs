namespace Tracewright.Web;

/// <summary>
/// Holds back the host's and Kestrel's errors while <c>serve</c> starts the server: a failure to start is logged by them with
/// its whole stack and then thrown, and <c>serve</c> answers it itself — a port in use in one line, anything else rethrown
/// whole — so the log would only print the same failure a second time. Open at any other moment.
/// </summary>
public sealed class StartLogGate
{
    private volatile bool _starting;

    /// <summary>The categories that log a failed start: the generic host and Kestrel.</summary>
    public static readonly IReadOnlyList<string> Categories = ["Microsoft.Extensions.Hosting.Internal.Host", "Microsoft.AspNetCore.Server.Kestrel"];

    public bool Starting
    {
        get => _starting;
        set => _starting = value;
    }

    /// <summary>Whether a message of <paramref name="level"/> from one of <see cref="Categories"/> is written, given <paramref name="floor"/>.</summary>
    public bool Allows(LogLevel level, LogLevel floor) => level >= floor && !(_starting && level >= LogLevel.Error);
}
