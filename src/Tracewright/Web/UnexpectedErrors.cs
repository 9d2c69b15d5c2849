using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// The one handler for what escapes an endpoint. Malformed requests (unreadable JSON, a body over its limit)
/// keep their 4xx status; a unique-key violation from either database is a 409 conflict; anything else is a
/// bug: logged with its stack, answered 500 with only a trace id.
/// </summary>
public sealed class UnexpectedErrors(Shop shop, ILogger<UnexpectedErrors> logger, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails details;
        if (exception is BadHttpRequestException bad)
        {
            details = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "The request is invalid",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request body is larger than this endpoint accepts" : bad.Message,
                Type = $"https://tracewright.dev/problems/{(bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request")}",
            };
        }
        else if (shop.Database.IsUniqueViolation(exception))
        {
            var body = Problems.BodyOf(new StateConflict("duplicate", "that record already exists"));
            details = new ProblemDetails { Status = body.Status, Title = body.Title, Detail = body.Detail, Type = body.Type };
        }
        else
        {
            logger.LogError(exception, "unexpected error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            details = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Detail = "something went wrong on our side; the request changed nothing. Quote the trace id when reporting it.",
                Type = "https://tracewright.dev/problems/unexpected",
            };
        }

        details.Extensions["traceId"] = httpContext.TraceIdentifier;
        httpContext.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = null });
    }
}
