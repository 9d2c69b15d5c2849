using System.Data.Common;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Shipping;

namespace Tracewright.Data.Shipping;

/// <summary>A customer as registered.</summary>
public sealed record Customer(CustomerId Id, string Name, string? ContactName, string? Email, string? Phone, string? Address);

/// <summary>An order with its lines.</summary>
public sealed record Order(OrderId Id, CustomerId Customer, string? Reference, string OrderedAt, IReadOnlyList<OrderLine> Lines);

/// <summary>A shipment line as stored: a lot quantity, a unit, or a named container.</summary>
public sealed record ShipmentLine(string Kind, string Id, string? Item, decimal? Quantity, string? Uom, string? ViaContainer);

/// <summary>A shipment with what left.</summary>
public sealed record Shipment(ShipmentId Id, OrderId Order, CustomerId Customer, string ShipFrom, string? Reference, string ShippedAt, IReadOnlyList<ShipmentLine> Lines);

/// <summary>Reads customers, orders and shipments back.</summary>
public static class ShippingQueries
{
    public static async Task<Customer?> FindCustomerAsync(DbConnection connection, DbTransaction? transaction, CustomerId id, CancellationToken cancellationToken) =>
        (await FindCustomersAsync(connection, transaction, [id], cancellationToken)).GetValueOrDefault(id);

    /// <summary>Customers by id, many at once; ids not found are left out.</summary>
    public static async Task<IReadOnlyDictionary<CustomerId, Customer>> FindCustomersAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<CustomerId> ids, CancellationToken cancellationToken) =>
        (await Chunked.QueryAsync<CustomerRow>(connection, transaction, "SELECT * FROM customers WHERE id IN @ids", ids.Select(i => i.Value), cancellationToken))
            .Select(row => new Customer(Identifier.FromStored<CustomerId>(row.Id), row.Name, row.ContactName, row.Email, row.Phone, row.Address))
            .ToDictionary(c => c.Id);

    /// <summary>A customer by name, ignoring case (the first registered when two share a name); sheets name customers, not numbers.</summary>
    public static async Task<Customer?> FindCustomerByNameAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var id = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT id FROM customers WHERE lower(name) = lower(@name) ORDER BY id", new { name }, transaction, cancellationToken: cancellationToken));
        return id is null ? null : await FindCustomerAsync(connection, transaction, Identifier.FromStored<CustomerId>(id), cancellationToken);
    }

    public static async Task<Order?> FindOrderAsync(DbConnection connection, DbTransaction? transaction, OrderId id, CancellationToken cancellationToken) =>
        (await FindOrdersAsync(connection, transaction, [id], cancellationToken)).GetValueOrDefault(id);

    /// <summary>Orders with their lines by id, many at once; ids not found are left out.</summary>
    public static async Task<IReadOnlyDictionary<OrderId, Order>> FindOrdersAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<OrderId> ids, CancellationToken cancellationToken)
    {
        var keys = ids.Select(i => i.Value).ToList();
        var rows = await Chunked.QueryAsync<OrderRow>(connection, transaction, "SELECT * FROM orders WHERE id IN @ids", keys, cancellationToken);
        var lines = (await Chunked.QueryAsync<(string Order, string Item, decimal Quantity, string Uom)>(connection, transaction,
            "SELECT order_id, item_code, quantity, uom FROM order_lines WHERE order_id IN @ids ORDER BY order_id, line_no", keys, cancellationToken))
            .ToLookup(l => l.Order, StringComparer.Ordinal);
        return rows.ToDictionary(
            row => Identifier.FromStored<OrderId>(row.Id),
            row => new Order(
                Identifier.FromStored<OrderId>(row.Id), Identifier.FromStored<CustomerId>(row.CustomerId), row.Reference, row.OrderedAt,
                lines[row.Id].Select(l => new OrderLine(Identifier.FromStored<ItemCode>(l.Item), l.Quantity, Identifier.FromStored<UnitOfMeasure>(l.Uom))).ToList()));
    }

    public static async Task<Shipment?> FindShipmentAsync(DbConnection connection, DbTransaction? transaction, ShipmentId id, CancellationToken cancellationToken) =>
        (await FindShipmentsAsync(connection, transaction, [id], cancellationToken)).GetValueOrDefault(id);

    /// <summary>Shipments with what left by id, many at once; ids not found are left out.</summary>
    public static async Task<IReadOnlyDictionary<ShipmentId, Shipment>> FindShipmentsAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<ShipmentId> ids, CancellationToken cancellationToken)
    {
        var keys = ids.Select(i => i.Value).ToList();
        var rows = await Chunked.QueryAsync<ShipmentRow>(connection, transaction, "SELECT * FROM shipments WHERE id IN @ids", keys, cancellationToken);
        var lines = (await Chunked.QueryAsync<LineRow>(connection, transaction,
            "SELECT shipment_id AS Shipment, line_kind AS Kind, line_id AS Id, item_code AS Item, quantity AS Quantity, uom AS Uom, via_container AS ViaContainer FROM shipment_lines WHERE shipment_id IN @ids ORDER BY shipment_id, line_kind, line_id",
            keys, cancellationToken))
            .ToLookup(l => l.Shipment, StringComparer.Ordinal);
        return rows.ToDictionary(
            r => Identifier.FromStored<ShipmentId>(r.Id),
            r => new Shipment(Identifier.FromStored<ShipmentId>(r.Id), Identifier.FromStored<OrderId>(r.OrderId), Identifier.FromStored<CustomerId>(r.CustomerId), r.ShipFrom, r.Reference, r.ShippedAt,
                lines[r.Id].Select(l => new ShipmentLine(l.Kind, l.Id, l.Item, l.Quantity, l.Uom, l.ViaContainer)).ToList()));
    }

    /// <summary>A row class, because SQLite hands exact decimals back as text and Dapper converts only into properties.</summary>
    private sealed class LineRow
    {
        public string Shipment { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Id { get; set; } = "";
        public string? Item { get; set; }
        public decimal? Quantity { get; set; }
        public string? Uom { get; set; }
        public string? ViaContainer { get; set; }
    }

    private sealed class CustomerRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? ContactName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Address { get; set; }
    }

    private sealed class OrderRow
    {
        public string Id { get; set; } = "";
        public string CustomerId { get; set; } = "";
        public string? Reference { get; set; }
        public string OrderedAt { get; set; } = "";
    }

    private sealed class ShipmentRow
    {
        public string Id { get; set; } = "";
        public string OrderId { get; set; } = "";
        public string CustomerId { get; set; } = "";
        public string ShipFrom { get; set; } = "";
        public string? Reference { get; set; }
        public string ShippedAt { get; set; } = "";
    }
}
