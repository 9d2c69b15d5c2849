using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Trace;

namespace Tracewright.Data.Trace;

/// <summary>
/// Stores and finds snapshots of the genealogy index in the database itself (<c>genealogy_snapshots</c>, with the
/// bytes in <c>genealogy_snapshot_chunks</c>), so every process on the same SQLite file or PostgreSQL server starts
/// from one: a start at ten million records reads a few hundred megabytes instead of replaying the ledger.
/// </summary>
/// <remarks>
/// A snapshot is used only when it fits the ledger: the record it names exists with the hash it noted, its bytes
/// are all there and pass the index's own checks. Anything else (a ledger restored from elsewhere, a damaged or
/// missing chunk, a format this binary does not read) is reported as the reason and the caller replays the ledger.
/// Saving writes chunks in short transactions, so writers are held up for milliseconds at a time, and marks the
/// snapshot complete last.
/// </remarks>
public static class GenealogySnapshots
{
    /// <summary>Bytes per stored chunk: large enough for few rows, small enough for a short transaction each.</summary>
    public const int ChunkBytes = 4 << 20;

    /// <summary>Chunks written per transaction.</summary>
    private const int ChunksPerTransaction = 4;

    /// <summary>An incomplete snapshot older than this was abandoned by a process that stopped while saving.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    /// <summary>The snapshot (a row of <paramref name="table"/>) names a record the ledger has, with the hash it has; else it is of no use to anyone.</summary>
    private static string FitsTheLedger(string table) => $"EXISTS (SELECT 1 FROM ledger l WHERE l.seq = {table}.seq AND l.hash = {table}.ledger_hash)";

    /// <summary>A stored snapshot: the ledger record it reflects and that record's hash.</summary>
    public sealed record Stored(long Id, long Seq, string LedgerHash, long Bytes, long Chunks);

    /// <summary>What looking for a snapshot found: an index to catch up, or none and why not (null when there was none).</summary>
    public sealed record Found(GenealogyIndex? Index, Stored? Snapshot, string? Problem);

    /// <summary>The newest complete snapshot, read in one consistent view of the database.</summary>
    public static async Task<Found> LoadAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await database.BeginSnapshotAsync(connection, cancellationToken);
        var snapshot = (await CompleteAsync(connection, transaction, "ORDER BY seq DESC, id DESC LIMIT 1", cancellationToken)).SingleOrDefault();
        if (snapshot is null)
        {
            return new Found(null, null, null);
        }

        var hash = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT hash FROM ledger WHERE seq = @seq", new { seq = snapshot.Seq }, transaction, cancellationToken: cancellationToken));
        if (hash != snapshot.LedgerHash)
        {
            return new Found(null, snapshot, hash is null
                ? $"genealogy snapshot {snapshot.Id} reflects record {snapshot.Seq}, which the ledger does not have"
                : $"genealogy snapshot {snapshot.Id} was made from another ledger (record {snapshot.Seq} has a different hash)");
        }

