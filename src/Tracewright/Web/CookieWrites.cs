using Microsoft.AspNetCore.Antiforgery;

namespace Tracewright.Web;

/// <summary>
/// Writes to the API and EPCIS made with the sign-in cookie (issue 16). SameSite=Strict keeps other sites' pages from
/// sending the cookie, but a page on another port of the same host is the same site, so it is not enough. A write
/// (any method but GET, HEAD, OPTIONS, TRACE) under <c>/api</c> or <c>/epcis</c> authenticated by the cookie must:
/// <list type="number">
/// <item>come from this server's own pages: an <c>Origin</c> other than this server's, or <c>Sec-Fetch-Site</c>
/// <c>cross-site</c> / <c>same-site</c>, is refused 403 before anything else is read;</item>
/// <item>carry the anti-forgery token, in the <see cref="HeaderName"/> header (any page's <c>__csrf</c> field, or
/// <c>GET /api/antiforgery</c>) or the <c>__csrf</c> field of a form; without it, 400 naming what is missing.</item>
/// </list>
/// Bearer-token calls are not cookie-authenticated and need neither. Everywhere, a request with a body but no
/// <c>Content-Type</c> is refused 415: an endpoint must never guess what it was sent.
/// </summary>
public static class CookieWrites
{
    public const string HeaderName = "RequestVerificationToken";

    public static async Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            await next(context);
            return;
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody && string.IsNullOrWhiteSpace(request.ContentType))
        {
            await ProblemAnswer.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "No Content-Type", "no-content-type",
                "the request has a body but no Content-Type header; say what it is (application/json, multipart/form-data, application/x-www-form-urlencoded, application/ld+json)");
            return;
        }

        var byCookie = context.User.Identity is { IsAuthenticated: true, AuthenticationType: WebApp.CookieScheme };
        if (byCookie && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/epcis")))
        {
            if (CrossOrigin(request) is { } why)
            {
                await ProblemAnswer.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-origin write refused", "cross-origin", why);
                return;
            }

            if (!await HasTokenAsync(context))
            {
                await ProblemAnswer.WriteAsync(context, StatusCodes.Status400BadRequest, "Anti-forgery token missing", "anti-forgery-token",
                    $"a write signed in by the browser's cookie must carry the anti-forgery token: it is missing or not valid. Send it in the {HeaderName} header (GET /api/antiforgery gives one) or the __csrf form field; calls with an API token (Authorization: Bearer) need none");
                return;
            }
        }

        await next(context);
    }

    /// <summary>Why the request did not come from this server's own pages, or null when nothing says it did not.</summary>
    private static string? CrossOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return $"the browser says this write came from another site or another port of this host (Sec-Fetch-Site: {site}); only this server's own pages may write with the sign-in cookie";
        }

        var origin = request.Headers.Origin.ToString();
        var own = $"{request.Scheme}://{request.Host.Value}";
        return origin.Length > 0 && !origin.Equals(own, StringComparison.OrdinalIgnoreCase)
            ? $"this write came from a page at {origin}, not from {own}; only this server's own pages may write with the sign-in cookie"
            : null;
    }

    private static async Task<bool> HasTokenAsync(HttpContext context)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
        }
        catch (InvalidDataException)
        {
            // A body that cannot be read as the form it claims to be carries no readable token.
            return false;
        }
    }
}
