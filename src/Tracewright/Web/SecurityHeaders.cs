using System.Security.Cryptography;
using System.Text;
using Tracewright.Features.Trace;

namespace Tracewright.Web;

/// <summary>
/// The headers every answer carries — pages, API, files, errors, redirects — set as the answer starts, so an error page
/// or a 304 gets them as well as a page that minted an anti-forgery cookie. The pages have no script at all and one
/// served stylesheet; the policy allows scripts only from this server (never inline), styles from this server plus the
/// one inline style of the printable recall report (by its hash), and no framing by any site.
/// </summary>
public static class SecurityHeaders
{
    public static readonly string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; " +
        $"style-src 'self' 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(RecallExports.Style)))}'; " +
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
