using System.Text;
using Tracewright.Data.Production;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Records;
using Tracewright.Features.Shipping;
using Tracewright.Web;
using static Tracewright.Web.Html;
using static Tracewright.Web.PageParts;

namespace Tracewright.Features.Production;

/// <summary>
/// The shop floor's other forms: a unit's events (test with measurements, inspection, operation…) and assembly,
/// containers packed by scanning, and BOM definition with its SOP file.
/// </summary>
public static class ProductionActionPages
{
    private static readonly string[] UnitFields = ["kind", "name", "param", "measure", "result", "notes", "component", "lot", "reason"];

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

    /// <summary>The forms shown on a unit's page for an operator: record an event, install, remove.</summary>
    public static string UnitForms(HttpContext context, string unit, Error? error = null, IFormCollection? typed = null)
    {
        if (!AccessPolicy.May(context.User, Role.Operator))
        {
            return "";
        }

        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var kinds = Enum.GetValues<RecordUnitEvent.Kind>().Where(k => k != RecordUnitEvent.Kind.Status).Select(k => (k.ToString().ToLowerInvariant(), k.ToString()));
        return $"""
            <div class="actions">
            <form method="post" action="/units/{U(unit)}/events" class="card" id="event-form">{Csrf(context)}
              <h2>Record on this unit</h2>
              {Select("kind", "What", kinds, V("kind") ?? "test", error)}
              {Field("name", "Operation, test step or location moved to", V("name"), error, hint: "e.g. EOL leak test")}
              {Field("measure", "Measurements (test)", V("measure"), error, "textarea", "one per line: name=value unit [lower..upper], e.g. stroke=50.02 mm [49.95..50.05]")}
              {Field("param", "Parameters (operation)", V("param"), error, "textarea", "one per line: name=value")}
              {Select("result", "Result (inspection)", [("", "—"), ("pass", "pass"), ("fail", "fail")], V("result"), error)}
              {Field("notes", "Notes (required for rework and repair)", V("notes"), error)}
              <button type="submit">Record</button>
            </form>
            <form method="post" action="/units/{U(unit)}/install" class="card">{Csrf(context)}
              <h2>Install</h2>
              {Field("component", "Component serial", V("component"), error, hint: "scan the component's label")}
              {Field("lot", "…or lot material", V("lot"), error, hint: "LOT:QTY")}
              <button type="submit">Install</button>
            </form>
            <form method="post" action="/units/{U(unit)}/remove" class="card">{Csrf(context)}
              <h2>Remove</h2>
              {Field("component", "Component serial", null, null)}
              {Field("lot", "…or lot", null, null)}
              {Field("reason", "Why (rework, repair)", V("reason"), error, required: true)}
              <button type="submit" class="danger">Remove</button>
            </form>
            </div>
            """;
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
            ? TypedResults.Redirect($"/units/{U(id)}")
            : UnitFormsPage(context, id, Onto(error, "name", "operation", "step", "location")!, form);
    }

    public static async Task<IResult> AssembleAsync(string id, bool install, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Assembly.Request(id, Forms.Text(form, "component"), Forms.Text(form, "lot"), Forms.Text(form, "reason"));
        var actor = AccessPolicy.ActorOf(context.User);
        var done = install ? await Assembly.InstallAsync(shop, actor, request, cancellationToken) : await Assembly.RemoveAsync(shop, actor, request, cancellationToken);
        return done.TryGet(out _, out var error) ? TypedResults.Redirect($"/units/{U(id)}") : UnitFormsPage(context, id, error, form);
    }

    /// <summary>A refused unit form comes back on its own page, with the error next to its field and a way back to the unit.</summary>
    private static IResult UnitFormsPage(HttpContext context, string unit, Error error, IFormCollection form) =>
        Page(context, $"Unit {unit}", $"""{Banner(error, UnitFields)}<p><a href="/units/{U(unit)}">Back to the unit</a></p>{UnitForms(context, unit, error, form)}""", Pages.StatusOf(error));

