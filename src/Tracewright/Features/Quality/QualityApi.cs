using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data.Quality;
using Tracewright.Web;

namespace Tracewright.Features.Quality;

/// <summary>Nonconformance reports, CAPAs and deviations: viewers read the lists (one record: <c>GET /api/records/{id}</c>); quality decides.</summary>
public static class QualityApi
{
    public sealed record NcrBody(IReadOnlyList<string>? Lots, IReadOnlyList<string>? Units, IReadOnlyList<string>? Records, string? Description, string? DetectedAt, string? DetectedBy = null);

    public sealed record DispositionBody(string? Disposition, string? ApprovedBy, string? Reason);

    public sealed record ReasonBody(string? Reason);

    public sealed record CapaBody(IReadOnlyList<string>? Ncrs, string? RootCause);

    public sealed record ActionBody(string? Kind, string? Description, string? Owner, string? Due);

    public sealed record DoneBody(int Action, string? Notes = null);

    public sealed record CheckBody(string? Effective, string? Notes, string? CheckedBy = null);

    public sealed record DeviationBody(IReadOnlyList<string>? Lots, string? Qty, string? From, string? To, string? Description, string? ApprovedBy, string? InPlaceOf = null);

    public static void Map(RouteGroupBuilder api)
    {
        var ncrs = api.MapGroup("/ncrs").WithTags("Quality");
        ncrs.MapGet("", NcrsAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Nonconformance reports, newest first; status=Open|Dispositioned|Closed filters");
        ncrs.MapPost("", OpenNcrAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Open an NCR against lots, units and/or manufacture records");
        ncrs.MapPost("/{id}/disposition", DispositionAsync).RequireAuthorization(AccessPolicy.Quality)
            .WithSummary("The approved disposition; scrap and return-to-supplier change the status of everything covered");
        ncrs.MapPost("/{id}/close", CloseNcrAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Close an NCR after its disposition");

        api.MapPost("/units/{id}/release-to-ship", ReleaseToShipAsync).WithTags("Quality").RequireAuthorization(AccessPolicy.Quality)
            .WithSummary("Let a unit ship although its last test failed or an open NCR covers it, with a reason");

        var capas = api.MapGroup("/capas").WithTags("Quality");
        capas.MapGet("", CapasAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("CAPAs, newest first");
        capas.MapPost("", OpenCapaAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Open a CAPA for one or more NCRs");
        capas.MapPost("/{id}/actions", AddActionAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Add a corrective or preventive action");
        capas.MapPost("/{id}/done", DoneAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Mark action number N done");
        capas.MapPost("/{id}/checks", CheckAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Record an effectiveness check");
        capas.MapPost("/{id}/close", CloseCapaAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Close a CAPA: every action done and checked effective");

        var deviations = api.MapGroup("/deviations").WithTags("Quality");
        deviations.MapGet("", DeviationsAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Deviations, newest first, with how much has been used");
        deviations.MapPost("", GrantAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Grant a deviation: listed lots, up to a quantity, between two days");
    }

    public static async Task<Results<Ok<PageOf<NcrSummary>>, ProblemHttpResult>> NcrsAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null, string? status = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        var state = status is null ? default(Domain.Common.Result<Domain.Quality.NcrStatus>?) : Domain.Common.Text.Choice<Domain.Quality.NcrStatus>(status, "status");
        if (state?.Error is { } statusError)
        {
            return Problems.ToHttp(statusError);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(paging.Cut(await QualityLists.NcrsAsync(connection, state?.Value.ToString(), paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Created<Nonconformances.Response>, ProblemHttpResult>> OpenNcrAsync(NcrBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(
            await Nonconformances.OpenAsync(shop, AccessPolicy.ActorOf(user), new Nonconformances.OpenRequest(body.Lots ?? [], body.Units ?? [], body.Records ?? [], body.Description, body.DetectedAt, body.DetectedBy), cancellationToken),
            r => $"/api/records/{Uri.EscapeDataString(r.Ncr.Id.Value)}");

    public static async Task<Results<Ok<Nonconformances.Response>, ProblemHttpResult>> DispositionAsync(string id, DispositionBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Nonconformances.DispositionAsync(shop, AccessPolicy.ActorOf(user), new Nonconformances.DispositionRequest(id, body.Disposition, body.ApprovedBy, body.Reason), cancellationToken));

    public static async Task<Results<Ok<Nonconformances.Response>, ProblemHttpResult>> CloseNcrAsync(string id, ReasonBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Nonconformances.CloseAsync(shop, AccessPolicy.ActorOf(user), new Nonconformances.CloseRequest(id, body.Reason), cancellationToken));

    public static async Task<Results<Ok<ReleaseToShip.Response>, ProblemHttpResult>> ReleaseToShipAsync(string id, ReasonBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await ReleaseToShip.HandleAsync(shop, AccessPolicy.ActorOf(user), new ReleaseToShip.Request(id, body.Reason), cancellationToken));

    public static async Task<Results<Ok<PageOf<CapaSummary>>, ProblemHttpResult>> CapasAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(paging.Cut(await QualityLists.CapasAsync(connection, paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Created<Capas.Response>, ProblemHttpResult>> OpenCapaAsync(CapaBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await Capas.OpenAsync(shop, AccessPolicy.ActorOf(user), new Capas.OpenRequest(body.Ncrs ?? [], body.RootCause), cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Capa.Id.Value)}");

    public static async Task<Results<Ok<Capas.Response>, ProblemHttpResult>> AddActionAsync(string id, ActionBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Capas.AddActionAsync(shop, AccessPolicy.ActorOf(user), new Capas.ActionRequest(id, body.Kind, body.Description, body.Owner, body.Due), cancellationToken));

    public static async Task<Results<Ok<Capas.Response>, ProblemHttpResult>> DoneAsync(string id, DoneBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Capas.MarkDoneAsync(shop, AccessPolicy.ActorOf(user), new Capas.DoneRequest(id, body.Action, body.Notes), cancellationToken));

    public static async Task<Results<Ok<Capas.Response>, ProblemHttpResult>> CheckAsync(string id, CheckBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Capas.CheckAsync(shop, AccessPolicy.ActorOf(user), new Capas.CheckRequest(id, body.Effective, body.Notes, body.CheckedBy), cancellationToken));

    public static async Task<Results<Ok<Capas.Response>, ProblemHttpResult>> CloseCapaAsync(string id, ReasonBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Capas.CloseAsync(shop, AccessPolicy.ActorOf(user), new Capas.CloseRequest(id, body.Reason), cancellationToken));

    public static async Task<Results<Ok<PageOf<DeviationSummary>>, ProblemHttpResult>> DeviationsAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(paging.Cut(await QualityLists.DeviationsAsync(connection, paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Created<GrantDeviation.Response>, ProblemHttpResult>> GrantAsync(DeviationBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(
            await GrantDeviation.HandleAsync(shop, AccessPolicy.ActorOf(user), new GrantDeviation.Request(body.Lots ?? [], body.Qty, body.From, body.To, body.Description, body.ApprovedBy, body.InPlaceOf), cancellationToken),
            r => $"/api/records/{Uri.EscapeDataString(r.Deviation)}");
}
