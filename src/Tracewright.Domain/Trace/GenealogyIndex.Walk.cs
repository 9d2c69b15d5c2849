namespace Tracewright.Domain.Trace;

/// <summary>Forward and backward traces: breadth-first walks over the link lists, each with its hits and their paths.</summary>
public sealed partial class GenealogyIndex
{
    /// <summary>
    /// Everything made from the start nodes, down to shipments, orders and customers, each with a path.
    /// <paramref name="traversed"/>, when given, receives every link the walk followed — e.g. to tell which
    /// lines of a shipment carried the material, not only that the shipment did. <paramref name="traversedAt"/> receives them
    /// with the start of each link (UTC ticks): a shipping event is a link of its own, so of two shipments of one container to
    /// one party only the one that left while the material was inside is there.
    /// </summary>
    public IReadOnlyList<TraceHit> Forward(IEnumerable<NodeKey> start, ISet<(NodeKey From, NodeKey To)>? traversed = null, ISet<(NodeKey From, NodeKey To, long At)>? traversedAt = null)
    {
        var starts = start.ToList();
        var scratch = TraceScratch.Rent();
        _gate.EnterReadLock();
        try
        {
            foreach (var key in starts)
            {
                var node = _nodes.Find(key.Kind, key.Id);
                if (node >= 0 && scratch.NewestOf(node) < 0)
                {
                    scratch.Add(node, long.MinValue, Forever, -1, -1);
                }
            }

            // The queue is the states themselves, in the order they were found.
            for (var state = 0; state < scratch.Count; state++)
            {
                var (windowFrom, windowTo) = (scratch.From[state], scratch.To[state]);
                var links = Links(scratch, _outHead[scratch.Node[state]], _nextOut);
                for (var i = links - 1; i >= 0; i--)
                {
                    var edge = scratch.Links[i];
                    var flags = _flags[edge];
                    if ((flags & RemovedFlag) != 0)
                    {
                        continue;
                    }

                    long from, to;
                    if ((flags & LastingFlag) != 0)
                    {
                        (from, to) = (Math.Max(windowFrom, _at[edge]), Math.Min(windowTo, (flags & EndedFlag) == 0 ? Forever : _ends[edge]));
                        if (from >= to)
                        {
                            continue;
                        }
                    }
                    else
                    {
                        var at = _at[edge];
                        if (at < windowFrom || at >= windowTo)
                        {
                            continue;
                        }

                        (from, to) = (at, Forever);
                    }

                    if (traversed is not null || traversedAt is not null)
                    {
                        scratch.Traversed.Add(edge);
                    }

                    // A node is walked again only in a window of time no earlier walk of it covered.
                    var target = _to[edge];
                    var covered = false;
                    for (var seen = scratch.NewestOf(target); seen >= 0 && !covered; seen = scratch.SameNode[seen])
                    {
                        covered = scratch.From[seen] <= from && to <= scratch.To[seen];
                    }

                    if (!covered)
                    {
                        scratch.Add(target, from, to, state, edge);
                    }
                }
            }

            if (traversed is not null || traversedAt is not null)
            {
                var keys = new Dictionary<int, NodeKey>();
                NodeKey KeyOf(int node) => keys.TryGetValue(node, out var key) ? key : keys[node] = _nodes.Key(node);
                foreach (var edge in scratch.Traversed)
                {
                    traversed?.Add((KeyOf(_from[edge]), KeyOf(_to[edge])));
                    traversedAt?.Add((KeyOf(_from[edge]), KeyOf(_to[edge]), _at[edge]));
                }
            }

            return Hits(scratch);
        }
        finally
        {
            _gate.ExitReadLock();
            TraceScratch.Return(scratch);
        }
    }