        try
        {
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                "SELECT chunk, content FROM genealogy_snapshot_chunks WHERE snapshot_id = @id ORDER BY chunk", new { id = snapshot.Id }, transaction, cancellationToken: cancellationToken));
            await using var stream = new ChunkReader(reader, snapshot.Bytes, snapshot.Chunks);
            var index = GenealogyIndex.ReadSnapshot(stream, snapshot.Bytes);
            return index.LastSequence == snapshot.Seq
                ? new Found(index, snapshot, null)
                : new Found(null, snapshot, $"genealogy snapshot {snapshot.Id} holds record {index.LastSequence}, not {snapshot.Seq}");
        }
        catch (InvalidDataException e)
        {
            return new Found(null, snapshot, $"genealogy snapshot {snapshot.Id} cannot be used: {e.Message}");
        }
    }

    /// <summary>
    /// Stores the index as it is now, unless a snapshot at or past its record is stored already, and deletes the
    /// older ones (and abandoned ones); null when nothing was stored.
    /// </summary>
    public static async Task<Stored?> SaveAsync(Database database, GenealogyIndex index, TimeProvider clock, CancellationToken cancellationToken)
    {
        var bytes = new ChunkWriter();
        var seq = index.WriteSnapshot(bytes);
        bytes.Flush();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (database.Dialect == Dialect.Sqlite)
        {
            // A snapshot is a favour to the next start, not worth waiting long for the write lock (a bulk import may hold it).
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA busy_timeout=2000", cancellationToken: cancellationToken));
        }

        var newest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT MAX(seq) FROM genealogy_snapshots WHERE complete = 1 AND {FitsTheLedger("genealogy_snapshots")}", cancellationToken: cancellationToken));
        var hash = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT hash FROM ledger WHERE seq = @seq", new { seq }, cancellationToken: cancellationToken));
        if (seq == 0 || newest >= seq || hash is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO genealogy_snapshots (seq, ledger_hash, bytes, chunks, complete, created_at) VALUES (@seq, @hash, @length, @chunks, 0, @at) RETURNING id",
            new { seq, hash, length = bytes.Length, chunks = bytes.Chunks.Count, at = Timestamp.ToText(now) },
            cancellationToken: cancellationToken));
        foreach (var group in bytes.Chunks.Select((content, chunk) => (content, chunk)).Chunk(ChunksPerTransaction))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var (content, chunk) in group)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO genealogy_snapshot_chunks (snapshot_id, chunk, content) VALUES (@id, @chunk, @content)",
                    new { id, chunk, content },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE genealogy_snapshots SET complete = 1 WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            // ON DELETE CASCADE takes their chunks.
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM genealogy_snapshots WHERE id <> @id AND ((complete = 1 AND (seq <= @seq OR NOT {FitsTheLedger("genealogy_snapshots")})) OR (complete = 0 AND created_at < @abandoned))",
                new { id, seq, abandoned = Timestamp.ToText(now - Abandoned) },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        return new Stored(id, seq, hash, bytes.Length, bytes.Chunks.Count);
    }

    /// <summary>Every complete snapshot with the SHA-256 of its stored bytes, for <c>verify</c> to compare with the ledger replayed.</summary>
    internal static async Task<List<(Stored Snapshot, string Sha256)>> DigestsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var stored = await CompleteAsync(connection, transaction, "ORDER BY id", cancellationToken);
        var digests = new List<(Stored, string)>();
        foreach (var snapshot in stored)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                "SELECT content FROM genealogy_snapshot_chunks WHERE snapshot_id = @id ORDER BY chunk", new { id = snapshot.Id }, transaction, cancellationToken: cancellationToken));
            while (await reader.ReadAsync(cancellationToken))
            {
                sha.AppendData(reader.GetFieldValue<byte[]>(0));
            }

            digests.Add((snapshot, Convert.ToHexString(sha.GetHashAndReset())));
        }

        return digests;
    }

    /// <summary>Complete snapshots in an order (read by hand: with no rows, SQLite cannot tell Dapper the columns' types).</summary>
    private static async Task<List<Stored>> CompleteAsync(DbConnection connection, DbTransaction transaction, string order, CancellationToken cancellationToken)
    {
        var stored = new List<Stored>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"SELECT id, seq, ledger_hash, bytes, chunks FROM genealogy_snapshots WHERE complete = 1 {order}", transaction: transaction, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            stored.Add(new Stored(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return stored;
    }

    /// <summary>The SHA-256 of the snapshot the index writes now, to compare with a stored one.</summary>
    internal static string Digest(GenealogyIndex index)
    {
        using var sha = new HashingStream();
        index.WriteSnapshot(sha);
        return sha.Digest();
    }

    /// <summary>Collects what is written in <see cref="ChunkBytes"/> pieces (no single huge array, no copying as it grows).</summary>
    private sealed class ChunkWriter : Stream
    {
        private int _used;

        public List<byte[]> Chunks { get; } = [];

        public override long Length => Chunks.Count == 0 ? 0 : ((Chunks.Count - 1L) * ChunkBytes) + _used;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (buffer.Length > 0)
            {
                if (Chunks.Count == 0 || _used == ChunkBytes)
                {
                    Chunks.Add(new byte[ChunkBytes]);
                    _used = 0;
                }

                var take = Math.Min(buffer.Length, ChunkBytes - _used);
                buffer[..take].CopyTo(Chunks[^1].AsSpan(_used));
                _used += take;
                buffer = buffer[take..];
            }
        }

        /// <summary>Trims the last chunk to what was written; call once, at the end.</summary>
        public override void Flush()
        {
            if (Chunks.Count > 0 && _used < Chunks[^1].Length)
            {
                Chunks[^1] = Chunks[^1][.._used];
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => Length; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The stored chunks of one snapshot as one stream, checking they are numbered 0, 1, 2… and add up to its length.</summary>
    private sealed class ChunkReader(DbDataReader reader, long length, long chunks) : Stream
    {
        private byte[] _chunk = [];
        private int _offset;
        private int _next;
        private long _position;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override int Read(Span<byte> buffer)
        {
            while (_offset == _chunk.Length)
            {
                if (!reader.Read())
                {
                    if (_position != length || _next != chunks)
                    {
                        throw new InvalidDataException($"chunks are missing: {_position} of {length} bytes in {_next} of {chunks} chunks");
                    }

                    return 0;
                }

                if (reader.GetInt32(0) != _next++)
                {
                    throw new InvalidDataException($"chunk {_next - 1} is missing");
                }

                _chunk = reader.GetFieldValue<byte[]>(1);
                _offset = 0;
                if (_position + _chunk.Length > length)
                {
                    throw new InvalidDataException($"the chunks hold more than the {length} bytes noted");
                }
            }

            var take = Math.Min(buffer.Length, _chunk.Length - _offset);
            _chunk.AsSpan(_offset, take).CopyTo(buffer);
            _offset += take;
            _position += take;
            return take;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Digest() => Convert.ToHexString(_sha.GetHashAndReset());

        public override void Write(ReadOnlySpan<byte> buffer) => _sha.AppendData(buffer);

        public override void Write(byte[] buffer, int offset, int count) => _sha.AppendData(buffer, offset, count);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
