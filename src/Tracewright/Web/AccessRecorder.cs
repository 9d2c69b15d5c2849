using System.Collections.Concurrent;
using Tracewright.Data.Access;

namespace Tracewright.Web;

/// <summary>
/// Writes the access log (<see cref="AccessLog"/>) for the web application: every sign-in, failed sign-in and sign-out,
/// and API token use. Token use, refused tokens and throttled sign-ins are noted once a minute per token (or name) and
/// address, so a busy machine or a guessing script does not write a row per request.
/// </summary>
public sealed class AccessRecorder(Shop shop)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(AccessEvent, string, string?), DateTimeOffset> _noted = new();

    /// <summary>Records one access. The write is not cancelled with the request: a client that goes away is still logged.</summary>
    public async Task RecordAsync(HttpContext context, AccessEvent e, string who, string? detail = null)
    {
        var now = shop.Clock.GetUtcNow();
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (e is AccessEvent.TokenUsed or AccessEvent.TokenRefused or AccessEvent.SignInThrottled)
        {
            var key = (e, who, remote);
            if (_noted.TryGetValue(key, out var last) && now - last < Quiet)
            {
                return;
            }

            _noted[key] = now;
        }

        await AccessLog.AppendAsync(shop.Database, now, e, who, remote, detail, CancellationToken.None);
    }
}
