using Tracewright.Bench.Trace;
using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Trace;
using Tracewright.Tests.Trace;

namespace Tracewright.Tests.Bench;

/// <summary>
/// The benchmarks' limit, the bare array walk, must answer the index's question: the same nodes forward, backward now and
/// backward as of a moment — on random genealogies with removals, corrections, cycles and EPCIS events, and on the plant
/// the generator makes (the data the benchmarks run on).
/// </summary>
public sealed class BareWalkTests
{
    [Fact]
    public void BareWalk_ReachesTheIndexsNodes_OnRandomGenealogies()
    {
        var (entries, nodes, moments) = CompactIndexTests.RandomLedger(genealogies: 60);
        var index = new GenealogyIndex();
        entries.ForEach(index.Apply);

        var compared = Compare(index, nodes.Distinct().ToList(), moments.Select(m => m.UtcTicks).ToList());

        Assert.True(compared > 100, $"only {compared} traces had hits");
    }

    [Fact]
    public async Task BareWalk_ReachesTheIndexsNodes_OnAGeneratedPlant()
    {
        await using var test = await new SqliteKind().CreateAsync();
        var path = ((Data.SqliteDatabase)test.Database).Path;
        var written = await Tracewright.Bench.Support.Generate.IntoAsync(path, 6_000, seed: 3, default);
        var index = await GenealogyLoader.LoadAsync(test.Database, default);
        var starts = written.Starts;
        var nodes = starts.SampleUnits.Concat(starts.SampleLots).Concat(starts.HotLots).Append(starts.DeepChainFirst).Append(starts.DeepChainLast)
            .Select(t => NodeKey.Parse(t).Value).ToList();

        var compared = Compare(index, nodes, [GenealogyIndex.Now, new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks]);

        Assert.True(compared > nodes.Count / 2, $"only {compared} of {nodes.Count} traces had hits");
        var hot = starts.HotLots.Select(l => NodeKey.Parse(l).Value).ToList();
        Assert.Equal(
            index.Forward(hot).Select(h => h.Node).ToHashSet(),
            new BareWalk(index.ExportLinks()).Forward(hot.Select(index.Find).ToList()).Select(index.KeyOf).ToHashSet());
    }

    /// <summary>Compares from every node (now and then with a second start); returns how many traces reached something.</summary>
    private static int Compare(GenealogyIndex index, List<NodeKey> nodes, List<long> moments)
    {
        var bare = new BareWalk(index.ExportLinks());
        var compared = 0;
        foreach (var (node, i) in nodes.Select((n, i) => (n, i)))
        {
            NodeKey[] start = i % 5 == 0 ? [node, nodes[(i * 17) % nodes.Count]] : [node];
            var ids = start.Select(index.Find).Where(n => n >= 0).ToList();
            var moment = moments[i % moments.Count];
            var forward = index.Forward(start).Select(h => h.Node).ToHashSet();
            Assert.Equal(forward, bare.Forward(ids).Select(index.KeyOf).ToHashSet());
            var backward = index.Backward(start).Select(h => h.Node).ToHashSet();
            Assert.Equal(backward, bare.Backward(ids).Select(index.KeyOf).ToHashSet());
            Assert.Equal(index.Backward(start, moment).Select(h => h.Node).ToHashSet(), bare.Backward(ids, moment).Select(index.KeyOf).ToHashSet());
            compared += forward.Count + backward.Count > 0 ? 1 : 0;
        }

        return compared;
    }
}
