using System.Data.Common;
using Dapper;
using Tracewright.Data.Records;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Shipping;

/// <summary>A customer in a list, with how many orders it has placed.</summary>
public sealed record CustomerSummary
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string? ContactName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public long Orders { get; init; }
}

/// <summary>An order in a list, with its customer's name and how many shipments left against it.</summary>
public sealed record OrderSummary
{
    public string Id { get; init; } = "";

    public string Customer { get; init; } = "";

    public string CustomerName { get; init; } = "";

    public string? Reference { get; init; }

    public string OrderedAt { get; init; } = "";

    public long Lines { get; init; }

    public long Shipments { get; init; }
}

/// <summary>A shipment in a list.</summary>
public sealed record ShipmentSummary
{
    public string Id { get; init; } = "";

    public string Order { get; init; } = "";

    public string Customer { get; init; } = "";

    public string CustomerName { get; init; } = "";

    public string ShipFrom { get; init; } = "";

    public string? Reference { get; init; }

    public string ShippedAt { get; init; } = "";

    public long Lines { get; init; }
}

/// <summary>A return in a list.</summary>
public sealed record ReturnSummary
{
    public string Id { get; init; } = "";

    public string Shipment { get; init; } = "";

    public string Reason { get; init; } = "";

    public string ReceivedAt { get; init; } = "";

    public long Lines { get; init; }
}

/// <summary>
/// The paged lists behind the customer, order, shipment and return pages and endpoints, newest first (by
/// ledger sequence, which numbered ids outgrow lexically). <c>take</c> is one more than a page, to tell
/// whether there is a next one.
/// </summary>
public static class ShippingLists
{
    public static async Task<IReadOnlyList<CustomerSummary>> CustomersAsync(DbConnection connection, string? nameContains, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<CustomerSummary>(new CommandDefinition(
            """
            SELECT c.id AS Id, c.name AS Name, c.contact_name AS ContactName, c.email AS Email, c.phone AS Phone,
                   (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS Orders
            FROM customers c
            WHERE @q IS NULL OR LOWER(c.name) LIKE @q OR LOWER(c.id) LIKE @q
            ORDER BY c.registered_seq DESC
            LIMIT @take OFFSET @skip
            """,
            new { q = Like(nameContains), take, skip },
            cancellationToken: cancellationToken))).ToList();

    public static async Task<IReadOnlyList<OrderSummary>> OrdersAsync(DbConnection connection, string? customer, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<OrderSummary>(new CommandDefinition(
            """
            SELECT o.id AS Id, o.customer_id AS Customer, c.name AS CustomerName, o.reference AS Reference, o.ordered_at AS OrderedAt,
                   (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) AS Lines,
                   (SELECT COUNT(*) FROM shipments s WHERE s.order_id = o.id) AS Shipments
            FROM orders o JOIN customers c ON c.id = o.customer_id
            WHERE @customer IS NULL OR o.customer_id = @customer
            ORDER BY o.placed_seq DESC
            LIMIT @take OFFSET @skip
            """,
            new { customer, take, skip },
            cancellationToken: cancellationToken))).ToList();

    public static async Task<IReadOnlyList<ShipmentSummary>> ShipmentsAsync(DbConnection connection, string? order, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ShipmentSummary>(new CommandDefinition(
            """
            SELECT s.id AS Id, s.order_id AS "Order", s.customer_id AS Customer, c.name AS CustomerName, s.ship_from AS ShipFrom, s.reference AS Reference,
                   s.shipped_at AS ShippedAt, (SELECT COUNT(*) FROM shipment_lines l WHERE l.shipment_id = s.id AND l.via_container IS NULL) AS Lines
            FROM shipments s JOIN customers c ON c.id = s.customer_id
            WHERE @order IS NULL OR s.order_id = @order
            ORDER BY s.shipped_seq DESC
            LIMIT @take OFFSET @skip
            """,
            new { order, take, skip },
            cancellationToken: cancellationToken))).ToList();

    public static async Task<IReadOnlyList<ReturnSummary>> ReturnsAsync(DbConnection connection, string? shipment, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ReturnSummary>(new CommandDefinition(
            """
            SELECT r.id AS Id, r.shipment_id AS Shipment, r.reason AS Reason, r.received_at AS ReceivedAt,
                   (SELECT COUNT(*) FROM return_lines l WHERE l.return_id = r.id) AS Lines
            FROM returns r
            WHERE @shipment IS NULL OR r.shipment_id = @shipment
            ORDER BY r.return_seq DESC
            LIMIT @take OFFSET @skip
            """,
            new { shipment, take, skip },
            cancellationToken: cancellationToken))).ToList();

