using System.Collections.Frozen;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;

namespace Tracewright.Domain.Trace;

/// <summary>
/// The genealogy in memory: every material link the ledger records (splits, consumption and output of
/// manufacture runs, installation into units, packing into containers, shipments, orders), derived from
/// the events themselves and kept in step by applying each new ledger record. Traces walk it without
/// touching the database.
/// </summary>
/// <remarks>
/// Links that last (installed, packed) have a start and an end; the others happen at one instant. A
/// forward trace carries the span of time during which the traced material is inside the current node, so
/// a component removed before its parent shipped does not reach that shipment. A backward trace asks what
/// was in a node at a moment. Both keep a visited set, so diamonds, merges and cycles end.
/// <para>
/// Layout, for memory (25 bytes a link and about 35 a node: some 45 bytes a link in all for a plant) and for
/// walks that touch few cache lines: nodes are interned in a <see cref="NodeTable"/>; links are parallel arrays
/// indexed by link number (from, to, instant — the start, for a lasting link — and kind and flags); the few
/// lasting links that have ended keep their end in a map; each node has a linked list of its outgoing and of
/// its incoming links (newest first, walked oldest first, so paths are the ones the order of the ledger gives). Any number of readers trace at once; applying a record takes the writer's
/// side of the lock.
/// </para>
/// </remarks>
public sealed partial class GenealogyIndex
{
    public const long Forever = long.MaxValue;

    /// <summary>"Now" for a backward trace: after every recorded moment, before <see cref="Forever"/>.</summary>
    public const long Now = long.MaxValue - 1;

    private const byte KindBits = 0x0F;
    private const byte LastingFlag = 0x10;
    private const byte RemovedFlag = 0x20;

    /// <summary>A lasting link not yet ended by its removal, unpacking or EPCIS DELETE (at most one per pair).</summary>
    private const byte OpenFlag = 0x40;

    /// <summary>A lasting link that has ended: its end is in <see cref="_ends"/> (most lasting links never end).</summary>
    private const byte EndedFlag = 0x80;

