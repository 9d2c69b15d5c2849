using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Web;

namespace Tracewright.Features.Trace;

/// <summary>
/// The questions a supplier's notice or a customer raises, answered on one page each: trace forward or
/// backward (<see cref="TracePage"/>), the recall — who to contact, what is still here, block it, download it
/// (<see cref="RecallPage"/>) — and compliance (<see cref="CompliancePage"/>).
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

    public static async Task<IResult> TraceAsync(Shop shop, CancellationToken cancellationToken, string? id = null, string? direction = null, string? asOf = null)
    {
        (id, asOf) = (Blank(id), Blank(asOf));
        var choice = direction is null ? TraceRecords.Direction.Forward : Text.Choice<TraceRecords.Direction>(direction, "direction").TryGet(out var d, out _) ? d : TraceRecords.Direction.Forward;
        TraceRecords.Response? answer = null;
        Error? error = null;
        if (id is not null && !(await TraceRecords.HandleAsync(shop, id, choice, choice == TraceRecords.Direction.Backward ? asOf : null, cancellationToken)).TryGet(out answer, out error))
        {
            answer = null;
        }

        return Pages.Render<TracePage>(new { Id = id, Direction = choice, AsOf = asOf, Error = error, Answer = answer }, Pages.StatusOf(error));
    }

    public static Task<IResult> RecallAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, string? id = null, string? from = null, string? to = null) =>
        RenderRecallAsync(context, shop, Blank(id), Blank(from), Blank(to), new RecallOutcome(), cancellationToken);

    /// <summary>A GET form sends its empty fields as <c>name=</c>; an empty field means "not given".</summary>
    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// "Block everything in the building": a sweeping action, so first what it will block, with Confirm and Cancel (nothing
    /// recorded); only the form that carries <c>confirm=true</c> blocks.
    /// </summary>
    public static async Task<IResult> BlockAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var (id, from, to, reason) = (Forms.Text(form, "id"), Forms.Text(form, "from"), Forms.Text(form, "to"), Forms.Text(form, "reason"));
        if (!Forms.Flag(form, "confirm"))
        {
            var given = Text.Required(reason, "reason", 500);
            return await RenderRecallAsync(context, shop, id, from, to, new RecallOutcome(given.Error, given.IsSuccess ? given.Value : reason, ConfirmBlock: given.IsSuccess), cancellationToken);
        }

        var blocked = await Recall.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new Recall.Request(id, from, to, Block: true, Reason: reason), cancellationToken);
        return blocked.TryGet(out var done, out var error)
            ? await RenderRecallAsync(context, shop, id, from, to, new RecallOutcome(Blocked: done.Blocked), cancellationToken)
            : await RenderRecallAsync(context, shop, id, from, to, new RecallOutcome(error, reason), cancellationToken);
    }

    /// <summary>What a post of the block form came to, shown with the recall: its error, the reason typed, the confirmation to show, or what was blocked.</summary>
    private sealed record RecallOutcome(Error? Error = null, string? Reason = null, bool ConfirmBlock = false, IReadOnlyList<string>? Blocked = null);

    private static async Task<IResult> RenderRecallAsync(HttpContext context, Shop shop, string? id, string? from, string? to, RecallOutcome outcome, CancellationToken cancellationToken)
    {
        Recall.Response? answer = null;
        Error? answerError = null;
        if (id is not null && !(await Recall.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new Recall.Request(id, from, to), cancellationToken)).TryGet(out answer, out answerError))
        {
            answer = null;
        }

        var status = answerError is not null ? Pages.StatusOf(answerError) : Pages.StatusOf(outcome.Error);
        return Pages.Render<RecallPage>(
            new
            {
                Id = id,
                From = from,
                To = to,
                outcome.Error,
                AnswerError = answerError,
                Answer = answer,
                outcome.Reason,
                outcome.ConfirmBlock,
                outcome.Blocked,
            },
            status);
    }

    public static async Task<IResult> ComplianceAsync(Shop shop, CancellationToken cancellationToken, string? id = null, string? standard = null)
    {
        id = Blank(id);
        var chosen = standard ?? nameof(Compliance.Standard.RoHS);
        Error? error = null;
        Compliance.Response? answer = null;
        if (id is not null && !(await Compliance.HandleAsync(shop, id, chosen, cancellationToken)).TryGet(out answer, out error))
        {
            answer = null;
        }

        return Pages.Render<CompliancePage>(new { Id = id, Standard = chosen, Error = error, Answer = answer }, Pages.StatusOf(error));
    }
}
