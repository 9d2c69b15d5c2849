using Tracewright.Domain.Trace;

namespace Tracewright.Bench.Trace;

/// <summary>
/// The limit for a trace: the same walk over the same live links (<see cref="GenealogyIndex.ExportLinks"/>) with nothing
/// around it — compressed-sparse-row arrays built once, per-node arrays for visited marks sized once, node numbers in and
/// out, no lock, no node keys, no paths. It keeps the index's time rules (a forward walk carries the span of time the
/// material is inside a node; a backward walk asks what was in a node at a moment), so it reaches the same nodes, which
/// <c>BareWalkTests</c> checks; without them it would answer a different, easier question.
/// </summary>
public sealed class BareWalk
{
    private readonly int[] _outStart;
    private readonly int[] _outLinks;
    private readonly int[] _inStart;
    private readonly int[] _inLinks;
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly long[] _start;
    private readonly long[] _end;
    private readonly bool[] _lasting;

    // Per node: the walk that last marked it, and its newest state. The states are the queue: node, window (forward) or
    // moment (backward, in _stateFrom), and the node's previous state.
    private readonly int[] _mark;
    private readonly int[] _head;
    private int _walk;

    private int[] _stateNode = new int[1024];
    private long[] _stateFrom = new long[1024];
    private long[] _stateTo = new long[1024];
    private int[] _stateNext = new int[1024];

    public BareWalk(GenealogyLinks links)
    {
        (_from, _to, _start, _end, _lasting) = (links.From, links.To, links.Start, links.End, links.Lasting);
        (_outStart, _outLinks) = Rows(links.NodeCount, links.From);
        (_inStart, _inLinks) = Rows(links.NodeCount, links.To);
        _mark = new int[links.NodeCount];
        _head = new int[links.NodeCount];
    }

    public int NodeCount => _mark.Length;

    /// <summary>Bytes of its arrays, for comparison with the index's.</summary>
    public long Bytes => (4L * (_outStart.Length + _outLinks.Length + _inStart.Length + _inLinks.Length + _from.Length + _to.Length + _mark.Length + _head.Length))
        + (8L * (_start.Length + _end.Length)) + _lasting.Length;

    /// <summary>Node numbers reached forward from the start nodes, start nodes left out.</summary>
    public List<int> Forward(IReadOnlyList<int> start)
    {
        var walk = Begin();
        var count = 0;
        foreach (var node in start)
        {
            if (_mark[node] != walk)
            {
                Visit(walk, node, long.MinValue, GenealogyIndex.Forever, ref count);
            }
        }

        var starts = count;
        for (var state = 0; state < count; state++)
        {
            var (node, windowFrom, windowTo) = (_stateNode[state], _stateFrom[state], _stateTo[state]);
            for (var k = _outStart[node]; k < _outStart[node + 1]; k++)
            {
                var link = _outLinks[k];
                long from, to;
                if (_lasting[link])
                {
                    (from, to) = (Math.Max(windowFrom, _start[link]), Math.Min(windowTo, _end[link]));
                    if (from >= to)
                    {
                        continue;
                    }
                }
                else
                {
                    if (_start[link] < windowFrom || _start[link] >= windowTo)
                    {
                        continue;
                    }

                    (from, to) = (_start[link], GenealogyIndex.Forever);
                }

                var target = _to[link];
                var covered = false;
                if (_mark[target] == walk)
                {
                    for (var w = _head[target]; w >= 0 && !covered; w = _stateNext[w])
                    {
                        covered = _stateFrom[w] <= from && to <= _stateTo[w];
                    }
                }

                if (!covered)
                {
                    Visit(walk, target, from, to, ref count);
                }
            }
        }

        return Reached(starts, count);
    }

    /// <summary>Node numbers reached backward from the start nodes as of a moment, start nodes left out.</summary>
    public List<int> Backward(IReadOnlyList<int> start, long asOf = GenealogyIndex.Now)
    {
        var walk = Begin();
        var count = 0;
        foreach (var node in start)
        {
            if (_mark[node] != walk)
            {
                Visit(walk, node, asOf, asOf, ref count);
            }
        }

        var starts = count;
        for (var state = 0; state < count; state++)
        {
            var (node, moment) = (_stateNode[state], _stateFrom[state]);
            for (var k = _inStart[node]; k < _inStart[node + 1]; k++)
            {
                var link = _inLinks[k];
                long at;
                if (_lasting[link])
                {
                    if (_start[link] > moment || moment >= _end[link])
                    {
                        continue;
                    }

                    at = moment;
                }
                else
                {
                    at = _start[link];
                    if (at > moment)
                    {
                        continue;
                    }
                }

                var source = _from[link];
                var seen = false;
                if (_mark[source] == walk)
                {
                    for (var w = _head[source]; w >= 0 && !seen; w = _stateNext[w])
                    {
                        seen = _stateFrom[w] == at;
                    }
                }

                if (!seen)
                {
                    Visit(walk, source, at, at, ref count);
                }
            }
        }

        return Reached(starts, count);
    }

    private int Begin()
    {
        if (++_walk == int.MaxValue)
        {
            Array.Clear(_mark);
            _walk = 1;
        }

        return _walk;
    }

    private void Visit(int walk, int node, long from, long to, ref int count)
    {
        if (count == _stateNode.Length)
        {
            Array.Resize(ref _stateNode, count * 2);
            Array.Resize(ref _stateFrom, count * 2);
            Array.Resize(ref _stateTo, count * 2);
            Array.Resize(ref _stateNext, count * 2);
        }

        _stateNode[count] = node;
        _stateFrom[count] = from;
        _stateTo[count] = to;
        _stateNext[count] = _mark[node] == walk ? _head[node] : -1;
        _mark[node] = walk;
        _head[node] = count++;
    }

    /// <summary>Each node's first state, after the start nodes' (a start node's first state is its start).</summary>
    private List<int> Reached(int starts, int count)
    {
        var reached = new List<int>();
        for (var state = starts; state < count; state++)
        {
            if (_stateNext[state] < 0)
            {
                reached.Add(_stateNode[state]);
            }
        }

        return reached;
    }

    /// <summary>Compressed rows: the links of each node, in the order they were added.</summary>
    private static (int[] Start, int[] Links) Rows(int nodes, int[] by)
    {
        var start = new int[nodes + 1];
        foreach (var node in by)
        {
            start[node + 1]++;
        }

        for (var n = 0; n < nodes; n++)
        {
            start[n + 1] += start[n];
        }

        var fill = start[..^1].ToArray();
        var links = new int[by.Length];
        for (var link = 0; link < by.Length; link++)
        {
            links[fill[by[link]]++] = link;
        }

        return (start, links);
    }
}
