using System.Data.Common;
using System.Globalization;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;

namespace Tracewright.Data.Quality;

/// <summary>Reads nonconformance reports and CAPAs back as domain values.</summary>
public static class QualityQueries
{
    public static async Task<Nonconformance?> FindNcrAsync(DbConnection connection, DbTransaction? transaction, NcrId id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<NcrRow>(new CommandDefinition(
            "SELECT * FROM ncrs WHERE id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var subjects = (await connection.QueryAsync<SubjectRow>(new CommandDefinition(
            "SELECT subject_kind, subject_id FROM ncr_subjects WHERE ncr_id = @id ORDER BY subject_kind, subject_id",
            new { id = id.Value }, transaction, cancellationToken: cancellationToken))).ToList();
        return new Nonconformance(
            id,
            subjects.Where(s => s.SubjectKind == "lot").Select(s => Identifier.FromStored<LotId>(s.SubjectId)).ToList(),
            subjects.Where(s => s.SubjectKind == "unit").Select(s => Identifier.FromStored<UnitId>(s.SubjectId)).ToList(),
            subjects.Where(s => s.SubjectKind == "record").Select(s => Identifier.FromStored<ManufactureId>(s.SubjectId)).ToList(),
            row.Description,
            row.DetectedAt,
            row.DetectedBy,
            Enum.Parse<NcrStatus>(row.Status),
            row.Disposition is null ? null : Enum.Parse<Disposition>(row.Disposition),
            row.ApprovedBy);
    }

    public static async Task<Capa?> FindCapaAsync(DbConnection connection, DbTransaction? transaction, CapaId id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CapaRow>(new CommandDefinition(
            "SELECT * FROM capas WHERE id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var ncrs = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT ncr_id FROM capa_ncrs WHERE capa_id = @id ORDER BY ncr_id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        var actions = await connection.QueryAsync<ActionRow>(new CommandDefinition(
            "SELECT * FROM capa_actions WHERE capa_id = @id ORDER BY action_no", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        return new Capa(
            id,
            ncrs.Select(Identifier.FromStored<NcrId>).ToList(),
            row.RootCause,
            Enum.Parse<CapaStatus>(row.Status),
            actions.Select(a => new CapaAction(
                (int)a.ActionNo,
                Enum.Parse<CapaActionKind>(a.Kind),
                a.Description,
                a.Owner,
                DateOnly.ParseExact(a.DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                a.DoneSeq is not null)).ToList(),
            row.Effective is null ? null : row.Effective != 0,
            row.CheckNotes);
    }

    /// <summary>The CAPAs opened for a nonconformance report.</summary>
    public static async Task<IReadOnlyList<CapaId>> CapasOfNcrAsync(DbConnection connection, DbTransaction? transaction, NcrId id, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT capa_id FROM capa_ncrs WHERE ncr_id = @id ORDER BY capa_id", new { id = id.Value }, transaction, cancellationToken: cancellationToken)))
            .Select(Identifier.FromStored<CapaId>).ToList();

    private sealed class NcrRow
    {
        public string Description { get; set; } = "";
        public string DetectedAt { get; set; } = "";
        public string DetectedBy { get; set; } = "";
        public string Status { get; set; } = "";
        public string? Disposition { get; set; }
        public string? ApprovedBy { get; set; }
    }

    private sealed class SubjectRow
    {
        public string SubjectKind { get; set; } = "";
        public string SubjectId { get; set; } = "";
    }

    private sealed class CapaRow
    {
        public string RootCause { get; set; } = "";
        public string Status { get; set; } = "";
        public long? Effective { get; set; }
        public string? CheckNotes { get; set; }
    }

    private sealed class ActionRow
    {
        public long ActionNo { get; set; }
        public string Kind { get; set; } = "";
        public string Description { get; set; } = "";
        public string Owner { get; set; } = "";
        public string DueOn { get; set; } = "";
        public long? DoneSeq { get; set; }
    }
}
