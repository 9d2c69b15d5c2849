using Dapper;
using Tracewright.Data.Tests.Support;

namespace Tracewright.Data.Tests;

/// <summary>Reading many records by id at once (<see cref="Chunked"/>), as a recall does, on SQLite and on PostgreSQL.</summary>
public abstract class ChunkedTests(DatabaseKind kind)
{
    [Fact]
    public async Task ManyIds_AcrossChunks_WithQuotesAndUnicode_FindExactlyTheRowsThatExist()
    {
        await using var test = await kind.CreateAsync();
        await using var connection = await test.Database.OpenConnectionAsync(CancellationToken.None);
        var names = (await connection.QueryAsync<string>("SELECT name FROM schema_migrations")).ToList();
        Assert.NotEmpty(names);

        // Ids that do not exist, among them every character a JSON array or a SQL literal could trip on, spread so the real
        // names fall into different chunks; and every real name twice (a recall reaches some records by several paths).
        var odd = new[] { "O'Brien", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "ümlaut-ñ-漢字", "emoji-🔩", "%_wild*", "" };
        var ids = Enumerable.Range(0, 12_000).Select(i => i % 1_000 < odd.Length ? odd[i % 1_000] + i : $"missing-{i}").ToList();
        for (var i = 0; i < names.Count; i++)
        {
            ids.Insert(Math.Min(ids.Count, (i + 1) * 4_999), names[i]);
            ids.Add(names[i]);
        }

        var found = await Chunked.QueryAsync<string>(connection, null, "SELECT name FROM schema_migrations WHERE name IN @ids", ids, CancellationToken.None);

        Assert.Equal(names.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnIdWithQuotesAndUnicode_IsFoundAsItIs()
    {
        await using var test = await kind.CreateAsync();
        await using var connection = await test.Database.OpenConnectionAsync(CancellationToken.None);
        var wanted = "O'Brien \"Ø\" \\ 漢字 🔩";
        var found = await Chunked.QueryAsync<string>(connection, null, "SELECT name FROM (SELECT @wanted AS name) AS t WHERE name IN @ids".Replace("@wanted", $"'{wanted.Replace("'", "''", StringComparison.Ordinal)}'", StringComparison.Ordinal), ["nothing", wanted], CancellationToken.None);
        Assert.Equal([wanted], found);
    }
}

public sealed class SqliteChunkedTests() : ChunkedTests(new SqliteKind());

public sealed class PostgresChunkedTests() : ChunkedTests(new PostgresKind());
