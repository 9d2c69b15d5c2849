using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Data.Materials;

/// <summary>Reads items, suppliers, certificates and lots back as domain values.</summary>
public static class MaterialsQueries
{
    public static async Task<Item?> FindItemAsync(DbConnection connection, DbTransaction? transaction, ItemCode code, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition(
            "SELECT * FROM items WHERE code = @code", new { code = code.Value }, transaction, cancellationToken: cancellationToken));
        return row?.ToItem();
    }

    /// <summary>The item that carries <paramref name="gtin"/>; at most one does (a unique index).</summary>
    public static async Task<Item?> FindItemByGtinAsync(DbConnection connection, DbTransaction? transaction, Gtin gtin, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition(
            "SELECT * FROM items WHERE gtin = @gtin", new { gtin = gtin.Value }, transaction, cancellationToken: cancellationToken));
        return row?.ToItem();
    }

    public static async Task<IReadOnlyList<Item>> ListItemsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ItemRow>(new CommandDefinition("SELECT * FROM items ORDER BY code", cancellationToken: cancellationToken)))
            .Select(r => r.ToItem()).ToList();

    public static async Task<Supplier?> FindSupplierAsync(DbConnection connection, DbTransaction? transaction, SupplierName name, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SupplierRow>(new CommandDefinition(
            "SELECT * FROM suppliers WHERE name_key = @key", new { key = name.Key }, transaction, cancellationToken: cancellationToken));
        return row?.ToSupplier();
    }

    public static async Task<IReadOnlyList<Supplier>> ListSuppliersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<SupplierRow>(new CommandDefinition("SELECT * FROM suppliers ORDER BY name_key", cancellationToken: cancellationToken)))
            .Select(r => r.ToSupplier()).ToList();

    public static async Task<Lot?> FindLotAsync(DbConnection connection, DbTransaction? transaction, LotId id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<LotRow>(new CommandDefinition(
            $"{LotSelect} WHERE l.id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));
        return row?.ToLot();
    }

    /// <summary>Lots by id, many at once (a recall reads thousands); ids not found are left out.</summary>
    public static async Task<IReadOnlyDictionary<LotId, Lot>> FindLotsAsync(DbConnection connection, IEnumerable<LotId> ids, CancellationToken cancellationToken) =>
        (await Chunked.QueryAsync<LotRow>(connection, null, $"{LotSelect} WHERE l.id IN @ids", ids.Select(i => i.Value), cancellationToken))
            .Select(r => r.ToLot()).ToDictionary(l => l.Id);

    /// <summary>Lots and pieces, the most recently created first, for paged lists.</summary>
    public static async Task<IReadOnlyList<Lot>> ListLotsAsync(DbConnection connection, int offset, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LotRow>(new CommandDefinition(
            $"{LotSelect} ORDER BY l.created_seq DESC, l.id LIMIT @limit OFFSET @offset",
            new { limit, offset },
            cancellationToken: cancellationToken))).Select(r => r.ToLot()).ToList();

    /// <summary>Lots whose marked heat number or supplier lot number is <paramref name="number"/> (any supplier).</summary>
    public static async Task<IReadOnlyList<Lot>> FindLotsByNumberAsync(DbConnection connection, string number, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LotRow>(new CommandDefinition(
            $"{LotSelect} WHERE l.heat_key = @key OR l.supplier_lot_key = @key ORDER BY l.id",
            new { key = number.Trim().ToUpperInvariant() },
            cancellationToken: cancellationToken))).Select(r => r.ToLot()).ToList();

    /// <summary>Earlier deliveries of the same item and heat from the same supplier (pieces excluded).</summary>
    public static async Task<IReadOnlyList<Lot>> FindDeliveriesAsync(DbConnection connection, DbTransaction? transaction, SupplierName supplier, ItemCode item, HeatNumber heat, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LotRow>(new CommandDefinition(
            $"{LotSelect} WHERE l.supplier_key = @supplier AND l.item_code = @item AND l.heat_key = @heat AND l.parent_id IS NULL ORDER BY l.id",
            new { supplier = supplier.Key, item = item.Value, heat = heat.Value.ToUpperInvariant() },
            transaction,
            cancellationToken: cancellationToken))).Select(r => r.ToLot()).ToList();

    /// <summary>The lot's pieces, their pieces and so on, nearest first.</summary>
    public static async Task<IReadOnlyList<Lot>> DescendantsAsync(DbConnection connection, DbTransaction? transaction, LotId id, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LotRow>(new CommandDefinition(
            $"""
            WITH RECURSIVE tree (id, depth) AS (
                SELECT id, 1 FROM lots WHERE parent_id = @id
                UNION ALL
                SELECT l.id, t.depth + 1 FROM lots l JOIN tree t ON l.parent_id = t.id
            )
            {LotSelect} JOIN tree ON tree.id = l.id ORDER BY tree.depth, l.id
            """,
            new { id = id.Value },
            transaction,
            cancellationToken: cancellationToken))).Select(r => r.ToLot()).ToList();

    public static async Task<Certificate?> FindCertificateAsync(DbConnection connection, DbTransaction? transaction, CertificateId id, CancellationToken cancellationToken)
    {
        var rows = await ReadCertificatesAsync(connection, transaction, "WHERE c.id = @id", new { id = id.Value }, cancellationToken);
        return rows.SingleOrDefault();
    }

    public static Task<IReadOnlyList<Certificate>> CertificatesOfLotAsync(DbConnection connection, DbTransaction? transaction, LotId lot, CancellationToken cancellationToken) =>
        ReadCertificatesAsync(connection, transaction, "WHERE c.id IN (SELECT certificate_id FROM lot_certificates WHERE lot_id = @lot)", new { lot = lot.Value }, cancellationToken);

    /// <summary>
    /// When each of a lot's certificates was attached to it: the record time of the attaching record (for a piece,
    /// the cut that carried it over), which is when the shop held the evidence, not the certificate's issue date.
    /// </summary>
    public static async Task<IReadOnlyDictionary<CertificateId, DateTimeOffset>> CertificateAttachTimesAsync(DbConnection connection, DbTransaction? transaction, LotId lot, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string CertificateId, string RecordedAt)>(new CommandDefinition(
            "SELECT lc.certificate_id, l.recorded_at FROM lot_certificates lc JOIN ledger l ON l.seq = lc.attached_seq WHERE lc.lot_id = @lot",
            new { lot = lot.Value },
            transaction,
            cancellationToken: cancellationToken)))
            .ToDictionary(r => Identifier.FromStored<CertificateId>(r.CertificateId), r => Timestamp.FromText(r.RecordedAt));

    /// <summary>The lots a certificate has been attached to.</summary>
    public static async Task<IReadOnlyList<LotId>> LotsOfCertificateAsync(DbConnection connection, CertificateId id, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT lot_id FROM lot_certificates WHERE certificate_id = @id ORDER BY lot_id", new { id = id.Value }, cancellationToken: cancellationToken)))
            .Select(Identifier.FromStored<LotId>).ToList();

    private static async Task<IReadOnlyList<Certificate>> ReadCertificatesAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<CertificateRow>(new CommandDefinition(
            $"SELECT c.* FROM certificates c {where} ORDER BY c.id", parameters, transaction, cancellationToken: cancellationToken))).ToList();
        // The same filter again rather than "IN @ids": Dapper expands lists on SQLite but passes arrays to PostgreSQL.
        var heats = (await connection.QueryAsync<(string CertificateId, string Heat)>(new CommandDefinition(
            $"SELECT h.certificate_id, h.heat FROM certificate_heats h JOIN certificates c ON c.id = h.certificate_id {where} ORDER BY h.certificate_id, h.heat",
            parameters,
            transaction,
            cancellationToken: cancellationToken))).ToLookup(h => h.CertificateId, h => Identifier.FromStored<HeatNumber>(h.Heat));
        return rows.Select(r => r.ToCertificate(heats[r.Id].ToList())).ToList();
    }

    private const string LotSelect = "SELECT l.*, s.name AS supplier_name FROM lots l LEFT JOIN suppliers s ON s.name_key = l.supplier_key";

    private static List<string> List(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private sealed class ItemRow
    {
        public string Code { get; set; } = "";
        public string Description { get; set; } = "";
        public string Uom { get; set; } = "";
        public string Material { get; set; } = "";
        public string Tracking { get; set; } = "";
        public string RequiredCertificates { get; set; } = "[]";
        public string LotPrefix { get; set; } = "";
        public string LotPattern { get; set; } = "";
        public string SerialPattern { get; set; } = "";
        public string? Gtin { get; set; }

        public Item ToItem() => new(
            Identifier.FromStored<ItemCode>(Code),
            Description,
            Identifier.FromStored<UnitOfMeasure>(Uom),
            Enum.Parse<MaterialKind>(Material),
            Enum.Parse<TrackingMode>(Tracking),
            List(RequiredCertificates).Select(Enum.Parse<CertificateType>).ToList(),
            LotPrefix,
            NumberPattern.Parse(LotPattern).Value,
            NumberPattern.Parse(SerialPattern, "serial-pattern").Value,
            Gtin is null ? null : Identifier.FromStored<Gtin>(Gtin));
    }

    private sealed class SupplierRow
    {
        public string Name { get; set; } = "";
        public string? ContactName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Address { get; set; }
        public string RequiredCertificates { get; set; } = "[]";

        public Supplier ToSupplier() => new(Identifier.FromStored<SupplierName>(Name), ContactName, Email, Phone, Address)
        {
            RequiredCertificates = List(RequiredCertificates).Select(Enum.Parse<CertificateType>).ToList(),
        };
    }

    private sealed class LotRow
    {
        public string Id { get; set; } = "";
        public string ItemCode { get; set; } = "";
        public string Origin { get; set; } = "";
        public string? SupplierName { get; set; }
        public string? Heat { get; set; }
        public string? SupplierLot { get; set; }
        public string? Grade { get; set; }
        public string? PurchaseOrder { get; set; }
        public decimal ReceivedQuantity { get; set; }
        public decimal Quantity { get; set; }
        public string Uom { get; set; } = "";
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public string? ParentId { get; set; }
        public string? MadeBy { get; set; }
        public long PiecesCut { get; set; }
        public string SupplierCertificates { get; set; } = "[]";

        public Lot ToLot() => new(
            Identifier.FromStored<LotId>(Id),
            Identifier.FromStored<ItemCode>(ItemCode),
            Enum.Parse<LotOrigin>(Origin),
            SupplierName is null ? null : Identifier.FromStored<SupplierName>(SupplierName),
            Heat is null ? null : Identifier.FromStored<HeatNumber>(Heat),
            SupplierLot,
            Grade,
            PurchaseOrder,
            ReceivedQuantity,
            Quantity,
            Identifier.FromStored<UnitOfMeasure>(Uom),
            Enum.Parse<LotStatus>(Status),
            StatusReason,
            ParentId is null ? null : Identifier.FromStored<LotId>(ParentId),
            MadeBy,
            (int)PiecesCut)
        {
            SupplierRequires = List(SupplierCertificates).Select(Enum.Parse<CertificateType>).ToList(),
        };
    }

    private sealed class CertificateRow
    {
        public string Id { get; set; } = "";
        public string Type { get; set; } = "";
        public string? Issuer { get; set; }
        public string? IssuedOn { get; set; }
        public string Standards { get; set; } = "[]";
        public string RestrictedSubstances { get; set; } = "[]";
        public string Sha256 { get; set; } = "";
        public string FileName { get; set; } = "";
        public string MediaType { get; set; } = "";
        public long Size { get; set; }

        public Certificate ToCertificate(IReadOnlyList<HeatNumber> heats) => new(
            Identifier.FromStored<CertificateId>(Id),
            Enum.Parse<CertificateType>(Type),
            Issuer,
            IssuedOn is null ? null : DateOnly.ParseExact(IssuedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            heats,
            List(Standards),
            List(RestrictedSubstances),
            Identifier.FromStored<Sha256Digest>(Sha256),
            FileName,
            MediaType,
            Size);
    }
}
