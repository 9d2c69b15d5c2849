using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Quality;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Features.Records;
using Tracewright.Web;

namespace Tracewright.Features.Production;

/// <summary>Manufacture record entry (lots scanned into a text area) and the unit page (history, as-built, tests).</summary>
public static class ProductionPages
{
    private static readonly string[] FieldsOnForm = ["item", "bom", "use", "use-serial", "deviation", "machine", "tool", "operator", "started", "finished", "sop", "batch-qty", "serials", "notes"];

    /// <summary>The BOM choice that means "the product's current bill of materials" (the default) and the one that means none.</summary>
    public const string CurrentBom = "", NoBom = "none";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/make", FormAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/make", MakeAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/units/{id}", UnitAsync).RequireAuthorization(AccessPolicy.Viewer);
    }

    public static Task<IResult> FormAsync(HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderFormAsync(context, shop, null, null, cancellationToken);

    public static async Task<IResult> MakeAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        int? serialCount = null;
        if (Forms.Text(form, "serials") is { } countText)
        {
            if (!int.TryParse(countText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                return await RenderFormAsync(context, shop, new InvalidInput("serials", $"serials '{countText}' is not a whole number"), form, cancellationToken);
            }

            serialCount = count;
        }

        var item = Forms.Text(form, "item");
        var bom = Forms.Text(form, "bom") ?? CurrentBom;
        if (bom == CurrentBom && item is not null)
        {
            // The product's current BOM, so the page holds a run to it the way "make --bom" does unless told otherwise.
            await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
            var boms = await ProductionQueries.ListBomsAsync(connection, null, cancellationToken);
            bom = boms.Where(b => b.Product.Value.Equals(item.Trim(), StringComparison.OrdinalIgnoreCase)).Select(b => b.Id.Value).FirstOrDefault() ?? NoBom;
        }

        var request = new RecordManufacture.Request(
            item,
            Lines(Forms.Text(form, "use")),
            Lines(Forms.Text(form, "use-serial")),
            Bom: bom is CurrentBom or NoBom ? null : bom,
            Machine: Forms.Text(form, "machine"),
            Tool: Forms.Text(form, "tool"),
            Operator: Forms.Text(form, "operator"),
            Sop: Forms.Text(form, "sop"),
            Started: Forms.Text(form, "started"),
            Finished: Forms.Text(form, "finished"),
            Notes: Forms.Text(form, "notes"),
            SerialCount: serialCount,
            BatchQuantity: Forms.Text(form, "batch-qty"),
            Deviation: Forms.Text(form, "deviation"));
        var made = await RecordManufacture.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!made.TryGet(out var record, out var error))
        {
            return await RenderFormAsync(context, shop, error, form, cancellationToken);
        }

        return Pages.Render<MadePage>(new { Made = record }, StatusCodes.Status201Created);
    }

    /// <summary>The unit's page; <paramref name="asOf"/> shows what it was made of at that moment (the handler the API's asbuilt?asOf uses).</summary>
    public static Task<IResult> UnitAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken, string? asOf = null) =>
        RenderUnitAsync(id, shop, asOf, null, null, cancellationToken);

    /// <summary>
    /// The unit's page, with what holds it from shipping; <paramref name="releaseError"/> and <paramref name="releaseTyped"/>
    /// bring a refused release back onto its form.
    /// </summary>
    public static async Task<IResult> RenderUnitAsync(string id, Shop shop, string? asOf, Error? releaseError, string? releaseTyped, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        var moment = string.IsNullOrWhiteSpace(asOf) ? null : asOf.Trim();
        if (!found.TryGet(out var record, out var missing) || record.Record is not ShowRecord.UnitView view)
        {
            // A unit known only from captured EPCIS events: its as-built record, from those events.
            var captured = missing is NotFound ? await ShowAsBuilt.HandleAsync(shop, id, moment, cancellationToken) : (Result<ShowAsBuilt.Response>?)null;
            if (captured is { IsSuccess: true } built)
            {
                return Pages.Render<CapturedUnitPage>(new { AsBuilt = built.Value, Id = id, AsOfTyped = moment });
            }

            if (captured is { Error: InvalidInput wrongMoment } && await ShowAsBuilt.HandleAsync(shop, id, null, cancellationToken) is { IsSuccess: true } now)
            {
                return Pages.Render<CapturedUnitPage>(new { AsBuilt = now.Value, Id = id, AsOfTyped = moment, Error = PageParts.Onto(wrongMoment, "asOf", "as-of") }, Pages.StatusOf(wrongMoment));
            }

            return NotThatRecordPage.For(id, "unit", missing);
        }

        var asBuilt = await ShowAsBuilt.HandleAsync(shop, view.Unit.Id.Value, moment, cancellationToken);
        asBuilt.TryGet(out var tree, out var error);
        IReadOnlyList<string> holds;
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            holds = ShippingHold.Holds(await QualityHolds.OfUnitAsync(connection, null, view.Unit.Id, cancellationToken));
        }

        return Pages.Render<UnitPage>(
            new { view.Unit, record.History, AsBuilt = tree, AsOfTyped = moment, Error = PageParts.Onto(error, "asOf", "as-of"), Holds = holds, ReleaseError = releaseError, ReleaseTyped = releaseTyped },
            Pages.StatusOf(error ?? releaseError));
    }

    private static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<IResult> RenderFormAsync(HttpContext context, Shop shop, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        var boms = await ProductionQueries.ListBomsAsync(connection, null, cancellationToken);
        return Pages.Render<MakePage>(new { Items = items, Boms = boms, Error = error, Typed = typed }, Pages.StatusOf(error));
    }
}
