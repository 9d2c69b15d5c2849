using System.Text.Json;
using Dapper;
using Tracewright.Data;
using Tracewright.Features.Generate;

namespace Tracewright.Bench.Support;

/// <summary>A generated plant stored somewhere (a SQLite path or a PostgreSQL connection string) and where to start traces in it.</summary>
public sealed record Dataset(string Target, long Events, GenerationStarts Starts)
{
    public Database Open() => Database.Open(Target);
}

/// <summary>
/// The generated plants the benchmarks share, one per size (seed <see cref="Seed"/>), kept in the data folder between runs:
/// a 10M-record plant takes a while to make and every trace figure is measured on the same one. A dataset counts as made
/// once its <c>.starts.json</c> exists and its ledger holds the records; the generator's version is in the name, so a
/// changed generator makes new ones.
/// </summary>
public sealed class Datasets(BenchContext context)
{
    public const int Seed = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private string Stem(long events) => Path.Combine(context.Options.DataFolder, $"plant-{events}-s{Seed}-v{PlantGenerator.Version}");

    /// <summary>The plant at this size in a SQLite file, generated through the native store when missing.</summary>
    public async Task<Dataset> SqliteAsync(long events, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Stem(events) + ".db");
        var startsFile = Stem(events) + ".starts.json";
        if (await ReadyAsync(path, startsFile, events, cancellationToken) is { } ready)
        {
            return ready;
        }

        foreach (var stale in new[] { path, path + "-wal", path + "-shm", startsFile })
        {
            File.Delete(stale);
        }

        return await GenerateAsync(path, startsFile, events, cancellationToken);
    }

    /// <summary>The plant at this size in its own PostgreSQL database, generated when missing.</summary>
    public async Task<Dataset> PostgresAsync(long events, CancellationToken cancellationToken)
    {
        var name = $"tw_bench_plant_{events}_s{Seed}_v{PlantGenerator.Version}";
        var startsFile = Stem(events) + ".postgres.starts.json";
        var target = Scratch.WithDatabase(context.Options.Postgres ?? throw new InvalidOperationException("no PostgreSQL configured"), name);
        if (await Scratch.PostgresExistsAsync(context.Options.Postgres, name, cancellationToken) && await ReadyAsync(target, startsFile, events, cancellationToken) is { } ready)
        {
            return ready;
        }

        File.Delete(startsFile);
        return await GenerateAsync(await context.Scratch.PostgresAsync(name, cancellationToken), startsFile, events, cancellationToken);
    }

    /// <summary>The same plant as an EPCIS 2.0 JSON-LD document (<c>generate --out</c>).</summary>
    public async Task<string> EpcisFileAsync(long events, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Stem(events) + ".epcis.json");
        var done = path + ".done";
        if (File.Exists(path) && File.Exists(done))
        {
            return path;
        }

        context.Say($"writing the {BenchContext.SizeText(events)} plant as an EPCIS document");
        var written = await GenerateGenealogy.WriteEpcisAsync(path, new GenerateGenealogy.Request(events, Seed), null, cancellationToken);
        if (!written.IsSuccess)
        {
            throw new InvalidOperationException(written.Error!.Message);
        }

        await File.WriteAllTextAsync(done, written.Value.EpcisEvents.ToString(), cancellationToken);
        return path;
    }

    private async Task<Dataset> GenerateAsync(string target, string startsFile, long events, CancellationToken cancellationToken)
    {
        context.Say($"generating the {BenchContext.SizeText(events)} plant into {Database.Open(target).Describe}");
        var written = await Generate.IntoAsync(target, events, Seed, cancellationToken);
        await File.WriteAllTextAsync(startsFile, JsonSerializer.Serialize(written.Starts, Json), cancellationToken);
        context.Say($"generated {written.Events:N0} records in {written.Seconds:N1} s");
        return new Dataset(target, events, written.Starts);
    }

    private static async Task<Dataset?> ReadyAsync(string target, string startsFile, long events, CancellationToken cancellationToken)
    {
        if (!File.Exists(startsFile) || (!target.Contains("Host=", StringComparison.OrdinalIgnoreCase) && !File.Exists(target)))
        {
            return null;
        }

        await using var database = Database.Open(target);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM ledger", cancellationToken: cancellationToken));
        var starts = JsonSerializer.Deserialize<GenerationStarts>(await File.ReadAllTextAsync(startsFile, cancellationToken), Json);
        // More records than generated is fine: benchmarks that run serve on the plant add an API token.
        return count >= events && starts is not null ? new Dataset(target, events, starts) : null;
    }
}

/// <summary>Runs the generator into a store, the way <c>tracewright generate</c> does.</summary>
public static class Generate
{
    public static async Task<GenerateGenealogy.Response> IntoAsync(string target, long events, int seed, CancellationToken cancellationToken, int batch = GenerateGenealogy.DefaultBatch)
    {
        await using var database = Database.Open(target);
        await database.MigrateAsync(cancellationToken);
        var shop = new Shop(database, TimeProvider.System);
        var written = await GenerateGenealogy.HandleAsync(shop, "bench", new GenerateGenealogy.Request(events, seed, batch), null, cancellationToken);
        return written.IsSuccess ? written.Value : throw new InvalidOperationException(written.Error!.Message);
    }
}
