using System.Globalization;
using Tracewright.Data.Materials;
using Tracewright.Data.Quality;
using Tracewright.Domain.Common;
using Tracewright.Domain.Quality;
using Tracewright.Features.Records;
using Tracewright.Web;
using Tracewright.Web.Components;
using static Tracewright.Web.Html;
using static Tracewright.Web.PageParts;

namespace Tracewright.Features.Quality;

/// <summary>NCR, CAPA and deviation lists and forms: anyone signed in reads them, quality opens and decides.</summary>
public static class QualityPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/ncrs", NcrsAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/ncrs", OpenNcrAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/ncrs/{id}", NcrAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/ncrs/{id}/disposition", DispositionAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapPost("/ncrs/{id}/close", CloseNcrAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/capas", CapasAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/capas", OpenCapaAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/capas/{id}", CapaAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/capas/{id}/{step}", CapaStepAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapPost("/units/{id}/release-to-ship", ReleaseToShipAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/deviations", DeviationsAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/deviations", GrantAsync).RequireAuthorization(AccessPolicy.Quality);
    }

    public static Task<IResult> NcrsAsync(HttpContext context, Shop shop, ShopTime time, CancellationToken cancellationToken) =>
        RenderNcrsAsync(context, shop, time, null, null, cancellationToken);

    public static async Task<IResult> OpenNcrAsync(HttpContext context, Shop shop, ShopTime time, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Nonconformances.OpenRequest(
            Lines(Forms.Text(form, "lot")), Lines(Forms.Text(form, "unit")), Lines(Forms.Text(form, "record")),
            Forms.Text(form, "description"), Forms.Text(form, "detected-at"), Forms.Text(form, "detected-by"));
        var opened = await Nonconformances.OpenAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return opened.TryGet(out var ncr, out var error)
            ? TypedResults.Redirect($"/ncrs/{U(ncr.Ncr.Id.Value)}")
            : await RenderNcrsAsync(context, shop, time, error, form, cancellationToken);
    }

    private static async Task<IResult> RenderNcrsAsync(HttpContext context, Shop shop, ShopTime time, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var query = typed is null ? ListParams.Read(context.Request) : new ListParams(null, null, null, null, null, null, null, 1);
        var state = query.Status is not null && Text.Choice<NcrStatus>(query.Status, "status").TryGet(out var s, out _) ? s.ToString() : null;
        var (filter, filterError) = query.ToFilter(time, state);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = query.Paging.Cut(await QualityLists.NcrsAsync(connection, filter, query.Paging.Skip, query.Paging.Take, cancellationToken));
        var items = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).Select(i => i.Code.Value).ToList();
        return Pages.Render<NcrsPage>(new { Ncrs = list, Params = query, Items = items, Error = error, FilterError = filterError, Typed = typed }, Pages.StatusOf(error));
    }

    public static Task<IResult> NcrAsync(string id, Shop shop, CancellationToken cancellationToken) =>
        RenderNcrAsync(id, shop, null, null, null, cancellationToken);

    public static async Task<IResult> DispositionAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        // The first post shows what the disposition will change; only the confirmation (confirm=true) records it.
        var request = new Nonconformances.DispositionRequest(id, Forms.Text(form, "disposition"), Forms.Text(form, "approved-by"), Forms.Text(form, "reason"), Preview: !Forms.Flag(form, "confirm"));
        var decided = await Nonconformances.DispositionAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!decided.TryGet(out var done, out var error))
        {
            return await RenderNcrAsync(id, shop, error, null, form, cancellationToken);
        }

        return done.Recorded
            ? await RenderNcrAsync(id, shop, null, $"Disposition recorded: {done.Ncr.Disposition?.Describe()}{(done.Changed.Count == 0 ? "" : $"; {string.Join(", ", done.Changed.Select(c => $"{c.Id} {c.From} → {c.To}"))}")}", null, cancellationToken)
            : await RenderNcrAsync(id, shop, null, null, form, cancellationToken, done);
    }

    public static async Task<IResult> CloseNcrAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var closed = await Nonconformances.CloseAsync(shop, AccessPolicy.ActorOf(context.User), new Nonconformances.CloseRequest(id, Forms.Text(form, "close-reason")), cancellationToken);
        return closed.TryGet(out _, out var error)
            ? await RenderNcrAsync(id, shop, null, "Closed.", null, cancellationToken)
            : await RenderNcrAsync(id, shop, error is InvalidInput { Name: "reason" } ? new InvalidInput("close-reason", error.Message) : error, null, form, cancellationToken);
    }

    private static async Task<IResult> RenderNcrAsync(
        string id, Shop shop, Error? error, string? notice, IFormCollection? typed, CancellationToken cancellationToken, Nonconformances.Response? pending = null)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not QualityRecords.NcrView view)
        {
            return Pages.Render<MessagePage>(new { Title = "Not found", Message = missing?.Message ?? $"{id} is not a nonconformance report" }, StatusCodes.Status404NotFound);
        }

        return Pages.Render<NcrPage>(new { view.Ncr, view.Capas, record.History, Notice = notice, Error = error, Typed = typed, Pending = pending }, Pages.StatusOf(error));
    }

    public static Task<IResult> CapasAsync(Shop shop, CancellationToken cancellationToken, int? page = null) =>
        RenderCapasAsync(shop, Paging.Lenient(page), null, null, cancellationToken);

    public static async Task<IResult> OpenCapaAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var opened = await Capas.OpenAsync(shop, AccessPolicy.ActorOf(context.User), new Capas.OpenRequest(Lines(Forms.Text(form, "ncr")), Forms.Text(form, "root-cause")), cancellationToken);
        return opened.TryGet(out var capa, out var error)
            ? TypedResults.Redirect($"/capas/{U(capa.Capa.Id.Value)}")
            : await RenderCapasAsync(shop, Paging.Lenient(1), error, form, cancellationToken);
    }

    private static async Task<IResult> RenderCapasAsync(Shop shop, Paging paging, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await QualityLists.CapasAsync(connection, paging.Skip, paging.Take, cancellationToken));
        return Pages.Render<CapasPage>(new { Capas = list, Error = error, Typed = typed }, Pages.StatusOf(error));
    }

    public static Task<IResult> CapaAsync(string id, Shop shop, ShopTime time, TimeProvider clock, CancellationToken cancellationToken) =>
        RenderCapaAsync(id, shop, time.Today(clock), null, null, null, cancellationToken);

    /// <summary>One of a CAPA's steps: <c>action</c> (add), <c>done</c>, <c>check</c> or <c>close</c>.</summary>
    public static async Task<IResult> CapaStepAsync(string id, string step, HttpContext context, Shop shop, ShopTime time, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var actor = AccessPolicy.ActorOf(context.User);
        Result<Capas.Response> result = step switch
        {
            "action" => await Capas.AddActionAsync(shop, actor, new Capas.ActionRequest(id, Forms.Text(form, "kind"), Forms.Text(form, "description"), Forms.Text(form, "owner"), Forms.Text(form, "due")), cancellationToken),
            "done" => int.TryParse(Forms.Text(form, "action"), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? await Capas.MarkDoneAsync(shop, actor, new Capas.DoneRequest(id, number, Forms.Text(form, "done-notes")), cancellationToken)
                : new InvalidInput("action", "choose the action that is done"),
            "check" => await Capas.CheckAsync(shop, actor, new Capas.CheckRequest(id, Forms.Text(form, "effective"), Forms.Text(form, "notes")), cancellationToken),
            "close" => await Capas.CloseAsync(shop, actor, new Capas.CloseRequest(id, Forms.Text(form, "reason")), cancellationToken),
            _ => new Domain.Common.NotFound("CAPA step", step),
        };
        return result.TryGet(out _, out var error)
            ? TypedResults.Redirect($"/capas/{U(id)}")
            : await RenderCapaAsync(id, shop, time.Today(clock), error, step, form, cancellationToken);
    }

    private static async Task<IResult> RenderCapaAsync(string id, Shop shop, DateOnly today, Error? error, string? failedStep, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not QualityRecords.CapaView view)
        {
            return Pages.Render<MessagePage>(new { Title = "Not found", Message = missing?.Message ?? $"{id} is not a CAPA" }, StatusCodes.Status404NotFound);
        }

        return Pages.Render<CapaPage>(new { view.Capa, record.History, Today = today, Error = error, FailedStep = failedStep, Typed = typed }, Pages.StatusOf(error));
    }

    public static Task<IResult> DeviationsAsync(Shop shop, CancellationToken cancellationToken, int? page = null) =>
        RenderDeviationsAsync(shop, Paging.Lenient(page), null, null, null, cancellationToken);

    public static async Task<IResult> GrantAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new GrantDeviation.Request(
            Lines(Forms.Text(form, "lot")), Forms.Text(form, "qty"), Forms.Text(form, "from"), Forms.Text(form, "to"), Forms.Text(form, "description"), Forms.Text(form, "approved-by"), Forms.Text(form, "in-place-of"));
        var granted = await GrantDeviation.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return granted.TryGet(out var done, out var error)
            ? await RenderDeviationsAsync(shop, Paging.Lenient(1), null, done, null, cancellationToken)
            : await RenderDeviationsAsync(shop, Paging.Lenient(1), error, null, form, cancellationToken);
    }

    private static async Task<IResult> RenderDeviationsAsync(Shop shop, Paging paging, Error? error, GrantDeviation.Response? granted, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await QualityLists.DeviationsAsync(connection, paging.Skip, paging.Take, cancellationToken));
        return Pages.Render<DeviationsPage>(new { Deviations = list, Granted = granted, Error = error, Typed = typed }, Pages.StatusOf(error));
    }

    /// <summary>Quality lets a held unit ship; back on the unit's page, where the hold is gone and the release is in its history.</summary>
    public static async Task<IResult> ReleaseToShipAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var reason = Forms.Text(form, "reason");
        var released = await ReleaseToShip.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new ReleaseToShip.Request(id, reason), cancellationToken);
        return released.TryGet(out _, out var error)
            ? TypedResults.Redirect($"/units/{Uri.EscapeDataString(id)}")
            : await Production.ProductionPages.RenderUnitAsync(id, shop, null, error, reason, cancellationToken);
    }
}
