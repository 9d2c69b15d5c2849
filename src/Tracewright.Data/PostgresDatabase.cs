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

    /// <summary>The tables a writer may only read and append to: the record itself, its subject index, the stored files.</summary>
    public static readonly IReadOnlyList<string> AppendOnlyTables = ["ledger", "ledger_subjects", "documents"];

    /// <summary>
    /// Gives an existing role exactly what <c>serve</c> and the verbs need, run as the tables' owner: SELECT and INSERT
    /// on <see cref="AppendOnlyTables"/>, SELECT on <c>schema_migrations</c>, and SELECT, INSERT, UPDATE, DELETE on the
    /// derived tables — never TRUNCATE, and no ownership, so the role can neither change nor remove a record nor turn
    /// the append-only triggers off. Earlier grants on these tables are revoked first, so running it again narrows
    /// them. Returns the derived tables granted; null when there is no such role.
    /// </summary>
    public async Task<IReadOnlyList<string>?> GrantApplicationRoleAsync(string role, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM pg_roles WHERE rolname = @role", new { role }, transaction, cancellationToken: cancellationToken)) == 0)
        {
            return null;
        }

        var tables = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
            transaction: transaction,
            cancellationToken: cancellationToken))).ToList();
        var derived = tables.Except(AppendOnlyTables).Where(t => t != "schema_migrations").ToList();
        var who = Quote(role);
        var statements = new List<string>
        {
            $"GRANT CONNECT ON DATABASE {Quote(connection.Database)} TO {who}",
            $"GRANT USAGE ON SCHEMA {Quote(await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT current_schema()", transaction: transaction, cancellationToken: cancellationToken)) ?? "public")} TO {who}",
            $"REVOKE ALL ON {string.Join(", ", tables.Select(Quote))} FROM {who}",
            $"GRANT SELECT, INSERT ON {string.Join(", ", AppendOnlyTables.Select(Quote))} TO {who}",
            $"GRANT SELECT ON schema_migrations TO {who}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON {string.Join(", ", derived.Select(Quote))} TO {who}",

            // Serial keys (the access log's) draw from sequences; identity columns need nothing more.
            $"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {Quote(await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT current_schema()", transaction: transaction, cancellationToken: cancellationToken)) ?? "public")} TO {who}",
        };
        foreach (var statement in statements)
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return derived;
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
