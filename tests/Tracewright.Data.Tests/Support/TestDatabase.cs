using Npgsql;
using Tracewright.Data;

namespace Tracewright.Data.Tests.Support;

/// <summary>A fresh, migrated database for one test, removed afterwards.</summary>
public sealed class TestDatabase(Database database, string target, Func<Task> cleanup) : IAsyncDisposable
{
    public Database Database { get; } = database;

    /// <summary>What <c>--db</c> takes to open the same database from another process: the file path or the connection string.</summary>
    public string Target { get; } = target;

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await cleanup();
    }
}

/// <summary>Which database a test class runs on; the abstract test classes take one of these.</summary>
public abstract class DatabaseKind
{
    public abstract Dialect Dialect { get; }

    public abstract Task<TestDatabase> CreateAsync(bool migrate = true);

    public override string ToString() => Dialect.ToString();
}

/// <summary>A new SQLite file in a temporary folder per test.</summary>
public sealed class SqliteKind : DatabaseKind
{
    public override Dialect Dialect => Dialect.Sqlite;

    public override async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var folder = Directory.CreateTempSubdirectory("tracewright-test-").FullName;
        var database = new SqliteDatabase(Path.Combine(folder, "tracewright.db"));
        if (migrate)
        {
            await database.MigrateAsync(CancellationToken.None);
        }

        return new TestDatabase(database, database.Path, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
    }
}

/// <summary>
/// A new database per test on the PostgreSQL server named by <c>TRACEWRIGHT_TEST_PG</c> (set by test.sh).
/// No server is a failure, not a skip: CI must run these.
/// </summary>
public sealed class PostgresKind : DatabaseKind
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("TRACEWRIGHT_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Username=tracewright;Password=tracewright;Database=postgres";

    public override Dialect Dialect => Dialect.Postgres;

    public override async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var name = $"tw_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            try
            {
                await admin.OpenAsync();
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException($"PostgreSQL is not reachable at '{AdminConnectionString}'; run the tests with ./test.sh, which installs and starts it", e);
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        var database = new PostgresDatabase(builder.ConnectionString);
        if (migrate)
        {
            await database.MigrateAsync(CancellationToken.None);
        }

        return new TestDatabase(database, builder.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                    await drop.ExecuteNonQueryAsync();
                    return;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 10)
                {
                    // An autovacuum worker on the fresh database cannot be terminated by our role; it ends soon.
                    await Task.Delay(200 * attempt);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
                {
                    // Cleanup is best effort: a leftover test database is harmless and named for the test run.
                    return;
                }
            }
        });
    }
}
