using System.Data.Common;
using Dapper;
using Tracewright.Data.Records;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Materials;

/// <summary>A lot or piece in a list.</summary>
public sealed record LotSummary
{
    public string Id { get; init; } = "";

    public string Item { get; init; } = "";

    public string? Heat { get; init; }

    public string? Supplier { get; init; }

    public decimal Quantity { get; init; }

    public string Uom { get; init; } = "";

    public string Status { get; init; } = "";

    public string? StatusReason { get; init; }

    public string ReceivedAt { get; init; } = "";
}

/// <summary>The list of lots and pieces filtered by status, item, the day they came (received, cut or made) and text (id, heat, supplier lot, supplier, PO); <c>take</c> is one more than a page.</summary>
public static class LotLists
{
    /// <summary>The columns the list sorts by: <c>received</c> (the default), <c>id</c>, <c>item</c>, <c>status</c>, <c>quantity</c>.</summary>
    public static readonly IReadOnlyList<(string Name, string Sql)> Sorts =
        [("received", "l.created_seq"), ("id", "l.id"), ("item", "l.item_code"), ("status", "l.status"), ("supplier", "s.name")];

    public static async Task<IReadOnlyList<LotSummary>> ListAsync(DbConnection connection, ListFilter filter, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LotSummary>(new CommandDefinition(
            $"""
            SELECT l.id AS Id, l.item_code AS Item, l.heat AS Heat, s.name AS Supplier, l.quantity AS Quantity, l.uom AS Uom,
                   l.status AS Status, l.status_reason AS StatusReason, l.received_at AS ReceivedAt
            FROM lots l LEFT JOIN suppliers s ON s.name_key = l.supplier_key
            WHERE (@status IS NULL OR l.status = @status)
              AND (@item IS NULL OR l.item_code = @item)
              AND (@from IS NULL OR l.received_at >= @from)
              AND (@before IS NULL OR l.received_at < @before)
              AND (@q IS NULL OR LOWER(l.id) LIKE @q OR LOWER(COALESCE(l.heat, '')) LIKE @q OR LOWER(COALESCE(l.supplier_lot, '')) LIKE @q
                   OR LOWER(COALESCE(s.name, '')) LIKE @q OR LOWER(COALESCE(l.purchase_order, '')) LIKE @q)
            {filter.OrderBy(Sorts, "l.id")}
            LIMIT @take OFFSET @skip
            """,
            filter.Parameters(new { take, skip }),
            cancellationToken: cancellationToken))).ToList();
}
