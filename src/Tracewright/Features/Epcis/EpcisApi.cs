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
            .WithSummary("Capture an EPCIS 2.0 document as a capture job: 202 with Location /epcis/capture/{captureID}; ?wait=true captures it while the client waits (200 with the counts)");
        epcis.MapGet("/capture", CaptureJobsAsync)
            .RequireAuthorization(AccessPolicy.Operator)
            .WithTags("EPCIS")
            .WithSummary("The capture jobs, oldest first, paged by perPage and nextPageToken");
        epcis.MapGet("/capture/{id}", CaptureJobAsync)
            .RequireAuthorization(AccessPolicy.Operator)
            .WithTags("EPCIS")
            .WithSummary("One capture job: running, success, errors (each refused event with its position) and the counts");
        epcis.MapGet("/events", EventsAsync)
            .RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS")
            .WithSummary("Captured events matching SimpleEventQuery parameters, as an EPCISQueryDocument");
        epcis.MapPost("/events", CaptureEventAsync)
            .RequireAuthorization(AccessPolicy.Operator)
            .WithMetadata(new RequestSizeLimitAttribute(CaptureLimit))
            .Accepts<string>("application/ld+json", "application/json")
            .WithTags("EPCIS")
            .WithSummary("Capture one EPCIS event (JSON-LD): 201 with its Location, 409 when it is already captured");
        epcis.MapGet("/events/{id}", EventAsync)
            .RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS")
            .WithSummary("One captured event by its eventID (URL-encoded), as an EPCISQueryDocument");
    }

    /// <summary>
    /// <c>POST /epcis/events</c>, the REST binding's single-event capture: one event (with its <c>@context</c>) in JSON-LD, stored
    /// as a capture of a one-event document is (validated, idempotent, all or nothing). <c>201 Created</c> with <c>Location:
    /// /epcis/events/{eventID}</c> (the event hash ID for an event without an eventID); <c>409</c> when that event is already
    /// captured (its Location is given); an error declaration of a captured event is <c>201</c> with the declared event's Location.
    /// </summary>
    public static async Task<IResult> CaptureEventAsync(HttpRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers["GS1-EPCIS-Capture-File-Size-Limit"] = CaptureLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        string? type = null, eventId = null;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                type = json.RootElement.TryGetProperty("type", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String ? t.GetString() : null;
                eventId = json.RootElement.TryGetProperty("eventID", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the capture below says where, as it does for documents.
        }

        if (type is "EPCISDocument" or "EPCISQueryDocument")
        {
            return Problems.ToHttp(new InvalidInput("type", $"POST /epcis/events takes one event; an {type} goes to POST /epcis/capture"));
        }

        var result = await CaptureEpcis.HandleAsync(shop, AccessPolicy.ActorOf(user), new CaptureEpcis.Request(body, CaptureEpcis.Syntax.Json, false, 1), cancellationToken);
        if (!result.TryGet(out var captured, out var error))
        {
            return Problems.ToHttp(error);
        }

        var key = captured.Keys.FirstOrDefault() ?? eventId;
        var location = key is null ? null : $"{request.PathBase}/epcis/events/{Uri.EscapeDataString(key)}";
        if (captured.Captured == 0 && captured.DeclaredErroneous == 0)
        {
            if (location is not null)
            {
                request.HttpContext.Response.Headers.Location = location;
            }

            return Problems.ToHttp(new StateConflict("event-exists", $"this event is already captured{(key is null ? "" : $" as {key}")}", "eventID"));
        }

        // The binding answers with the event as stored (its recordTime set), in JSON-LD with the context it needs.
        if (key is not null && location is not null && (await QueryEpcis.EventAsync(shop, key, cancellationToken)).TryGet(out var stored, out _))
        {
            var document = System.Text.Json.Nodes.JsonNode.Parse(EpcisJsonWriter.Write(stored.Document))!;
            var storedEvent = document["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]![0]!.DeepClone().AsObject();
            storedEvent.Insert(0, "@context", document["@context"]!.DeepClone());
            return Created(request, location, storedEvent);
        }

        return TypedResults.Created(location, captured);
    }

    private static IResult Created(HttpRequest request, string location, System.Text.Json.Nodes.JsonObject body)
    {
        request.HttpContext.Response.Headers.Location = location;
        return TypedResults.Text(body.ToJsonString(), "application/ld+json", statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /epcis/events/{eventID}</c>: the event, or 404.</summary>
    public static async Task<IResult> EventAsync(string id, HttpRequest request, Shop shop, CancellationToken cancellationToken)
    {
        var result = await QueryEpcis.EventAsync(shop, id, cancellationToken);
        return result.TryGet(out var page, out var error) ? Answer(request, page) : Problems.ToHttp(error);
    }

    /// <summary>
    /// <c>POST /epcis/capture</c>: the document is read and checked while the client waits (a refused one is a 400 listing its
    /// problems, and nothing is stored), then stored as a capture job: <c>202 Accepted</c>, <c>Location:
    /// /epcis/capture/{captureID}</c> and the job as it starts. <c>GS1-Capture-Error-Behaviour: proceed</c> accepts a document
    /// whose bad events are only some of them; <c>?wait=true</c> captures the document in the request and answers 200 with the
    /// counts (all or nothing), for scripts.
    /// </summary>
    public static async Task<IResult> CaptureAsync(HttpRequest request, ClaimsPrincipal user, Shop shop, CaptureJobs jobs, [FromQuery] bool? lenient, [FromQuery] bool? wait, CancellationToken cancellationToken)
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

        var behaviour = request.Headers["GS1-Capture-Error-Behaviour"].ToString().Trim().ToLowerInvariant() switch
        {
            "" or "rollback" => CaptureJobs.Behaviour.Rollback,
            "proceed" => CaptureJobs.Behaviour.Proceed,
            _ => (CaptureJobs.Behaviour?)null,
        };
        if (behaviour is null)
        {
            return Problems.ToHttp(new InvalidInput("GS1-Capture-Error-Behaviour", $"GS1-Capture-Error-Behaviour is rollback or proceed, not '{request.Headers["GS1-Capture-Error-Behaviour"]}'"));
        }

        if (wait == true && behaviour == CaptureJobs.Behaviour.Proceed)
        {
            return Problems.ToHttp(new InvalidInput("wait", "wait=true captures all of the document or none of it; for GS1-Capture-Error-Behaviour: proceed leave wait out and read the refused events from the capture job"));
        }

        // The standard's headers for what one capture may hold, on every answer, so a sender can size its documents.
        request.HttpContext.Response.Headers["GS1-EPCIS-Capture-Limit"] = CaptureEventLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.HttpContext.Response.Headers["GS1-EPCIS-Capture-File-Size-Limit"] = CaptureLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.HttpContext.Response.Headers["GS1-Capture-Error-Behaviour"] = CaptureJobs.NameOf(behaviour.Value);
        using var reader = new StreamReader(request.Body);
        var capture = new CaptureEpcis.Request(await reader.ReadToEndAsync(cancellationToken), syntax.Value, lenient ?? false, CaptureEventLimit);
        if (wait == true)
        {
            var result = await CaptureEpcis.HandleAsync(shop, AccessPolicy.ActorOf(user), capture, cancellationToken);
            return result.TryGet(out var captured, out var error) ? TypedResults.Ok(captured) : Problems.ToHttp(error);
        }

        var accepted = await jobs.AcceptAsync(AccessPolicy.ActorOf(user), capture, behaviour.Value, cancellationToken);
        if (!accepted.TryGet(out var job, out var refused))
        {
            return Problems.ToHttp(refused);
        }

        request.HttpContext.Response.Headers.Location = $"{request.PathBase}/epcis/capture/{job.Id}";
        return TypedResults.Json(job.Job, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>GET /epcis/capture/{captureID}</c>: the job, or 404.</summary>
    public static async Task<IResult> CaptureJobAsync(string id, Shop shop, CancellationToken cancellationToken) =>
        await CaptureJobs.FindAsync(shop, id, cancellationToken) is { } job
            ? TypedResults.Json(job)
            : Problems.ToHttp(new Domain.Common.NotFound("capture job", id, "captureID"));

    /// <summary><c>GET /epcis/capture</c>: a page of jobs (a JSON array, as the binding shows it), oldest first.</summary>
    public static async Task<IResult> CaptureJobsAsync(HttpRequest request, Shop shop, CancellationToken cancellationToken)
    {
        var paging = EpcisPaging.Read(request);
        if (!paging.TryGet(out var page, out var error))
        {
            return Problems.ToHttp(error);
        }

        var jobs = await CaptureJobs.ListAsync(shop, page.After, page.PerPage + 1, cancellationToken);
        if (jobs.Count > page.PerPage)
        {
            EpcisPaging.LinkNext(request, page.PerPage, jobs[page.PerPage - 1].Id);
        }

        return TypedResults.Json(new System.Text.Json.Nodes.JsonArray(jobs.Take(page.PerPage).Select(j => (System.Text.Json.Nodes.JsonNode)CaptureJobs.View(j)).ToArray()));
    }

    public static Task<IResult> EventsAsync(HttpRequest request, Shop shop, CancellationToken cancellationToken)
    {
        var parameters = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        return AnswerQueryAsync(request, parameters, parameters, null, shop, cancellationToken);
    }

    /// <summary>
    /// A page of a query over captured events: <paramref name="query"/> (the request's parameters, with what the resource adds)
    /// and <paramref name="anyObject"/>; the <c>Link</c> to the next page repeats the request's own <paramref name="parameters"/>.
    /// </summary>
    internal static async Task<IResult> AnswerQueryAsync(
        HttpRequest request, IReadOnlyList<KeyValuePair<string, string?>> parameters, IReadOnlyList<KeyValuePair<string, string?>> query, string? anyObject, Shop shop, CancellationToken cancellationToken)
    {
        if (!EpcisPageTokens.Open(request, query).TryGet(out var opened, out var unopened))
        {
            return Problems.ToHttp(unopened);
        }

        var result = await QueryEpcis.HandleAsync(shop, opened, anyObject, QueryFieldParameters.Declared(request.Headers["GS1-Extensions"]), cancellationToken);
        return result.TryGet(out var page, out var error) ? AnswerPage(request, parameters, page) : Problems.ToHttp(error);
    }

    /// <summary>A page of events, with the <c>Link</c> to the next page repeating the request's own <paramref name="parameters"/>.</summary>
    internal static IResult AnswerPage(HttpRequest request, IReadOnlyList<KeyValuePair<string, string?>> parameters, QueryEpcis.Page page)
    {
        if (page.NextPageToken is { } token)
        {
            var next = QueryString.Create(parameters.Where(p => p.Key != "nextPageToken").Append(new("nextPageToken", EpcisPageTokens.Give(request, token))));
            request.HttpContext.Response.Headers.Link = $"<{request.PathBase}{request.Path}{next}>; rel=\"next\"";
        }

        return Answer(request, page);
    }

    /// <summary>A request's JSON body (named queries, subscriptions), or a 400 saying why it is not JSON.</summary>
    internal static async Task<Result<System.Text.Json.JsonElement>> JsonBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var json = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return json.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException e)
        {
            return new InvalidInput("body", $"the body is not JSON: {e.Message}");
        }
    }

    /// <summary>A query document in the syntax asked for: XML for an <c>Accept</c> naming xml, else JSON-LD.</summary>
    private static IResult Answer(HttpRequest request, QueryEpcis.Page page)
    {
        var xml = request.Headers.Accept.ToString().Contains("xml", StringComparison.OrdinalIgnoreCase);
        if (request.Headers["GS1-EPC-Format"].ToString() != "Always_GS1_Digital_Link")
        {
            return xml ? TypedResults.Text(EpcisXmlWriter.Write(page.Document), "application/xml") : TypedResults.Text(page.Json(), "application/ld+json");
        }

        request.HttpContext.Response.Headers["GS1-EPC-Format"] = "Always_GS1_Digital_Link";
        var document = page.Document with { Events = [.. page.Document.Events.Select(EpcisEpcFormat.AsDigitalLinks)] };
        return xml ? TypedResults.Text(EpcisXmlWriter.Write(document), "application/xml") : TypedResults.Text(EpcisJsonWriter.Write(document), "application/ld+json");
    }
}
