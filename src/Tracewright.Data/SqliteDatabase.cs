using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Tracewright.Data;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so an acknowledged commit
/// is on disk before the command returns and survives kill -9 and power loss.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private static readonly Lazy<bool> NativeLibrary = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;

    /// <summary>
    /// SQLite's write lock is taken by polling (busy_timeout): a writer that keeps coming back can win it again and
    /// again while another waits, and under steady load a waiting request could starve until the timeout. Writers of
    /// this process queue here first, in arrival order, so at most one of them polls.
    /// </summary>
    private readonly SemaphoreSlim _writers = new(1, 1);

    public SqliteDatabase(string path)
    {
        _ = NativeLibrary.Value;
        var isMemory = path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal);
        Path = isMemory ? path : System.IO.Path.GetFullPath(path);
        if (!isMemory)
        {
            var folder = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = isMemory && path.Contains("mode=memory", StringComparison.Ordinal) ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Cache = isMemory ? SqliteCacheMode.Shared : SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    public string Path { get; }

    public override Dialect Dialect => Dialect.Sqlite;

    public override string Describe => Path;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            // WAL lets readers run beside the writer; FULL syncs the WAL on every commit (durability);
            // busy_timeout makes a second writer wait for the lock instead of failing at once.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal override async Task<IDisposable?> WaitForTurnAsync(CancellationToken cancellationToken)
    {
        // The same patience as busy_timeout: a write held longer than that is stuck, and waiting on is no answer.
        if (!await _writers.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new TimeoutException("another write of this process has held the write lock for 60 s");
        }

        return new Turn(_writers);
    }

    private sealed class Turn(SemaphoreSlim writers) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                writers.Release();
            }
        }
    }

    internal override async Task<DbTransaction> BeginLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // A non-deferred transaction is BEGIN IMMEDIATE: it takes SQLite's single write lock now, so the
        // tip we read next cannot move under us.
        var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        await Task.CompletedTask;
        return transaction;
    }

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // In WAL mode a deferred transaction reads one snapshot from its first read to its end.
        var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: true);
        await Task.CompletedTask;
        return transaction;
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } sqlite && (sqlite.SqliteExtendedErrorCode is 1555 or 2067);
}
