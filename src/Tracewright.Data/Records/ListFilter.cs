using Dapper;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Records;

/// <summary>
/// What a list is filtered and sorted by, as the page's GET parameters give it: a status, an item, a date range (UTC
/// instants: the page turns the shop's days into them), free text, and a sort column with its direction. Columns are
/// chosen from each list's own fixed set, so the text of <see cref="Sort"/> never reaches SQL.
/// </summary>
public sealed record ListFilter(string? Status = null, string? Item = null, DateTimeOffset? From = null, DateTimeOffset? Before = null, string? Text = null, string? Sort = null, bool Descending = true)
{
    public static ListFilter None { get; } = new();

    /// <summary>A case-insensitive "contains" pattern for LIKE, or null for no text filter.</summary>
    public string? Like => string.IsNullOrWhiteSpace(Text) ? null : $"%{Text.Trim().ToLowerInvariant()}%";

    /// <summary>
    /// The filter's SQL parameters — <c>@status</c>, <c>@item</c>, <c>@from</c>, <c>@before</c> (ledger timestamps, which sort as
    /// text) and <c>@q</c> (a LIKE pattern), each null when not asked for — with the query's others (<c>@take</c>, <c>@skip</c>).
    /// </summary>
    public DynamicParameters Parameters(object? others = null)
    {
        var parameters = new DynamicParameters(others);
        parameters.AddDynamicParams(new
        {
            status = Status,
            item = Item,
            from = From is { } from ? Timestamp.ToText(from) : null,
            before = Before is { } before ? Timestamp.ToText(before) : null,
            q = Like,
        });
        return parameters;
    }

    /// <summary>The ORDER BY of <paramref name="columns"/>[<see cref="Sort"/>] (the first column when none or unknown is asked for), with a tie-breaker.</summary>
    public string OrderBy(IReadOnlyList<(string Name, string Sql)> columns, string tieBreaker)
    {
        var column = columns.FirstOrDefault(c => string.Equals(c.Name, Sort, StringComparison.OrdinalIgnoreCase));
        var sql = column.Sql ?? columns[0].Sql;
        var direction = Descending ? "DESC" : "ASC";
        return $"ORDER BY {sql} {direction}, {tieBreaker} {direction}";
    }
}
