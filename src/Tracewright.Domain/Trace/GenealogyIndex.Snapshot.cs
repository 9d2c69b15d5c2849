using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Tracewright.Domain.Trace;

/// <summary>
/// The index as bytes, so a start need not replay the whole ledger: the node pool and offsets, the link arrays,
/// the ends of the lasting links that ended and what each EPCIS event made, as they are in memory (little-endian), with a checksum. The link
/// lists and the node table are rebuilt on reading, in the order the links were added, so a read index walks
/// exactly as the one written. The same index always writes the same bytes.
/// </summary>
/// <remarks>
/// A snapshot is derived data: whoever stores it also stores which ledger record it reflects and that record's
/// hash, and falls back to replaying the ledger when anything about it is off. Reading checks the checksum and
/// every number that points into an array, so a damaged snapshot is refused (<see cref="InvalidDataException"/>),
/// never half-used.
/// </remarks>
public sealed partial class GenealogyIndex
{
    private const uint Magic = 0x49475754; // "TWGI"
    private const int Format = 2;

    /// <summary>Writes the index as it is now and returns the last ledger record it reflects; readers may trace meanwhile, records wait.</summary>
    public long WriteSnapshot(Stream stream)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("genealogy snapshots are written on little-endian machines only");
        }

        _gate.EnterReadLock();
        try
        {
            var epcis = EpcisSection();
            var ended = _ends.Keys.Order().ToArray();
            var writer = new SnapshotWriter(stream);
            Span<byte> header = stackalloc byte[40];
            BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], Format);
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], LastSequence);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], _nodes.Count);
            BinaryPrimitives.WriteInt32LittleEndian(header[20..], _nodes.PoolLength);
            BinaryPrimitives.WriteInt32LittleEndian(header[24..], _edgeCount);
            BinaryPrimitives.WriteInt32LittleEndian(header[28..], ended.Length);
            BinaryPrimitives.WriteInt32LittleEndian(header[32..], epcis.Length);
            writer.Write(header);
            var (pool, offsets) = _nodes.Raw();
            writer.Write(MemoryMarshal.AsBytes(offsets.Span));
            writer.Write(pool.Span);
            writer.Write(MemoryMarshal.AsBytes(_from.AsSpan(0, _edgeCount)));
            writer.Write(MemoryMarshal.AsBytes(_to.AsSpan(0, _edgeCount)));
            writer.Write(MemoryMarshal.AsBytes(_at.AsSpan(0, _edgeCount)));
            writer.Write(_flags.AsSpan(0, _edgeCount));
            writer.Write(MemoryMarshal.AsBytes(ended.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(ended.Select(e => _ends[e]).ToArray().AsSpan()));
            writer.Write(epcis);
            writer.Finish();
            return LastSequence;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Reads an index written by <see cref="WriteSnapshot"/> of <paramref name="length"/> bytes (checked against the counts
    /// before anything large is allocated); throws <see cref="InvalidDataException"/> for anything else.
    /// </summary>
    public static GenealogyIndex ReadSnapshot(Stream stream, long length)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("genealogy snapshots are read on little-endian machines only");
        }

        try
        {
            var reader = new SnapshotReader(stream);
            Span<byte> header = stackalloc byte[40];
            reader.Read(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != Format)
            {
                throw new InvalidDataException("not a genealogy snapshot of this format");
            }

            var sequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
            var nodeCount = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            var poolLength = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
            var edgeCount = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
            var endCount = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
            var epcisLength = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
            if (sequence < 0 || nodeCount < 0 || poolLength < 0 || edgeCount < 0 || endCount < 0 || epcisLength < 0
                || nodeCount >= Array.MaxLength || endCount > edgeCount || (long)nodeCount > poolLength)
            {
                throw new InvalidDataException("the snapshot's counts are impossible");
            }

            var expected = header.Length + (4L * (nodeCount + 1)) + poolLength + (17L * edgeCount) + (12L * endCount) + epcisLength + sizeof(ulong);
            if (expected != length)
            {
                throw new InvalidDataException($"the snapshot's counts call for {expected} bytes, it has {length}");
            }

            var offsets = new int[nodeCount + 1];
            reader.Read(MemoryMarshal.AsBytes(offsets.AsSpan()));
            if (offsets[nodeCount] != poolLength)
            {
                throw new InvalidDataException("the snapshot's node offsets do not end at its pool's end");
            }

            var pool = new byte[poolLength + (poolLength / 64) + 64];
            reader.Read(pool.AsSpan(0, poolLength));
            var nodes = NodeTable.FromRaw(pool, Room(offsets, nodeCount + (nodeCount / 64) + 17), nodeCount)
                ?? throw new InvalidDataException("the snapshot's nodes are inconsistent");
            // Placing millions of nodes in the lookup table runs while the links are read (two cores are common).
            var placing = Task.Run(nodes.Place);
            var index = new GenealogyIndex(nodes, edgeCount);
            reader.Read(MemoryMarshal.AsBytes(index._from.AsSpan(0, edgeCount)));
            reader.Read(MemoryMarshal.AsBytes(index._to.AsSpan(0, edgeCount)));
            reader.Read(MemoryMarshal.AsBytes(index._at.AsSpan(0, edgeCount)));
            reader.Read(index._flags.AsSpan(0, edgeCount));
            var ended = new int[endCount];
            var ends = new long[endCount];
            reader.Read(MemoryMarshal.AsBytes(ended.AsSpan()));
            reader.Read(MemoryMarshal.AsBytes(ends.AsSpan()));
            var epcis = new byte[epcisLength];
            reader.Read(epcis);
            reader.Finish();

            index._edgeCount = edgeCount;
            index.LastSequence = sequence;
            index.Relink(ended, ends);
            index.ReadEpcisSection(epcis);
            placing.GetAwaiter().GetResult();
            return index;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException or OutOfMemoryException)
        {
            throw new InvalidDataException($"the genealogy snapshot is damaged: {e.Message}", e);
        }
    }

    private static int[] Room(int[] offsets, int length)
    {
        Array.Resize(ref offsets, length);
        return offsets;
    }

    /// <summary>Checks every link and rebuilds the link lists in the order the links were added.</summary>
    private void Relink(int[] ended, long[] ends)
    {
        for (var i = 0; i < ended.Length; i++)
        {
            if ((uint)ended[i] >= (uint)_edgeCount || (i > 0 && ended[i] <= ended[i - 1]) || ends[i] == Forever)
            {
                throw new InvalidDataException("the snapshot's ended links are impossible");
            }

            _ends[ended[i]] = ends[i];
        }

        var nodes = _nodes.Count;
        var flaggedEnded = 0;
        for (var edge = 0; edge < _edgeCount; edge++)
        {
            var (from, to, flags) = (_from[edge], _to[edge], _flags[edge]);
            var lasting = (flags & LastingFlag) != 0;
            var endedFlag = (flags & EndedFlag) != 0;
            if ((uint)from >= (uint)nodes || (uint)to >= (uint)nodes || (flags & KindBits) > (byte)StepKind.Associated
                || (!lasting && (flags & (OpenFlag | EndedFlag)) != 0) || (flags & (OpenFlag | EndedFlag)) == (OpenFlag | EndedFlag)
                || (endedFlag && !_ends.ContainsKey(edge)))
            {
                throw new InvalidDataException($"link {edge} of the snapshot is impossible");
            }

            flaggedEnded += endedFlag ? 1 : 0;
        }

        // Outgoing and incoming lists are separate arrays: built side by side.
        Parallel.Invoke(() => Link(_from, _outHead, _nextOut), () => Link(_to, _inHead, _nextIn));

        if (flaggedEnded != _ends.Count)
        {
            throw new InvalidDataException("the snapshot's ended links do not match its links");
        }
    }

    /// <summary>Rebuilds one direction's lists (newest first, as <see cref="Add"/> makes them).</summary>
    private void Link(int[] by, int[] head, int[] next)
    {
        Array.Fill(head, -1);
        for (var edge = 0; edge < _edgeCount; edge++)
        {
            next[edge] = head[by[edge]];
            head[by[edge]] = edge;
        }
    }

    /// <summary>Each event's key, first link, count and closed links; by key, so the bytes do not depend on the map's history.</summary>
    private byte[] EpcisSection()
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        writer.Write(_byEpcisEvent.Count);
        foreach (var (key, links) in _byEpcisEvent.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write(links.First);
            writer.Write(links.Count);
            writer.Write(links.Closed.Length);
            foreach (var edge in links.Closed)
            {
                writer.Write(edge);
            }
        }

        writer.Flush();
        return buffer.ToArray();
    }

    private void ReadEpcisSection(byte[] section)
    {
        using var reader = new BinaryReader(new MemoryStream(section), Encoding.UTF8);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var (first, made, closedCount) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            if (first < 0 || made < 0 || (long)first + made > _edgeCount || closedCount < 0 || closedCount > _edgeCount)
            {
                throw new InvalidDataException($"the snapshot's links of EPCIS event {key} are impossible");
            }

            var closed = new int[closedCount];
            for (var c = 0; c < closedCount; c++)
            {
                closed[c] = reader.ReadInt32();
                if ((uint)closed[c] >= (uint)_edgeCount || (_flags[closed[c]] & LastingFlag) == 0)
                {
                    throw new InvalidDataException($"the snapshot's links of EPCIS event {key} are impossible");
                }
            }

            if (!_byEpcisEvent.TryAdd(key, new EpcisLinks(first, made, closed)))
            {
                throw new InvalidDataException($"EPCIS event {key} is twice in the snapshot");
            }
        }

        if (reader.BaseStream.Position != section.Length)
        {
            throw new InvalidDataException("the snapshot's EPCIS section has bytes left over");
        }
    }

    /// <summary>
    /// A 64-bit checksum over everything written, in four independent lanes so it runs at memory speed (the machine
    /// may lack SHA instructions, and this guards against damage, not tampering: <c>verify</c> compares a snapshot
    /// with the ledger replayed).
    /// </summary>
    private struct Checksum
    {
        private const ulong Prime1 = 0x9E3779B185EBCA87;
        private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;
        private ulong _a, _b, _c, _d;
        private long _length;

        public Checksum()
        {
            (_a, _b, _c, _d) = (unchecked(Prime1 + Prime2), Prime2, 0, unchecked(0 - Prime1));
        }

        public void Add(ReadOnlySpan<byte> data)
        {
            _length += data.Length;
            var words = MemoryMarshal.Cast<byte, ulong>(data);
            var i = 0;
            for (; i + 4 <= words.Length; i += 4)
            {
                _a = Round(_a, words[i]);
                _b = Round(_b, words[i + 1]);
                _c = Round(_c, words[i + 2]);
                _d = Round(_d, words[i + 3]);
            }

            for (; i < words.Length; i++)
            {
                _a = Round(_a, words[i]);
            }

            foreach (var b in data[(words.Length * sizeof(ulong))..])
            {
                _b = Round(_b, b);
            }

            // Sections of different lengths must not line up the same way.
            _c = Round(_c, (ulong)data.Length);
        }

        public readonly ulong Value
        {
            get
            {
                var hash = BitOperations.RotateLeft(_a, 1) + BitOperations.RotateLeft(_b, 7) + BitOperations.RotateLeft(_c, 12) + BitOperations.RotateLeft(_d, 18) + (ulong)_length;
                hash ^= hash >> 33;
                hash *= Prime2;
                hash ^= hash >> 29;
                return hash;
            }
        }

        private static ulong Round(ulong lane, ulong value) => BitOperations.RotateLeft(lane + (value * Prime2), 31) * Prime1;
    }

    private sealed class SnapshotWriter(Stream stream)
    {
        private Checksum _checksum = new();

        public void Write(ReadOnlySpan<byte> bytes)
        {
            _checksum.Add(bytes);
            stream.Write(bytes);
        }

        public void Finish()
        {
            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(trailer, _checksum.Value);
            stream.Write(trailer);
        }
    }

    private sealed class SnapshotReader(Stream stream)
    {
        private Checksum _checksum = new();

        public void Read(Span<byte> bytes)
        {
            stream.ReadExactly(bytes);
            _checksum.Add(bytes);
        }

        public void Finish()
        {
            Span<byte> trailer = stackalloc byte[9];
            var read = stream.ReadAtLeast(trailer, trailer.Length, throwOnEndOfStream: false);
            if (read != 8 || BinaryPrimitives.ReadUInt64LittleEndian(trailer) != _checksum.Value)
            {
                throw new InvalidDataException(read == 8 ? "the snapshot does not match its checksum" : "the snapshot does not end where it should");
            }
        }
    }
}
