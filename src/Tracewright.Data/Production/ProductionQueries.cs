using System.Data.Common;
using System.Globalization;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;

namespace Tracewright.Data.Production;

/// <summary>A component or material inside a unit over a time span; <see cref="RemovedAt"/> null while still inside.</summary>
public sealed record ComponentLink(UnitId Parent, string Kind, string ComponentId, decimal? Quantity, long InstalledSequence, string InstalledAt, long? RemovedSequence, string? RemovedAt);

/// <summary>A manufacture record as stored, with its inputs.</summary>
public sealed record ManufactureRecord(
    ManufactureId Id, ItemCode Product, BomId? Bom, string? Machine, string? Tool, string Operator, string? Sop,
    string StartedAt, string FinishedAt, string? Notes, LotId? OutputLot, decimal? OutputQuantity,
    IReadOnlyList<ManufactureInput> Inputs, IReadOnlyList<UnitId> OutputUnits);

/// <summary>One input of a manufacture record: a lot quantity or a unit.</summary>
public sealed record ManufactureInput(string Kind, string Id, ItemCode Item, decimal Quantity, string Uom, string? Deviation);

/// <summary>Reads BOMs, manufacture records, units, assembly links and deviations back as domain values.</summary>
public static class ProductionQueries
{
    public static async Task<Unit?> FindUnitAsync(DbConnection connection, DbTransaction? transaction, UnitId id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<UnitRow>(new CommandDefinition(
            "SELECT * FROM units WHERE id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        return row?.ToUnit();
    }

    /// <summary>Units with this serial under any part number (a serial alone may name several).</summary>
    public static async Task<IReadOnlyList<Unit>> FindUnitsBySerialAsync(DbConnection connection, DbTransaction? transaction, SerialNumber serial, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<UnitRow>(new CommandDefinition(
            "SELECT * FROM units WHERE serial = @serial ORDER BY id", new { serial = serial.Value }, transaction, cancellationToken: cancellationToken)))
            .Select(r => r.ToUnit()).ToList();

    /// <summary>Every bill of materials with its product, the latest defined first: a product's first one here is its current one.</summary>
    public static async Task<IReadOnlyList<(BomId Id, ItemCode Product)>> ListBomsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Id, string Product)>(new CommandDefinition(
            "SELECT id, product_item FROM boms ORDER BY defined_seq DESC, id", transaction: transaction, cancellationToken: cancellationToken)))
            .Select(r => (Identifier.FromStored<BomId>(r.Id), Identifier.FromStored<ItemCode>(r.Product))).ToList();

