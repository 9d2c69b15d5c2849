using Microsoft.AspNetCore.Mvc;

namespace Tracewright.Web;

/// <summary>A problem detail written by middleware, before any endpoint runs (the endpoints' errors go through <see cref="Problems"/>).</summary>
public static class ProblemAnswer
{
    public static Task WriteAsync(HttpContext context, int status, string title, string code, string detail)
    {
        context.Response.StatusCode = status;
        var details = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://tracewright.dev/problems/{code}",
        };
        details.Extensions["code"] = code;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details }).AsTask();
    }
}
