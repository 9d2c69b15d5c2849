using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Labels;
using Tracewright.Labels;
using Tracewright.Web;

namespace Tracewright.Features.Lots;

/// <summary>Lots and pieces: list, cut, block/release/reject/scrap, correct a receipt, print labels.</summary>
public static class LotsApi
{
    public const int PageSize = 50;

    public sealed record SplitBody(string? Into, string? Scrap = null, bool Preview = false);

    public sealed record ReasonBody(string? Reason);

    public sealed record CorrectionBody(string? Reason, string? SupplierLot = null, string? PurchaseOrder = null, string? Grade = null);

    public sealed record LotPage(int Page, int PageSize, bool HasMore, IReadOnlyList<Lot> Lots);

    public static void Map(RouteGroupBuilder api)
    {
        var lots = api.MapGroup("/lots").WithTags("Lots");
        lots.MapGet("", ListAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Lots and pieces, newest first, 50 a page");
        lots.MapPost("/{id}/split", SplitAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Cut a lot into pieces (preview: the labels, nothing recorded)");
        foreach (var action in Enum.GetValues<ChangeLotStatus.Action>())
        {
            lots.MapPost($"/{{id}}/{action.ToString().ToLowerInvariant()}", (string id, ReasonBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) => ChangeStatusAsync(id, action, body, user, shop, cancellationToken))
                .RequireAuthorization(AccessPolicy.Quality)
                .WithName($"{action}Lot")
                .WithSummary($"{action} a lot, with a reason");
        }

        lots.MapPost("/{id}/corrections", CorrectAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Correct a receipt's supplier lot, PO or grade (a new record pointing at the old one)");
        lots.MapGet("/{id}/labels", LabelsAsync).RequireAuthorization(AccessPolicy.Viewer).AddEndpointFilter(HeavyRenders.LimitAsync).WithSummary("The lot's label, or with pieces=true every piece's label on one sheet (pdf, zpl, svg, png)");
    }

    /// <summary>Pages like every list (page from 1, pageSize 1–200, default 50); the list is named <c>lots</c>, as it always was.</summary>
    public static async Task<Results<Ok<LotPage>, ProblemHttpResult>> ListAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var lots = paging.Cut(await MaterialsQueries.ListLotsAsync(connection, paging.Skip, paging.Take, cancellationToken));
        return TypedResults.Ok(new LotPage(lots.Page, lots.PageSize, lots.HasMore, lots.Items));
    }

    public static async Task<Results<Ok<SplitLot.Response>, ProblemHttpResult>> SplitAsync(string id, SplitBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await SplitLot.HandleAsync(shop, AccessPolicy.ActorOf(user), new SplitLot.Request(id, body.Into, body.Scrap, body.Preview), cancellationToken));

    public static async Task<Results<Ok<ChangeLotStatus.Response>, ProblemHttpResult>> ChangeStatusAsync(string id, ChangeLotStatus.Action action, ReasonBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await ChangeLotStatus.HandleAsync(shop, AccessPolicy.ActorOf(user), new ChangeLotStatus.Request(id, action, body.Reason), cancellationToken));

    public static async Task<Results<Ok<CorrectReceipt.Response>, ProblemHttpResult>> CorrectAsync(string id, CorrectionBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await CorrectReceipt.HandleAsync(shop, AccessPolicy.ActorOf(user), new CorrectReceipt.Request(id, body.Reason, body.SupplierLot, body.PurchaseOrder, body.Grade), cancellationToken));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LabelsAsync(string id, Shop shop, CancellationToken cancellationToken, string? format = null, string? sheet = null, bool pieces = false)
    {
        var file = await RenderLabelsAsync(shop, id, format, sheet, pieces, cancellationToken);
        if (!file.TryGet(out var rendered, out var error))
        {
            return Problems.ToHttp(error);
        }

        return TypedResults.File(rendered.Content, rendered.MediaType, $"{id}{(pieces ? "-pieces" : "")}.{rendered.Extension}");
    }

    /// <summary>A lot's own label, or its pieces' labels on one sheet: what the operator sticks on before cutting.</summary>
    public static async Task<Result<LabelFile>> RenderLabelsAsync(Shop shop, string? id, string? format, string? sheet, bool pieces, CancellationToken cancellationToken)
    {
        if (!pieces)
        {
            return (await PrintLabel.RenderAsync(shop, new PrintLabel.Request(id, format, sheet), cancellationToken)).Map(r => r.File);
        }

        var lotId = LotId.Parse(id);
        var labelFormat = LabelRenderer.ParseFormat(format);
        var layout = labelFormat.Then(f => LabelRenderer.ParseSheet(sheet, f));
        var firstError = lotId.Error ?? labelFormat.Error ?? layout.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var lot = await MaterialsQueries.FindLotAsync(connection, null, lotId.Value, cancellationToken);
        if (lot is null)
        {
            return new Domain.Common.NotFound("lot", lotId.Value.Value, "id");
        }

        var item = await MaterialsQueries.FindItemAsync(connection, null, lot.Item, cancellationToken);
        var children = (await MaterialsQueries.DescendantsAsync(connection, null, lot.Id, cancellationToken)).Where(p => p.Parent == lot.Id).ToList();
        if (children.Count == 0)
        {
            return new RuleViolated("no-pieces", $"lot {lot.Id} has not been cut into pieces", "id");
        }

        var labels = new List<LabelData>();
        foreach (var piece in children)
        {
            var label = PrintLabel.LabelOf(piece, item);
            if (!label.TryGet(out var data, out var error))
            {
                return error;
            }

            labels.Add(data);
        }

        return LabelRenderer.Render(labels, labelFormat.Value, layout.Value);
    }
}
