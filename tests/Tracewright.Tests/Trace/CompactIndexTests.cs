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

    [Fact]
    public void Snapshot_ReadBackAndCaughtUp_IsTheIndexThatAppliedEverything()
    {
        var (entries, nodes, moments) = RandomLedger(genealogies: 60);
        var whole = new GenealogyIndex();
        entries.ForEach(whole.Apply);
        var half = new GenealogyIndex();
        entries.Take(entries.Count / 2).ToList().ForEach(half.Apply);

        var bytes = Bytes(half);
        var read = GenealogyIndex.ReadSnapshot(new MemoryStream(bytes), bytes.Length);
        Assert.Equal(bytes, Bytes(read));
        Assert.Equal(entries[(entries.Count / 2) - 1].Sequence, read.LastSequence);
        entries.ForEach(read.Apply);

        Assert.Equal(Bytes(whole), Bytes(read));
        foreach (var (node, i) in nodes.Distinct().Select((n, i) => (n, i)).Where(x => x.i % 5 == 0))
        {
            Same(whole.Forward([node]), read.Forward([node]), $"forward from {node}");
            Same(whole.Backward([node], moments[i % moments.Count].UtcTicks), read.Backward([node], moments[i % moments.Count].UtcTicks), $"backward from {node}");
        }
    }

    [Fact]
    public void Snapshot_DamagedAnywhere_IsRefusedAsInvalidData()
    {
        var (entries, _, _) = RandomLedger(genealogies: 10);
        var index = new GenealogyIndex();
        entries.ForEach(index.Apply);
        var bytes = Bytes(index);
        var random = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            var position = trial < 48 ? trial : random.Next(damaged.Length);
            damaged[position] ^= (byte)(1 << random.Next(8));
            Assert.Throws<InvalidDataException>(() => GenealogyIndex.ReadSnapshot(new MemoryStream(damaged), damaged.Length));
        }

        Assert.Throws<InvalidDataException>(() => GenealogyIndex.ReadSnapshot(new MemoryStream(bytes[..^1]), bytes.Length - 1));
        Assert.Throws<InvalidDataException>(() => GenealogyIndex.ReadSnapshot(new MemoryStream(bytes[..^1]), bytes.Length));
        Assert.Throws<InvalidDataException>(() => GenealogyIndex.ReadSnapshot(new MemoryStream([.. bytes, 0]), bytes.Length + 1));
        Assert.Throws<InvalidDataException>(() => GenealogyIndex.ReadSnapshot(new MemoryStream(bytes[..40]), bytes.Length));
    }

    internal static byte[] Bytes(GenealogyIndex index)
    {
        using var stream = new MemoryStream();
        index.WriteSnapshot(stream);
        return stream.ToArray();
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
        var (events, nodes, moments) = RandomEvents(genealogies);
        var entries = events.Select((e, i) => new LedgerEntry(
            i + 1, EventCatalog.KindOf(e.Event), Timestamp.ToText(e.OccurredAt), Timestamp.ToText(Start), "test", e.Reason, e.Corrects, EventCatalog.Serialize(e.Event), "", "")).ToList();
        return (entries, nodes, moments);
    }

    /// <summary>The events of <see cref="RandomLedger"/>, to append to a database.</summary>
    internal static (List<NewEvent> Events, List<NodeKey> Nodes, List<DateTimeOffset> Moments) RandomEvents(int genealogies)
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

        return (events, nodes, moments);
    }
}
