using System.Data.Common;
using Dapper;

namespace Tracewright.Data;

/// <summary>
/// A query for many ids at once (<c>… WHERE id IN @ids</c>), run in chunks: both databases cap the parameters of one
/// statement, and a recall reads thousands of records — one query each was most of its time.
/// </summary>
internal static class Chunked
{
    private const int Size = 500;

    /// <summary>
    /// Runs <paramref name="sql"/>, which names the ids as <c>IN @ids</c>: Dapper expands that into one parameter per id on
    /// SQLite; Npgsql takes the whole array as one parameter, which PostgreSQL reads as <c>= ANY(@ids)</c>.
    /// </summary>
    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        if (connection is Npgsql.NpgsqlConnection)
        {
            sql = sql.Replace(" IN @ids", " = ANY(@ids)", StringComparison.Ordinal);
        }

        var rows = new List<T>();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(Size))
        {
            rows.AddRange(await connection.QueryAsync<T>(new CommandDefinition(sql, new { ids = chunk }, transaction, cancellationToken: cancellationToken)));
        }

        return rows;
    }
}
