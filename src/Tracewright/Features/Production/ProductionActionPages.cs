using Tracewright.Data.Production;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Records;
using Tracewright.Features.Shipping;
using Tracewright.Web;
using static Tracewright.Web.PageParts;

namespace Tracewright.Features.Production;

/// <summary>
/// The shop floor's other forms: a unit's events (test with measurements, inspection, operation…) and assembly,
/// containers packed by scanning, and BOM definition with its SOP file.
/// </summary>
public static class ProductionActionPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapPost("/units/{id}/events", RecordEventAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/units/{id}/install", (string id, HttpContext context, Shop shop, CancellationToken ct) => AssembleAsync(id, true, context, shop, ct))
            .RequireAuthorization(AccessPolicy.Operator).WithName("InstallPage");
        pages.MapPost("/units/{id}/remove", (string id, HttpContext context, Shop shop, CancellationToken ct) => AssembleAsync(id, false, context, shop, ct))
            .RequireAuthorization(AccessPolicy.Operator).WithName("RemovePage");
        pages.MapGet("/containers", ContainersAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/containers", CreateContainerAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/containers/{id}", ContainerAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/containers/{id}/pack", PackAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/boms", BomFormAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/boms", DefineBomAsync).RequireAuthorization(AccessPolicy.Admin).Upload();
    }

    public static async Task<IResult> RecordEventAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var kind = Text.Choice<RecordUnitEvent.Kind>(Forms.Text(form, "kind"), "kind");
        Result<RecordUnitEvent.Response> recorded = !kind.TryGet(out var what, out var kindError) ? kindError
            : what == RecordUnitEvent.Kind.Status ? new InvalidInput("kind", "a status change is a quality decision; quality records it")
            : await RecordUnitEvent.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new RecordUnitEvent.Request(
                id, what, Name: Forms.Text(form, "name"), Parameters: Lines(Forms.Text(form, "param")), Measurements: Lines(Forms.Text(form, "measure")),
                Result: Forms.Text(form, "result"), Notes: Forms.Text(form, "notes")), cancellationToken);
        return recorded.TryGet(out _, out var error)
            ? TypedResults.Redirect($"/units/{Uri.EscapeDataString(id)}")
            : RefusedUnitForm(context, id, Onto(error, "name", "operation", "step", "location")!, form);
    }

    public static async Task<IResult> AssembleAsync(string id, bool install, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Assembly.Request(id, Forms.Text(form, "component"), Forms.Text(form, "lot"), Forms.Text(form, "reason"));
        var actor = AccessPolicy.ActorOf(context.User);
        var done = install ? await Assembly.InstallAsync(shop, actor, request, cancellationToken) : await Assembly.RemoveAsync(shop, actor, request, cancellationToken);
        return done.TryGet(out _, out var error) ? TypedResults.Redirect($"/units/{Uri.EscapeDataString(id)}") : RefusedUnitForm(context, id, error, form);
    }

    /// <summary>A refused unit form comes back on its own page, with the error next to its field and a way back to the unit.</summary>
    private static IResult RefusedUnitForm(HttpContext context, string unit, Error error, IFormCollection form) =>
        Pages.Render<UnitFormsPage>(new { Unit = unit, Error = error, Typed = form }, Pages.StatusOf(error));

    public static async Task<IResult> ContainersAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int? page = null)
    {
        var paging = Paging.Lenient(page);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await ContainerLists.ContainersAsync(connection, paging.Skip, paging.Take, cancellationToken));
        return Pages.Render<ContainersPage>(new { List = list });
    }

    public static async Task<IResult> CreateContainerAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var created = await Containers.CreateAsync(shop, AccessPolicy.ActorOf(context.User), new Containers.CreateRequest(Forms.Text(form, "kind"), Environment.GetEnvironmentVariable(Gs1Prefix.EnvironmentVariable)), cancellationToken);
        if (created.TryGet(out var container, out var error))
        {
            return TypedResults.Redirect($"/containers/{Uri.EscapeDataString(container.Container)}");
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var paging = Paging.Lenient(1);
        var list = paging.Cut(await ContainerLists.ContainersAsync(connection, paging.Skip, paging.Take, cancellationToken));
        return Pages.Render<ContainersPage>(new { List = list, Error = error }, Pages.StatusOf(error));
    }

    public static Task<IResult> ContainerAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderContainerAsync(id, context, shop, null, null, null, cancellationToken);

    /// <summary>
    /// Each scanned line packed (or unpacked) in turn, each its own record: a box filled at the bench is
    /// recorded as it fills. The first refused line stops the rest and is shown next to the scan box.
    /// </summary>
    public static async Task<IResult> PackAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var pack = Forms.Text(form, "action") != "unpack";
        var scans = Lines(Forms.Text(form, "scan"));
        if (scans.Count == 0)
        {
            return await RenderContainerAsync(id, context, shop, new InvalidInput("scan", "scan at least one unit, lot or container"), null, form, cancellationToken);
        }

        var done = new List<string>();
        foreach (var scan in scans)
        {
            var (lots, units, inner) = await ShippingPages.SortScansAsync(shop, [scan], cancellationToken);
            var request = new Containers.PackRequest(id, units.FirstOrDefault(), lots.FirstOrDefault(), inner.FirstOrDefault());
            var packed = await Containers.PackAsync(shop, AccessPolicy.ActorOf(context.User), request, pack, cancellationToken);
            if (!packed.TryGet(out var result, out var error))
            {
                var message = new InvalidInput("scan", $"{scan}: {error.Message}{(done.Count == 0 ? "" : $" (recorded before it: {string.Join(", ", done)})")}");
                return await RenderContainerAsync(id, context, shop, error.Field is "id" or "container" ? error : message, null, form, cancellationToken);
            }

            done.Add(result.Content ?? scan);
        }

        return await RenderContainerAsync(id, context, shop, null, $"{(pack ? "Packed" : "Unpacked")}: {string.Join(", ", done)}", null, cancellationToken);
    }

    private static async Task<IResult> RenderContainerAsync(string id, HttpContext context, Shop shop, Error? error, string? packed, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not ShowRecord.ContainerView view)
        {
            return NotThatRecordPage.For(id, "container", missing);
        }

        return Pages.Render<ContainerPage>(new { View = view, record.History, Packed = packed, Error = error, Typed = typed }, Pages.StatusOf(error));
    }

    public static async Task<IResult> BomFormAsync(HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        await RenderBomAsync(context, shop, null, null, cancellationToken);

    public static async Task<IResult> DefineBomAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var defined = await DefineBom.HandleAsync(shop, AccessPolicy.ActorOf(context.User), await ProductionApi.BomRequestAsync(form, cancellationToken), cancellationToken);
        if (!defined.TryGet(out var bom, out var error))
        {
            return await RenderBomAsync(context, shop, Onto(error, "product", "item"), form, cancellationToken);
        }

        return await RenderBomAsync(context, shop, null, null, cancellationToken, bom);
    }

    /// <summary>The BOMs page: every BOM with its revision per product (the latest defined is the product's current one), and the form.</summary>
    private static async Task<IResult> RenderBomAsync(HttpContext context, Shop shop, Error? error, IFormCollection? typed, CancellationToken cancellationToken, DefineBom.Response? defined = null)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var items = await Data.Materials.MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        var newestFirst = await ProductionQueries.ListBomsAsync(connection, null, cancellationToken);
        var listed = new List<BomsPage.Listed>();
        foreach (var (bomId, product) in newestFirst)
        {
            var revisions = newestFirst.Where(b => b.Product == product).ToList();
            if (await ProductionQueries.FindBomAsync(connection, null, bomId, cancellationToken) is { } bom)
            {
                listed.Add(new BomsPage.Listed(bom, revisions.Count - revisions.FindIndex(b => b.Id == bomId), revisions[0].Id == bomId));
            }
        }

        return Pages.Render<BomsPage>(
            new { Items = items, Boms = listed, Defined = defined, Error = error, Typed = typed },
            defined is null ? Pages.StatusOf(error) : StatusCodes.Status201Created);
    }
}
