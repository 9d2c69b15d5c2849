using System.Text;

namespace Tracewright.Domain.Trace;

/// <summary>
/// The genealogy's nodes, interned: node <c>n</c> is its kind byte followed by its id in UTF-8 at
/// <c>pool[offsets[n] .. offsets[n + 1]]</c>, found by an open-addressing table of node numbers. About 30 bytes a
/// node instead of a <see cref="string"/>, a <see cref="NodeKey"/> and a dictionary entry (over 100).
/// </summary>
/// <remarks>
/// Ids are compared as UTF-8, so two ids that differ only in unpaired surrogates (which have no UTF-8 form) would
/// be one node; identifiers in the ledger are validated text and never hold them. Node numbers are dense
/// (0 … <see cref="Count"/> − 1) and never change. Not thread-safe; the index guards it.
/// </remarks>
internal sealed class NodeTable
{
    private const int StackLimit = 256;

    private byte[] _pool;
    private int _poolLength;
    private int[] _offsets;
    private int[] _slots;

    public NodeTable(int nodes = 0, int poolBytes = 0)
    {
        _pool = new byte[Math.Max(poolBytes, 64)];
        _offsets = new int[Math.Max(nodes, 4) + 1];
        _slots = new int[SlotsFor(nodes)];
    }

    public int Count { get; private set; }

    public int PoolLength => _poolLength;

    /// <summary>Bytes held, for the memory figures.</summary>
    public long MemoryBytes => _pool.LongLength + (_offsets.LongLength * sizeof(int)) + (_slots.LongLength * sizeof(int));

    public NodeKind Kind(int node) => (NodeKind)_pool[_offsets[node]];

    public NodeKey Key(int node)
    {
        var start = _offsets[node];
        return new NodeKey((NodeKind)_pool[start], Encoding.UTF8.GetString(_pool, start + 1, _offsets[node + 1] - start - 1));
    }

    /// <summary>The node's number, or −1 when the genealogy has no such node.</summary>
    public int Find(NodeKind kind, string id)
    {
        var bytes = Encode(kind, id, stackalloc byte[StackLimit]);
        var slot = Probe(bytes, Hash(bytes));
        return _slots[slot] - 1;
    }

    /// <summary>The node's number, adding the node when it is new.</summary>
    public int Intern(NodeKind kind, string id)
    {
        var bytes = Encode(kind, id, stackalloc byte[StackLimit]);
        var hash = Hash(bytes);
        var slot = Probe(bytes, hash);
        if (_slots[slot] != 0)
        {
            return _slots[slot] - 1;
        }

        var node = Append(bytes);
        _slots[slot] = node + 1;
        if ((long)Count * 4 > (long)_slots.Length * 3)
        {
            Rehash((int)Math.Min(Array.MaxLength, _slots.Length * 2L));
        }

        return node;
    }

    /// <summary>The raw form, for the snapshot: the pool and the offsets (one more than <see cref="Count"/>).</summary>
    public (ReadOnlyMemory<byte> Pool, ReadOnlyMemory<int> Offsets) Raw() =>
        (_pool.AsMemory(0, _poolLength), _offsets.AsMemory(0, Count + 1));

    /// <summary>
    /// A table from its raw form (see <see cref="Raw"/>), or null when the offsets do not describe the pool (every node
    /// needs its kind byte, offsets must rise and end at the pool's length).
    /// </summary>
    /// <remarks>
    /// Nodes are placed without comparing them with each other: the raw form comes from <see cref="Raw"/> of a table that
    /// held each key once, behind a checksum, and comparing ten million keys with their neighbours in the table (a miss
    /// in the cache each) was most of a start's time.
    /// </remarks>
    public static NodeTable? FromRaw(byte[] pool, int[] offsets, int count)
    {
        if (offsets.Length < count + 1 || offsets[0] != 0 || offsets[count] > pool.Length)
        {
            return null;
        }

        for (var n = 0; n < count; n++)
        {
            if (offsets[n + 1] <= offsets[n] || pool[offsets[n]] > (byte)NodeKind.Transformation)
            {
                return null;
            }
        }

        return new NodeTable { _pool = pool, _poolLength = offsets[count], _offsets = offsets, Count = count, _slots = [] };
    }

    /// <summary>Places every node in the lookup table; a table from <see cref="FromRaw"/> needs this once before use.</summary>
    public void Place() => Rehash(SlotsFor(Count));

    /// <summary>At most 70 % full after a load (any size, not a power of two: at ten million nodes that is megabytes).</summary>
    private static int SlotsFor(int nodes) => (int)Math.Min(Array.MaxLength, (nodes * 10L / 7) + 16);

    /// <summary>Where a hash starts probing: its high bits scaled to the table (the hash is well mixed).</summary>
    private int Home(int hash) => (int)(((ulong)(uint)hash * (ulong)_slots.Length) >> 32);

    private int Next(int slot) => slot + 1 == _slots.Length ? 0 : slot + 1;

    private ReadOnlySpan<byte> Bytes(int node) => _pool.AsSpan(_offsets[node], _offsets[node + 1] - _offsets[node]);

    /// <summary>The node's stored form: its kind byte, then its id in UTF-8 (in <paramref name="buffer"/> when it fits).</summary>
    private static Span<byte> Encode(NodeKind kind, string id, Span<byte> buffer)
    {
        var length = Encoding.UTF8.GetByteCount(id) + 1;
        var bytes = length <= buffer.Length ? buffer[..length] : new byte[length];
        bytes[0] = (byte)kind;
        Encoding.UTF8.GetBytes(id, bytes[1..]);
        return bytes;
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    /// <summary>The slot holding these bytes, or the empty slot where they would go.</summary>
    private int Probe(ReadOnlySpan<byte> bytes, int hash)
    {
        var slot = Home(hash);
        while (_slots[slot] != 0 && !Bytes(_slots[slot] - 1).SequenceEqual(bytes))
        {
            slot = Next(slot);
        }

        return slot;
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        if (_poolLength + bytes.Length > _pool.Length)
        {
            Array.Resize(ref _pool, Grow(_pool.Length, _poolLength + bytes.Length));
        }

        if (Count + 2 > _offsets.Length)
        {
            Array.Resize(ref _offsets, Grow(_offsets.Length, Count + 2));
        }

        bytes.CopyTo(_pool.AsSpan(_poolLength));
        _poolLength += bytes.Length;
        Count++;
        _offsets[Count] = _poolLength;
        return Count - 1;
    }

    private void Rehash(int slots)
    {
        _slots = new int[slots];
        for (var n = 0; n < Count; n++)
        {
            var slot = Home(Hash(Bytes(n)));
            while (_slots[slot] != 0)
            {
                slot = Next(slot);
            }

            _slots[slot] = n + 1;
        }
    }

    /// <summary>Grows by half: doubling would leave up to half of a large array unused.</summary>
    internal static int Grow(int current, int needed) => (int)Math.Min(Array.MaxLength, Math.Max(needed, current + (current / 2) + 16));
}
