using System.Data.Common;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Data;

/// <summary>
/// A portable backup: a zip holding every ledger record verbatim (<c>ledger.jsonl</c>, one JSON object a line, in
/// sequence order), every stored file (<c>documents/SHA256</c>, listed in <c>documents.jsonl</c>), and
/// <c>manifest.json</c> with the counts, the tip, the schema version and the SHA-256 of every other entry. It is
/// read from one snapshot, so it can be taken while others write, and it restores into either database: the rows
/// as they were (same hashes), the derived tables rebuilt through the projections.
/// </summary>
public static class Backup
{
    public const string Format = "tracewright-backup";

    public const int FormatVersion = 1;

    private const string ManifestName = "manifest.json";
    private const string LedgerName = "ledger.jsonl";
    private const string DocumentsName = "documents.jsonl";
    private const string DocumentFolder = "documents/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>What a backup holds. <see cref="Entries"/> maps every other entry of the file to its SHA-256.</summary>
    public sealed record Manifest(
        string Format,
        int Version,
        int SchemaVersion,
        string TakenAt,
        string Source,
        long Records,
        long? TipSequence,
        string? TipHash,
        long Documents,
        IReadOnlyDictionary<string, string> Entries);

    /// <summary>One ledger record as written in <c>ledger.jsonl</c>: every column, nothing derived.</summary>
    private sealed record Row(long Seq, string Kind, string OccurredAt, string RecordedAt, string RecordedBy, string? Reason, long? Corrects, string Payload, string PreviousHash, string Hash)
    {
        public static Row Of(LedgerEntry e) => new(e.Sequence, e.Kind, e.OccurredAt, e.RecordedAt, e.RecordedBy, e.Reason, e.Corrects, e.Payload, e.PreviousHash, e.Hash);

        public LedgerEntry ToEntry() => new(Seq, Kind, OccurredAt, RecordedAt, RecordedBy, Reason, Corrects, Payload, PreviousHash, Hash);
    }

    private sealed record DocumentRow(string Sha256, long Size, string MediaType);

