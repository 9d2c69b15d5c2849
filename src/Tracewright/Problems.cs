using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tracewright.Domain.Common;

namespace Tracewright;

/// <summary>
/// The one place expected errors become RFC 9457 problem details (HTTP) and exit codes (CLI).
/// </summary>
public static class Problems
{
    public static int StatusOf(Error error) => error.Kind switch
    {
        ErrorKind.Invalid => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.Conflict => 409,
        ErrorKind.Refused => 422,
        ErrorKind.TooLarge => 413,
        ErrorKind.Forbidden => 403,
        _ => 500,
    };

    /// <summary>CLI exit codes: 2 invalid input (or over a limit), 3 not found, 4 conflict, 5 refused by a rule, 6 not the caller's to change.</summary>
    public static int ExitCodeOf(Error error) => error.Kind switch
    {
        ErrorKind.Invalid or ErrorKind.TooLarge => 2,
        ErrorKind.NotFound => 3,
        ErrorKind.Conflict => 4,
        ErrorKind.Refused => 5,
        ErrorKind.Forbidden => 6,
        _ => 1,
    };

    public static ProblemBody BodyOf(Error error) => new(
        $"https://tracewright.dev/problems/{error.Code}",
        error.Kind switch
        {
            ErrorKind.Invalid => "The request is invalid",
            ErrorKind.NotFound => "Not found",
            ErrorKind.Conflict => "Conflict",
            ErrorKind.Refused => "Refused by a rule",
            ErrorKind.TooLarge => "Too large",
            ErrorKind.Forbidden => "Not yours to change",
            _ => "Error",
        },
        StatusOf(error),
        error.Message,
        error.Code,
        error switch
        {
            // Each problem of a refused EPCIS document under its own location, so a client can point at every one.
            Domain.Epcis.InvalidEpcisDocument d => d.Problems.GroupBy(p => p.Location, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
            _ when error.Field is null => null,
            _ => new Dictionary<string, string[]> { [error.Field] = [error.Message] },
        });

    /// <summary>The HTTP answer for an expected error: the same body as <see cref="BodyOf"/>, as application/problem+json.</summary>
    public static ProblemHttpResult ToHttp(Error error)
    {
        var body = BodyOf(error);
        var details = new ProblemDetails { Type = body.Type, Title = body.Title, Status = body.Status, Detail = body.Detail };
        details.Extensions["code"] = body.Code;
        if (body.Errors is not null)
        {
            details.Extensions["errors"] = body.Errors;
        }

        return TypedResults.Problem(details);
    }
}

/// <summary>An RFC 9457 problem details body, with a field map for validation errors.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Code, IReadOnlyDictionary<string, string[]>? Errors);
