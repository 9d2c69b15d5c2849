using System.Data.Common;
using System.Globalization;
using Dapper;
using Tracewright.Data.Trace;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Trace;

namespace Tracewright.Data;

/// <summary>What <c>tracewright verify</c> found. <see cref="FirstBadSequence"/> is set when a ledger record is at fault.</summary>
public sealed record VerificationReport(long RecordsChecked, long DocumentsChecked, long DerivedRowsChecked, long? FirstBadSequence, string? Problem)
{
    public bool IsIntact => Problem is null;
}

/// <summary>
/// Recomputes the hash chain record by record, re-hashes every stored document, and rebuilds the derived
/// tables from the ledger into a scratch in-memory database to compare them with the stored ones. It
/// reads one consistent snapshot, so it can run while others write.
/// </summary>
public static class LedgerVerifier
{
    /// <summary>
    /// Not compared row by row: the ledger and files themselves, the migrations, the access log, the sign-in sessions, the
    /// EPCIS capture jobs and subscription deliveries (kept beside the ledger, not derived from it), SQLite's own bookkeeping, and the genealogy snapshots
    /// (compared as a whole below).
    /// </summary>
    private static readonly HashSet<string> NotDerived = new(StringComparer.OrdinalIgnoreCase)
    {
        "ledger", "documents", "schema_migrations", "access_log", "sessions", "sqlite_sequence", "genealogy_snapshots", "genealogy_snapshot_chunks",
        "epcis_capture_jobs", "epcis_capture_documents", "epcis_capture_results", "epcis_subscription_state",
    };

    public static async Task<VerificationReport> VerifyAsync(Database database, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await database.BeginSnapshotAsync(connection, cancellationToken);

        // The scratch database lives as long as one connection to it stays open.
        var scratch = new SqliteDatabase($"file:verify-{Guid.NewGuid():N}?mode=memory&cache=shared");
        await using var keepAlive = await scratch.OpenConnectionAsync(cancellationToken);
        await scratch.MigrateAsync(cancellationToken);
        await using var rebuild = await scratch.OpenConnectionAsync(cancellationToken);
        // Files are not copied into the scratch database; their presence is checked below instead.
        await rebuild.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys=OFF", cancellationToken: cancellationToken));
        await using var rebuildTransaction = await rebuild.BeginTransactionAsync(cancellationToken);
        using var statements = StatementRunner.Create(rebuild, rebuildTransaction, StatementMode.Prepared);

        // Each stored genealogy snapshot must be what the index replayed to its record writes, byte for byte.
        var snapshots = (await GenealogySnapshots.DigestsAsync(connection, snapshot, cancellationToken)).ToLookup(s => s.Snapshot.Seq);
        var lastSnapshot = snapshots.Count == 0 ? 0 : snapshots.Max(s => s.Key);
        var genealogy = new GenealogyIndex();

        long expected = 1;
        var previousHash = ChainHash.Genesis;
        string? hashBeforePrevious = null;
        await foreach (var entry in LedgerRows.ReadAllAsync(connection, snapshot, cancellationToken))
        {
            (long Sequence, string Problem)? bad = entry.Sequence != expected
                ? entry.Sequence > expected
                    ? (expected, $"record {expected} is missing: the next stored record is {entry.Sequence}")
                    : (entry.Sequence, $"record {entry.Sequence} is out of order after record {expected - 1}")
                : entry.PreviousHash != previousHash
                    // A record that chains to the one before its predecessor names the predecessor as the intruder,
                    // even when the intruder's own hash was recomputed to look right.
                    ? entry.PreviousHash == hashBeforePrevious
                        ? (expected - 1, $"record {expected - 1} was inserted: record {entry.Sequence} chains to record {expected - 2}, the one before it")
                        : (entry.Sequence, $"record {entry.Sequence} does not chain to record {expected - 1}: a record before it was removed, replaced or inserted")
                    : ChainHash.Compute(entry) != entry.Hash
                        ? (entry.Sequence, $"record {entry.Sequence} ({entry.Kind}) does not match its hash: it was changed after it was written")
                        : null;
            if (bad is { } found)
            {
                return new VerificationReport(found.Sequence - 1, 0, 0, found.Sequence, found.Problem);
            }

            ILedgerEvent e;
            try
            {
                e = entry.Event;
            }
            catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
            {
                return new VerificationReport(expected - 1, 0, 0, entry.Sequence, $"record {entry.Sequence} cannot be read: {ex.Message}");
            }

            await LedgerRows.InsertAsync(statements, entry, e, cancellationToken);
            await Projector.ApplyAsync(statements, entry, e, cancellationToken);
            hashBeforePrevious = previousHash;
            if (entry.Sequence <= lastSnapshot)
            {
                genealogy.Apply(entry, e);
                foreach (var (stored, digest) in snapshots[entry.Sequence])
                {
                    if (stored.LedgerHash != entry.Hash || GenealogySnapshots.Digest(genealogy) != digest)
                    {
                        return new VerificationReport(expected, 0, 0, null, $"derived table genealogy_snapshots does not match the ledger: snapshot {stored.Id} differs from the genealogy replayed to record {stored.Seq}");
                    }
                }
            }

            previousHash = entry.Hash;
            expected++;
            if (expected % 1000 == 0)
            {
                progress?.Report(expected - 1);
            }
        }

        progress?.Report(expected - 1);
        var records = expected - 1;
        if (lastSnapshot > records)
        {
            return new VerificationReport(records, 0, 0, null, $"derived table genealogy_snapshots does not match the ledger: a snapshot reflects record {lastSnapshot}, past the ledger's end");
        }

        var documents = 0L;
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition("SELECT sha256, content FROM documents ORDER BY sha256", transaction: snapshot, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var address = reader.GetString(0);
                var content = (byte[])reader.GetValue(1);
                if (Sha256Digest.Of(content).Value != address)
                {
                    return new VerificationReport(records, documents, 0, null, $"document {address} does not match its SHA-256: the stored file was changed");
                }

                documents++;
            }
        }

