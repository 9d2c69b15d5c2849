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

/// <summary>
/// A new SQLite file in a temporary folder per test. A migrated one is a copy of a file migrated once per test process
/// (<see cref="TemplateAsync"/>), closed before it is copied.
/// </summary>
public sealed class SqliteKind : DatabaseKind
{
    private static readonly Lazy<Task<string>> Template = new(MakeTemplateAsync);

    public override Dialect Dialect => Dialect.Sqlite;

    /// <summary>The path of this process's migrated, closed SQLite file (removed with the temporary folder by the system).</summary>
    public static Task<string> TemplateAsync() => Template.Value;

    public override async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var folder = Directory.CreateTempSubdirectory("tracewright-test-").FullName;
        var path = Path.Combine(folder, "tracewright.db");
        if (migrate)
        {
            File.Copy(await TemplateAsync(), path);
        }

        var database = new SqliteDatabase(path);
        if (migrate)
        {
            // Nothing to apply on a copy of the template; run anyway, so a copy that is not current fails here.
            await database.MigrateAsync(CancellationToken.None);
        }

        return new TestDatabase(database, database.Path, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
    }

    private static async Task<string> MakeTemplateAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tracewright-template-").FullName, "tracewright.db");
        await using (var database = new SqliteDatabase(path))
        {
            await database.MigrateAsync(CancellationToken.None);
        }

        // The last connection closed checkpoints the WAL into the file and removes it: the one file is the whole database.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (File.Exists(path + "-wal"))
        {
            throw new InvalidOperationException($"the SQLite template {path} still has a WAL after every connection closed");
        }

        return path;
    }
}

/// <summary>
/// A new database per test on the PostgreSQL server named by <c>TRACEWRIGHT_TEST_PG</c> (set by test.sh).
/// No server is a failure, not a skip: CI must run these. A migrated database is a copy of
/// <see cref="TemplateAsync"/>, which is migrated once per schema, not once per test.
/// </summary>
public sealed class PostgresKind : DatabaseKind
{
    /// <summary>The session lock under which one test process at a time makes the template; an arbitrary constant ("TWtp").</summary>
    private const long TemplateLock = 0x5457_7470;

    private static readonly Lazy<Task<string>> Template = new(MakeTemplateAsync);

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("TRACEWRIGHT_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Username=tracewright;Password=tracewright;Database=postgres";

    public override Dialect Dialect => Dialect.Postgres;

    /// <summary>
    /// The name of a database migrated to this build's schema, marked as a template that accepts no connections:
    /// <c>tw_template_</c> and a hash of the embedded PostgreSQL migrations, so a branch with other migrations gets its own.
    /// Made at most once per test run, under an advisory lock so parallel test processes neither race nor copy a half-migrated one.
    /// </summary>
    public static Task<string> TemplateAsync() => Template.Value;

    public override async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var name = $"tw_test_{Guid.NewGuid():N}";
        var template = migrate ? await TemplateAsync() : null;
        await using (var admin = await OpenAdminAsync())
        {
            await using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        var database = new PostgresDatabase(builder.ConnectionString);
        if (migrate)
        {
            // Nothing to apply on a copy of the template; run anyway, so a copy that is not current fails here.
            await database.MigrateAsync(CancellationToken.None);
        }

        return new TestDatabase(database, builder.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = await OpenAdminAsync();
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
    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var admin = new NpgsqlConnection(AdminConnectionString);
        try
        {
            await admin.OpenAsync();
            return admin;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            await admin.DisposeAsync();
            throw new InvalidOperationException($"PostgreSQL is not reachable at '{AdminConnectionString}'; run the tests with ./test.sh, which installs and starts it", e);
        }
    }

    private static async Task<string> MakeTemplateAsync()
    {
        var name = $"tw_template_{MigrationsHash()}";
        await using var admin = await OpenAdminAsync();
        await ExecuteAsync(admin, $"SELECT pg_advisory_lock({TemplateLock})");
        try
        {
            await using (var find = new NpgsqlCommand("SELECT datistemplate FROM pg_database WHERE datname = @name", admin))
            {
                find.Parameters.AddWithValue("name", name);
                if (await find.ExecuteScalarAsync() is true)
                {
                    return name;
                }
            }

            // Missing, or left half-made by a run that was stopped: made again from nothing.
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await ExecuteAsync(admin, $"CREATE DATABASE {name}");
            var target = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
            await using (var database = new PostgresDatabase(target))
            {
                await database.MigrateAsync(CancellationToken.None);
            }

            // A copy needs the template to have no session; refusing connections also keeps autovacuum and strays out.
            await ExecuteAsync(admin, $"ALTER DATABASE {name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
            return name;
        }
        finally
        {
            await ExecuteAsync(admin, $"SELECT pg_advisory_unlock({TemplateLock})");
        }
    }

    /// <summary>The first 16 hex digits of SHA-256 over the embedded PostgreSQL migrations' names and text.</summary>
    private static string MigrationsHash()
    {
        var assembly = typeof(PostgresDatabase).Assembly;
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".postgres.sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new MemoryStream();
            stream.CopyTo(text);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(resource + "\n"));
            hash.AppendData(text.ToArray());
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
