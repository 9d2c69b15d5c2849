using System.Data.Common;
using Dapper;
using Npgsql;

namespace Tracewright.Data;

/// <summary>
/// The server store: PostgreSQL through one <see cref="NpgsqlDataSource"/>. Commits wait for the WAL flush
/// (<c>synchronous_commit=on</c>, set on every write transaction so a server default cannot weaken it).
/// </summary>
public sealed class PostgresDatabase : Database
{
    /// <summary>The advisory lock every write transaction holds; an arbitrary constant ("TW" in ASCII).</summary>
    private const long LedgerLock = 0x5457_0001;

    /// <summary>The channel a statement trigger on <c>ledger</c> notifies (migration 0007); delivered at commit, once per transaction.</summary>
    public const string LedgerChannel = "tracewright_ledger";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Describe = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override Dialect Dialect => Dialect.Postgres;

    public override string Describe { get; }

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    internal override async Task<DbTransaction> BeginLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SET LOCAL synchronous_commit TO on; SELECT pg_advisory_xact_lock(@key);",
            new { key = LedgerLock },
            transaction,
            cancellationToken: cancellationToken));
        return transaction;
    }

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    public override async Task FollowLedgerAsync(Func<CancellationToken, Task> catchUp, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var woken = 0;
        connection.Notification += (_, _) => Interlocked.Exchange(ref woken, 1);
        await using (var listen = new NpgsqlCommand($"LISTEN {LedgerChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        while (true)
        {
            // Listening starts before the first catch-up, so a commit between the two is never missed.
            Interlocked.Exchange(ref woken, 0);
            await catchUp(cancellationToken);
            if (Volatile.Read(ref woken) == 0)
            {
                await connection.WaitAsync(interval, cancellationToken);
            }
        }
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
