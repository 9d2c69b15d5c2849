using System.Text;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Features.Production;
using Tracewright.Web;
using static Tracewright.Web.Html;
using static Tracewright.Web.PageParts;

namespace Tracewright.Features.Trace;

/// <summary>
/// The questions a supplier's notice or a customer raises, answered on one page each: trace forward or
/// backward, the recall (who to contact, what is still here, block it, download it) and compliance.
/// </summary>
public static class TracePages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/trace", TraceAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/recall", RecallAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/recall/block", BlockAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/compliance", ComplianceAsync).RequireAuthorization(AccessPolicy.Viewer);
    }

    public static async Task<IResult> TraceAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, string? id = null, string? direction = null, string? asOf = null)
    {
        (id, asOf) = (Blank(id), Blank(asOf));
        var choice = direction is null ? TraceRecords.Direction.Forward : Text.Choice<TraceRecords.Direction>(direction, "direction").TryGet(out var d, out _) ? d : TraceRecords.Direction.Forward;
        var body = new StringBuilder($"""
            <form method="get" action="/trace" class="card">
              <div class="grid">
                {Field("id", "Start from", id, null, required: true, hint: "lot, heat or supplier lot number, CERT-, MFG-, unit, SSCC, SHP-, SO-, CUS-")}
                {Select("direction", "Direction", [("forward", "Forward: what was made from it, down to customers"), ("backward", "Backward: what it was made of, down to suppliers")], choice.ToString().ToLowerInvariant(), null)}
                {Field("asOf", "As of (backward)", asOf, null, hint: "e.g. 2024-05-22T12:00:00Z; empty: now")}
              </div>
              <button type="submit">Trace</button>
            </form>
            """);
        Error? error = null;
        if (id is not null)
        {
            var traced = await TraceRecords.HandleAsync(shop, id, choice, choice == TraceRecords.Direction.Backward ? asOf : null, cancellationToken);
            if (!traced.TryGet(out var answer, out error))
            {
                body.Insert(0, $"""<p class="banner error" role="alert">{E(error.Message)}</p>""");
            }
            else
            {
                body.Append($"""<p class="outcome" id="outcome">{E(answer.Direction.ToString().ToLowerInvariant())} from {E(answer.Start)}{(answer.AsOf is null ? "" : $" as of {E(answer.AsOf)}")}: {answer.Hits.Count} records</p>""");
                foreach (var group in answer.Hits.GroupBy(h => h.Kind))
                {
                    body.Append($"<h2>{E(group.Key.ToString())} ({group.Count()})</h2>");
                    body.Append(Table(
                        ["Record", "Path", "Evidence"],
                        group.Select(h => (IReadOnlyList<string>)[Link(h.Id), Path(h.Path), string.Join("<br>", h.Notes.Select(n => E(n)))])));
                }
            }
        }

        return Page(context, "Trace", body.ToString(), Pages.StatusOf(error));
    }

    public static Task<IResult> RecallAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, string? id = null, string? from = null, string? to = null) =>
        RenderRecallAsync(context, shop, Blank(id), Blank(from), Blank(to), null, null, null, cancellationToken);

    /// <summary>A GET form sends its empty fields as <c>name=</c>; an empty field means "not given".</summary>
    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static async Task<IResult> BlockAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var (id, from, to, reason) = (Forms.Text(form, "id"), Forms.Text(form, "from"), Forms.Text(form, "to"), Forms.Text(form, "reason"));
        if (!Forms.Flag(form, "confirm"))
        {
            // A sweeping action: first what it will block, with Confirm and Cancel; nothing recorded yet.
            var given = Text.Required(reason, "reason", 500);
            var affected = given.IsSuccess ? await Recall.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new Recall.Request(id, from, to), cancellationToken) : given.Error!;
            return affected.TryGet(out var preview, out var previewError)
                ? await RenderRecallAsync(context, shop, id, from, to, null, reason, BlockConfirmation(context, preview, id, from, to, given.Value), cancellationToken)
                : await RenderRecallAsync(context, shop, id, from, to, previewError, reason, null, cancellationToken);
        }

        var blocked = await Recall.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new Recall.Request(id, from, to, Block: true, Reason: reason), cancellationToken);
        if (!blocked.TryGet(out var done, out var error))
        {
            return await RenderRecallAsync(context, shop, id, from, to, error, reason, null, cancellationToken);
        }

        var notice = done.Blocked.Count == 0
            ? """<p class="banner ok" id="blocked">Nothing left to block: everything affected in the building was already blocked, scrapped or gone.</p>"""
            : $"""<p class="banner ok" id="blocked">Blocked {done.Blocked.Count}: {E(string.Join(", ", done.Blocked))}</p>""";
        return await RenderRecallAsync(context, shop, id, from, to, null, null, notice, cancellationToken);
    }

    /// <summary>What "block everything in the building" will do, and the form that does it (<c>confirm=true</c>).</summary>
    private static string BlockConfirmation(HttpContext context, Recall.Response recall, string? id, string? from, string? to, string reason)
    {
        var hidden = string.Concat(new[] { ("id", id), ("from", from), ("to", to), ("reason", reason), ("confirm", "true") }
            .Where(f => f.Item2 is not null).Select(f => $"""<input type="hidden" name="{f.Item1}" value="{E(f.Item2)}">"""));
        var items = string.Concat(recall.InBuilding.Select(h => $"<li>{E(h.Kind)} {E(h.Id)} ({E(h.Description)}{(h.Quantity is null ? "" : $", {E(h.Quantity.Value)} {E(h.Uom)}")}): {E(h.Status)} → blocked</li>"));
        return $"""
            <section class="card confirm" id="block-preview">
              <h2>Confirm: block everything affected in the building</h2>
              <p><strong>BLOCK {recall.InBuilding.Count} lots and units</strong> affected by {E(recall.Start)}, each with the reason “{E(reason)}”. Those already blocked, scrapped or gone stay as they are.</p>
              <ul>{items}</ul>
              <form method="post" action="/recall/block" id="confirm-block-form">{Csrf(context)}{hidden}
                <button type="submit" class="danger" id="confirm-block">Confirm: block them</button>
                <a href="/recall?id={U(id)}" class="cancel" id="cancel-block">Cancel</a>
              </form>
            </section>
            """;
    }

    private static async Task<IResult> RenderRecallAsync(HttpContext context, Shop shop, string? id, string? from, string? to, Error? error, string? reason, string? notice, CancellationToken cancellationToken)
    {
        var body = new StringBuilder(notice);
        body.Append($"""
            <form method="get" action="/recall" class="card">
              <div class="grid">
                {Field("id", "Lot, heat or supplier lot number on the notice", id, error?.Field == "id" ? error : null, required: true, extra: "autocapitalize=\"characters\"")}
                {Field("from", "Received from (optional)", from, error?.Field == "from" ? error : null, "date")}
                {Field("to", "…and before (optional)", to, error?.Field == "to" ? error : null, "date")}
              </div>
              <button type="submit">Who is affected?</button>
            </form>
            """);
        if (id is null)
        {
            return Page(context, "Recall", body.ToString());
        }

        var answer = await Recall.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new Recall.Request(id, from, to), cancellationToken);
        if (!answer.TryGet(out var recall, out var recallError))
        {
            body.Insert(0, $"""<p class="banner error" role="alert">{E(recallError.Message)}</p>""");
            return Page(context, "Recall", body.ToString(), Pages.StatusOf(recallError));
        }

        var query = $"?{(from is null ? "" : $"from={U(from)}&")}{(to is null ? "" : $"to={U(to)}")}".TrimEnd('&', '?');
        var api = $"/api/recall/{U(id)}";
        body.Append($"""
            <div class="outcome" id="outcome">
              <p><strong>{recall.Customers.Count} customers to contact</strong> · {recall.Shipped.Count} shipment lines in {recall.Orders.Count} orders · {recall.ManufactureRecords.Count} manufacture records · {recall.InBuilding.Count} lots and units still in the building</p>
              <p>Starting from {E(recall.Start)}: {string.Join(", ", recall.StartLots.Select(l => $"""<a href="/lots/{U(l)}">{E(l)}</a>"""))}</p>
              <p class="downloads"><a href="{api}/export.csv{query}" id="download-csv" download>CSV</a> · <a href="{api}/export.xlsx{query}" id="download-xlsx" download>Spreadsheet (XLSX)</a> · <a href="{api}/report.html{query}" id="report" target="_blank">Printable report</a></p>
            </div>
            <h2>Customers to contact</h2>
            """);
        body.Append(Table(
            ["Customer", "Name", "Contact", "Email", "Phone", "Shipments", "Path"],
            recall.Customers.Select(c => (IReadOnlyList<string>)[
                Link(c.Customer), E(c.Name), E(c.Contact), c.Email is null ? "" : $"""<a href="mailto:{E(c.Email)}">{E(c.Email)}</a>""", E(c.Phone),
                string.Join(", ", c.Shipments.Select(Link)), Path(c.Path)]),
            "No customer received anything made from it.",
            "recall-customers"));
        body.Append("<h2>Still in the building</h2>");
        body.Append(Table(
            ["Kind", "Id", "Item", "Status", "Quantity", "Path"],
            recall.InBuilding.Select(h => (IReadOnlyList<string>)[E(h.Kind), Link(h.Id), E(h.Description), Status(h.Status), h.Quantity is null ? "" : $"{E(h.Quantity.Value)} {E(h.Uom)}", Path(h.Path)]),
            "Nothing affected is left in the building.",
            "recall-here"));
        if (AccessPolicy.May(context.User, Role.Quality) && recall.InBuilding.Count > 0)
        {
            body.Append($"""
                {(error is null || error.Field == "reason" ? "" : $"""<p class="banner error" role="alert">{E(error.Message)}</p>""")}
                <form method="post" action="/recall/block" class="card" id="block-form">{Csrf(context)}
                  <input type="hidden" name="id" value="{E(id)}">
                  {(from is null ? "" : $"""<input type="hidden" name="from" value="{E(from)}">""")}
                  {(to is null ? "" : $"""<input type="hidden" name="to" value="{E(to)}">""")}
                  {Field("reason", "Reason, recorded on every block", reason, error?.Field == "reason" ? error : null, required: true, hint: "e.g. the supplier's notice number and what is wrong")}
                  <button type="submit" class="danger">Block everything in the building</button>
                </form>
                """);
        }

        body.Append("<h2>Manufacture records</h2>");
        body.Append(Table(
            ["Record", "Product", "When", "Path"],
            recall.ManufactureRecords.Select(r => (IReadOnlyList<string>)[Link(r.Id), E(r.Description), E(r.Status), Path(r.Path)])));
        body.Append("<h2>Shipment lines</h2>");
        body.Append(Table(
            ["Lot / unit", "Product", "Quantity", "Shipped", "Shipment", "Order", "Customer"],
            recall.Shipped.Select(l => (IReadOnlyList<string>)[
                Link(l.TraceabilityLotCode), E(l.Description), $"{E(l.Quantity)} {E(l.Uom)}", E(l.ShipDate[..10]), Link(l.Shipment), Link(l.Order), Link(l.Customer)]),
            "Nothing shipped."));
        return Page(context, $"Recall: {recall.Start}", body.ToString(), error is null ? StatusCodes.Status200OK : Pages.StatusOf(error));
    }

    public static async Task<IResult> ComplianceAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, string? id = null, string? standard = null)
    {
        id = Blank(id);
        var chosen = standard ?? nameof(Compliance.Standard.RoHS);
        var body = new StringBuilder();
        Error? error = null;
        Compliance.Response? answer = null;
        if (id is not null && !(await Compliance.HandleAsync(shop, id, chosen, cancellationToken)).TryGet(out answer, out error))
        {
            answer = null;
        }

        body.Append($"""
            {Banner(error, "id", "standard")}
            <form method="get" action="/compliance" class="card">
              <div class="grid">
                {Field("id", "Unit, lot, shipment or order", id, error, required: true)}
                {Select("standard", "Standard", Enum.GetNames<Compliance.Standard>().Select(s => (s, s)), chosen, error)}
              </div>
              <button type="submit">Is it compliant?</button>
            </form>
            """);
        if (answer is not null)
        {
            var verdict = answer.Verdict switch
            {
                Compliance.Verdict.Compliant => "compliant",
                Compliance.Verdict.NotCompliant => "not compliant",
                _ => "unknown",
            };
            var css = answer.Verdict switch { Compliance.Verdict.Compliant => "pass", Compliance.Verdict.NotCompliant => "fail", _ => "blocked" };
            body.Append($"""
                <div class="outcome" id="outcome">
                  <p><span class="status status-{css}">{E(answer.Standard.ToString())}: {E(verdict)}</span></p>
                  <p>{E(answer.Summary)}</p>
                  <p><a href="/api/compliance/{U(id)}/dossier.zip?standard={U(answer.Standard.ToString())}" id="dossier" download>Download the dossier (every certificate, with an index)</a></p>
                </div>
                <h2>Every purchased material behind it</h2>
                """);
            body.Append(Table(
                ["Lot", "Item", "Heat", "Supplier", "Verdict", "Why", "Certificates", "Path"],
                answer.Inputs.Select(i => (IReadOnlyList<string>)[
                    $"""<a href="/lots/{U(i.Lot)}">{E(i.Lot)}</a>""", E(i.Item), E(i.Heat), E(i.Supplier),
                    Status(i.Verdict switch { Compliance.Verdict.Compliant => "pass", Compliance.Verdict.NotCompliant => "fail", _ => "unknown" }),
                    E(i.Reason),
                    string.Join("<br>", i.Certificates.Select(c => $"""<a href="/api/certificates/{U(c.Split(' ')[0])}/file" target="_blank">{E(c)}</a>""")),
                    Path(i.Path)]),
                "No purchased material is recorded behind it.",
                "compliance-inputs"));
        }

        return Page(context, "Compliance", body.ToString(), Pages.StatusOf(error));
    }

    /// <summary>A trace path, one step per line, small: it explains the row rather than being read first.</summary>
    private static string Path(IReadOnlyList<string> path) => $"""<span class="path">{string.Join("<br>", path.Select(p => E(p)))}</span>""";
}
