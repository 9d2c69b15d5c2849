using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Trace;
using Tracewright.Tests.Epcis;

namespace Tracewright.Tests.Trace;

/// <summary>
/// The compact index against the index it replaced (<see cref="LegacyGenealogyIndex"/>), in memory: the property
/// tests compare node sets with recursive SQL; this compares what SQL cannot — the same hits in the same order,
/// the same path to each, the same links followed — on random native and EPCIS genealogies.
/// </summary>
public sealed class CompactIndexTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CompactIndex_GivesTheSameHitsPathsAndLinksAsTheIndexItReplaced()
    {
        var (entries, nodes, moments) = RandomLedger(genealogies: 150);
        var legacy = new LegacyGenealogyIndex();
        var compact = new GenealogyIndex();
        foreach (var entry in entries)
        {
            legacy.Apply(entry);
            compact.Apply(entry);
        }

        Assert.Equal(legacy.EdgeCount, compact.EdgeCount);
        Assert.Equal(legacy.NodeCount, compact.NodeCount);
        var compared = 0;
        var withHits = 0;
        foreach (var (node, i) in nodes.Distinct().Select((n, i) => (n, i)))
        {
            // Now and then several start nodes at once, the same one twice, or one the genealogy lacks.
            NodeKey[] start = (i % 7) switch
            {
                0 => [node, nodes[(i * 31) % nodes.Count]],
                1 => [node, node],
                2 => [node, new NodeKey(NodeKind.Lot, "NOT-THERE")],
                _ => [node],
            };
            var legacyLinks = new HashSet<(NodeKey, NodeKey)>();
            var compactLinks = new HashSet<(NodeKey, NodeKey)>();
            var forward = Same(legacy.Forward(start, legacyLinks), compact.Forward(start, compactLinks), $"forward from {node}");
            Assert.True(legacyLinks.SetEquals(compactLinks), $"links followed forward from {node}");
            var backward = Same(legacy.Backward(start), compact.Backward(start), $"backward from {node}");
            var moment = moments[i % moments.Count].UtcTicks;
            Same(legacy.Backward(start, moment), compact.Backward(start, moment), $"backward from {node} as of {moments[i % moments.Count]:O}");
            withHits += forward > 0 && backward > 0 ? 1 : 0;
            compared++;
        }

        Assert.True(withHits > compared / 4, $"only {withHits} of {compared} nodes had both ancestors and descendants");
    }

    private static int Same(IReadOnlyList<TraceHit> expected, IReadOnlyList<TraceHit> actual, string what)
    {
        Assert.True(
            expected.Select(h => h.Node).SequenceEqual(actual.Select(h => h.Node)),
            $"{what}: expected [{string.Join(", ", expected.Select(h => h.Node))}], got [{string.Join(", ", actual.Select(h => h.Node))}]");
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.True(e.Path.SequenceEqual(a.Path), $"{what}, path to {e.Node}: expected {string.Join(" ", e.Path)}, got {string.Join(" ", a.Path)}");
        }

        return expected.Count;
    }

    /// <summary>Random native genealogies with random EPCIS events interleaved, as ledger records, and their nodes and moments.</summary>
    internal static (List<LedgerEntry> Entries, List<NodeKey> Nodes, List<DateTimeOffset> Moments) RandomLedger(int genealogies)
    {
        var events = RandomGenealogy.Setup().Select(e => new NewEvent(e, Start)).ToList();
        var nodes = new List<NodeKey>();
        var moments = new List<DateTimeOffset>();
        for (var g = 1; g <= genealogies; g++)
        {
            var native = new RandomGenealogy(g, Start.AddDays(g % 30));
            var nativeEvents = native.Generate(operations: 12 + (g % 10));
            var epcis = new RandomEpcisGenealogy(g, Start.AddDays(g % 30));
            var epcisEvents = g % 3 == 0 ? epcis.Generate(operations: 20) : [];
            events.AddRange(nativeEvents.Zip(epcisEvents.Chunk(2).Concat(Enumerable.Repeat(Array.Empty<NewEvent>(), nativeEvents.Count)), (n, e) => e.Prepend(n)).SelectMany(x => x));
            events.AddRange(epcisEvents.Skip(nativeEvents.Count * 2));
            nodes.AddRange(native.Nodes.Concat(epcis.Nodes));
            moments.AddRange(native.Moments.Concat(epcis.Moments));
        }

        var entries = events.Select((e, i) => new LedgerEntry(
            i + 1, EventCatalog.KindOf(e.Event), Timestamp.ToText(e.OccurredAt), Timestamp.ToText(Start), "test", e.Reason, e.Corrects, EventCatalog.Serialize(e.Event), "", "")).ToList();
        return (entries, nodes, moments);
    }
}