    private static readonly FrozenSet<string> Kinds = new[]
    {
        nameof(LotSplit), nameof(ManufactureRecorded), nameof(ComponentInstalled), nameof(ComponentRemoved), nameof(ContainerPacked),
        nameof(ContainerUnpacked), nameof(OrderPlaced), nameof(ShipmentShipped), nameof(ReturnReceived), nameof(ManufactureInputsCorrected),
        nameof(EpcisEventCaptured), nameof(EpcisEventDeclaredErroneous),
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private NodeTable _nodes;
    private int[] _outHead;
    private int[] _inHead;
    private int[] _from;
    private int[] _to;
    private int[] _nextOut;
    private int[] _nextIn;

    /// <summary>The instant of a one-off link; the start of a lasting one.</summary>
    private long[] _at;

    /// <summary>Step kind in the low bits, then <see cref="LastingFlag"/>, <see cref="RemovedFlag"/>, <see cref="OpenFlag"/>, <see cref="EndedFlag"/>.</summary>
    private byte[] _flags;

    /// <summary>The end of each lasting link that has ended; the others last <see cref="Forever"/>.</summary>
    private readonly Dictionary<int, long> _ends = [];

    private int _edgeCount;

    public GenealogyIndex()
        : this(new NodeTable(), edges: 0)
    {
    }

    /// <summary>An index with room for this many nodes and links and a little more (records keep coming; growing copies everything).</summary>
    private GenealogyIndex(NodeTable nodes, int edges)
    {
        _nodes = nodes;
        var nodeRoom = nodes.Count + (nodes.Count / 64) + 16;
        _outHead = new int[nodeRoom];
        _inHead = new int[nodeRoom];
        var edgeRoom = edges + (edges / 64) + 16;
        _from = new int[edgeRoom];
        _to = new int[edgeRoom];
        _nextOut = new int[edgeRoom];
        _nextIn = new int[edgeRoom];
        _at = new long[edgeRoom];
        _flags = new byte[edgeRoom];
        _byEpcisEvent = new(StringComparer.Ordinal);
    }

    /// <summary>The last ledger sequence applied; catching up reads from the next one.</summary>
    public long LastSequence { get; private set; }

    public int NodeCount => Read(() => _nodes.Count);

    public int EdgeCount => Read(() => _edgeCount);

    /// <summary>
    /// Bytes of the arrays that hold the genealogy (capacity, not only what is used), for the memory figures;
    /// the EPCIS error-declaration map is estimated. Object headers and the lock are left out.
    /// </summary>
    public long MemoryBytes => Read(() =>
        _nodes.MemoryBytes
        + ((_outHead.LongLength + _inHead.LongLength + _from.LongLength + _to.LongLength + _nextOut.LongLength + _nextIn.LongLength) * sizeof(int))
        + (_at.LongLength * sizeof(long))
        + (_ends.Count * 24L)
        + _flags.LongLength
        + _byEpcisEvent.Sum(p => 64L + (2 * p.Key.Length) + (p.Value.Closed.Length * sizeof(int))));

    /// <summary>Whether a ledger record of this kind can change the genealogy; others are skipped without reading their payload.</summary>
    public static bool Reads(string kind) => Kinds.Contains(kind);

    /// <summary>The ledger kinds <see cref="Reads"/> accepts.</summary>
    public static IReadOnlyCollection<string> KindsRead => Kinds;

    public bool Contains(NodeKey node) => Read(() => _nodes.Find(node.Kind, node.Id) >= 0);

    /// <summary>Applies one ledger record; records must come in sequence order, each once.</summary>
    public void Apply(LedgerEntry entry) =>
        Apply(entry.Sequence, entry.Kind, entry.OccurredAt, () => entry.Event);

    /// <summary>Applies one ledger record whose event the caller has read already.</summary>
    public void Apply(LedgerEntry entry, ILedgerEvent e) =>
        Apply(entry.Sequence, entry.Kind, entry.OccurredAt, () => e);

    /// <summary>
    /// Applies one ledger record from its stored columns; the payload is only deserialised when the kind
    /// matters to the genealogy (see <see cref="Reads"/>), which is most of the cost of loading.
    /// </summary>
    public void Apply(long sequence, string kind, string occurredAt, string? payload) =>
        Apply(sequence, kind, occurredAt, () => EventCatalog.Deserialize(kind, payload ?? throw new InvalidDataException($"record {sequence} ({kind}) has no payload")));

    private void Apply(long sequence, string kind, string occurredAt, Func<ILedgerEvent> read)
    {
        _gate.EnterWriteLock();
        try
        {
            if (sequence <= LastSequence)
            {
                return;
            }

            if (Reads(kind))
            {
                Apply(read(), Common.Timestamp.FromText(occurredAt).UtcTicks);
            }

            LastSequence = sequence;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private void Apply(ILedgerEvent e, long at)
    {
        switch (e)
        {
            case LotSplit split:
                foreach (var piece in split.Pieces)
                {
                    Link(Lot(split.Parent), Lot(piece.Piece), at, StepKind.Split);
                }

                break;
            case ManufactureRecorded made:
                var record = Node(NodeKind.Manufacture, made.Id.Value);
                foreach (var lot in made.Lots)
                {
                    Link(Lot(lot.Lot), record, at, StepKind.Consumed);
                }

                foreach (var unit in made.Units)
                {
                    Link(Unit(unit.Unit), record, at, StepKind.Consumed);
                }

                if (made.OutputLot is { } output)
                {
                    Link(record, Lot(output), at, StepKind.Produced);
                }

                foreach (var serial in made.OutputSerials)
                {
                    Link(record, Unit(UnitId.Of(made.Product, serial)), at, StepKind.Produced);
                }

                break;
            case ComponentInstalled installed:
                Open(installed.Component is { } c ? Unit(c) : Lot(installed.Lot!.Value), Unit(installed.Parent), at, StepKind.Installed);
                break;
            case ComponentRemoved removed:
                Close(removed.Component is { } rc ? Unit(rc) : Lot(removed.Lot!.Value), Unit(removed.Parent), at);
                break;
            case ContainerPacked packed:
                Open(Content(packed.Kind, packed.Content), Container(packed.Container), at, StepKind.Packed);
                break;
            case ContainerUnpacked unpacked:
                Close(Content(unpacked.Kind, unpacked.Content), Container(unpacked.Container), at);
                break;
            case OrderPlaced order:
                // An order belongs to its customer for good: whatever ships against it reaches the customer,
                // however long after the order was placed.
                AddLasting(Node(NodeKind.Order, order.Id.Value), Node(NodeKind.Customer, order.Customer.Value), long.MinValue, StepKind.Ordered, open: false);
                break;
            case ShipmentShipped shipment:
                var shipped = Node(NodeKind.Shipment, shipment.Id.Value);
                foreach (var lot in shipment.Lots.Where(l => l.Container is null))
                {
                    Link(Lot(lot.Lot), shipped, at, StepKind.Shipped);
                }

                foreach (var unit in shipment.Units.Where(u => u.Container is null))
                {
                    Link(Unit(unit.Unit), shipped, at, StepKind.Shipped);
                }

                foreach (var container in shipment.Containers)
                {
                    Link(Container(container), shipped, at, StepKind.Shipped);
                }

                Link(shipped, Node(NodeKind.Order, shipment.Order.Value), at, StepKind.Shipped);
                break;
            case ReturnReceived returned:
                // A returned quantity is a piece of its own that came back from the shipment.
                foreach (var piece in returned.Lots.Where(l => l.Piece is not null))
                {
                    Link(Node(NodeKind.Shipment, returned.Shipment.Value), Lot(piece.Piece!.Value), at, StepKind.Received);
                }

                break;
            case ManufactureInputsCorrected corrected:
                // What the record consumed is every live link into it (a run's only incoming links): the
                // correction replaces them all.
                var target = Node(NodeKind.Manufacture, corrected.Id.Value);
                for (var edge = _inHead[target]; edge >= 0; edge = _nextIn[edge])
                {
                    _flags[edge] |= RemovedFlag;
                }

                var when = corrected.Finished.UtcTicks;
                foreach (var lot in corrected.Lots)
                {
                    Link(Lot(lot.Lot), target, when, StepKind.Consumed);
                }

                foreach (var unit in corrected.Units)
                {
                    Link(Unit(unit.Unit), target, when, StepKind.Consumed);
                }

                break;
            case EpcisEventCaptured or EpcisEventDeclaredErroneous:
                ApplyEpcis(e);
                break;
        }
    }

    private int Lot(LotId id) => Node(NodeKind.Lot, id.Value);

    private int Unit(UnitId id) => Node(NodeKind.Unit, id.Value);

    private int Container(ContainerId id) => Node(NodeKind.Container, id.Value);

    private int Content(ContentKind kind, string id) => Node(kind switch
    {
        ContentKind.Unit => NodeKind.Unit,
        ContentKind.Lot => NodeKind.Lot,
        _ => NodeKind.Container,
    }, id);

    private int Node(NodeKind kind, string id)
    {
        var before = _nodes.Count;
        var node = _nodes.Intern(kind, id);
        if (_nodes.Count > before)
        {
            if (node >= _outHead.Length)
            {
                var size = NodeTable.Grow(_outHead.Length, node + 1);
                Array.Resize(ref _outHead, size);
                Array.Resize(ref _inHead, size);
            }

            _outHead[node] = -1;
            _inHead[node] = -1;
        }

        return node;
    }

    private int Link(int from, int to, long at, StepKind kind) => Add(from, to, at, (byte)kind);

    /// <summary>A link that lasts from its start until it is ended (see <see cref="End"/>).</summary>
    private int AddLasting(int from, int to, long start, StepKind kind, bool open) =>
        Add(from, to, start, (byte)((byte)kind | LastingFlag | (open ? OpenFlag : 0)));

    /// <summary>When a lasting link ends (<see cref="Forever"/> while it has not).</summary>
    private long EndOf(int edge) => (_flags[edge] & EndedFlag) == 0 ? Forever : _ends[edge];

    /// <summary>Ends an open lasting link (it stops being open) or, with <see cref="Forever"/>, lets an ended one last again.</summary>
    private void End(int edge, long at)
    {
        if (at == Forever)
        {
            _ends.Remove(edge);
            _flags[edge] = (byte)(_flags[edge] & ~EndedFlag);
        }
        else
        {
            _ends[edge] = at;
            _flags[edge] = (byte)((_flags[edge] | EndedFlag) & ~OpenFlag);
        }
    }

    /// <summary>Installs or packs: a lasting link from now on, which replaces any still open for the same pair.</summary>
    private void Open(int from, int to, long at, StepKind kind)
    {
        if (OpenLink(from, to) is var open and >= 0)
        {
            _flags[open] &= unchecked((byte)~OpenFlag);
        }

        AddLasting(from, to, at, kind, open: true);
    }

    /// <summary>Removes or unpacks: the open link of the pair ends now.</summary>
    private void Close(int from, int to, long at)
    {
        if (OpenLink(from, to) is var open and >= 0)
        {
            End(open, at);
        }
    }

    /// <summary>The open native link from one node to another, or −1 (a node's outgoing links are few: it is in few places at once).</summary>
    private int OpenLink(int from, int to)
    {
        for (var edge = _outHead[from]; edge >= 0; edge = _nextOut[edge])
        {
            if (_to[edge] == to && (_flags[edge] & OpenFlag) != 0)
            {
                return edge;
            }
        }

        return -1;
    }

    private int Add(int from, int to, long at, byte flags)
    {
        if (_edgeCount == _from.Length)
        {
            var size = NodeTable.Grow(_from.Length, _edgeCount + 1);
            Array.Resize(ref _from, size);
            Array.Resize(ref _to, size);
            Array.Resize(ref _nextOut, size);
            Array.Resize(ref _nextIn, size);
            Array.Resize(ref _at, size);
            Array.Resize(ref _flags, size);
        }

        var edge = _edgeCount++;
        _from[edge] = from;
        _to[edge] = to;
        _at[edge] = at;
        _flags[edge] = flags;
        _nextOut[edge] = _outHead[from];
        _outHead[from] = edge;
        _nextIn[edge] = _inHead[to];
        _inHead[to] = edge;
        return edge;
    }

    private T Read<T>(Func<T> read)
    {
        _gate.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }
}