        var missingFile = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT c.id FROM certificates c WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = c.sha256) ORDER BY c.id",
            transaction: snapshot,
            cancellationToken: cancellationToken));
        if (missingFile is not null)
        {
            return new VerificationReport(records, documents, 0, null, $"the file of certificate {missingFile} is missing from the document store");
        }

        var tables = (await rebuild.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", transaction: rebuildTransaction, cancellationToken: cancellationToken)))
            .Where(t => !NotDerived.Contains(t))
            .ToList();
        var derivedRows = 0L;
        foreach (var table in tables)
        {
            var columns = (await rebuild.QueryAsync<string>(new CommandDefinition(
                $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid", transaction: rebuildTransaction, cancellationToken: cancellationToken))).ToList();
            var select = $"SELECT {string.Join(", ", columns)} FROM {table}";
            var rebuilt = await ReadRowsAsync(rebuild, rebuildTransaction, select, cancellationToken);
            var stored = await ReadRowsAsync(connection, snapshot, select, cancellationToken);
            var difference = FirstDifference(rebuilt, stored);
            if (difference is not null)
            {
                var (row, what) = difference.Value;
                return new VerificationReport(records, documents, derivedRows, null, $"derived table {table} does not match the ledger: {what} row ({string.Join(", ", columns.Zip(row, (c, v) => $"{c}={v}"))})");
            }

            derivedRows += stored.Count;
        }

        return new VerificationReport(records, documents, derivedRows, null, null);
    }

    /// <summary>
    /// Every derived table of <paramref name="database"/> (what the projections write, including the subject index),
    /// each row in the one text form <c>verify</c> compares in, sorted: two databases whose answers are equal hold the
    /// same derived state, whichever kind each is. Restores and rebuilds are checked with it.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> DerivedStateAsync(Database database, CancellationToken cancellationToken)
    {
        // The table and column lists come from this binary's schema (a scratch SQLite database), not from the
        // database being read, so both kinds are read column for column alike.
        var scratch = new SqliteDatabase($"file:schema-{Guid.NewGuid():N}?mode=memory&cache=shared");
        await using var schema = await scratch.OpenConnectionAsync(cancellationToken);
        await scratch.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await database.BeginSnapshotAsync(connection, cancellationToken);
        var state = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in (await schema.QueryAsync<string>(new CommandDefinition("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", cancellationToken: cancellationToken))).Where(t => !NotDerived.Contains(t)))
        {
            var columns = (await schema.QueryAsync<string>(new CommandDefinition($"SELECT name FROM pragma_table_info('{table}') ORDER BY cid", cancellationToken: cancellationToken))).ToList();
            var rows = await ReadRowsAsync(connection, snapshot, $"SELECT {string.Join(", ", columns)} FROM {table}", cancellationToken);
            state[table] = rows.Select(r => string.Join(", ", columns.Zip(r, (c, v) => $"{c}={v}"))).ToList();
        }

        return state;
    }

    private static async Task<List<string[]>> ReadRowsAsync(DbConnection connection, DbTransaction transaction, string select, CancellationToken cancellationToken)
    {
        var rows = new List<string[]>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(select, transaction: transaction, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Normalize(reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            rows.Add(row);
        }

        rows.Sort((a, b) => string.CompareOrdinal(string.Join('\u001f', a), string.Join('\u001f', b)));
        return rows;
    }

    /// <summary>The first row that only one side has, and which side ("stored" has an extra, or is missing a).</summary>
    private static (string[] Row, string What)? FirstDifference(List<string[]> rebuilt, List<string[]> stored)
    {
        var rebuiltKeys = rebuilt.Select(r => string.Join('\u001f', r)).ToHashSet(StringComparer.Ordinal);
        var storedKeys = stored.Select(r => string.Join('\u001f', r)).ToHashSet(StringComparer.Ordinal);
        var extra = stored.FirstOrDefault(r => !rebuiltKeys.Contains(string.Join('\u001f', r)));
        if (extra is not null)
        {
            return (extra, "the stored table has an unexpected");
        }

        var missing = rebuilt.FirstOrDefault(r => !storedKeys.Contains(string.Join('\u001f', r)));
        return missing is null ? null : (missing, "the stored table lacks the");
    }

    /// <summary>
    /// One text form for a value from either database: SQLite keeps exact decimals as text ("5.0"),
    /// PostgreSQL as numeric (5), so numbers with a point are compared by value.
    /// </summary>
    /// <remarks>
    /// An empty text reads as NULL: before 2026-12 the embedded database's prepared statements stored "" as NULL (an empty
    /// span has no address), so files written then still verify, and against PostgreSQL.
    /// </remarks>
    private static string Normalize(object? value) => value switch
    {
        null or "" => "NULL",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        double d => ((decimal)d).ToString("0.############################", CultureInfo.InvariantCulture),
        string s when s.Contains('.', StringComparison.Ordinal) && decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) =>
            d.ToString("0.############################", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
