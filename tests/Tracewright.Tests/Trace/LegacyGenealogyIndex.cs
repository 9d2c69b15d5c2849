using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;

using Tracewright.Domain.Epcis;
using Tracewright.Domain.Trace;

namespace Tracewright.Tests.Trace;

/// <summary>
/// The genealogy index as it was before it was made compact (List-of-lists adjacency, a dictionary of node texts),
/// kept verbatim as the oracle for what the SQL reference cannot check: the exact hits, their order and their paths,
/// and the links a forward walk followed.
/// </summary>
internal sealed partial class LegacyGenealogyIndex
{
    public const long Forever = long.MaxValue;

    /// <summary>"Now" for a backward trace: after every recorded moment, before <see cref="Forever"/>.</summary>
    public const long Now = long.MaxValue - 1;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<NodeKey> _nodes = [];
    private readonly List<List<int>> _out = [];
    private readonly List<List<int>> _in = [];
    private readonly List<Edge> _edges = [];
    private readonly Dictionary<(int From, int To), int> _open = [];
    private readonly Dictionary<int, List<int>> _byManufacture = [];
    private readonly Lock _gate = new();

    private struct Edge
    {
        public int From;
        public int To;
        public long Start;
        public long End;
        public bool Lasting;
        public bool Removed;
        public StepKind Kind;
    }

    /// <summary>The last ledger sequence applied; catching up reads from the next one.</summary>
    public long LastSequence { get; private set; }

    public int NodeCount => _nodes.Count;

    public int EdgeCount => _edges.Count;

    public bool Contains(NodeKey node) => _ids.ContainsKey(node.Text);