    /// <summary>
    /// Writes the backup of <paramref name="database"/> to <paramref name="output"/> from one read snapshot (SQLite: a
    /// read transaction in WAL mode; PostgreSQL: REPEATABLE READ), so writers go on and none of their later records or
    /// files get in. <paramref name="progress"/> hears the number of records written, and once more when the ledger is done.
    /// </summary>
    public static async Task<Manifest> WriteAsync(Database database, Stream output, DateTimeOffset now, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await database.BeginSnapshotAsync(connection, cancellationToken);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        long records = 0;
        LedgerEntry? tip = null;
        await WriteEntryAsync(zip, LedgerName, entries, async writer =>
        {
            await foreach (var entry in LedgerRows.ReadAllAsync(connection, snapshot, cancellationToken))
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(Row.Of(entry), Json).AsMemory(), cancellationToken);
                tip = entry;
                if (++records % 1000 == 0)
                {
                    progress?.Report(records);
                }
            }
        });
        progress?.Report(records);

        var documents = new List<DocumentRow>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            "SELECT sha256, size, media_type, content FROM documents ORDER BY sha256", transaction: snapshot, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new DocumentRow(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(2));
                var content = (byte[])reader.GetValue(3);
                var entry = zip.CreateEntry(DocumentFolder + row.Sha256, CompressionLevel.Fastest);
                await using (var stream = entry.Open())
                {
                    await stream.WriteAsync(content, cancellationToken);
                }

                entries[entry.FullName] = Convert.ToHexStringLower(SHA256.HashData(content));
                documents.Add(row);
            }
        }

        await WriteEntryAsync(zip, DocumentsName, entries, async writer =>
        {
            foreach (var row in documents)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(row, Json).AsMemory(), cancellationToken);
            }
        });

        var schema = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT MAX(version) FROM schema_migrations", transaction: snapshot, cancellationToken: cancellationToken));
        var manifest = new Manifest(Format, FormatVersion, schema, Timestamp.ToText(now), database.Describe, records, tip?.Sequence, tip?.Hash, documents.Count, entries);
        await using (var stream = zip.CreateEntry(ManifestName, CompressionLevel.Optimal).Open())
        {
            await JsonSerializer.SerializeAsync(stream, manifest, new JsonSerializerOptions(Json) { WriteIndented = true }, cancellationToken);
        }

        return manifest;
    }

    /// <summary>
    /// Reads the whole file and checks it: a zip with a manifest this version understands, exactly the entries the
    /// manifest lists, each matching its SHA-256. Touches no database.
    /// </summary>
    public static async Task<Result<Manifest>> CheckAsync(Stream file, CancellationToken cancellationToken)
    {
        try
        {
            file.Position = 0;
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var manifestEntry = zip.GetEntry(ManifestName);
            if (manifestEntry is null)
            {
                return Damaged("it has no manifest.json");
            }

            Manifest? manifest;
            await using (var stream = manifestEntry.Open())
            {
                manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, Json, cancellationToken);
            }

            if (manifest is not { Format: Format, Entries: not null, TakenAt: not null, Source: not null })
            {
                return Damaged("its manifest is not a Tracewright backup manifest");
            }

            if (manifest.Version != FormatVersion)
            {
                return new RuleViolated("backup-version", $"the backup is format version {manifest.Version}; this tracewright reads version {FormatVersion}", "file");
            }

            var stored = zip.Entries.Select(e => e.FullName).Where(n => n != ManifestName).ToHashSet(StringComparer.Ordinal);
            var missing = manifest.Entries.Keys.FirstOrDefault(k => !stored.Contains(k));
            var unexpected = stored.FirstOrDefault(k => !manifest.Entries.ContainsKey(k));
            if (missing is not null || unexpected is not null)
            {
                return Damaged(missing is not null ? $"{missing} is missing" : $"{unexpected} is not in its manifest");
            }

            foreach (var entry in zip.Entries.Where(e => e.FullName != ManifestName).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                await using var stream = entry.Open();
                var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
                if (actual != manifest.Entries[entry.FullName])
                {
                    return Damaged($"{entry.FullName} does not match its SHA-256 in the manifest");
                }
            }

            return manifest;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            return Damaged(e.Message);
        }
    }

    /// <summary>
    /// Restores a checked backup into an empty database, in one transaction under the write lock: the files, then
    /// every record verbatim — its sequence, chain and hash checked as it goes — through the projections that rebuild
    /// the derived tables. A damaged file, a broken chain or a database that already holds records changes nothing.
    /// </summary>
    public static async Task<Result<Manifest>> RestoreAsync(Stream file, Database target, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var checkedFile = await CheckAsync(file, cancellationToken);
        if (!checkedFile.TryGet(out var manifest, out var damaged))
        {
            return damaged;
        }

        if (manifest.SchemaVersion > Migrator.LatestVersion)
        {
            return new RuleViolated("backup-too-new", $"the backup was taken at schema version {manifest.SchemaVersion}, but this tracewright only knows versions up to {Migrator.LatestVersion}; restore it with a newer tracewright", "file");
        }

        await target.MigrateAsync(cancellationToken);
        await using var connection = await target.OpenConnectionAsync(cancellationToken);
        await using var transaction = await target.BeginLockedAsync(connection, cancellationToken);
        var held = await connection.QuerySingleAsync<(long Records, long Documents)>(new CommandDefinition(
            "SELECT (SELECT COUNT(*) FROM ledger), (SELECT COUNT(*) FROM documents)", transaction: transaction, cancellationToken: cancellationToken));
        if (held.Records + held.Documents > 0)
        {
            return new StateConflict("not-empty", $"{target.Describe} already holds {held.Records} ledger records and {held.Documents} files; a backup is restored only into an empty database (a new SQLite file or a new PostgreSQL database)", "db");
        }

        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var line in await ReadLinesAsync(zip, DocumentsName, cancellationToken))
        {
            var row = JsonSerializer.Deserialize<DocumentRow>(line, Json)!;
            byte[] content;
            await using (var stream = zip.GetEntry(DocumentFolder + row.Sha256)!.Open())
            using (var buffer = new MemoryStream())
            {
                await stream.CopyToAsync(buffer, cancellationToken);
                content = buffer.ToArray();
            }

            if (Sha256Digest.Of(content).Value != row.Sha256 || content.LongLength != row.Size)
            {
                return Damaged($"file {row.Sha256} does not match its address");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO documents (sha256, content, size, media_type) VALUES (@sha, @content, @size, @mediaType)",
                new { sha = row.Sha256, content, size = row.Size, mediaType = row.MediaType },
                transaction,
                cancellationToken: cancellationToken));
        }

        long expected = 1;
        var previousHash = ChainHash.Genesis;
        using var statements = StatementRunner.Create(connection, transaction, StatementMode.Prepared);
        await using (var stream = zip.GetEntry(LedgerName)!.Open())
        using (var reader = new StreamReader(stream, Utf8))
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var entry = JsonSerializer.Deserialize<Row>(line, Json)!.ToEntry();
                var problem = entry.Sequence != expected ? $"record {expected} is missing"
                    : entry.PreviousHash != previousHash ? $"record {entry.Sequence} does not chain to record {expected - 1}"
                    : ChainHash.Compute(entry) != entry.Hash ? $"record {entry.Sequence} does not match its hash"
                    : null;
                if (problem is not null)
                {
                    return Damaged($"its ledger is not intact: {problem}");
                }

                ILedgerEvent e;
                try
                {
                    e = entry.Event;
                }
                catch (Exception ex) when (ex is InvalidDataException or JsonException)
                {
                    return Damaged($"record {entry.Sequence} cannot be read: {ex.Message}");
                }

                await LedgerRows.InsertAsync(statements, entry, e, cancellationToken);
                await Projector.ApplyAsync(statements, entry, e, cancellationToken);
                previousHash = entry.Hash;
                if (expected++ % 1000 == 0)
                {
                    progress?.Report(expected - 1);
                }
            }
        }

        if (expected - 1 != manifest.Records || (manifest.Records > 0 && previousHash != manifest.TipHash))
        {
            return Damaged($"its ledger holds {expected - 1} records, but its manifest names {manifest.Records} ending in {manifest.TipHash}");
        }

        progress?.Report(expected - 1);
        await statements.FlushAsync(cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        return manifest;
    }

    private static InvalidInput Damaged(string why) => new("file", $"the backup file is damaged or not a Tracewright backup: {why}; nothing was restored");

    private static async Task WriteEntryAsync(ZipArchive zip, string name, IDictionary<string, string> entries, Func<StreamWriter, Task> write)
    {
        using var sha = SHA256.Create();
        await using (var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open())
        await using (var hashing = new CryptoStream(stream, sha, CryptoStreamMode.Write, leaveOpen: true))
        await using (var writer = new StreamWriter(hashing, Utf8, leaveOpen: true))
        {
            await write(writer);
        }

        entries[name] = Convert.ToHexStringLower(sha.Hash!);
    }

    private static async Task<List<string>> ReadLinesAsync(ZipArchive zip, string name, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await using var stream = zip.GetEntry(name)!.Open();
        using var reader = new StreamReader(stream, Utf8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
