using System.Data.Common;
using Dapper;
using Tracewright.Domain.Common;

namespace Tracewright.Data;

/// <summary>
/// The store: a SQLite file (the embedded default) or a PostgreSQL server, chosen by the target text.
/// Writes go through <see cref="BeginWriteAsync"/>, which serialises them on the ledger's tip; reads open
/// their own connection.
/// </summary>
public abstract class Database : IAsyncDisposable
{
    /// <summary>Where the embedded database lives when no <c>--db</c> or <c>TRACEWRIGHT_DB</c> is given.</summary>
    public const string DefaultPath = "data/tracewright.db";

    static Database()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public abstract Dialect Dialect { get; }

    /// <summary>How write transactions run their statements: prepared and reused (the product), or plainly (the reference tests compare it with).</summary>
    internal StatementMode Statements { get; set; } = StatementMode.Prepared;

    /// <summary>Signalled after each commit of this process's write transactions on this database.</summary>
    public LedgerSignal Commits { get; } = new();

    /// <summary>What to show a person: the file path or the host and database, never a password.</summary>
    public abstract string Describe { get; }

    /// <summary>
    /// A PostgreSQL connection string (it contains <c>Host=</c>) or else a SQLite file path; the parent folder
    /// of a SQLite file is created when missing.
    /// </summary>
    public static Database Open(string? target)
    {
        var text = string.IsNullOrWhiteSpace(target) ? DefaultPath : target.Trim();
        return text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? new PostgresDatabase(text)
            : new SqliteDatabase(text);
    }

    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Brings the schema to this binary's version; refuses a database made by a newer binary.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => Migrator.MigrateAsync(this, cancellationToken);

    /// <summary>
    /// Starts the one kind of write there is: a transaction that holds the ledger's write lock until it
    /// commits, so commands see the state their events will change and two writers never share a sequence.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteAsync(string recordedBy, TimeProvider clock, CancellationToken cancellationToken)
    {
        var who = Text.Required(recordedBy, "recorded-by", 120);
        if (!who.IsSuccess)
        {
            throw new ArgumentException(who.Error!.Message, nameof(recordedBy));
        }

        var turn = await WaitForTurnAsync(cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await OpenConnectionAsync(cancellationToken);
            var transaction = await BeginLockedAsync(connection, cancellationToken);
            return await WriteTransaction.StartAsync(connection, transaction, who.Value, clock, turn, Statements, Commits, cancellationToken);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            turn?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits for this process's turn to write, in arrival order; the turn ends when the write transaction is disposed.
    /// Null where the database's own lock already queues waiters fairly.
    /// </summary>
    internal virtual Task<IDisposable?> WaitForTurnAsync(CancellationToken cancellationToken) => Task.FromResult<IDisposable?>(null);

    /// <summary>Begins a transaction that holds the single write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).</summary>
    internal abstract Task<DbTransaction> BeginLockedAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A read-only transaction that sees one consistent snapshot (verify, exports, backups).</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="catchUp"/> now and again whenever the ledger may have grown — written by this
    /// process, another process or another server on the same database — until cancelled. SQLite has no way
    /// to announce a commit to other processes, so it asks every <paramref name="interval"/>; PostgreSQL
    /// overrides this to wake on the notification every ledger insert sends, and asks at the interval only as
    /// a fallback for notifications lost while the listening connection was down.
    /// </summary>
    public virtual async Task FollowLedgerAsync(Func<CancellationToken, Task> catchUp, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            await catchUp(cancellationToken);
            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>True when the exception is a unique-key violation, which callers turn into a 409.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
