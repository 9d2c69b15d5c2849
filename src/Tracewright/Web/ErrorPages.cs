using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Tracewright.Web;

/// <summary>
/// An error a person's browser meets (a page that does not exist, a role that may not open it, an upload over its limit, a
/// bug) is a page of the application with its layout and a way on, not a problem-details JSON document; machines (the API,
/// EPCIS, a bearer token, or a client that does not ask for HTML) keep the problem details.
/// </summary>
public static class ErrorPages
{
    /// <summary>True when the request came from a person's browser for a page: not the API, and it asks for HTML.</summary>
    public static bool IsForPerson(HttpContext context) =>
        !WebApp.IsApi(context.Request)
        && !context.Request.Path.StartsWithSegments("/openapi")
        && !context.Request.Path.StartsWithSegments("/health")
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the error as a page when the request is a person's; false (nothing written) otherwise.</summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, int status, string? detail = null)
    {
        if (!IsForPerson(context) || context.Response.HasStarted)
        {
            return false;
        }

        var (title, text) = status switch
        {
            StatusCodes.Status403Forbidden => ("Not allowed", "Your role may not open this page or do this. An administrator can change your role on the Users & tokens page."),
            StatusCodes.Status404NotFound => ("Not found", $"There is no page at {context.Request.Path}. Scan or type a lot, heat, serial or record number in the box above."),
            StatusCodes.Status405MethodNotAllowed => ("Not here", "This address does not take that kind of request. Go back and use the page's own form."),
            StatusCodes.Status413PayloadTooLarge => ("Too large", detail ?? "What was sent is larger than this page accepts. Go back and choose a smaller file."),
            StatusCodes.Status429TooManyRequests => ("Too many requests", detail ?? "Too many requests in a short time. Wait a moment, then try again."),
            StatusCodes.Status500InternalServerError => ("Something went wrong", $"Something went wrong on our side and nothing was changed. If it happens again, quote this reference: {context.TraceIdentifier}."),
            _ => (ReasonPhrases.GetReasonPhrase(status), detail ?? "The request could not be answered. Go back and try again."),
        };
        await Pages.Render<Components.MessagePage>(new { Title = title, Message = text, WayHome = true }, status).ExecuteAsync(context);
        return true;
    }

    /// <summary>The status-code page: an HTML page for a person, problem details for everyone else (as without it).</summary>
    public static async Task WriteStatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (await TryWriteAsync(context, context.Response.StatusCode))
        {
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = context.Response.StatusCode },
        });
    }
}
