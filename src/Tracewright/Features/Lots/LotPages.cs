using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Labels;
using Tracewright.Features.Records;
using Tracewright.Labels;
using Tracewright.Web;

namespace Tracewright.Features.Lots;

/// <summary>
/// A lot's page (<see cref="LotPage"/>): status, heat, certificates, pieces, history. A cut shows the pieces and their labels
/// first and is recorded only when confirmed; a status change (block, release, reject, scrap) shows what it will change first.
/// A post without <c>confirm=true</c> records nothing.
/// </summary>
public static class LotPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/lots/{id}", ShowAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/lots/{id}/split", SplitAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/lots/{id}/cut-labels", CutLabelsAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/lots/{id}/status", ChangeStatusAsync).RequireAuthorization(AccessPolicy.Quality);
    }

    public static Task<IResult> ShowAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderAsync(id, shop, new(), cancellationToken);

    /// <summary>
    /// Without <c>confirm</c>: the preview (pieces, numbers, labels). With it: the cut, unless the numbers the person printed
    /// (<c>pieces</c>) are no longer the ones the cut would give — then the new preview, still nothing recorded.
    /// </summary>
    public static async Task<IResult> SplitAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var actor = AccessPolicy.ActorOf(context.User);
        var request = new SplitLot.Request(id, Forms.Text(form, "into"), Forms.Text(form, "scrap"), Preview: true);
        var preview = await SplitLot.HandleAsync(shop, actor, request, cancellationToken);
        if (!preview.TryGet(out var planned, out var error))
        {
            return await RenderAsync(id, shop, new(Error: error, Typed: form), cancellationToken);
        }

        var printed = Forms.Text(form, "pieces");
        var numbers = string.Join(",", planned.Pieces.Select(p => p.Piece.Value));
        if (!Forms.Flag(form, "confirm") || (printed is not null && printed != numbers))
        {
            return await RenderAsync(id, shop, new(Cut: planned, Renumbered: Forms.Flag(form, "confirm"), Typed: form), cancellationToken);
        }

        var split = await SplitLot.HandleAsync(shop, actor, request with { Preview = false }, cancellationToken);
        return split.TryGet(out var cut, out error)
            ? await RenderAsync(id, shop, new(Cut: cut), cancellationToken)
            : await RenderAsync(id, shop, new(Error: error, Typed: form), cancellationToken);
    }

    /// <summary>The PDF sheet of the labels the cut will give its pieces, before anything is recorded (the numbers are the cut's).</summary>
    public static async Task<IResult> CutLabelsAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken, string? into = null, string? scrap = null)
    {
        var preview = await SplitLot.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new SplitLot.Request(id, into, string.IsNullOrWhiteSpace(scrap) ? null : scrap, Preview: true), cancellationToken);
        if (!preview.TryGet(out var planned, out var error))
        {
            return await RenderAsync(id, shop, new(Error: error), cancellationToken);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var item = planned.Pieces.Count == 0 ? null : await MaterialsQueries.FindItemAsync(connection, null, planned.Pieces[0].Item, cancellationToken);
        var labels = new List<LabelData>();
        foreach (var piece in planned.Pieces)
        {
            if (!PrintLabel.LabelOf(piece, planned.PieceStatus, item).TryGet(out var label, out error))
            {
                return await RenderAsync(id, shop, new(Error: error), cancellationToken);
            }

            labels.Add(label);
        }

        var sheet = LabelRenderer.Render(labels, LabelFormat.Pdf, LabelRenderer.ParseSheet(null, LabelFormat.Pdf).Value);
        return sheet.TryGet(out var file, out error)
            ? TypedResults.File(file.Content, file.MediaType, $"{planned.Lot}-pieces-to-cut.{file.Extension}")
            : await RenderAsync(id, shop, new(Error: error), cancellationToken);
    }

    /// <summary>Without <c>confirm</c>: what the change would do (nothing recorded); with it, the change.</summary>
    public static async Task<IResult> ChangeStatusAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var action = Text.Choice<ChangeLotStatus.Action>(Forms.Text(form, "action"), "action");
        var changed = action.IsSuccess
            ? await ChangeLotStatus.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new ChangeLotStatus.Request(id, action.Value, Forms.Text(form, "reason"), Preview: !Forms.Flag(form, "confirm")), cancellationToken)
            : action.Error!;
        return changed.TryGet(out var done, out var error)
            ? await RenderAsync(id, shop, new(Changed: done, Typed: done.Sequence == 0 ? form : null), cancellationToken)
            : await RenderAsync(id, shop, new(Error: error, Typed: form), cancellationToken);
    }

    private sealed record Shown(SplitLot.Response? Cut = null, bool Renumbered = false, ChangeLotStatus.Response? Changed = null, Error? Error = null, IFormCollection? Typed = null);

    private static async Task<IResult> RenderAsync(string id, Shop shop, Shown shown, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not ShowRecord.LotView view)
        {
            return NotThatRecordPage.For(id, "lot", missing);
        }

        return Pages.Render<LotPage>(
            new { View = view, record.History, shown.Cut, shown.Renumbered, shown.Changed, shown.Error, shown.Typed },
            Pages.StatusOf(shown.Error));
    }
}