    /// <summary>Customers sorted by <c>registered</c> (default), <c>name</c>, <c>id</c> or <c>orders</c>.</summary>
    public static readonly IReadOnlyList<(string Name, string Sql)> CustomerSorts =
        [("registered", "c.registered_seq"), ("name", "LOWER(c.name)"), ("id", "c.registered_seq"), ("orders", "(SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id)")];

    /// <summary>Customers filtered by text (name, id, contact, email) and by an item they have ordered.</summary>
    public static async Task<IReadOnlyList<CustomerSummary>> CustomersAsync(DbConnection connection, ListFilter filter, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<CustomerSummary>(new CommandDefinition(
            $"""
            SELECT c.id AS Id, c.name AS Name, c.contact_name AS ContactName, c.email AS Email, c.phone AS Phone,
                   (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS Orders
            FROM customers c
            WHERE (@q IS NULL OR LOWER(c.name) LIKE @q OR LOWER(c.id) LIKE @q OR LOWER(COALESCE(c.contact_name, '')) LIKE @q OR LOWER(COALESCE(c.email, '')) LIKE @q)
              AND (@item IS NULL OR EXISTS (SELECT 1 FROM orders o JOIN order_lines ol ON ol.order_id = o.id WHERE o.customer_id = c.id AND ol.item_code = @item))
            {filter.OrderBy(CustomerSorts, "c.id")}
            LIMIT @take OFFSET @skip
            """,
            new { q = filter.Like, item = filter.Item, take, skip },
            cancellationToken: cancellationToken))).ToList();

    /// <summary>Shipments sorted by <c>shipped</c> (default), <c>id</c> or <c>customer</c>.</summary>
    public static readonly IReadOnlyList<(string Name, string Sql)> ShipmentSorts =
        [("shipped", "s.shipped_seq"), ("id", "s.shipped_seq"), ("customer", "LOWER(c.name)")];

    /// <summary>All shipments filtered by item shipped, the day they left (UTC bounds) and text (shipment, order, customer, delivery note, a lot or serial on it).</summary>
    public static async Task<IReadOnlyList<ShipmentSummary>> ShipmentsAsync(DbConnection connection, ListFilter filter, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ShipmentSummary>(new CommandDefinition(
            $"""
            SELECT s.id AS Id, s.order_id AS "Order", s.customer_id AS Customer, c.name AS CustomerName, s.ship_from AS ShipFrom, s.reference AS Reference,
                   s.shipped_at AS ShippedAt, (SELECT COUNT(*) FROM shipment_lines l WHERE l.shipment_id = s.id AND l.via_container IS NULL) AS Lines
            FROM shipments s JOIN customers c ON c.id = s.customer_id
            WHERE (@item IS NULL OR EXISTS (SELECT 1 FROM shipment_lines l WHERE l.shipment_id = s.id AND l.item_code = @item))
              AND (@from IS NULL OR s.shipped_at >= @from)
              AND (@before IS NULL OR s.shipped_at < @before)
              AND (@q IS NULL OR LOWER(s.id) LIKE @q OR LOWER(s.order_id) LIKE @q OR LOWER(c.name) LIKE @q OR LOWER(c.id) LIKE @q OR LOWER(COALESCE(s.reference, '')) LIKE @q
                   OR EXISTS (SELECT 1 FROM shipment_lines l WHERE l.shipment_id = s.id AND LOWER(l.line_id) LIKE @q))
            {filter.OrderBy(ShipmentSorts, "s.id")}
            LIMIT @take OFFSET @skip
            """,
            filter.Parameters(new { take, skip }),
            cancellationToken: cancellationToken))).ToList();

    /// <summary>What has left against an order, by item: lots' quantities and units (each 1), the contents of containers included.</summary>
    public static async Task<IReadOnlyDictionary<string, decimal>> ShippedOfOrderAsync(DbConnection connection, string order, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ShippedRow>(new CommandDefinition(
            """
            SELECT l.item_code AS Item, l.quantity AS Quantity FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id
            WHERE s.order_id = @order AND l.line_kind IN ('lot', 'unit') AND l.item_code IS NOT NULL
            """,
            new { order },
            cancellationToken: cancellationToken)))
        .GroupBy(r => r.Item, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity ?? 0), StringComparer.Ordinal);

    /// <summary>A row class, because SQLite hands exact decimals back as text and Dapper converts only into properties.</summary>
    private sealed class ShippedRow
    {
        public string Item { get; set; } = "";

        public decimal? Quantity { get; set; }
    }

    /// <summary>A case-insensitive "contains" pattern; the user's own % and _ match literally only as far as LIKE allows, which is harmless for a name search.</summary>
    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text) ? null : $"%{text.Trim().ToLowerInvariant()}%";
}
