using System.Collections.Concurrent;
using System.Globalization;

namespace Tracewright.Web;

/// <summary>
/// Requests per minute for each signed-in caller — an API token (<c>token:TOK-0001</c>) or a person — so that one runaway
/// client cannot take the server from everyone else. A token bucket per caller: <see cref="PerMinute"/> requests at once,
/// refilled at <see cref="PerMinute"/> a minute. Over it the answer is 429 with <c>Retry-After</c>. Anonymous requests
/// reach only sign-in (throttled per name by <see cref="SignInThrottle"/>), health and static files. Kept in memory per
/// server: several servers behind one balancer each allow the rate.
/// </summary>
public sealed class RequestRate(TimeProvider clock, int perMinute)
{
    /// <summary>A hundred a second sustained: far above a person or a shop-floor machine, far below a loop gone wrong.</summary>
    public const int DefaultPerMinute = 6_000;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>0 turns the limit off.</summary>
    public int PerMinute { get; } = perMinute;

    /// <summary>Takes one request from the caller's allowance: null when it may go ahead, else how long until it may.</summary>
    public TimeSpan? Take(string caller)
    {
        if (PerMinute <= 0)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var bucket = _buckets.GetOrAdd(caller, _ => new Bucket(PerMinute, now));
        lock (bucket)
        {
            bucket.Tokens = Math.Min(PerMinute, bucket.Tokens + ((now - bucket.At).TotalMinutes * PerMinute));
            bucket.At = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return TimeSpan.FromMinutes((1 - bucket.Tokens) / PerMinute);
        }
    }

    public static async Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var rate = context.RequestServices.GetRequiredService<RequestRate>();
        if (context.User.Identity is { IsAuthenticated: true, Name: { } caller } && rate.Take(caller) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ProblemAnswer.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", "too-many-requests", $"{caller} may send {rate.PerMinute:N0} requests a minute; try again in {seconds} s");
            return;
        }

        await next(context);
    }

    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset At { get; set; } = at;
    }
}
