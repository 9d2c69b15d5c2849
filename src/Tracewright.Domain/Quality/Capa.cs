using Tracewright.Domain.Common;

namespace Tracewright.Domain.Quality;

/// <summary>
/// A corrective and preventive action record as it stands. It is linked to at least one nonconformance
/// report; it closes only with at least one action, every action done, and an effectiveness check whose
/// latest outcome (<see cref="Effective"/>) is effective. Closed is final.
/// </summary>
public sealed record Capa(CapaId Id, IReadOnlyList<NcrId> Ncrs, string RootCause, CapaStatus Status, IReadOnlyList<CapaAction> Actions, bool? Effective, string? CheckNotes)
{
    /// <summary>Refuses a CAPA for no report, or one that names a report twice.</summary>
    public static Result<CapaOpened> Open(CapaId id, IReadOnlyList<NcrId> ncrs, string rootCause)
    {
        if (ncrs.Count == 0)
        {
            return new InvalidInput("ncr", "a CAPA needs at least one nonconformance report (--ncr NCR-0001)");
        }

        var twice = ncrs.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? new CapaOpened(id, ncrs, rootCause) : new InvalidInput("ncr", $"{twice.Key} is listed more than once");
    }

    public Result<CapaActionAdded> AddAction(CapaActionKind kind, string description, string owner, DateOnly due) =>
        MustBeOpen("add an action to").Map(_ => new CapaActionAdded(Id, Actions.Count + 1, kind, description, owner, due));

    public Result<CapaActionDone> MarkDone(int action, string? notes)
    {
        var open = MustBeOpen("mark an action done on");
        if (!open.IsSuccess)
        {
            return open.Error!;
        }

        var found = Actions.FirstOrDefault(a => a.Number == action);
        if (found is null)
        {
            return new NotFound("action", $"{Id} #{action}", "action");
        }

        return found.Done
            ? new RuleViolated("action-done", $"{Id} action {action} is already done", "action")
            : new CapaActionDone(Id, action, notes);
    }

    public Result<CapaEffectivenessChecked> Check(bool effective, string notes, string checkedBy) =>
        MustBeOpen("check").Map(_ => new CapaEffectivenessChecked(Id, effective, notes, checkedBy));

    /// <summary>Closing is refused, with the reason, until every action is done and the latest check found the CAPA effective.</summary>
    public Result<CapaClosed> Close()
    {
        var open = MustBeOpen("close");
        if (!open.IsSuccess)
        {
            return open.Error!;
        }

        if (Actions.Count == 0)
        {
            return new RuleViolated("capa-no-actions", $"{Id} has no corrective or preventive action; add one (capa action) before closing it");
        }

        var pending = Actions.Where(a => !a.Done).ToList();
        if (pending.Count > 0)
        {
            return new RuleViolated(
                "capa-actions-open",
                $"{Id} cannot be closed: action(s) not done: {string.Join("; ", pending.Select(a => $"#{a.Number} {a.Description} ({a.Owner}, due {a.Due:yyyy-MM-dd})"))}");
        }

        return Effective switch
        {
            null => new RuleViolated("capa-not-checked", $"{Id} cannot be closed: its effectiveness has not been checked (capa check)"),
            false => new RuleViolated("capa-not-effective", $"{Id} cannot be closed: the latest effectiveness check found it not effective ({CheckNotes})"),
            true => new CapaClosed(Id),
        };
    }

    private Result<Capa> MustBeOpen(string action) =>
        Status == CapaStatus.Open ? this : new RuleViolated("capa-closed", $"{Id} is closed; cannot {action} it", "capa");
}
