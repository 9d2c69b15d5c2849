using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Domain.Common;
using Tracewright.Web;

namespace Tracewright.Features.Trace;

/// <summary>
/// Trace forward and backward, the recall answer with its downloads and the block of what is still in the
/// building, and the compliance answer with its certificate dossier. Reading is a viewer's; blocking is quality's.
/// </summary>
public static class TraceApi
{
    public sealed record BlockBody(string? Reason, string? From = null, string? To = null, bool ExcludeScrapped = false);

    public static void Map(RouteGroupBuilder api)
    {
        var trace = api.MapGroup("/trace").WithTags("Trace");
        trace.MapGet("/forward/{id}", (string id, HttpContext context, Shop shop, CancellationToken ct, int? page, int? pageSize) =>
                TraceAsync(id, TraceRecords.Direction.Forward, null, page, pageSize, context, shop, ct))
            .RequireAuthorization(AccessPolicy.Viewer).WithName("TraceForward")
            .WithSummary($"Everything made from it, down to shipments, orders and customers, each with its path; paged (pageSize up to {TraceRecords.MaxPageSize}, default {TraceRecords.DefaultPageSize})");
        trace.MapGet("/backward/{id}", (string id, HttpContext context, Shop shop, CancellationToken ct, string? asOf, int? page, int? pageSize) =>
                TraceAsync(id, TraceRecords.Direction.Backward, asOf, page, pageSize, context, shop, ct))
            .RequireAuthorization(AccessPolicy.Viewer).WithName("TraceBackward")
            .WithSummary("Everything it was made of (asOf: at that moment), with heats, certificates, inspections, tests and NCRs; paged like forward");

        var recall = api.MapGroup("/recall").WithTags("Recall");
        recall.MapGet("/{id}", RecallAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithSummary("From a lot, heat or supplier lot number: the customers to contact, every shipment line with its path, and what is still in the building");
        recall.MapPost("/{id}/block", BlockAsync).RequireAuthorization(AccessPolicy.Quality)
            .WithSummary("Block every affected lot and unit still in the building, with the recall's reason");
        recall.MapGet("/{id}/export.csv", (string id, ClaimsPrincipal user, Shop shop, CancellationToken ct, string? from, string? to, bool excludeScrapped = false) =>
                ExportAsync(id, from, to, excludeScrapped, RecallExports.Csv, "text/csv; charset=utf-8", "csv", user, shop, ct))
            .RequireAuthorization(AccessPolicy.Viewer).AddEndpointFilter(HeavyRenders.LimitAsync).WithName("RecallCsv").WithSummary("The affected shipment lines as CSV");
        recall.MapGet("/{id}/export.xlsx", (string id, ClaimsPrincipal user, Shop shop, CancellationToken ct, string? from, string? to, bool excludeScrapped = false) =>
                ExportAsync(id, from, to, excludeScrapped, RecallExports.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", user, shop, ct))
            .RequireAuthorization(AccessPolicy.Viewer).AddEndpointFilter(HeavyRenders.LimitAsync).WithName("RecallXlsx").WithSummary("The affected shipment lines as a sortable spreadsheet");
        recall.MapGet("/{id}/report.html", (string id, ClaimsPrincipal user, Shop shop, CancellationToken ct, string? from, string? to, bool excludeScrapped = false) =>
                ExportAsync(id, from, to, excludeScrapped, RecallExports.Html, "text/html; charset=utf-8", null, user, shop, ct))
            .RequireAuthorization(AccessPolicy.Viewer).AddEndpointFilter(HeavyRenders.LimitAsync).WithName("RecallReport").WithSummary("A printable recall report");

        var compliance = api.MapGroup("/compliance").WithTags("Compliance");
        compliance.MapGet("/{id}", ComplianceAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithSummary("Is the unit, lot, shipment or order RoHS / REACH compliant (standard=RoHS|REACH), with the reason for every material");
        compliance.MapGet("/{id}/dossier.zip", DossierAsync).RequireAuthorization(AccessPolicy.Viewer).AddEndpointFilter(HeavyRenders.LimitAsync)
            .WithSummary("Every certificate file behind the answer, with an index");
    }

    /// <summary>A trace's page; when more follow, <c>nextPage</c> says which and the <c>Link</c> header (rel="next") where.</summary>
    public static async Task<Results<Ok<TraceRecords.Response>, ProblemHttpResult>> TraceAsync(
        string id, TraceRecords.Direction direction, string? asOf, int? page, int? pageSize, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        if (!Paging.Of(page, pageSize, TraceRecords.DefaultPageSize, TraceRecords.MaxPageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        var result = await TraceRecords.HandleAsync(shop, id, direction, asOf, paging, cancellationToken);
        LinkNext(context, result.IsSuccess ? result.Value.NextPage : null);
        return ApiResults.Reply(result);
    }

    /// <summary>The recall's page: every list cut to the page, with the totals; the downloads and the block take everything.</summary>
    public static async Task<Results<Ok<Recall.Response>, ProblemHttpResult>> RecallAsync(
        string id, HttpContext context, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken, string? from = null, string? to = null, bool excludeScrapped = false, int? page = null, int? pageSize = null)
    {
        if (!Paging.Of(page, pageSize, TraceRecords.DefaultPageSize, TraceRecords.MaxPageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        var result = (await Recall.HandleAsync(shop, AccessPolicy.ActorOf(user), new Recall.Request(id, from, to, excludeScrapped), cancellationToken)).Map(r => r.PageOf(paging));
        LinkNext(context, result.IsSuccess ? result.Value.NextPage : null);
        return ApiResults.Reply(result);
    }

    /// <summary>The same request for <paramref name="nextPage"/>, as a <c>Link: &lt;…&gt;; rel="next"</c> header.</summary>
    private static void LinkNext(HttpContext context, int? nextPage)
    {
        if (nextPage is not { } next)
        {
            return;
        }

        var query = QueryString.Create(context.Request.Query
            .Where(q => q.Key != "page")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("page", next.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        context.Response.Headers.Link = $"<{context.Request.PathBase}{context.Request.Path}{query}>; rel=\"next\"";
    }

    public static async Task<Results<Ok<Recall.Response>, ProblemHttpResult>> BlockAsync(string id, BlockBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Recall.HandleAsync(shop, AccessPolicy.ActorOf(user), new Recall.Request(id, body.From, body.To, body.ExcludeScrapped, Block: true, body.Reason), cancellationToken));

    /// <summary>A download of the recall; <paramref name="extension"/> null shows it inline (the printable report opens in the browser).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string id, string? from, string? to, bool excludeScrapped, Func<Recall.Response, byte[]> render, string mediaType, string? extension, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        var answer = await Recall.HandleAsync(shop, AccessPolicy.ActorOf(user), new Recall.Request(id, from, to, excludeScrapped), cancellationToken);
        if (!answer.TryGet(out var recall, out var error))
        {
            return Problems.ToHttp(error);
        }

        return extension is null
            ? TypedResults.File(render(recall), mediaType)
            : TypedResults.File(render(recall), mediaType, $"recall-{FileNamePart(id)}.{extension}");
    }

    public static async Task<Results<Ok<Compliance.Response>, ProblemHttpResult>> ComplianceAsync(string id, Shop shop, CancellationToken cancellationToken, string? standard = null) =>
        ApiResults.Reply(await Compliance.HandleAsync(shop, id, standard, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DossierAsync(string id, Shop shop, CancellationToken cancellationToken, string? standard = null)
    {
        var answer = await Compliance.HandleAsync(shop, id, standard, cancellationToken);
        if (!answer.TryGet(out var verdict, out var error))
        {
            return Problems.ToHttp(error);
        }

        return TypedResults.File(await Compliance.DossierAsync(shop, verdict, cancellationToken), "application/zip", $"{verdict.Standard}-{FileNamePart(id)}.zip");
    }

    /// <summary>An id as part of a download's name: unit ids carry colons, which some file systems refuse.</summary>
    public static string FileNamePart(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
}
