namespace Tracewright.Domain.Trace;

/// <summary>How one node leads to the next in a trace.</summary>
public enum StepKind : byte { Split, Consumed, Produced, Installed, Packed, Shipped, Ordered, Received, Associated }

/// <summary>One hop of a path: the node reached, how, and when that link was made.</summary>
public sealed record TraceStep(NodeKey Node, StepKind? Via, DateTimeOffset? At);

/// <summary>A node a trace reached, with the path from a start node that makes it reached.</summary>
/// <remarks>
/// An index trace builds a path when it is read (from the trace's states, which it keeps): a trace that reaches ten thousand
/// serials need not build ten thousand paths for a caller that only wants the nodes. A value, not an object: a hot spot's trace
/// has hundreds of thousands of hits, and an object each was a large share of its time (allocation and collection).
/// </remarks>
public readonly struct TraceHit
{
    private readonly TraceStates? _states;
    private readonly int _state;
    private readonly IReadOnlyList<TraceStep>? _path;

    public TraceHit(NodeKey node, IReadOnlyList<TraceStep> path)
    {
        Node = node;
        _path = path;
    }

    internal TraceHit(NodeKey node, TraceStates states, int state)
    {
        Node = node;
        _states = states;
        _state = state;
    }

    public NodeKey Node { get; }

    /// <summary>The path from a start node; an index trace's is built on each read from steps it keeps (read it once).</summary>
    public IReadOnlyList<TraceStep> Path => _path ?? _states?.PathTo(_state) ?? [];

    public override string ToString() => $"{Node} via {string.Join(" ", Path)}";
}
