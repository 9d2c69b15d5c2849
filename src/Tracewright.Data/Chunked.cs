using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Tracewright.Data;

/// <summary>
/// A query for many ids at once (<c>… WHERE id IN @ids</c>), run in chunks of a few thousand ids, each chunk one
/// parameter: a recall reads thousands of records — one query each was most of its time, and one parameter per id
/// made SQLite parse a statement per chunk and look every parameter's name up among all the others.
/// </summary>
internal static class Chunked
{
    private const int Size = 5000;

    /// <summary>
    /// Runs <paramref name="sql"/>, which names the ids as <c>IN @ids</c>: on SQLite the chunk goes as one JSON array read by
    /// <c>json_each</c>; Npgsql takes the whole array as one parameter, which PostgreSQL reads as <c>= ANY(@ids)</c>.
    /// </summary>
    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var postgres = connection is Npgsql.NpgsqlConnection;
        sql = sql.Replace(" IN @ids", postgres ? " = ANY(@ids)" : " IN (SELECT value FROM json_each(@ids))", StringComparison.Ordinal);
        var rows = new List<T>();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(Size))
        {
            object parameters = postgres ? new { ids = chunk } : new { ids = JsonSerializer.Serialize(chunk) };
            rows.AddRange(await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)));
        }

        return rows;
    }
}
