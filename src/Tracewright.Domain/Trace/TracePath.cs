using System.Collections;

namespace Tracewright.Domain.Trace;

/// <summary>
/// The path of one hit, built from its trace's states the first time it is read: a trace that reaches ten
/// thousand serials need not build ten thousand paths for a caller that only wants the nodes. Steps are shared
/// between the paths of one trace.
/// </summary>
internal sealed class TracePath(TraceStates states, int state) : IReadOnlyList<TraceStep>
{
    private TraceStep[]? _steps;

    private TraceStep[] Steps => _steps ??= states.PathTo(state);

    public int Count => Steps.Length;

    public TraceStep this[int index] => Steps[index];

    public IEnumerator<TraceStep> GetEnumerator() => ((IEnumerable<TraceStep>)Steps).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The states of one finished trace (node, the state it came from, the link that led to it), kept for its paths.</summary>
internal sealed class TraceStates(GenealogyIndex index, int[] nodes, int[] parents, int[] edges)
{
    private readonly TraceStep?[] _steps = new TraceStep?[nodes.Length];

    /// <summary>The steps from a start node to the state; nodes and the kind and start of links never change once added.</summary>
    public TraceStep[] PathTo(int state)
    {
        var length = 0;
        for (var s = state; s >= 0; s = parents[s])
        {
            length++;
        }

        var path = new TraceStep[length];
        for (int s = state, i = length - 1; s >= 0; s = parents[s], i--)
        {
            path[i] = _steps[s] ??= index.Step(nodes[s], edges[s]);
        }

        return path;
    }
}
