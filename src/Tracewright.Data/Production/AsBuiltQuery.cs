using System.Data.Common;
using Dapper;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Data.Production;

/// <summary>
/// One part of an as-built tree: a unit (with what was installed in it and what its manufacture run
/// consumed) or a quantity of a lot (with its heat number, supplier and certificates, and — for a batch
/// made here — what went into that batch).
/// </summary>
public sealed record AsBuiltNode(
    string Kind,
    string Id,
    ItemCode Item,
    decimal? Quantity,
    string? Uom,
    string? Heat,
    string? Supplier,
    IReadOnlyList<string> Certificates,
    string? MadeBy,
    string? Via,
    IReadOnlyList<AsBuiltNode> Children)
{
    /// <summary>Evidence: certificates, operations, inspections, tests, NCRs, the run that made it.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Reconstructs what a unit was made of at any moment: components installed before and not removed by
/// then, to any depth, plus the lots and units its manufacture run consumed. Cycles in stored data are cut,
/// never followed forever.
/// </summary>
public static class AsBuiltQuery
{
    public static async Task<AsBuiltNode> BuildAsync(DbConnection connection, UnitId unit, string? asOf, CancellationToken cancellationToken)
    {
        var path = new HashSet<string>(StringComparer.Ordinal);
        return await UnitNodeAsync(connection, unit, asOf, null, path, cancellationToken);
    }

    private static async Task<AsBuiltNode> UnitNodeAsync(DbConnection connection, UnitId id, string? asOf, string? via, HashSet<string> path, CancellationToken cancellationToken)
    {
        var unit = await ProductionQueries.FindUnitAsync(connection, null, id, cancellationToken);
        var children = new List<AsBuiltNode>();
        if (unit is not null && path.Add(id.Value))
        {
            var links = await ProductionQueries.ComponentLinksAsync(connection, null, id, cancellationToken);
            foreach (var link in links.Where(l => InsideAt(l, asOf)))
            {
                children.Add(link.Kind == "unit"
                    ? await UnitNodeAsync(connection, Identifier.FromStored<UnitId>(link.ComponentId), asOf, $"installed {link.InstalledAt}", path, cancellationToken)
                    : await LotNodeAsync(connection, Identifier.FromStored<LotId>(link.ComponentId), link.Quantity, $"installed {link.InstalledAt}", path, cancellationToken));
            }

            if (unit.MadeBy is { } made)
            {
                children.AddRange(await InputsAsync(connection, made, path, cancellationToken));
            }

            path.Remove(id.Value);
        }

        var notes = (await Trace.RecordNotes.ForAsync(connection, new Domain.Trace.NodeKey(Domain.Trace.NodeKind.Unit, id.Value), asOf, cancellationToken)).ToList();
        if (unit?.MadeBy is { } maker)
        {
            notes.InsertRange(0, (await Trace.RecordNotes.ForAsync(connection, new Domain.Trace.NodeKey(Domain.Trace.NodeKind.Manufacture, maker), asOf, cancellationToken)).Select(n => $"made by {maker}: {n}"));
        }

        return new AsBuiltNode("unit", id.Value, id.Item, null, null, null, null, [], unit?.MadeBy, via, children) { Notes = notes };
    }

    private static async Task<AsBuiltNode> LotNodeAsync(DbConnection connection, LotId id, decimal? quantity, string? via, HashSet<string> path, CancellationToken cancellationToken)
    {
        var lot = await MaterialsQueries.FindLotAsync(connection, null, id, cancellationToken);
        if (lot is null)
        {
            return new AsBuiltNode("lot", id.Value, Identifier.FromStored<ItemCode>("UNKNOWN"), quantity, null, null, null, [], null, via, []);
        }

        var certificates = await MaterialsQueries.CertificatesOfLotAsync(connection, null, id, cancellationToken);
        var children = new List<AsBuiltNode>();
        if (lot.MadeBy is { } made && path.Add(id.Value))
        {
            children.AddRange(await InputsAsync(connection, made, path, cancellationToken));
            path.Remove(id.Value);
        }

        var notes = await Trace.RecordNotes.ForAsync(connection, new Domain.Trace.NodeKey(Domain.Trace.NodeKind.Lot, id.Value), null, cancellationToken);
        return new AsBuiltNode("lot", id.Value, lot.Item, quantity, lot.Uom.Value, lot.Heat?.Value, lot.Supplier?.Value, certificates.Select(c => $"{c.Id} {c.Type}").ToList(), lot.MadeBy, via, children) { Notes = notes.Skip(1).Where(n => !n.StartsWith("certificate ", StringComparison.Ordinal)).ToList() };
    }

    private static async Task<List<AsBuiltNode>> InputsAsync(DbConnection connection, string manufacture, HashSet<string> path, CancellationToken cancellationToken)
    {
        var inputs = await connection.QueryAsync<(string Kind, string Id, decimal Quantity)>(new CommandDefinition(
            "SELECT input_kind, input_id, quantity FROM mfg_inputs WHERE mfg_id = @id ORDER BY input_kind, input_id", new { id = manufacture }, cancellationToken: cancellationToken));
        var nodes = new List<AsBuiltNode>();
        foreach (var input in inputs)
        {
            nodes.Add(input.Kind == "unit"
                ? await UnitNodeAsync(connection, Identifier.FromStored<UnitId>(input.Id), null, $"consumed by {manufacture}", path, cancellationToken)
                : await LotNodeAsync(connection, Identifier.FromStored<LotId>(input.Id), input.Quantity, $"consumed by {manufacture}", path, cancellationToken));
        }

        return nodes;
    }

    /// <summary>Installed at or before the moment, and not removed by then (times are fixed-width UTC text).</summary>
    private static bool InsideAt(ComponentLink link, string? asOf) =>
        asOf is null
            ? link.RemovedSequence is null
            : string.CompareOrdinal(link.InstalledAt, asOf) <= 0 && (link.RemovedAt is null || string.CompareOrdinal(link.RemovedAt, asOf) > 0);
}
