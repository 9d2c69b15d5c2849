using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Tracewright.Web;

/// <summary>
/// Lets a route's id be a URI — an EPC URI, a Digital Link URI (<c>https://id.gs1.org/01/…</c>) or a private identifier
/// (<c>https://id.tracewright.example/lot/…</c>) — on every route, written percent-encoded or as it is.
/// </summary>
/// <remarks>
/// The server decodes a request path except <c>%2F</c>, so an encoded Digital Link reaches routing as
/// <c>https:%2F%2Fid.gs1.org…</c> (and a real <c>%2F</c> in an id could not be told from <c>%252F</c>), while an unencoded one is
/// split into many segments and matches no route. Before routing, each path segment of the raw request target that holds
/// <c>%2F</c> is decoded exactly once, and an unencoded <c>http(s)://…</c> id is taken up to the literal segments a route has
/// after its id (<c>/block</c>, <c>/export.csv</c>, …); each becomes one placeholder segment for routing, and after routing the
/// route value is the decoded id and the request path is as it was.
/// </remarks>
public static class UriRouteIds
{
    private const string Marker = "tw-uri-id-6b1c9e";
    private static readonly object ItemsKey = new();
    private static HashSet<string>? _suffixes;

    /// <summary>Before routing: the path with each URI id as one placeholder segment.</summary>
    public static Task BeforeRoutingAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.PathBase.HasValue)
            return next(context);
        var raw = RawPath(context);
        // Every request passes here: a path with neither an encoded slash nor a scheme's "://" holds no URI id, so it goes
        // on without being split and decoded.
        if (!raw.Contains("%2F", StringComparison.OrdinalIgnoreCase) && !raw.Contains("://", StringComparison.Ordinal))
            return next(context);
        var segments = raw.Split('/');
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var rewritten = new List<string>();
        for (var i = 1; i < segments.Length; i++)
        {
            var decoded = Uri.UnescapeDataString(segments[i]);
            if ((decoded.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || decoded.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
                && i + 2 < segments.Length && segments[i + 1].Length == 0)
            {
                var end = segments.Length;
                for (var k = segments.Length - 1; k > i + 2; k--)
                {
                    if (Suffixes(context).Contains(string.Join('/', segments[k..])))
                        end = k;
                }

                rewritten.Add(Placeholder(ids, string.Join('/', segments[i..end].Select(Uri.UnescapeDataString))));
                rewritten.AddRange(segments[end..].Select(Uri.UnescapeDataString));
                break;
            }

            rewritten.Add(segments[i].Contains("%2F", StringComparison.OrdinalIgnoreCase) ? Placeholder(ids, decoded) : decoded);
        }

        if (ids.Count == 0)
            return next(context);
        context.Items[ItemsKey] = (context.Request.Path, ids);
        context.Request.Path = new PathString("/" + string.Join('/', rewritten));
        return next(context);
    }

    /// <summary>After routing: the decoded ids as route values, and the request path as it came.</summary>
    public static Task AfterRoutingAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items[ItemsKey] is (PathString path, Dictionary<string, string> ids))
        {
            context.Request.Path = path;
            foreach (var (key, value) in context.Request.RouteValues.ToList())
            {
                if (value is string s && ids.TryGetValue(s, out var id))
                    context.Request.RouteValues[key] = id;
            }
        }

        return next(context);
    }

    /// <summary>
    /// The path as sent. A server that gives no raw target (the test server) gives the path decoded but for <c>%2F</c>, which
    /// serves as well except that <c>%252F</c> then reads as a slash.
    /// </summary>
    private static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is not null && raw.StartsWith("http", StringComparison.OrdinalIgnoreCase) && raw.IndexOf("://", StringComparison.Ordinal) is var scheme and > 0)
            raw = raw.IndexOf('/', scheme + 3) is var slash and > 0 ? raw[slash..] : "/";
        if (string.IsNullOrEmpty(raw) || !raw.StartsWith('/'))
            return context.Request.Path.Value ?? "/";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? raw[..query] : raw;
    }

    private static string Placeholder(Dictionary<string, string> ids, string id)
    {
        var key = Marker + ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ids[key] = id;
        return key;
    }

    /// <summary>Every run of literal segments that follows a route's last parameter (<c>block</c>, <c>export.csv</c>, <c>events</c>).</summary>
    private static HashSet<string> Suffixes(HttpContext context)
    {
        if (_suffixes is { } known)
            return known;
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var segments = endpoint.RoutePattern.PathSegments;
            var last = segments.ToList().FindLastIndex(s => s.Parts.Any(p => p is RoutePatternParameterPart));
            if (last >= 0 && last < segments.Count - 1 && segments.Skip(last + 1).All(s => s.IsSimple && s.Parts[0] is RoutePatternLiteralPart))
                found.Add(string.Join('/', segments.Skip(last + 1).Select(s => ((RoutePatternLiteralPart)s.Parts[0]).Content)));
        }

        return _suffixes = found;
    }
}
