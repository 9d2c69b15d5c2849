using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>Turns a handler's result into the endpoint's answer: the value as JSON, or its problem via <see cref="Problems"/>.</summary>
public static class ApiResults
{
    public static Results<Ok<T>, ProblemHttpResult> Reply<T>(Result<T> result) =>
        result.TryGet(out var value, out var error) ? TypedResults.Ok(value) : Problems.ToHttp(error);

    /// <summary>For commands that create a record, 201 with where to read it.</summary>
    public static Results<Created<T>, ProblemHttpResult> Created<T>(Result<T> result, Func<T, string> location) =>
        result.TryGet(out var value, out var error) ? TypedResults.Created(location(value), value) : Problems.ToHttp(error);
}
