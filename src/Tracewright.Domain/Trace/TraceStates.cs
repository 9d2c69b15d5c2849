namespace Tracewright.Domain.Trace;

/// <summary>
/// The states of one finished trace, kept for its paths: for state <c>s</c>, <c>chain[3s]</c> is its node, <c>chain[3s + 1]</c>
/// the state it came from (−1 for a start) and <c>chain[3s + 2]</c> the link that led to it.
/// </summary>
internal sealed class TraceStates(GenealogyIndex index, int[] chain)
{
    private TraceStep?[]? _steps;

    /// <summary>The steps from a start node to the state; nodes and the kind and start of links never change once added.</summary>
    public TraceStep[] PathTo(int state)
    {
        var length = 0;
        for (var s = state; s >= 0; s = chain[(3 * s) + 1])
        {
            length++;
        }

        var path = new TraceStep[length];
        var steps = _steps ??= new TraceStep?[chain.Length / 3];
        for (int s = state, i = length - 1; s >= 0; s = chain[(3 * s) + 1], i--)
        {
            path[i] = steps[s] ??= index.Step(chain[3 * s], chain[(3 * s) + 2]);
        }

        return path;
    }
}
