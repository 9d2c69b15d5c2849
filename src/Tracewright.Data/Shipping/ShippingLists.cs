using System.Data.Common;
using Dapper;

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

    /// <summary>A case-insensitive "contains" pattern; the user's own % and _ match literally only as far as LIKE allows, which is harmless for a name search.</summary>
    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text) ? null : $"%{text.Trim().ToLowerInvariant()}%";
}
