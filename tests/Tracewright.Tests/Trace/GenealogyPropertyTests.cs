using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Trace;
using Tracewright.Tests.Support;

namespace Tracewright.Tests.Trace;

/// <summary>
/// The in-memory index (derived from events) and the recursive-SQL reference (over the stored link tables)
/// must give the same answer for every node of many random genealogies, forward and backward, now and as of
/// earlier moments — on SQLite and on PostgreSQL. <paramref name="seeds"/> is CI's count (<see cref="PropertySeeds"/>).
/// </summary>
public abstract class GenealogyPropertyTests(DatabaseKind kind, int seeds)
{
    private const int PerBatch = 25;

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Each batch is its own database, because the SQL reference scans every link on each step: small
    /// databases keep thousands of comparisons fast without weakening any of them.
    /// </summary>
    [Fact]
    public async Task IndexAndRecursiveSql_AgreeOnRandomGenealogies()
    {
        foreach (var batch in PropertySeeds.Batches(seeds, PerBatch))
        {
            await CompareBatchAsync(batch);
        }
    }

    private async Task CompareBatchAsync(int[] batch)
    {
        var genealogies = batch.Length;
        await using var test = await kind.CreateAsync();
        var clock = new ManualClock(Start);
        await using (var write = await test.Database.BeginWriteAsync("generator", clock, default))
        {
            await write.AppendAsync(RandomGenealogy.Setup().Select(e => new NewEvent(e, Start)), default);
            await write.CommitAsync(default);
        }

        var generated = new List<RandomGenealogy>();
        foreach (var g in batch)
        {
            var genealogy = new RandomGenealogy(g, Start.AddDays(g % 30));
            var events = genealogy.Generate(operations: 12 + (g % 10));
            await using var write = await test.Database.BeginWriteAsync("generator", clock, default);
            await write.AppendAsync(events, default);
            await write.CommitAsync(default);
            generated.Add(genealogy);
        }

        var index = await GenealogyLoader.LoadAsync(test.Database, default);
        var compared = 0;
        var nonEmpty = 0;
        foreach (var genealogy in generated)
        {
            // A sample of each genealogy's nodes (always its first, usually a received lot, and its last):
            // more genealogies with fewer queries each finds more shapes for the same time.
            var nodes = genealogy.Nodes.Distinct().ToList();
            var sample = nodes.Where((_, i) => i == 0 || i == nodes.Count - 1 || i % Math.Max(1, nodes.Count / 5) == 0).Distinct().ToList();
            foreach (var node in sample)
            {
                var moment = genealogy.Moments[compared % genealogy.Moments.Count];
                nonEmpty += await TraceAgreement.AssertAgreesAsync(test.Database, index, node, moment) ? 1 : 0;
                compared++;
            }
        }

        // The generator must produce real genealogies, not isolated nodes, or agreement proves nothing.
        Assert.True(nonEmpty > compared / 4, $"only {nonEmpty} of {compared} nodes had both ancestors and descendants");
        Assert.True(index.EdgeCount > genealogies * 5, $"only {index.EdgeCount} links in {genealogies} genealogies");
    }
}

/// <summary>CI: 100 random genealogies on SQLite in batches of 25 (the long run: <c>tests/property.sh</c>).</summary>
public sealed class SqliteGenealogyPropertyTests() : GenealogyPropertyTests(new SqliteKind(), seeds: 100);

/// <summary>CI: 50 on PostgreSQL (a new database per batch costs more there).</summary>
public sealed class PostgresGenealogyPropertyTests() : GenealogyPropertyTests(new PostgresKind(), seeds: 50);
