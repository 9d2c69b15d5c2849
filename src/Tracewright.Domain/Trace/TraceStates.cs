namespace Tracewright.Domain.Trace;

/// <summary>The states of one finished trace (node, the state it came from, the link that led to it), kept for its paths.</summary>
internal sealed class TraceStates(GenealogyIndex index, int[] nodes, int[] parents, int[] edges)
{
    private TraceStep?[]? _steps;

    /// <summary>The steps from a start node to the state; nodes and the kind and start of links never change once added.</summary>
    public TraceStep[] PathTo(int state)
    {
        var length = 0;
        for (var s = state; s >= 0; s = parents[s])
        {
            length++;
        }

        var path = new TraceStep[length];
        var steps = _steps ??= new TraceStep?[nodes.Length];
        for (int s = state, i = length - 1; s >= 0; s = parents[s], i--)
        {
            path[i] = steps[s] ??= index.Step(nodes[s], edges[s]);
        }

        return path;
    }
}
