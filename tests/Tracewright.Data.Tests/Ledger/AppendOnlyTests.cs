using System.Data.Common;
using Dapper;
using Npgsql;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Data.Tests.Ledger;

/// <summary>
/// Issue #8, item 8: the database itself refuses to change or remove a ledger record or a stored file, whatever the
/// application's code does — each statement is refused with the trigger's own words and leaves everything as it was.
/// </summary>
public abstract class AppendOnlyTests(DatabaseKind kind)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 5, 14, 8, 0, 0, TimeSpan.Zero));

    protected async Task<TestDatabase> LedgerWithAFileAsync()
    {
        var test = await kind.CreateAsync();
        await using var write = await test.Database.BeginWriteAsync("clerk", _clock, default);
        await write.AppendAsync(new NewEvent(new SupplierRegistered(SupplierName.Parse("Acme").Value, "Jo", null, null, null), _clock.Now), default);
        await Documents.PutAsync(write, DocumentFile.Create("mtr.pdf", "%PDF-1.4 heat 123"u8.ToArray()).Value, default);
        await write.CommitAsync(default);
        return test;
    }

    /// <summary>The statement fails with exactly <paramref name="refusal"/>, and the ledger and files are as they were.</summary>
    protected static async Task AssertRefusedAsync(TestDatabase test, string sql, string refusal)
    {
        string Fingerprint(DbConnection c) =>
            string.Join("|", c.Query<string>("SELECT hash FROM ledger ORDER BY seq")) + "|" +
            string.Join("|", c.Query<string>("SELECT sha256 FROM documents ORDER BY sha256"));

        await using var connection = await test.Database.OpenConnectionAsync(default);
        var before = Fingerprint(connection);
        var refused = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(sql));
        Assert.Equal(refusal, refused is PostgresException pg ? pg.MessageText : ((Microsoft.Data.Sqlite.SqliteException)refused).Message);
        Assert.Equal(before, Fingerprint(connection));
    }

    private string Expected(string trigger) =>
        kind.Dialect == Dialect.Sqlite ? $"SQLite Error 19: '{trigger}'." : trigger;

    [Theory]
    [InlineData("UPDATE ledger SET recorded_by = 'mallory'", "the ledger is append-only: records are never updated")]
    [InlineData("UPDATE ledger SET payload = payload WHERE seq = 1", "the ledger is append-only: records are never updated")]
    [InlineData("DELETE FROM ledger WHERE seq = 1", "the ledger is append-only: records are never deleted")]
    [InlineData("DELETE FROM ledger", "the ledger is append-only: records are never deleted")]
    [InlineData("UPDATE documents SET content = content", "documents are content-addressed and never updated")]
    [InlineData("DELETE FROM documents", "documents are never deleted")]
    public async Task The_database_refuses_to_change_or_remove_a_record_or_a_file(string sql, string refusal)
    {
        await using var test = await LedgerWithAFileAsync();
        await AssertRefusedAsync(test, sql, Expected(refusal));
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);
    }
}

public sealed class SqliteAppendOnlyTests() : AppendOnlyTests(new SqliteKind());

public sealed class PostgresAppendOnlyTests() : AppendOnlyTests(new PostgresKind())
{
    [Theory]
    [InlineData("TRUNCATE ledger CASCADE", "the ledger is append-only: records are never deleted")]
    [InlineData("TRUNCATE documents CASCADE", "documents are never deleted")]
    public async Task The_database_refuses_to_truncate_the_ledger_or_the_files(string sql, string refusal)
    {
        await using var test = await LedgerWithAFileAsync();
        await AssertRefusedAsync(test, sql, refusal);
    }
}
