using Tracewright.Data;
using Tracewright.Data.Trace;
using Tracewright.Domain.Common;
using Tracewright.Domain.Trace;

namespace Tracewright.Tests.Trace;

/// <summary>The one comparison the property tests make: index and recursive SQL, forward, backward now and backward as of a moment.</summary>
internal static class TraceAgreement
{
    /// <summary>Asserts agreement from <paramref name="node"/>; true when it has both descendants and ancestors.</summary>
    public static async Task<bool> AssertAgreesAsync(Database database, GenealogyIndex index, NodeKey node, DateTimeOffset moment)
    {
        var fromIndex = index.Forward([node]).Select(h => h.Node.Text).ToHashSet();
        Same(await TraceReference.ForwardAsync(database, [node.Text], default), fromIndex, $"forward from {node}");

        var backIndex = index.Backward([node]).Select(h => h.Node.Text).ToHashSet();
        Same(await TraceReference.BackwardAsync(database, [node.Text], null, default), backIndex, $"backward from {node}");

        var asOfIndex = index.Backward([node], moment.UtcTicks).Select(h => h.Node.Text).ToHashSet();
        Same(await TraceReference.BackwardAsync(database, [node.Text], Timestamp.ToText(moment), default), asOfIndex, $"backward from {node} as of {moment:O}");

        return fromIndex.Count > 0 && backIndex.Count > 0;
    }

    private static void Same(IReadOnlySet<string> fromSql, HashSet<string> fromIndex, string what) =>
        Assert.True(fromSql.SetEquals(fromIndex), $"{what}: index-only [{string.Join(", ", fromIndex.Except(fromSql))}], sql-only [{string.Join(", ", fromSql.Except(fromIndex))}]");
}
