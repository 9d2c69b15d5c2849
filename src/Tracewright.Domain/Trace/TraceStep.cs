namespace Tracewright.Domain.Trace;

/// <summary>How one node leads to the next in a trace.</summary>
public enum StepKind : byte { Split, Consumed, Produced, Installed, Packed, Shipped, Ordered, Received, Associated }

/// <summary>One hop of a path: the node reached, how, and when that link was made.</summary>
public sealed record TraceStep(NodeKey Node, StepKind? Via, DateTimeOffset? At);

/// <summary>A node a trace reached, with the path from a start node that makes it reached.</summary>
public sealed record TraceHit(NodeKey Node, IReadOnlyList<TraceStep> Path);
