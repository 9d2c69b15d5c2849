using Dapper;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Data.Tests.Ledger;

/// <summary>The ledger's guarantees, written once and run on SQLite and on PostgreSQL.</summary>
public abstract class LedgerStoreTests(DatabaseKind kind)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 5, 14, 8, 0, 0, TimeSpan.Zero));

    private static SupplierRegistered Supplier(string name) =>
        new(SupplierName.Parse(name).Value, "Jo", "jo@example.com", null, null);

    private async Task AppendSuppliersAsync(Database database, params string[] names)
    {
        foreach (var name in names)
        {
            await using var write = await database.BeginWriteAsync("tester", _clock, CancellationToken.None);
            await write.AppendAsync(new NewEvent(Supplier(name), _clock.Now), CancellationToken.None);
            await write.CommitAsync(CancellationToken.None);
        }
    }

    private static async Task<long> CountAsync(Database database, string table)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private static async Task ExecuteAsync(Database database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql);
    }

    [Fact]
    public async Task Migrate_IsRecordedAndIdempotent()
    {
        await using var test = await kind.CreateAsync();
        var applied = await CountAsync(test.Database, "schema_migrations");
        await test.Database.MigrateAsync(CancellationToken.None);
        Assert.True(applied >= 2, $"expected every migration to be recorded, found {applied}");
        Assert.Equal(applied, await CountAsync(test.Database, "schema_migrations"));
    }

    [Fact]
    public async Task Migrate_RefusesADatabaseFromANewerBinary()
    {
        await using var test = await kind.CreateAsync();
        await ExecuteAsync(test.Database, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future', '2030-01-01')");
        var refused = await Assert.ThrowsAsync<DatabaseTooNewException>(() => test.Database.MigrateAsync(CancellationToken.None));
        Assert.Equal(999, refused.DatabaseVersion);
        Assert.Contains("upgrade tracewright", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_NumbersRecordsInOrderAndChainsTheirHashes()
    {
        await using var test = await kind.CreateAsync();
        await AppendSuppliersAsync(test.Database, "A", "B", "C");
        await using var connection = await test.Database.OpenConnectionAsync(CancellationToken.None);
        var entries = await LedgerRows.ReadAllAsync(connection, null, CancellationToken.None).ToListAsync();
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(ChainHash.Genesis, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.All(entries, e => Assert.Equal(ChainHash.Compute(e), e.Hash));
        Assert.All(entries, e => Assert.Equal("tester", e.RecordedBy));
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Write_NotCommitted_LeavesNothingBehind()
    {
        await using var test = await kind.CreateAsync();
        await using (var write = await test.Database.BeginWriteAsync("tester", _clock, CancellationToken.None))
        {
            await write.AppendAsync(new NewEvent(Supplier("Never"), _clock.Now), CancellationToken.None);
        }

        Assert.Equal(0, await CountAsync(test.Database, "ledger"));
        Assert.Equal(0, await CountAsync(test.Database, "suppliers"));
        Assert.Equal(0, await CountAsync(test.Database, "ledger_subjects"));
    }

    [Fact]
    public async Task Append_ADerivedKeyTwice_IsAUniqueViolation_AndLeavesNothingBehind()
    {
        // The unique keys of the derived tables are the last line against a double entry; their error must still read as
        // one (a 409, not a 500) when the statements are prepared and bound directly (SQLite) or sent in a batch (PostgreSQL).
        await using var test = await kind.CreateAsync();
        await AppendSuppliersAsync(test.Database, "Acme");
        var failed = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var write = await test.Database.BeginWriteAsync("tester", _clock, CancellationToken.None);
            await write.AppendAsync([new NewEvent(Supplier("Other"), _clock.Now), new NewEvent(Supplier("ACME"), _clock.Now)], CancellationToken.None);
            await write.CommitAsync(CancellationToken.None);
        });

        Assert.True(test.Database.IsUniqueViolation(failed), failed.ToString());
        Assert.Equal(1, await CountAsync(test.Database, "ledger"));
        Assert.Equal(1, await CountAsync(test.Database, "suppliers"));
    }

    [Fact]
    public async Task ConcurrentWriters_NeverShareASequenceNumber()
    {
        await using var test = await kind.CreateAsync();
        const int Writers = 16;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => AppendSuppliersAsync(test.Database, $"Supplier {i}"))));
        await using var connection = await test.Database.OpenConnectionAsync(CancellationToken.None);
        var sequences = await connection.QueryAsync<long>("SELECT seq FROM ledger ORDER BY seq");
        Assert.Equal(Enumerable.Range(1, Writers).Select(i => (long)i), sequences);
        Assert.Equal(Writers, await CountAsync(test.Database, "suppliers"));
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task History_ListsEveryRecordAboutASubjectInOrder()
    {
        await using var test = await kind.CreateAsync();
        await AppendSuppliersAsync(test.Database, "Acme", "Other");
        await using var connection = await test.Database.OpenConnectionAsync(CancellationToken.None);
        var history = await LedgerRows.HistoryAsync(connection, "acme", CancellationToken.None);
        Assert.Equal([1L], history.Select(h => h.Sequence));
        Assert.IsType<SupplierRegistered>(history[0].Event);
    }

    [Fact]
    public async Task Timestamps_AreStoredInOneSortableUtcForm()
    {
        await using var test = await kind.CreateAsync();
        await AppendSuppliersAsync(test.Database, "A");
        await using var connection = await test.Database.OpenConnectionAsync(CancellationToken.None);
        var recorded = await connection.ExecuteScalarAsync<string>("SELECT recorded_at FROM ledger");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", recorded);
        Assert.Equal(Timestamp.ToText(Timestamp.FromText(recorded!)), recorded);
    }
}

public sealed class SqliteLedgerStoreTests() : LedgerStoreTests(new SqliteKind());

public sealed class PostgresLedgerStoreTests() : LedgerStoreTests(new PostgresKind());