    /// <summary>Applies one ledger record; records must come in sequence order, each once.</summary>
    public void Apply(LedgerEntry entry)
    {
        lock (_gate)
        {
            if (entry.Sequence <= LastSequence)
            {
                return;
            }

            var at = Tracewright.Domain.Common.Timestamp.FromText(entry.OccurredAt).UtcTicks;
            Apply(entry.Event, at);
            LastSequence = entry.Sequence;
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
                var record = Node(new NodeKey(NodeKind.Manufacture, made.Id.Value));
                foreach (var lot in made.Lots)
                {
                    Remember(record, Link(Lot(lot.Lot), record, at, StepKind.Consumed));
                }

                foreach (var unit in made.Units)
                {
                    Remember(record, Link(Unit(unit.Unit), record, at, StepKind.Consumed));
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
                Add(new Edge { From = Node(new NodeKey(NodeKind.Order, order.Id.Value)), To = Node(new NodeKey(NodeKind.Customer, order.Customer.Value)), Start = long.MinValue, End = Forever, Lasting = true, Kind = StepKind.Ordered });
                break;
            case ShipmentShipped shipment:
                var shipped = Node(new NodeKey(NodeKind.Shipment, shipment.Id.Value));
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

                Link(shipped, Node(new NodeKey(NodeKind.Order, shipment.Order.Value)), at, StepKind.Shipped);
                break;
            case ManufactureInputsCorrected corrected:
                var target = Node(new NodeKey(NodeKind.Manufacture, corrected.Id.Value));
                foreach (var old in _byManufacture.GetValueOrDefault(target) ?? [])
                {
                    var edge = _edges[old];
                    edge.Removed = true;
                    _edges[old] = edge;
                }

                _byManufacture.Remove(target);
                var when = corrected.Finished.UtcTicks;
                foreach (var lot in corrected.Lots)
                {
                    Remember(target, Link(Lot(lot.Lot), target, when, StepKind.Consumed));
                }

                foreach (var unit in corrected.Units)
                {
                    Remember(target, Link(Unit(unit.Unit), target, when, StepKind.Consumed));
                }

                break;
            case EpcisEventCaptured or EpcisEventDeclaredErroneous:
                ApplyEpcis(e);
                break;
        }
    }

    /// <summary>
    /// Everything made from the start nodes, down to shipments, orders and customers, each with a path.
    /// <paramref name="traversed"/>, when given, receives every link the walk followed — e.g. to tell which
    /// lines of a shipment carried the material, not only that the shipment did.
    /// </summary>
    public IReadOnlyList<TraceHit> Forward(IEnumerable<NodeKey> start, ISet<(NodeKey From, NodeKey To)>? traversed = null)
    {
        lock (_gate)
        {
            var states = new List<(int Node, long From, long To, int Parent, int Edge)>();
            var windows = new Dictionary<int, List<(long From, long To)>>();
            var queue = new Queue<int>();
            foreach (var node in start.Select(s => _ids.TryGetValue(s.Text, out var id) ? id : -1).Where(id => id >= 0).Distinct())
            {
                windows[node] = [(long.MinValue, Forever)];
                states.Add((node, long.MinValue, Forever, -1, -1));
                queue.Enqueue(states.Count - 1);
            }

            while (queue.Count > 0)
            {
                var index = queue.Dequeue();
                var state = states[index];
                foreach (var edgeIndex in _out[state.Node])
                {
                    var edge = _edges[edgeIndex];
                    if (edge.Removed)
                    {
                        continue;
                    }

                    long from, to;
                    if (edge.Lasting)
                    {
                        (from, to) = (Math.Max(state.From, edge.Start), Math.Min(state.To, edge.End));
                        if (from >= to)
                        {
                            continue;
                        }
                    }
                    else
                    {
                        if (edge.Start < state.From || edge.Start >= state.To)
                        {
                            continue;
                        }

                        (from, to) = (edge.Start, Forever);
                    }

                    traversed?.Add((_nodes[edge.From], _nodes[edge.To]));
                    if (!windows.TryGetValue(edge.To, out var seen))
                    {
                        windows[edge.To] = seen = [];
                    }
                    else if (seen.Any(w => w.From <= from && to <= w.To))
                    {
                        continue;
                    }

                    seen.Add((from, to));
                    states.Add((edge.To, from, to, index, edgeIndex));
                    queue.Enqueue(states.Count - 1);
                }
            }

            return Hits(states.Select(s => (s.Node, s.Parent, s.Edge)).ToList());
        }
    }

    /// <summary>Everything the start nodes were made of as of a moment (<see cref="Now"/> by default), each with a path.</summary>
    public IReadOnlyList<TraceHit> Backward(IEnumerable<NodeKey> start, long asOf = Now)
    {
        lock (_gate)
        {
            var states = new List<(int Node, long At, int Parent, int Edge)>();
            var seen = new HashSet<(int, long)>();
            var queue = new Queue<int>();
            foreach (var node in start.Select(s => _ids.TryGetValue(s.Text, out var id) ? id : -1).Where(id => id >= 0).Distinct())
            {
                seen.Add((node, asOf));
                states.Add((node, asOf, -1, -1));
                queue.Enqueue(states.Count - 1);
            }

            while (queue.Count > 0)
            {
                var index = queue.Dequeue();
                var state = states[index];
                foreach (var edgeIndex in _in[state.Node])
                {
                    var edge = _edges[edgeIndex];
                    if (edge.Removed)
                    {
                        continue;
                    }

                    long at;
                    if (edge.Lasting)
                    {
                        if (edge.Start > state.At || state.At >= edge.End)
                        {
                            continue;
                        }

                        at = state.At;
                    }
                    else
                    {
                        if (edge.Start > state.At)
                        {
                            continue;
                        }

                        at = edge.Start;
                    }

                    if (!seen.Add((edge.From, at)))
                    {
                        continue;
                    }

                    states.Add((edge.From, at, index, edgeIndex));
                    queue.Enqueue(states.Count - 1);
                }
            }

            return Hits(states.Select(s => (s.Node, s.Parent, s.Edge)).ToList(), backward: true);
        }
    }

    /// <summary>The first (shortest) path found to each node; start nodes are not hits.</summary>
    private List<TraceHit> Hits(List<(int Node, int Parent, int Edge)> states, bool backward = false)
    {
        var hits = new List<TraceHit>();
        var done = new HashSet<int>();
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i].Parent < 0 || !done.Add(states[i].Node))
            {
                continue;
            }

