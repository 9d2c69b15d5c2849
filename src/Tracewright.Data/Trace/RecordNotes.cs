using System.Data.Common;
using System.Globalization;
using Dapper;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Trace;

namespace Tracewright.Data.Trace;

/// <summary>
/// The evidence a trace or an as-built record shows beside a node: for a lot its heat number, supplier and
/// certificates; for a unit its operations, inspections and tests (with values against limits); for a
/// manufacture record its machine, tool and operator; and any NCR raised against it.
/// </summary>
public static class RecordNotes
{
    public static async Task<IReadOnlyList<string>> ForAsync(DbConnection connection, NodeKey node, string? asOf, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        switch (node.Kind)
        {
            case NodeKind.Lot:
                if (await MaterialsQueries.FindLotAsync(connection, null, Identifier.FromStored<LotId>(node.Id), cancellationToken) is { } lot)
                {
                    notes.Add($"{lot.Item}{(lot.Heat is null ? "" : $", heat {lot.Heat}")}{(lot.Supplier is null ? "" : $", supplier {lot.Supplier}")}{(lot.MadeBy is null || lot.Origin != LotOrigin.Made ? "" : $", made by {lot.MadeBy}")}, {lot.Status.Describe()}");
                    foreach (var certificate in await MaterialsQueries.CertificatesOfLotAsync(connection, null, lot.Id, cancellationToken))
                    {
                        notes.Add($"certificate {certificate.Id} {certificate.Type} {certificate.FileName}{(certificate.Standards.Count == 0 ? "" : $" ({string.Join(", ", certificate.Standards)})")}");
                    }
                }

                break;
            case NodeKind.Unit:
                foreach (var entry in await LedgerRows.HistoryAsync(connection, node.Id, cancellationToken))
                {
                    if (asOf is not null && string.CompareOrdinal(entry.OccurredAt, asOf) > 0)
                    {
                        continue;
                    }

                    var note = EvidenceNote.Of(entry.Event, Identifier.FromStored<UnitId>(node.Id));
                    if (note is not null)
                    {
                        notes.Add(EvidenceNote.At(entry.OccurredAt, note));
                    }
                }

                break;
            case NodeKind.Manufacture:
                if (await ProductionQueries.FindManufactureAsync(connection, null, Identifier.FromStored<ManufactureId>(node.Id), cancellationToken) is { } record)
                {
                    notes.Add(EvidenceNote.Manufacture(record.Product.Value, record.FinishedAt, record.Machine, record.Tool, record.Operator, record.Sop));
                }

                break;
        }

        var ncrs = await connection.QueryAsync<(string Id, string Description, string? Disposition)>(new CommandDefinition(
            "SELECT n.id, n.description, n.disposition FROM ncrs n JOIN ncr_subjects s ON s.ncr_id = n.id WHERE s.subject_id = @id ORDER BY n.id",
            new { id = node.Id },
            cancellationToken: cancellationToken));
        notes.AddRange(ncrs.Select(n => $"{n.Id}: {n.Description}{(n.Disposition is null ? "" : $" — {n.Disposition}")}"));
        return notes;
    }
}
