using System.Globalization;
using Tracewright.Data.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;

namespace Tracewright.Data.Quality;

/// <summary>
/// Derived tables for nonconformance reports and CAPAs. The status changes a disposition causes are their own
/// ledger records, projected by the materials and production projections.
/// </summary>
internal static class QualityProjection
{
    public static async Task ApplyAsync(ProjectionContext c, NcrOpened e)
    {
        await c.ExecuteAsync(c.Command(
            """
            INSERT INTO ncrs (id, description, detected_at, detected_by, opened_at, opened_seq, status, disposition, approved_by, disposition_reason, dispositioned_seq, closed_reason, closed_seq)
            VALUES (@id, @description, @detectedAt, @detectedBy, @at, @seq, 'Open', NULL, NULL, NULL, NULL, NULL, NULL)
            """,
            new { id = e.Id.Value, description = e.Description, detectedAt = e.DetectedAt, detectedBy = e.DetectedBy, at = c.Entry.OccurredAt, seq = c.Entry.Sequence }));
        var subjects = e.Lots.Select(l => new { kind = "lot", subject = l.Value })
            .Concat(e.Units.Select(u => new { kind = "unit", subject = u.Value }))
            .Concat(e.Records.Select(r => new { kind = "record", subject = r.Value }))
            .Select(s => new { id = e.Id.Value, s.kind, s.subject });
        await c.ExecuteAsync(c.Command(
            "INSERT INTO ncr_subjects (ncr_id, subject_kind, subject_id) VALUES (@id, @kind, @subject)", subjects));
        await MaterialsProjection.SetCounterAsync(c, NumberedId.Scope(NcrId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

    public static Task ApplyAsync(ProjectionContext c, NcrDispositioned e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE ncrs SET status = 'Dispositioned', disposition = @disposition, approved_by = @approvedBy, disposition_reason = @reason, dispositioned_seq = @seq WHERE id = @id",
            new { id = e.Id.Value, disposition = e.Disposition.ToString(), approvedBy = e.ApprovedBy, reason = c.Entry.Reason, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, NcrClosed e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE ncrs SET status = 'Closed', closed_reason = @reason, closed_seq = @seq WHERE id = @id",
            new { id = e.Id.Value, reason = c.Entry.Reason, seq = c.Entry.Sequence }));

    public static async Task ApplyAsync(ProjectionContext c, CapaOpened e)
    {
        await c.ExecuteAsync(c.Command(
            """
            INSERT INTO capas (id, root_cause, status, opened_at, opened_seq, effective, check_notes, checked_by, checked_seq, closed_reason, closed_seq)
            VALUES (@id, @rootCause, 'Open', @at, @seq, NULL, NULL, NULL, NULL, NULL, NULL)
            """,
            new { id = e.Id.Value, rootCause = e.RootCause, at = c.Entry.OccurredAt, seq = c.Entry.Sequence }));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO capa_ncrs (capa_id, ncr_id) VALUES (@id, @ncr)", e.Ncrs.Select(n => new { id = e.Id.Value, ncr = n.Value })));
        await MaterialsProjection.SetCounterAsync(c, NumberedId.Scope(CapaId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

    public static Task ApplyAsync(ProjectionContext c, CapaActionAdded e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO capa_actions (capa_id, action_no, kind, description, owner, due_on, added_seq, done_at, done_by, done_notes, done_seq)
            VALUES (@id, @action, @kind, @description, @owner, @due, @seq, NULL, NULL, NULL, NULL)
            """,
            new
            {
                id = e.Capa.Value,
                action = e.Action,
                kind = e.Kind.ToString(),
                description = e.Description,
                owner = e.Owner,
                due = e.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                seq = c.Entry.Sequence,
            }));

    public static Task ApplyAsync(ProjectionContext c, CapaActionDone e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE capa_actions SET done_at = @at, done_by = @by, done_notes = @notes, done_seq = @seq WHERE capa_id = @id AND action_no = @action",
            new { id = e.Capa.Value, action = e.Action, at = c.Entry.OccurredAt, by = c.Entry.RecordedBy, notes = e.Notes, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, CapaEffectivenessChecked e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE capas SET effective = @effective, check_notes = @notes, checked_by = @by, checked_seq = @seq WHERE id = @id",
            new { id = e.Capa.Value, effective = e.Effective ? 1 : 0, notes = e.Notes, by = e.CheckedBy, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, CapaClosed e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE capas SET status = 'Closed', closed_reason = @reason, closed_seq = @seq WHERE id = @id",
            new { id = e.Capa.Value, reason = c.Entry.Reason, seq = c.Entry.Sequence }));

}
