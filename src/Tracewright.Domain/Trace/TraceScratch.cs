namespace Tracewright.Domain.Trace;

/// <summary>
/// The working memory of one trace, reused by the next trace on the same thread: the states of the walk (node,
/// time window or moment, the state and link it came from) in arrays, and two open-addressing tables stamped
/// with a generation, so starting a trace clears nothing.
/// </summary>
/// <remarks>
/// <see cref="NewestOf"/> maps a node to its latest state; <see cref="SameNode"/> chains each state to the previous
/// state of its node (−1 for the first), which is what a forward walk compares windows against and what tells the
/// first (shortest) path to a node. The pair table (backward) holds states by node and moment.
/// </remarks>
internal sealed class TraceScratch
{
    /// <summary>A scratch that grew past this many states (about 150 MB) is dropped after its trace rather than kept.</summary>
    private const int KeepLimit = 1 << 22;

    /// <summary>
    /// Scratches kept between traces, at most one per processor (traces do not wait on anything, so more never run at
    /// once for long): a hot spot's trace would otherwise grow its arrays again, on the large-object heap, every time.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentBag<TraceScratch> Kept = [];

    private int[] _nodeKeys = new int[64];
    private int[] _nodeValues = new int[64];
    private int[] _nodeStamps = new int[64];
    private int _nodeCount;
    private int[] _pairStates = new int[64];
    private int[] _pairStamps = new int[64];
    private int _pairCount;
    private int _stamp;

    public int[] Node = new int[64];
    public long[] From = new long[64];
    public long[] To = new long[64];
    public int[] Parent = new int[64];
    public int[] Edge = new int[64];
    public int[] SameNode = new int[64];
    public int Count;

    /// <summary>The links of the node being expanded, newest first as the lists hold them.</summary>
    public int[] Links = new int[64];

    /// <summary>Every link a forward walk followed, when the caller asked for them.</summary>
    public List<int> Traversed { get; } = [];

    public static TraceScratch Rent()
    {
        var scratch = Kept.TryTake(out var kept) ? kept : new TraceScratch();
        scratch.Begin();
        return scratch;
    }

    public static void Return(TraceScratch scratch)
    {
        if (scratch.Node.Length <= KeepLimit && scratch._nodeKeys.Length <= 4 * KeepLimit && scratch._pairStates.Length <= 4 * KeepLimit
            && scratch.Links.Length <= KeepLimit && Kept.Count < Environment.ProcessorCount)
        {
            scratch.Traversed.Clear();
            Kept.Add(scratch);
        }
    }

    private void Begin()
    {
        Count = 0;
        _nodeCount = 0;
        _pairCount = 0;
        Traversed.Clear();
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_nodeStamps);
            Array.Clear(_pairStamps);
            _stamp = 1;
        }
    }

    /// <summary>Adds a state; returns its number.</summary>
    public int Add(int node, long from, long to, int parent, int edge)
    {
        if (Count == Node.Length)
        {
            var size = Count * 2;
            Array.Resize(ref Node, size);
            Array.Resize(ref From, size);
            Array.Resize(ref To, size);
            Array.Resize(ref Parent, size);
            Array.Resize(ref Edge, size);
            Array.Resize(ref SameNode, size);
        }

        var state = Count++;
        Node[state] = node;
        From[state] = from;
        To[state] = to;
        Parent[state] = parent;
        Edge[state] = edge;
        SameNode[state] = SetNewest(node, state);
        return state;
    }

    /// <summary>The latest state of a node in this trace, or −1.</summary>
    public int NewestOf(int node)
    {
        var mask = _nodeKeys.Length - 1;
        for (var slot = Mix(node) & mask; _nodeStamps[slot] == _stamp; slot = (slot + 1) & mask)
        {
            if (_nodeKeys[slot] == node)
            {
                return _nodeValues[slot];
            }
        }

        return -1;
    }

    /// <summary>Records a (node, moment) pair of a backward walk; false when the walk was there already.</summary>
    public bool AddPair(int node, long at, int state)
    {
        if (2 * (_pairCount + 1) > _pairStates.Length)
        {
            GrowPairs();
        }

        var mask = _pairStates.Length - 1;
        var slot = Mix(node ^ (int)at ^ (int)(at >> 32)) & mask;
        for (; _pairStamps[slot] == _stamp; slot = (slot + 1) & mask)
        {
            var other = _pairStates[slot];
            if (Node[other] == node && From[other] == at)
            {
                return false;
            }
        }

        _pairStamps[slot] = _stamp;
        _pairStates[slot] = state;
        _pairCount++;
        return true;
    }

    public void EnsureLinks(int count)
    {
        if (count > Links.Length)
        {
            Array.Resize(ref Links, Math.Max(count, Links.Length * 2));
        }
    }

    /// <summary>Makes the state the node's newest; returns the one it replaces, or −1.</summary>
    private int SetNewest(int node, int state)
    {
        if (2 * (_nodeCount + 1) > _nodeKeys.Length)
        {
            GrowNodes();
        }

        var mask = _nodeKeys.Length - 1;
        var slot = Mix(node) & mask;
        for (; _nodeStamps[slot] == _stamp; slot = (slot + 1) & mask)
        {
            if (_nodeKeys[slot] == node)
            {
                var previous = _nodeValues[slot];
                _nodeValues[slot] = state;
                return previous;
            }
        }

        _nodeStamps[slot] = _stamp;
        _nodeKeys[slot] = node;
        _nodeValues[slot] = state;
        _nodeCount++;
        return -1;
    }

    private void GrowNodes()
    {
        var (keys, values, stamps) = (_nodeKeys, _nodeValues, _nodeStamps);
        _nodeKeys = new int[keys.Length * 2];
        _nodeValues = new int[keys.Length * 2];
        _nodeStamps = new int[keys.Length * 2];
        var mask = _nodeKeys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (stamps[i] == _stamp)
            {
                var slot = Mix(keys[i]) & mask;
                while (_nodeStamps[slot] == _stamp)
                {
                    slot = (slot + 1) & mask;
                }

                _nodeStamps[slot] = _stamp;
                _nodeKeys[slot] = keys[i];
                _nodeValues[slot] = values[i];
            }
        }
    }

    private void GrowPairs()
    {
        var (states, stamps) = (_pairStates, _pairStamps);
        _pairStates = new int[states.Length * 2];
        _pairStamps = new int[states.Length * 2];
        var mask = _pairStates.Length - 1;
        for (var i = 0; i < states.Length; i++)
        {
            if (stamps[i] == _stamp)
            {
                var at = From[states[i]];
                var slot = Mix(Node[states[i]] ^ (int)at ^ (int)(at >> 32)) & mask;
                while (_pairStamps[slot] == _stamp)
                {
                    slot = (slot + 1) & mask;
                }

                _pairStamps[slot] = _stamp;
                _pairStates[slot] = states[i];
            }
        }
    }

    /// <summary>Spreads node numbers (dense, often consecutive) over the table.</summary>
    private static int Mix(int value) => (int)(((uint)value * 0x9E3779B1u) >> 7);
}
