using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// The one handler for what escapes an endpoint. Malformed requests (unreadable JSON, a body over its limit)
/// keep their 4xx status; a unique-key violation from either database is a 409 conflict; anything else is a
/// bug: logged with its stack, answered 500 with only a trace id.
/// </summary>
public sealed partial class UnexpectedErrors(Shop shop, ILogger<UnexpectedErrors> logger, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails details;
        if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: JsonException json })
        {
            details = BodyNotUnderstood(json);
        }
        else if (exception is BadHttpRequestException bad)
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
        if (await ErrorPages.TryWriteAsync(httpContext, details.Status.Value, details.Detail))
        {
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = null });
    }

    /// <summary>
    /// A JSON body the endpoint's request cannot be read from, said in the client's terms: which field, and what is wrong
    /// with it (not a field of this request, the wrong kind of value, null where a value is required, not JSON at all).
    /// </summary>
    private static ProblemDetails BodyNotUnderstood(JsonException json)
    {
        var message = json.Message;
        var path = json.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        string? field;
        string detail;
        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            field = path is null || path == name || path.EndsWith("." + name, StringComparison.Ordinal) ? path ?? name : $"{path}.{name}";
            detail = $"'{field}' is not a field this request takes";
        }
        else if (DuplicateProperty().Match(message) is { Success: true } duplicate)
        {
            // The path names the key as the client wrote it the second time (names match case-blind, as in binding).
            var name = duplicate.Groups[1].Value;
            field = path is null || path.Equals(name, StringComparison.OrdinalIgnoreCase) || path.EndsWith("." + name, StringComparison.OrdinalIgnoreCase) ? path ?? name : $"{path}.{name}";
            detail = $"'{field}' is given more than once; give each field once";
        }
        else if (message.StartsWith(TextListConverter.NotText, StringComparison.Ordinal))
        {
            field = path;
            detail = $"{(field is null ? "the body" : $"'{field}'")} must be a list of text (no null, number or object in it)";
        }
        else if (NullParameter().Match(message) is { Success: true } nulled)
        {
            field = path ?? JsonNamingPolicy.CamelCase.ConvertName(nulled.Groups[1].Value);
            detail = $"'{field}' must not be null";
        }
        else if (Converted().Match(message) is { Success: true } converted)
        {
            field = path;
            detail = $"{(field is null ? "the body" : $"'{field}'")} must be {Describe(converted.Groups[1].Value)}";
        }
        else
        {
            field = path;
            detail = $"the body is not valid JSON: {PathSuffix().Replace(message, "")}";
        }

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid",
            Detail = detail,
            Type = "https://tracewright.dev/problems/invalid-json",
        };
        problem.Extensions["code"] = "invalid-json";
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return problem;
    }

    private static string Describe(string type) => type switch
    {
        _ when type.StartsWith("System.String", StringComparison.Ordinal) => "text",
        _ when type.StartsWith("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.StartsWith("System.Int", StringComparison.Ordinal) || type.StartsWith("System.Nullable`1[System.Int", StringComparison.Ordinal) => "a whole number",
        _ when type.StartsWith("System.Decimal", StringComparison.Ordinal) || type.StartsWith("System.Nullable`1[System.Decimal", StringComparison.Ordinal) => "a number",
        _ when type.StartsWith("System.Nullable`1[System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.StartsWith("System.Collections", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "a list",
        _ when type.StartsWith("System.Byte[]", StringComparison.Ordinal) => "base64 text",
        _ => "an object of the documented form",
    };

    [GeneratedRegex("^The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("^Duplicate property '([^']*)' encountered")]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex("(?:parameter|field) '([^']*)' on type '[^']*' doesn't allow")]
    private static partial Regex NullParameter();

    [GeneratedRegex("could not be converted to ([^ ]+?)\\.? Path")]
    private static partial Regex Converted();

    [GeneratedRegex(" ?Path: .*$")]
    private static partial Regex PathSuffix();
}
