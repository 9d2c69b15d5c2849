using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Web;
using static Tracewright.Web.Html;

namespace Tracewright.Features.Records;

/// <summary>
/// The quality forms that change what a record says without editing it: correcting a receipt, correcting
/// a manufacture run's inputs, and changing a unit's status — each a new ledger record with its reason
/// (the forms: <see cref="CorrectReceiptForm"/>, <see cref="UnitStatusForm"/>, and <see cref="CorrectRunForm"/> on the record page).
/// </summary>
public static class CorrectionPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapPost("/lots/{id}/correct", CorrectReceiptAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapPost("/records/{id}/correct", CorrectRunAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapPost("/units/{id}/status", ChangeUnitStatusAsync).RequireAuthorization(AccessPolicy.Quality);
    }

    private static async Task<IResult> CorrectReceiptAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var done = await CorrectReceipt.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new CorrectReceipt.Request(
            id, Forms.Text(form, "reason"), Forms.Text(form, "supplier-lot"), Forms.Text(form, "po"), Forms.Text(form, "grade")), cancellationToken);
        return Outcome(context, done.Error, $"/lots/{U(id)}", $"Correct the receipt of {id}");
    }

    private static async Task<IResult> CorrectRunAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var done = await CorrectManufacture.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new CorrectManufacture.Request(
            id, Forms.Text(form, "reason"), Lines(Forms.Text(form, "use")), Lines(Forms.Text(form, "use-serial"))), cancellationToken);
        return Outcome(context, done.Error, $"/records/{U(id)}", $"Correct the inputs of {id}");
    }

    private static async Task<IResult> ChangeUnitStatusAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (!Forms.Flag(form, "confirm") && await StatusConfirmationAsync(id, form, shop, cancellationToken) is { } confirm)
        {
            return confirm;
        }

        var done = await RecordUnitEvent.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new RecordUnitEvent.Request(
            id, RecordUnitEvent.Kind.Status, Status: Forms.Text(form, "status"), Reason: Forms.Text(form, "reason")), cancellationToken);
        return Outcome(context, done.Error, $"/units/{U(id)}", $"Change the status of {id}");
    }

    /// <summary>
    /// A unit's status change is shown first (<see cref="UnitStatusConfirmPage"/>: from → to, the reason, and for a scrap that
    /// it cannot be undone), as a lot's is; null when the handler would refuse it anyway (no reason, no such unit, a status
    /// that cannot change), so the handler says why and nothing is recorded.
    /// </summary>
    private static async Task<IResult?> StatusConfirmationAsync(string id, IFormCollection form, Shop shop, CancellationToken cancellationToken)
    {
        var reason = Text.Required(Forms.Text(form, "reason"), "reason", 500);
        var to = Text.Choice<Domain.Production.UnitStatus>(Forms.Text(form, "status"), "status");
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await Lookup.UnitAsync(connection, null, id, "serial", cancellationToken);
        return reason.IsSuccess && to.IsSuccess && found.TryGet(out var unit, out _) && unit.ChangeStatus(to.Value).IsSuccess
            ? Pages.Render<UnitStatusConfirmPage>(new
            {
                Unit = unit.Id.Value,
                From = Domain.Production.Unit.Describe(unit.Status),
                To = Domain.Production.Unit.Describe(to.Value),
                Status = Forms.Text(form, "status")!,
                Reason = reason.Value,
            })
            : null;
    }

    /// <summary>Back to the record on success; otherwise the error named by its field, with the way back.</summary>
    private static IResult Outcome(HttpContext context, Error? error, string back, string title) =>
        error is null
            ? TypedResults.Redirect(back)
            : Pages.Render<CorrectionRefusedPage>(new { Title = title, Back = back, Error = error }, Pages.StatusOf(error));

    private static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
