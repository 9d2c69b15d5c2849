using System.Text;
using System.Text.Json;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;
using Tracewright.Features.Records;
using Tracewright.Web;
using static Tracewright.Web.Html;

namespace Tracewright.Features.Production;

/// <summary>Manufacture record entry (lots scanned into a text area) and the unit page (history, as-built, tests).</summary>
public static class ProductionPages
{
    private static readonly string[] FieldsOnForm = ["item", "bom", "use", "use-serial", "deviation", "machine", "tool", "operator", "started", "finished", "sop", "batch-qty", "serials", "notes"];

    /// <summary>The BOM choice that means "the product's current bill of materials" (the default) and the one that means none.</summary>
    private const string CurrentBom = "", NoBom = "none";

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

        var body = $"""
            <div class="outcome" id="outcome">
              <p>Recorded <a href="/records/{U(record.Record)}">{E(record.Record)}</a>: {E(record.Product)}{(record.Bom is null ? ", to no bill of materials" : $", to {record.Bom}")}</p>
              {(record.OutputLot is null ? "" : $"""<p>Output lot <a href="/lots/{U(record.OutputLot)}">{E(record.OutputLot)}</a> ({E(record.OutputQuantity ?? 0)})</p>""")}
              {(record.OutputUnits.Count == 0 ? "" : $"<p>Units: {string.Join(", ", record.OutputUnits.Select(u => $"""<a href="/units/{U(u)}">{E(u)}</a>"""))}</p>")}
            </div>
            <h2>Consumed</h2>
            <ul>{string.Join("", record.Consumed.Select(c => $"""<li><a href="/lots/{U(c.Lot.Value)}">{E(c.Lot.Value)}</a> {E(c.Quantity)} {E(c.Uom.Value)}, {E(c.RemainingAfter)} left{(c.Deviation is null ? "" : $" under {E(c.Deviation)}")}</li>"""))}{string.Join("", record.ConsumedUnits.Select(u => $"""<li><a href="/units/{U(u)}">{E(u)}</a></li>"""))}</ul>
            <p><a href="/make">Record another run</a></p>
            """;
        return Page(context, $"Manufacture {record.Record}", body, StatusCodes.Status201Created);
    }

    public static async Task<IResult> UnitAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not ShowRecord.UnitView view)
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing?.Message ?? $"{id} is not a unit")}</p>""", StatusCodes.Status404NotFound);
        }

        var unit = view.Unit;
        var body = new StringBuilder($"""
            <p class="outcome">{Status(Unit.Describe(unit.Status))} {E(unit.StatusReason)}</p>
            <dl class="facts">
              <dt>Item</dt><dd>{E(unit.Item.Value)}</dd>
              <dt>Serial</dt><dd>{E(unit.Serial.Value)}</dd>
              <dt>Made by</dt><dd>{(unit.MadeBy is null ? "captured" : $"""<a href="/records/{U(unit.MadeBy)}">{E(unit.MadeBy)}</a>""")}</dd>
              <dt>Installed in</dt><dd>{(unit.Parent is null ? "—" : $"""<a href="/units/{U(unit.Parent.Value.Value)}">{E(unit.Parent.Value.Value)}</a>""")}</dd>
              <dt>Location</dt><dd>{E(unit.Location)}</dd>
            </dl>
            """);
        var asBuilt = await ShowAsBuilt.HandleAsync(shop, unit.Id.Value, null, cancellationToken);
        body.Append("<h2>As built</h2>");
        body.Append(asBuilt.TryGet(out var tree, out _) && tree.Tree.Children.Count > 0 ? $"""<div class="tree">{Tree(tree.Tree)}</div>""" : "<p>No components or material recorded.</p>");
        body.Append(Tests(record.History));
        body.Append(ProductionActionPages.UnitForms(context, unit.Id.Value));
        body.Append(Records.CorrectionPages.UnitStatusForm(context, unit.Id.Value));
        body.Append(RecordPages.History(record.History));
        return Page(context, $"Unit {unit.Id.Value}", body.ToString());
    }

    private static string Tree(AsBuiltNode node)
    {
        var items = node.Children.Select(child =>
        {
            var text = child.Kind == "lot"
                ? $"""lot <a href="/lots/{U(child.Id)}">{E(child.Id)}</a> {E(child.Item.Value)} {(child.Quantity is null ? "" : $"{E(child.Quantity.Value)} {E(child.Uom)}")} {(child.Heat is null ? "" : $"heat {E(child.Heat)}")} {(child.Certificates.Count == 0 ? "" : $"[{string.Join(", ", child.Certificates.Select(c => $"""<a href="/records/{U(c.Split(' ')[0])}">{E(c)}</a>"""))}]")}"""
                : $"""unit <a href="/units/{U(child.Id)}">{E(child.Id)}</a>""";
            return $"<li>{text}{Tree(child)}</li>";
        });
        return node.Children.Count == 0 ? "" : $"<ul>{string.Join("", items)}</ul>";
    }

    /// <summary>Test steps from the unit's history, each measurement against its limits.</summary>
    private static string Tests(IReadOnlyList<ShowRecord.HistoryLine> history)
    {
        var rows = new StringBuilder();
        foreach (var line in history.Where(h => h.Kind == nameof(UnitTested)))
        {
            var step = line.Payload.GetProperty("step").GetString();
            foreach (var m in line.Payload.GetProperty("measurements").EnumerateArray())
            {
                var measurement = m.Deserialize<Measurement>(Domain.Ledger.EventCatalog.Json)!;
                var limits = $"{(measurement.Lower is null ? "" : E(measurement.Lower.Value))} … {(measurement.Upper is null ? "" : E(measurement.Upper.Value))}";
                rows.Append($"<tr><td>{E(line.OccurredAt)}</td><td>{E(step)}</td><td>{E(measurement.Name)}</td><td>{E(measurement.Value)} {E(measurement.Unit)}</td><td>{limits}</td><td>{Status(measurement.Passed ? "pass" : "fail")}</td></tr>");
            }
        }

        return rows.Length == 0 ? "" : $"<h2>Tests</h2><table><thead><tr><th>When</th><th>Step</th><th>Measured</th><th>Value</th><th>Limits</th><th>Result</th></tr></thead><tbody>{rows}</tbody></table>";
    }

    private static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<IResult> RenderFormAsync(HttpContext context, Shop shop, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        var boms = await ProductionQueries.ListBomsAsync(connection, null, cancellationToken);
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var bomChoices = new[] { (CurrentBom, "the product's current bill of materials"), (NoBom, "none: not made to a bill of materials") }
            .Concat(boms.Select(b => (b.Id.Value, $"{b.Id.Value} — {b.Product.Value}")));
        var body = $"""
            {Banner(error, FieldsOnForm)}
            <form method="post" action="/make" class="card">{Csrf(context)}
              {Select("item", "Product made", items.Select(i => (i.Code.Value, $"{i.Code.Value} — {i.Description}")), V("item"), error)}
              {Select("bom", "Bill of materials", bomChoices, V("bom") ?? CurrentBom, error)}
              {Field("use", "Lots used", V("use"), error, "textarea", "scan each lot label; one LOT:QTY per line, e.g. ALU-0524-001.1:1", required: true)}
              {Field("use-serial", "Serialized units used", V("use-serial"), error, "textarea", "one serial per line")}
              {Field("deviation", "Deviation", V("deviation"), error, hint: "DEV-…: allows a lot that is not on the bill of materials, or a blocked one")}
              <div class="grid">
                {Field("operator", "Operator", V("operator"), error, hint: "empty: you")}
                {Field("started", "Started (UTC)", V("started"), error, "datetime-local", hint: "empty: now")}
                {Field("finished", "Finished (UTC)", V("finished"), error, "datetime-local", hint: "empty: when it started, or now")}
                {Field("machine", "Machine", V("machine"), error)}
                {Field("tool", "Tool", V("tool"), error)}
                {Field("sop", "SOP", V("sop"), error)}
                {Field("batch-qty", "Batch quantity made", V("batch-qty"), error, extra: "inputmode=\"decimal\"")}
                {Field("serials", "Number of serialized units made", V("serials"), error, extra: "inputmode=\"numeric\"")}
              </div>
              {Field("notes", "Notes", V("notes"), error)}
              <button type="submit">Record manufacture</button>
            </form>
            """;
        return Page(context, "Record a manufacture run", body, Pages.StatusOf(error));
    }
}
