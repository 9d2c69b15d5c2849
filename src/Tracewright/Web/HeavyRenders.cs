using System.Globalization;

namespace Tracewright.Web;

/// <summary>
/// Label sheets (PDF, PNG, ZPL, SVG), recall exports (CSV, XLSX, the printable report) and compliance dossiers can each
/// take seconds of CPU. Each caller (a person or an API token) may have <see cref="PerCaller"/> of them being made at
/// once; another one asked for meanwhile is answered 429 with <c>Retry-After</c> at once rather than queued, so one
/// person holding down "print" cannot take every core and others' answers keep their pace (issue 16, item 11). Kept in
/// memory per server.
/// </summary>
public sealed class HeavyRenders
{
    public const int PerCaller = 2;

    private const int RetryAfterSeconds = 2;

    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);

    /// <summary>The endpoint filter: the render and the writing of its answer both happen inside the caller's turn.</summary>
    public static async ValueTask<object?> LimitAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var renders = http.RequestServices.GetRequiredService<HeavyRenders>();
        var caller = http.User.Identity?.Name ?? "-";
        if (!renders.TryStart(caller))
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ProblemAnswer.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too many renders at once", "too-many-renders",
                $"{caller} already has {PerCaller} labels, exports or dossiers being made; try again in {RetryAfterSeconds} s when one is done");
            return Results.Empty;
        }

        try
        {
            var result = await next(context);
            if (result is IResult answer)
            {
                // Files are often written while the answer executes, so that happens inside the turn too.
                await answer.ExecuteAsync(http);
                return Results.Empty;
            }

            return result;
        }
        finally
        {
            renders.Done(caller);
        }
    }

    private bool TryStart(string caller)
    {
        lock (_running)
        {
            var now = _running.GetValueOrDefault(caller);
            if (now >= PerCaller)
            {
                return false;
            }

            _running[caller] = now + 1;
            return true;
        }
    }

    private void Done(string caller)
    {
        lock (_running)
        {
            if (--_running[caller] == 0)
            {
                _running.Remove(caller);
            }
        }
    }
}
