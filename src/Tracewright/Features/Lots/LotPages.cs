using System.Text;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Records;
using Tracewright.Web;
using static Tracewright.Web.Html;

namespace Tracewright.Features.Lots;

/// <summary>A lot's page: status, heat, certificates, pieces, history; cut it (with labels) and block/release/reject/scrap it.</summary>
public static class LotPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/lots/{id}", ShowAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/lots/{id}/split", SplitAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/lots/{id}/status", ChangeStatusAsync).RequireAuthorization(AccessPolicy.Quality);
    }

    public static Task<IResult> ShowAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderAsync(id, context, shop, null, null, null, cancellationToken);

    public static async Task<IResult> SplitAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var into = Forms.Text(form, "into");
        var split = await SplitLot.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new SplitLot.Request(id, into, Forms.Text(form, "scrap")), cancellationToken);
        if (!split.TryGet(out var cut, out var error))
        {
            return await RenderAsync(id, context, shop, error, null, form, cancellationToken);
        }

        var notice = $"""
            <div class="banner ok" id="split-done">
              <p>{E(cut.Lot)} cut into {cut.Pieces.Count} pieces: {E(string.Join(", ", cut.Pieces.Select(p => p.Piece.Value)))}. Each keeps heat {E(cut.Pieces.FirstOrDefault()?.Heat?.Value)} and the certificates.</p>
              <p><a href="/api/lots/{U(cut.Lot)}/labels?pieces=true" id="piece-labels" download>Download the pieces' labels (PDF sheet)</a></p>
            </div>
            """;
        return await RenderAsync(id, context, shop, null, notice, null, cancellationToken);
    }

    public static async Task<IResult> ChangeStatusAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var action = Text.Choice<ChangeLotStatus.Action>(Forms.Text(form, "action"), "action");
        var changed = action.IsSuccess
            ? await ChangeLotStatus.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new ChangeLotStatus.Request(id, action.Value, Forms.Text(form, "reason")), cancellationToken)
            : action.Error!;
        var notice = changed.TryGet(out var done, out var error) ? $"""<p class="banner ok">{E(done.Lot)}: {E(done.From.Describe())} → {E(done.To.Describe())} ({E(done.Reason)})</p>""" : null;
        return await RenderAsync(id, context, shop, error, notice, changed.IsSuccess ? null : form, cancellationToken);
    }

    private static async Task<IResult> RenderAsync(string id, HttpContext context, Shop shop, Error? error, string? notice, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not ShowRecord.LotView view)
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing?.Message ?? $"{id} is not a lot")}</p>""", StatusCodes.Status404NotFound);
        }

        var lot = view.Lot;
        var body = new StringBuilder(notice);
        body.Append(Banner(error, "into", "scrap", "reason", "action"));
        body.Append($"""
            <p class="outcome">{Status(lot.Status.Describe())} {E(lot.StatusReason)}</p>
            <dl class="facts">
              <dt>Item</dt><dd>{E(lot.Item.Value)}</dd>
              <dt>Heat / batch</dt><dd>{E(lot.Heat?.Value)}</dd>
              <dt>Supplier</dt><dd>{E(lot.Supplier?.Value)}{(lot.SupplierLot is null ? "" : $" (their lot {E(lot.SupplierLot)})")}</dd>
              <dt>Quantity</dt><dd>{E(lot.Quantity)} {E(lot.Uom.Value)} (received {E(lot.ReceivedQuantity)})</dd>
              <dt>Grade</dt><dd>{E(lot.Grade)}</dd>
              <dt>PO</dt><dd>{E(lot.PurchaseOrder)}</dd>
              {(lot.Parent is null ? "" : $"""<dt>Cut from</dt><dd><a href="/lots/{U(lot.Parent.Value.Value)}">{E(lot.Parent.Value.Value)}</a></dd>""")}
              <dt>Label</dt><dd><a href="/api/lots/{U(lot.Id.Value)}/labels" download>this lot's label (PDF)</a>{(view.Pieces.Count == 0 ? "" : $""" · <a href="/api/lots/{U(lot.Id.Value)}/labels?pieces=true" download>all pieces' labels</a>""")}</dd>
            </dl>
            <h2>Certificates</h2>
            """);
        body.Append(view.Certificates.Count == 0
            ? "<p>None attached.</p>"
            : "<ul>" + string.Join("", view.Certificates.Select(c => $"""<li><a href="/api/certificates/{U(c.Id.Value)}/file" target="_blank">{E(c.Id.Value)} {E(c.Type.ToString())}</a> — {E(c.FileName)}, covers {E(string.Join(", ", c.Heats))}</li>""")) + "</ul>");
        if (view.Pieces.Count > 0)
        {
            body.Append("<h2>Pieces</h2>").Append(RecordPages.LotTable(view.Pieces));
        }

        var user = context.User;
        var actions = new StringBuilder();
        if (AccessPolicy.May(user, Role.Operator) && !lot.Status.IsFinal())
        {
            actions.Append($"""
                <form method="post" action="/lots/{U(lot.Id.Value)}/split" class="card">{Csrf(context)}
                  <h2>Cut into pieces</h2>
                  {Field("into", "Piece quantities", typed is null ? null : Forms.Text(typed, "into"), error, hint: "comma-separated, e.g. 1,1,1,1", required: true)}
                  {Field("scrap", "Offcut / scrap", typed is null ? null : Forms.Text(typed, "scrap"), error)}
                  <button type="submit">Cut and record</button>
                </form>
                """);
        }

        if (AccessPolicy.May(user, Role.Quality))
        {
            var choices = Enum.GetValues<ChangeLotStatus.Action>().Select(a => (a.ToString().ToLowerInvariant(), a.ToString()));
            actions.Append($"""
                <form method="post" action="/lots/{U(lot.Id.Value)}/status" class="card">{Csrf(context)}
                  <h2>Change status</h2>
                  {Select("action", "Action", choices, typed is null ? "block" : Forms.Text(typed, "action"), error)}
                  {Field("reason", "Reason", typed is null ? null : Forms.Text(typed, "reason"), error, required: true)}
                  <button type="submit" class="danger">Record</button>
                </form>
                """);
        }

        actions.Append(Certificates.CertificatePages.Form(context, lot.Id.Value));
        actions.Append(CorrectionPages.ReceiptForm(context, lot.Id.Value));
        if (actions.Length > 0)
        {
            body.Append($"""<div class="actions">{actions}</div>""");
        }

        body.Append(RecordPages.History(record.History));
        return Page(context, $"Lot {lot.Id.Value}", body.ToString(), Pages.StatusOf(error));
    }
}