    public static async Task<Bom?> FindBomAsync(DbConnection connection, DbTransaction? transaction, BomId id, CancellationToken cancellationToken)
    {
        var bom = await connection.QuerySingleOrDefaultAsync<BomRow>(new CommandDefinition(
            "SELECT * FROM boms WHERE id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        if (bom is null)
        {
            return null;
        }

        var lines = await connection.QueryAsync<BomLineRow>(new CommandDefinition(
            "SELECT component_item, quantity, uom FROM bom_lines WHERE bom_id = @id ORDER BY line_no", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        return new Bom(
            id,
            Identifier.FromStored<ItemCode>(bom.ProductItem),
            lines.Select(l => new BomLine(Identifier.FromStored<ItemCode>(l.ComponentItem), l.Quantity, Identifier.FromStored<UnitOfMeasure>(l.Uom))).ToList(),
            bom.SopSha256 is null ? null : Identifier.FromStored<Sha256Digest>(bom.SopSha256),
            bom.SopFileName);
    }

    public static async Task<Deviation?> FindDeviationAsync(DbConnection connection, DbTransaction? transaction, DeviationId id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<DeviationRow>(new CommandDefinition(
            "SELECT * FROM deviations WHERE id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var lots = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT lot_id FROM deviation_lots WHERE deviation_id = @id ORDER BY lot_id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        return new Deviation(
            id,
            lots.Select(Identifier.FromStored<LotId>).ToList(),
            row.InPlaceOf is null ? null : Identifier.FromStored<ItemCode>(row.InPlaceOf),
            row.QuantityLimit,
            row.QuantityUsed,
            DateOnly.ParseExact(row.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(row.ValidTo, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            row.Description);
    }

    public static async Task<ManufactureRecord?> FindManufactureAsync(DbConnection connection, DbTransaction? transaction, ManufactureId id, CancellationToken cancellationToken) =>
        (await FindManufacturesAsync(connection, transaction, [id], cancellationToken)).GetValueOrDefault(id);

    /// <summary>Manufacture records by id, many at once (a recall reads thousands); ids not found are left out.</summary>
    public static async Task<IReadOnlyDictionary<ManufactureId, ManufactureRecord>> FindManufacturesAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<ManufactureId> ids, CancellationToken cancellationToken)
    {
        var keys = ids.Select(i => i.Value).ToList();
        var rows = await Chunked.QueryAsync<ManufactureRow>(connection, transaction, "SELECT * FROM mfg_records WHERE id IN @ids", keys, cancellationToken);
        var inputs = (await Chunked.QueryAsync<InputRow>(connection, transaction,
            "SELECT mfg_id, input_kind, input_id, item_code, quantity, uom, deviation_id FROM mfg_inputs WHERE mfg_id IN @ids ORDER BY mfg_id, input_kind, input_id", keys, cancellationToken))
            .ToLookup(i => i.MfgId, StringComparer.Ordinal);
        var outputs = (await Chunked.QueryAsync<(string Id, string MadeBy)>(connection, transaction,
            "SELECT id, made_by FROM units WHERE made_by IN @ids ORDER BY made_by, id", keys, cancellationToken))
            .ToLookup(o => o.MadeBy, o => o.Id, StringComparer.Ordinal);
        return rows.ToDictionary(
            row => Identifier.FromStored<ManufactureId>(row.Id),
            row => new ManufactureRecord(
                Identifier.FromStored<ManufactureId>(row.Id),
                Identifier.FromStored<ItemCode>(row.ProductItem),
                row.BomId is null ? null : Identifier.FromStored<BomId>(row.BomId),
                row.Machine, row.Tool, row.Operator, row.Sop, row.StartedAt, row.FinishedAt, row.Notes,
                row.OutputLot is null ? null : Identifier.FromStored<LotId>(row.OutputLot),
                row.OutputQuantity,
                inputs[row.Id].Select(i => new ManufactureInput(i.InputKind, i.InputId, Identifier.FromStored<ItemCode>(i.ItemCode), i.Quantity, i.Uom, i.DeviationId)).ToList(),
                outputs[row.Id].Select(Identifier.FromStored<UnitId>).ToList()));
    }

    /// <summary>Units by id, many at once; ids not found are left out.</summary>
    public static async Task<IReadOnlyDictionary<UnitId, Unit>> FindUnitsAsync(DbConnection connection, IEnumerable<UnitId> ids, CancellationToken cancellationToken) =>
        (await Chunked.QueryAsync<UnitRow>(connection, null, "SELECT * FROM units WHERE id IN @ids", ids.Select(i => i.Value), cancellationToken))
            .Select(r => r.ToUnit()).ToDictionary(u => u.Id);

    /// <summary>Every link of components into <paramref name="parent"/>, past and present, oldest first.</summary>
    public static async Task<IReadOnlyList<ComponentLink>> ComponentLinksAsync(DbConnection connection, DbTransaction? transaction, UnitId parent, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LinkRow>(new CommandDefinition(
            "SELECT * FROM unit_components WHERE parent_unit = @parent ORDER BY installed_seq", new { parent = parent.Value }, transaction, cancellationToken: cancellationToken)))
            .Select(r => r.ToLink()).ToList();

    /// <summary>True when <paramref name="candidate"/> is <paramref name="unit"/> or one of the units it is installed in, at any depth, now.</summary>
    public static async Task<bool> IsSelfOrAncestorAsync(DbConnection connection, DbTransaction? transaction, UnitId unit, UnitId candidate, CancellationToken cancellationToken)
    {
        var ancestors = await connection.QueryAsync<string>(new CommandDefinition(
            """
            WITH RECURSIVE up (id, depth) AS (
                SELECT id, 0 FROM units WHERE id = @unit
                UNION ALL
                SELECT u.parent_unit, up.depth + 1 FROM units u JOIN up ON u.id = up.id WHERE u.parent_unit IS NOT NULL AND up.depth < 1000
            )
            SELECT id FROM up
            """,
            new { unit = unit.Value }, transaction, cancellationToken: cancellationToken));
        return ancestors.Contains(candidate.Value, StringComparer.Ordinal);
    }

    private sealed class UnitRow
    {
        public string Id { get; set; } = "";
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public string? Location { get; set; }
        public string? ParentUnit { get; set; }
        public string? MadeBy { get; set; }
        public string? LotId { get; set; }

        public Unit ToUnit() => new(
            Identifier.FromStored<UnitId>(Id),
            Enum.Parse<UnitStatus>(Status),
            StatusReason,
            Location,
            ParentUnit is null ? null : Identifier.FromStored<UnitId>(ParentUnit),
            MadeBy,
            LotId is null ? null : Identifier.FromStored<LotId>(LotId));
    }

    private sealed class BomRow
    {
        public string ProductItem { get; set; } = "";
        public string? SopSha256 { get; set; }
        public string? SopFileName { get; set; }
    }

    private sealed class BomLineRow
    {
        public string ComponentItem { get; set; } = "";
        public decimal Quantity { get; set; }
        public string Uom { get; set; } = "";
    }

    private sealed class DeviationRow
    {
        public string Description { get; set; } = "";
        public string? InPlaceOf { get; set; }
        public decimal QuantityLimit { get; set; }
        public decimal QuantityUsed { get; set; }
        public string ValidFrom { get; set; } = "";
        public string ValidTo { get; set; } = "";
    }

    private sealed class ManufactureRow
    {
        public string Id { get; set; } = "";
        public string ProductItem { get; set; } = "";
        public string? BomId { get; set; }
        public string? Machine { get; set; }
        public string? Tool { get; set; }
        public string Operator { get; set; } = "";
        public string? Sop { get; set; }
        public string StartedAt { get; set; } = "";
        public string FinishedAt { get; set; } = "";
        public string? Notes { get; set; }
        public string? OutputLot { get; set; }
        public decimal? OutputQuantity { get; set; }
    }

    private sealed class InputRow
    {
        public string MfgId { get; set; } = "";
        public string InputKind { get; set; } = "";
        public string InputId { get; set; } = "";
        public string ItemCode { get; set; } = "";
        public decimal Quantity { get; set; }
        public string Uom { get; set; } = "";
        public string? DeviationId { get; set; }
    }

    private sealed class LinkRow
    {
        public string ParentUnit { get; set; } = "";
        public string ComponentKind { get; set; } = "";
        public string ComponentId { get; set; } = "";
        public decimal? Quantity { get; set; }
        public long InstalledSeq { get; set; }
        public string InstalledAt { get; set; } = "";
        public long? RemovedSeq { get; set; }
        public string? RemovedAt { get; set; }

        public ComponentLink ToLink() => new(Identifier.FromStored<UnitId>(ParentUnit), ComponentKind, ComponentId, Quantity, InstalledSeq, InstalledAt, RemovedSeq, RemovedAt);
    }
}
