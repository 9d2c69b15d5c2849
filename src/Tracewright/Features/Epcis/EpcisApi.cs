using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tracewright.Domain.Common;
using Tracewright.Standards.Epcis;
using Tracewright.Web;

namespace Tracewright.Features.Epcis;

/// <summary>
/// The EPCIS 2.0 endpoints, under <c>/epcis</c> as in the standard's REST binding: capture (operator) and the events query (viewer).
/// </summary>
public static class EpcisApi
{
    /// <summary>EPCIS documents from other systems run to megabytes; larger ones should be split by the sender.</summary>
    public const long CaptureLimit = 16 * 1024 * 1024;

    /// <summary>
    /// Events in one captured document: one capture is one write transaction, and ten thousand events keep it to seconds.
    /// Over it the answer is 413 (the EPCIS REST binding's CaptureLimitExceeded) with <c>GS1-EPCIS-Capture-Limit</c>.
    /// </summary>
    public const int CaptureEventLimit = 10_000;

    public static void Map(RouteGroupBuilder epcis)
    {
        epcis.MapPost("/capture", CaptureAsync)
            .RequireAuthorization(AccessPolicy.Operator)
            .WithMetadata(new RequestSizeLimitAttribute(CaptureLimit))
            .Accepts<string>("application/ld+json", "application/json", "application/xml", "text/xml")
            .WithTags("EPCIS")
            .WithSummary("Capture an EPCIS 2.0 document: all of its events or none; events captured before are counted, not stored again");
        epcis.MapGet("/events", EventsAsync)
            .RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS")
            .WithSummary("Captured events matching SimpleEventQuery parameters, as an EPCISQueryDocument");
    }

    public static async Task<Results<Ok<CaptureEpcis.Response>, ProblemHttpResult>> CaptureAsync(HttpRequest request, ClaimsPrincipal user, Shop shop, [FromQuery] bool? lenient, CancellationToken cancellationToken)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        CaptureEpcis.Syntax? syntax = type switch
        {
            "application/ld+json" or "application/json" => CaptureEpcis.Syntax.Json,
            "application/xml" or "text/xml" => CaptureEpcis.Syntax.Xml,
            null or "" => CaptureEpcis.Syntax.Detect,
            _ => null,
        };
        if (syntax is null)
        {
            return Problems.ToHttp(new InvalidInput("content-type", $"an EPCIS document is sent as application/ld+json, application/json or application/xml, not {type}"));
        }

        // The standard's headers for what one capture may hold, on every answer, so a sender can size its documents.
        request.HttpContext.Response.Headers["GS1-EPCIS-Capture-Limit"] = CaptureEventLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.HttpContext.Response.Headers["GS1-EPCIS-Capture-File-Size-Limit"] = CaptureLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var result = await CaptureEpcis.HandleAsync(shop, AccessPolicy.ActorOf(user), new CaptureEpcis.Request(body, syntax.Value, lenient ?? false, CaptureEventLimit), cancellationToken);
        return ApiResults.Reply(result);
    }

    public static async Task<IResult> EventsAsync(HttpRequest request, Shop shop, CancellationToken cancellationToken)
    {
        var parameters = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        var result = await QueryEpcis.HandleAsync(shop, parameters, cancellationToken);
        if (!result.TryGet(out var page, out var error))
        {
            return Problems.ToHttp(error);
        }

        if (page.NextPageToken is { } token)
        {
            var next = QueryString.Create(parameters.Where(p => p.Key != "nextPageToken").Append(new("nextPageToken", token)));
            request.HttpContext.Response.Headers.Link = $"<{request.PathBase}{request.Path}{next}>; rel=\"next\"";
        }

        var xml = request.Headers.Accept.ToString().Contains("xml", StringComparison.OrdinalIgnoreCase);
        return xml
            ? TypedResults.Text(EpcisXmlWriter.Write(page.Document), "application/xml")
            : TypedResults.Text(EpcisJsonWriter.Write(page.Document), "application/ld+json");
    }
}
