using Dapper;
using Npgsql;

namespace Tracewright.Bench.Support;

/// <summary>Fresh, empty databases for benchmarks that write: SQLite files under the data folder, PostgreSQL databases by name.</summary>
public sealed class Scratch(BenchContext context)
{
    /// <summary>A path for a new SQLite file (nothing left from an earlier run).</summary>
    public string SqlitePath(string name)
    {
        var folder = Path.Combine(context.Options.DataFolder, "scratch");
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, name + ".db"));
        Delete(path);
        return path;
    }

    public static void Delete(string sqlitePath)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { sqlitePath, sqlitePath + "-wal", sqlitePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Drops and creates a PostgreSQL database; returns its connection string.</summary>
    public async Task<string> PostgresAsync(string name, CancellationToken cancellationToken)
    {
        var server = context.Options.Postgres ?? throw new InvalidOperationException("no PostgreSQL configured");
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        NpgsqlConnection.ClearAllPools();
        await connection.ExecuteAsync(new CommandDefinition($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"CREATE DATABASE {name}", cancellationToken: cancellationToken));
        return WithDatabase(server, name);
    }

    public async Task DropPostgresAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(context.Options.Postgres);
        await connection.OpenAsync(cancellationToken);
        NpgsqlConnection.ClearAllPools();
        await connection.ExecuteAsync(new CommandDefinition($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken: cancellationToken));
    }

    public static async Task<bool> PostgresExistsAsync(string server, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", new { name }, cancellationToken: cancellationToken));
    }

    public static string WithDatabase(string server, string name) => new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
}