    public static async Task<IResult> ContainersAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int? page = null)
    {
        var paging = Paging.Lenient(page);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await ContainerLists.ContainersAsync(connection, paging.Skip, paging.Take, cancellationToken));
        return Page(context, "Containers", ContainerListBody(context, list, null));
    }

    private static string ContainerListBody(HttpContext context, PageOf<ContainerSummary> list, Error? error)
    {
        var body = new StringBuilder(Banner(error, "kind"));
        if (AccessPolicy.May(context.User, Role.Operator))
        {
            body.Append($"""
                <form method="post" action="/containers" class="card">{Csrf(context)}
                  {Select("kind", "New container", [("box", "Box"), ("pallet", "Pallet"), ("tote", "Tote"), ("crate", "Crate")], "box", error)}
                  <button type="submit">Create with a new SSCC</button>
                </form>
                """);
        }

        body.Append(Table(
            ["SSCC", "Kind", "Holding"],
            list.Items.Select(c => (IReadOnlyList<string>)[$"""<a href="/containers/{U(c.Id)}">{E(c.Id)}</a>""", E(c.Kind), c.Holding.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            "No containers yet."));
        body.Append(Pager("/containers", list.Page, list.HasMore));
        return body.ToString();
    }

    public static async Task<IResult> CreateContainerAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var created = await Containers.CreateAsync(shop, AccessPolicy.ActorOf(context.User), new Containers.CreateRequest(Forms.Text(form, "kind")), cancellationToken);
        if (created.TryGet(out var container, out var error))
        {
            return TypedResults.Redirect($"/containers/{U(container.Container)}");
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var paging = Paging.Lenient(1);
        return Page(context, "Containers", ContainerListBody(context, paging.Cut(await ContainerLists.ContainersAsync(connection, paging.Skip, paging.Take, cancellationToken)), error), Pages.StatusOf(error));
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

        return await RenderContainerAsync(id, context, shop, null, $"""<p class="banner ok" id="packed">{(pack ? "Packed" : "Unpacked")}: {E(string.Join(", ", done))}</p>""", null, cancellationToken);
    }

    private static async Task<IResult> RenderContainerAsync(string id, HttpContext context, Shop shop, Error? error, string? notice, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not ShowRecord.ContainerView view)
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing?.Message ?? $"{id} is not a container")}</p>""", StatusCodes.Status404NotFound);
        }

        var body = new StringBuilder(notice).Append(Banner(error, "scan"));
        body.Append("<h2>In it now</h2>");
        body.Append(Table(
            ["What", "Id", "Quantity", "Packed"],
            view.Contents.Where(c => c.UnpackedAt is null).Select(c => (IReadOnlyList<string>)[
                E(c.Kind.ToString().ToLowerInvariant()),
                c.Kind switch
                {
                    ContentKind.Lot => $"""<a href="/lots/{U(c.Content)}">{E(c.Content)}</a>""",
                    ContentKind.Unit => $"""<a href="/units/{U(c.Content)}">{E(c.Content)}</a>""",
                    _ => $"""<a href="/containers/{U(c.Content)}">{E(c.Content)}</a>""",
                },
                c.Quantity is null ? "" : E(c.Quantity.Value), E(c.PackedAt)]),
            "Empty.",
            "contents"));
        if (AccessPolicy.May(context.User, Role.Operator))
        {
            var v = typed is null ? null : Forms.Text(typed, "scan");
            body.Append($"""
                <form method="post" action="/containers/{U(view.Container.Value)}/pack" class="card" id="pack-form">{Csrf(context)}
                  {Field("scan", "Scan into it", v, error, "textarea", "one per line: a unit serial, a lot (LOT:QTY for part of it) or an inner box's SSCC", required: true)}
                  {Select("action", "Pack or take out", [("pack", "Pack"), ("unpack", "Unpack")], typed is null ? "pack" : Forms.Text(typed, "action"), null)}
                  <button type="submit">Record</button>
                </form>
                """);
        }

        body.Append(RecordPages.History(record.History));
        return Page(context, $"{view.Kind} {view.Container.Value}", body.ToString(), Pages.StatusOf(error));
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

        var body = $"""
            <div class="outcome" id="outcome"><p>Defined <a href="/records/{U(bom.Bom)}">{E(bom.Bom)}</a> for {E(bom.Product)}{(bom.Sop is null ? "" : $", SOP {E(bom.Sop)}")}</p></div>
            {Table(["Component", "Per unit"], bom.Lines.Select(l => (IReadOnlyList<string>)[E(l.Component.Value), $"{E(l.QuantityPerUnit)} {E(l.Uom.Value)}"]))}
            <p><a href="/boms">Define another</a></p>
            """;
        return Page(context, $"BOM {bom.Bom}", body, StatusCodes.Status201Created);
    }

    private static async Task<IResult> RenderBomAsync(HttpContext context, Shop shop, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var items = await Data.Materials.MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = $"""
            {Banner(error, "product", "line", "sop")}
            <form method="post" action="/boms" enctype="multipart/form-data" class="card">{Csrf(context)}
              {Select("product", "Product", items.Select(i => (i.Code.Value, $"{i.Code.Value} — {i.Description}")), V("product"), error)}
              {Field("line", "Lines", typed is null ? null : string.Join("\n", typed["line"].ToArray()), error, "textarea", "one COMPONENT:QTY[:UOM] per line", required: true)}
              {Field("sop", "SOP file (PDF)", null, error, "file", extra: "accept=\"application/pdf,image/*\"")}
              <button type="submit">Define BOM</button>
            </form>
            """;
        return Page(context, "Define a bill of materials", body, Pages.StatusOf(error));
    }
}