    /// <summary>Everything the start nodes were made of as of a moment (<see cref="Now"/> by default), each with a path.</summary>
    public IReadOnlyList<TraceHit> Backward(IEnumerable<NodeKey> start, long asOf = Now)
    {
        var starts = start.ToList();
        var scratch = TraceScratch.Rent();
        _gate.EnterReadLock();
        try
        {
            foreach (var key in starts)
            {
                var node = _nodes.Find(key.Kind, key.Id);
                if (node >= 0 && scratch.AddPair(node, asOf, scratch.Count))
                {
                    scratch.Add(node, asOf, asOf, -1, -1);
                }
            }

            for (var state = 0; state < scratch.Count; state++)
            {
                var moment = scratch.From[state];
                var links = Links(scratch, _inHead[scratch.Node[state]], _nextIn);
                for (var i = links - 1; i >= 0; i--)
                {
                    var edge = scratch.Links[i];
                    var flags = _flags[edge];
                    if ((flags & RemovedFlag) != 0)
                    {
                        continue;
                    }

                    long at;
                    if ((flags & LastingFlag) != 0)
                    {
                        if (_at[edge] > moment || ((flags & EndedFlag) != 0 && moment >= _ends[edge]))
                        {
                            continue;
                        }

                        at = moment;
                    }
                    else
                    {
                        at = _at[edge];
                        if (at > moment)
                        {
                            continue;
                        }
                    }

                    // The pair is recorded under the number the state is about to get.
                    if (scratch.AddPair(_from[edge], at, scratch.Count))
                    {
                        scratch.Add(_from[edge], at, at, state, edge);
                    }
                }
            }

            return Hits(scratch);
        }
        finally
        {
            _gate.ExitReadLock();
            TraceScratch.Return(scratch);
        }
    }

    /// <summary>Copies a node's link list (newest first) into the scratch; returns how many.</summary>
    private static int Links(TraceScratch scratch, int head, int[] next)
    {
        var count = 0;
        for (var edge = head; edge >= 0; edge = next[edge])
        {
            if (count == scratch.Links.Length)
            {
                scratch.EnsureLinks(count + 1);
            }

            scratch.Links[count++] = edge;
        }

        return count;
    }

    /// <summary>
    /// The first (shortest) path found to each node, in the order the walk found them; start nodes are not
    /// hits. Paths are built when first read (see <see cref="TraceHit"/>): many callers only want the nodes.
    /// </summary>
    private TraceHit[] Hits(TraceScratch scratch)
    {
        // The first state of each node, but a start node's: that is its start (no parent), so start nodes never count.
        var count = 0;
        for (var state = 0; state < scratch.Count; state++)
        {
            count += scratch.Parent[state] >= 0 && scratch.SameNode[state] < 0 ? 1 : 0;
        }

        var hits = new TraceHit[count];
        if (count == 0)
        {
            return hits;
        }

        // What the paths need, in one array (a trace of a hot spot has hundreds of thousands of states).
        var chain = new int[3 * scratch.Count];
        for (var state = 0; state < scratch.Count; state++)
        {
            chain[3 * state] = scratch.Node[state];
            chain[(3 * state) + 1] = scratch.Parent[state];
            chain[(3 * state) + 2] = scratch.Edge[state];
        }

        var states = new TraceStates(this, chain);
        var hit = 0;
        for (var state = 0; state < scratch.Count; state++)
        {
            if (scratch.Parent[state] >= 0 && scratch.SameNode[state] < 0)
            {
                hits[hit++] = new TraceHit(_nodes.Key(scratch.Node[state]), states, state);
            }
        }

        return hits;
    }

    /// <summary>One step of a path: the state's node, and the kind and start of the link that reached it.</summary>
    internal TraceStep Step(int node, int edge)
    {
        _gate.EnterReadLock();
        try
        {
            if (edge < 0)
            {
                return new TraceStep(_nodes.Key(node), null, null);
            }

            var start = _at[edge];
            return new TraceStep(_nodes.Key(node), (StepKind)(_flags[edge] & KindBits), start > 0 ? new DateTimeOffset(start, TimeSpan.Zero) : null);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>The node's number in this index, or −1.</summary>
    public int Find(NodeKey node) => Read(() => _nodes.Find(node.Kind, node.Id));

    /// <summary>The node with this number.</summary>
    public NodeKey KeyOf(int node) => Read(() => (uint)node < (uint)_nodes.Count ? _nodes.Key(node) : throw new ArgumentOutOfRangeException(nameof(node)));

    /// <summary>The live links as they are now, as flat arrays.</summary>
    public GenealogyLinks ExportLinks() => Read(() =>
    {
        var live = Enumerable.Range(0, _edgeCount).Where(e => (_flags[e] & RemovedFlag) == 0).ToArray();
        bool Lasting(int e) => (_flags[e] & LastingFlag) != 0;
        return new GenealogyLinks(
            _nodes.Count,
            live.Select(e => _from[e]).ToArray(),
            live.Select(e => _to[e]).ToArray(),
            live.Select(e => _at[e]).ToArray(),
            live.Select(EndOf).ToArray(),
            live.Select(Lasting).ToArray());
    });
}
