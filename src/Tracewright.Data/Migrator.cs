using System.Globalization;
using System.Reflection;
using Dapper;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Common;

namespace Tracewright.Data;

/// <summary>A database whose schema is newer than this binary understands; running on it could corrupt it.</summary>
public sealed class DatabaseTooNewException(int databaseVersion, int binaryVersion)
    : Exception($"the database is at schema version {databaseVersion}, but this tracewright only knows versions up to {binaryVersion}; upgrade tracewright before using this database")
{
    public int DatabaseVersion { get; } = databaseVersion;

    public int BinaryVersion { get; } = binaryVersion;
}

/// <summary>
/// Applies the numbered migrations (<c>Migrations/NNNN_name.{sqlite|postgres}.sql</c>, embedded) that a
/// database lacks (each independent of later numbers), in one transaction under the write lock, and records each in <c>schema_migrations</c>.
/// </summary>
internal static class Migrator
{
    private sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The migration that adds <c>epcis_event_fields</c>, filled from the events already stored.</summary>
    private const int EpcisFieldsVersion = 20;

    public static int LatestVersion => Load(Dialect.Sqlite).Max(m => m.Version);

    public static async Task MigrateAsync(Database database, CancellationToken cancellationToken)
    {
        var migrations = Load(database.Dialect);
        var latest = migrations.Max(m => m.Version);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await database.BeginLockedAsync(connection, cancellationToken);
        // Only a database that needs a migration gets DDL: an application role without rights to create or alter
        // tables (docs/RELIABILITY.md, least privilege) starts on a schema its owner brought up to date.
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            database.Dialect == Dialect.Sqlite
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
                : "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END",
            transaction: transaction,
            cancellationToken: cancellationToken)) > 0;
        if (!exists)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                transaction: transaction,
                cancellationToken: cancellationToken));
        }

        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
        var current = applied.Count == 0 ? 0 : applied.Max();
        if (current > latest)
        {
            throw new DatabaseTooNewException(current, latest);
        }

        // Every known migration the database lacks, in order — not only those above its highest, so a
        // migration merged in with a lower number than one already applied still runs.
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            if (migration.Version == EpcisFieldsVersion)
            {
                // A new derived table of rows SQL cannot derive (they come from reading each event's document).
                await EpcisProjection.BackfillFieldsAsync(connection, transaction, cancellationToken);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = Timestamp.ToText(DateTimeOffset.UtcNow) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static List<Migration> Load(Dialect dialect)
    {
        var suffix = dialect == Dialect.Sqlite ? ".sqlite.sql" : ".postgres.sql";
        const string Prefix = "Tracewright.Data.Migrations.";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[Prefix.Length..^suffix.Length];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Migration(version, name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}
