using Dapper;
using Tracewright.Data.Tests.Support;

namespace Tracewright.Data.Tests.Ledger;

/// <summary>
/// Issue #8, item 1: a kill -9 of the server leaves the operating system's file cache intact, so the crash harness
/// proves atomicity and acknowledging only after commit, not that a commit reached the disk. That part is these
/// settings, checked inside a real write transaction: a commit returns only once it is flushed.
/// </summary>
public abstract class DurabilityTests(DatabaseKind kind)
{
    [Fact]
    public async Task A_write_transaction_commits_only_once_its_log_is_flushed()
    {
        await using var test = await kind.CreateAsync();
        await using var write = await test.Database.BeginWriteAsync("clerk", TimeProvider.System, default);
        if (kind.Dialect == Dialect.Sqlite)
        {
            Assert.Equal("wal", await write.Connection.ExecuteScalarAsync<string>(write.Command("PRAGMA journal_mode", null, default)));
            Assert.Equal(2L, await write.Connection.ExecuteScalarAsync<long>(write.Command("PRAGMA synchronous", null, default))); // 2 = FULL
        }
        else
        {
            Assert.Equal("on", await write.Connection.ExecuteScalarAsync<string>(write.Command("SHOW synchronous_commit", null, default)));
        }
    }
}

public sealed class SqliteDurabilityTests() : DurabilityTests(new SqliteKind());

public sealed class PostgresDurabilityTests() : DurabilityTests(new PostgresKind());
