using System.Data.Common;
using Dapper;
using Tracewright.Data.Records;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Production;

/// <summary>A serialized unit in a list.</summary>
public sealed record UnitSummary
{
    public string Id { get; init; } = "";

    public string Item { get; init; } = "";

    public string Serial { get; init; } = "";

    public string Status { get; init; } = "";

    public string? StatusReason { get; init; }

    public string? Location { get; init; }

    public string? MadeBy { get; init; }

    public string CreatedAt { get; init; } = "";
}

/// <summary>The list of units filtered by status, item, the day they were made or captured, text (serial, id, MFG record, location) and, for the home page's link, only those whose last test failed.</summary>
public static class UnitLists
{
    public static readonly IReadOnlyList<(string Name, string Sql)> Sorts =
        [("made", "u.created_seq"), ("id", "u.id"), ("item", "u.item_code"), ("status", "u.status"), ("serial", "u.serial")];

    private const string Select =
        """
        SELECT u.id AS Id, u.item_code AS Item, u.serial AS Serial, u.status AS Status, u.status_reason AS StatusReason,
               u.location AS Location, u.made_by AS MadeBy, u.created_at AS CreatedAt
        FROM units u
        WHERE (@status IS NULL OR u.status = @status)
          AND (@item IS NULL OR u.item_code = @item)
          AND (@from IS NULL OR u.created_at >= @from)
          AND (@before IS NULL OR u.created_at < @before)
          AND (@q IS NULL OR LOWER(u.id) LIKE @q OR LOWER(u.serial) LIKE @q OR LOWER(COALESCE(u.made_by, '')) LIKE @q OR LOWER(COALESCE(u.location, '')) LIKE @q)
        """;

    public static async Task<IReadOnlyList<UnitSummary>> ListAsync(DbConnection connection, ListFilter filter, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<UnitSummary>(new CommandDefinition(
            $"{Select} {filter.OrderBy(Sorts, "u.id")} LIMIT @take OFFSET @skip",
            filter.Parameters(new { take, skip }),
            cancellationToken: cancellationToken))).ToList();

    /// <summary>The units of <paramref name="ids"/> that pass the filter, sorted as it asks (the failed-test list: ids found in the ledger, never many).</summary>
    public static async Task<IReadOnlyList<UnitSummary>> ListOfAsync(DbConnection connection, IReadOnlyCollection<string> ids, ListFilter filter, CancellationToken cancellationToken)
    {
        var postgres = connection is Npgsql.NpgsqlConnection;
        var arguments = filter.Parameters();
        arguments.Add("ids", postgres ? ids.ToArray() : System.Text.Json.JsonSerializer.Serialize(ids));
        var sql = $"{Select} AND u.id {(postgres ? "= ANY(@ids)" : "IN (SELECT value FROM json_each(@ids))")} {filter.OrderBy(Sorts, "u.id")}";
        return (await connection.QueryAsync<UnitSummary>(new CommandDefinition(sql, arguments, cancellationToken: cancellationToken))).ToList();
    }
}
