using System.Data.Common;
using System.Globalization;
using Dapper;
using Tracewright.Data;

namespace Tracewright.Tests.Support;

/// <summary>
/// Every row of every table of a store, each value written with its stored type (<c>Int64:5</c>, <c>String:5.0</c>), sorted:
/// two stores hold the same data exactly when their dumps are equal. Migration bookkeeping (when it ran) is left out.
/// </summary>
public static class TableDump
{
    public static async Task<SortedDictionary<string, List<string>>> ReadAsync(Database database)
    {
        await using var connection = await database.OpenConnectionAsync(default);
        var tables = (await connection.QueryAsync<string>(database.Dialect == Dialect.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'"))
            .ToList();
        var dump = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            dump[table] = await RowsAsync(connection, table);
        }

        return dump;
    }

    /// <summary>The first difference, in words, or null when the two dumps are the same.</summary>
    public static string? Difference(SortedDictionary<string, List<string>> expected, SortedDictionary<string, List<string>> actual)
    {
        if (!expected.Keys.SequenceEqual(actual.Keys))
        {
            return $"tables differ: [{string.Join(", ", expected.Keys)}] vs [{string.Join(", ", actual.Keys)}]";
        }

        foreach (var (table, rows) in expected)
        {
            var other = actual[table];
            if (rows.Count != other.Count)
            {
                return $"{table}: {rows.Count} rows vs {other.Count}";
            }

            var index = rows.Zip(other).Select((pair, i) => (pair, i)).FirstOrDefault(x => x.pair.First != x.pair.Second);
            if (index.pair.First is not null)
            {
                return $"{table}: row {index.i} is\n  {index.pair.First}\nvs\n  {index.pair.Second}";
            }
        }

        return null;
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string table)
    {
        var rows = new List<string>();
        await using var reader = await connection.ExecuteReaderAsync($"SELECT * FROM {table}");
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                values[i] = value switch
                {
                    null => "NULL",
                    byte[] bytes => "Bytes:" + Convert.ToHexString(bytes),
                    IFormattable f => value.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.GetType().Name + ":" + value,
                };
            }

            rows.Add(string.Join(" | ", values));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