            var path = new List<TraceStep>();
            for (var s = i; s >= 0; s = states[s].Parent)
            {
                var edge = states[s].Edge >= 0 ? _edges[states[s].Edge] : (Edge?)null;
                path.Add(new TraceStep(_nodes[states[s].Node], edge?.Kind, edge is { Start: > 0 } e ? new DateTimeOffset(e.Start, TimeSpan.Zero) : null));
            }

            path.Reverse();
            hits.Add(new TraceHit(_nodes[states[i].Node], path));
        }

        foreach (var start in states.Where(s => s.Parent < 0))
        {
            hits.RemoveAll(h => h.Node == _nodes[start.Node]);
        }

        return hits;
    }

    private int Lot(LotId id) => Node(new NodeKey(NodeKind.Lot, id.Value));

    private int Unit(UnitId id) => Node(new NodeKey(NodeKind.Unit, id.Value));

    private int Container(ContainerId id) => Node(new NodeKey(NodeKind.Container, id.Value));

    private int Content(ContentKind kind, string id) => Node(new NodeKey(kind switch
    {
        ContentKind.Unit => NodeKind.Unit,
        ContentKind.Lot => NodeKind.Lot,
        _ => NodeKind.Container,
    }, id));

    private int Node(NodeKey key)
    {
        if (_ids.TryGetValue(key.Text, out var id))
        {
            return id;
        }

        id = _nodes.Count;
        _ids[key.Text] = id;
        _nodes.Add(key);
        _out.Add([]);
        _in.Add([]);
        return id;
    }

    private int Link(int from, int to, long at, StepKind kind) => Add(new Edge { From = from, To = to, Start = at, End = Forever, Lasting = false, Kind = kind });

    private void Open(int from, int to, long at, StepKind kind) =>
        _open[(from, to)] = Add(new Edge { From = from, To = to, Start = at, End = Forever, Lasting = true, Kind = kind });

    private void Close(int from, int to, long at)
    {
        if (_open.Remove((from, to), out var index))
        {
            var edge = _edges[index];
            edge.End = at;
            _edges[index] = edge;
        }
    }

    private int Add(Edge edge)
    {
        _edges.Add(edge);
        _out[edge.From].Add(_edges.Count - 1);
        _in[edge.To].Add(_edges.Count - 1);
        return _edges.Count - 1;
    }

    private void Remember(int manufacture, int edge)
    {
        if (!_byManufacture.TryGetValue(manufacture, out var list))
        {
            _byManufacture[manufacture] = list = [];
        }

        list.Add(edge);
    }
}
internal sealed partial class LegacyGenealogyIndex
{
    private readonly Dictionary<string, List<(int Edge, bool Closed)>> _byEpcisEvent = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Child, int Parent, StepKind Kind), int> _epcisOpen = [];

    /// <summary>The object roles that travel when an event ships or receives something.</summary>
    public static bool Travels(EpcisObjectRole role) =>
        role is EpcisObjectRole.Epc or EpcisObjectRole.Quantity or EpcisObjectRole.Parent or EpcisObjectRole.Child or EpcisObjectRole.ChildQuantity;

    private void ApplyEpcis(ILedgerEvent e)
    {
        switch (e)
        {
            case EpcisEventCaptured captured when captured.Error is null:
                Capture(captured);
                break;
            case EpcisEventDeclaredErroneous declared:
                Undo(declared.Key);
                break;
        }
    }

    private void Capture(EpcisEventCaptured e)
    {
        var at = e.EventTime.UtcTicks;
        var made = new List<(int Edge, bool Closed)>();
        int Epc(string id) => Node(new NodeKey(NodeKind.Epc, id));
        switch (e.Type)
        {
            case EpcisEventKind.TransformationEvent:
                var transformation = Node(new NodeKey(NodeKind.Transformation, e.TransformationNode));
                foreach (var input in e.Objects.Where(o => o.Role is EpcisObjectRole.Input or EpcisObjectRole.InputQuantity))
                {
                    made.Add((Link(Epc(input.Id), transformation, at, StepKind.Consumed), false));
                }

                foreach (var output in e.Objects.Where(o => o.Role is EpcisObjectRole.Output or EpcisObjectRole.OutputQuantity))
                {
                    made.Add((Link(transformation, Epc(output.Id), at, StepKind.Produced), false));
                }

                break;
            case EpcisEventKind.AggregationEvent or EpcisEventKind.AssociationEvent when e.Objects.FirstOrDefault(o => o.Role == EpcisObjectRole.Parent) is { } parentObject:
                var kind = e.Type == EpcisEventKind.AggregationEvent ? StepKind.Packed : StepKind.Associated;
                var parent = Epc(parentObject.Id);
                var children = e.Objects.Where(o => o.Role is EpcisObjectRole.Child or EpcisObjectRole.ChildQuantity).Select(o => Epc(o.Id)).ToList();
                if (e.Action == EpcisEventAction.Add)
                {
                    foreach (var child in children.Where(c => !_epcisOpen.ContainsKey((c, parent, kind))))
                    {
                        var edge = Add(new Edge { From = child, To = parent, Start = at, End = Forever, Lasting = true, Kind = kind });
                        _epcisOpen[(child, parent, kind)] = edge;
                        made.Add((edge, false));
                    }
                }
                else if (e.Action == EpcisEventAction.Delete)
                {
                    var closing = children.Count > 0
                        ? children.Distinct().Select(c => (c, parent, kind)).Where(_epcisOpen.ContainsKey).ToList()
                        : _epcisOpen.Keys.Where(k => k.Parent == parent && k.Kind == kind).ToList();
                    foreach (var pair in closing)
                    {
                        _epcisOpen.Remove(pair, out var index);
                        var edge = _edges[index];
                        edge.End = at;
                        _edges[index] = edge;
                        made.Add((index, true));
                    }
                }

                break;
        }

        if (e.Action != EpcisEventAction.Delete)
        {
            var travelling = e.Objects.Where(o => Travels(o.Role)).Select(o => o.Id).ToList();
            var places = new List<(string Party, StepKind Via)>();
            if (e.BizStep == CbvSteps.Shipping)
            {
                places.AddRange(e.Destinations.Select(d => (d.Id, StepKind.Shipped)));
            }

            if (e.BizStep == CbvSteps.Receiving && e.BizLocation is { } location)
            {
                places.Add((location, StepKind.Received));
            }

            foreach (var (party, via) in places)
            {
                var to = Node(new NodeKey(NodeKind.Party, party));
                foreach (var id in travelling)
                {
                    made.Add((Link(Epc(id), to, at, via), false));
                }
            }
        }

        if (made.Count > 0)
        {
            _byEpcisEvent[e.Key] = made;
        }
    }

    private void Undo(string key)
    {
        if (!_byEpcisEvent.Remove(key, out var made))
        {
            return;
        }

        foreach (var (index, closed) in made)
        {
            var edge = _edges[index];
            var pair = (edge.From, edge.To, edge.Kind);
            if (!closed)
            {
                edge.Removed = true;
                if (_epcisOpen.TryGetValue(pair, out var open) && open == index)
                {
                    _epcisOpen.Remove(pair);
                }
            }
            else if (!edge.Removed && !_epcisOpen.ContainsKey(pair))
            {
                edge.End = Forever;
                _epcisOpen[pair] = index;
            }

            _edges[index] = edge;
        }
    }
}
