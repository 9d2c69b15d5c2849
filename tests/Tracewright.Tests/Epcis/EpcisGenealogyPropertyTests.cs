using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Tests.Support;
using Tracewright.Tests.Trace;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// With random EPCIS events mixed into random native genealogies in one ledger, the in-memory index (from the events) and
/// the recursive-SQL reference (from the <c>epcis_*</c> and native link tables) give the same nodes from every EPCIS node,
/// forward, backward now and backward as of earlier moments — on SQLite and on PostgreSQL. <paramref name="seeds"/> is CI's
/// count (<see cref="PropertySeeds"/>).
/// </summary>
public abstract class EpcisGenealogyPropertyTests(DatabaseKind kind, int seeds)
{
    private const int PerBatch = 10;

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task IndexAndRecursiveSql_AgreeWithEpcisEventsMixedIn()
    {
        foreach (var batch in PropertySeeds.Batches(seeds, PerBatch))
        {
            await CompareBatchAsync(batch);
        }
    }

    private async Task CompareBatchAsync(int[] batch)
    {
        await using var test = await kind.CreateAsync();
        var clock = new ManualClock(Start);
        await using (var write = await test.Database.BeginWriteAsync("generator", clock, default))
        {
            await write.AppendAsync(RandomGenealogy.Setup().Select(e => new NewEvent(e, Start)), default);
            await write.CommitAsync(default);
        }

        var generated = new List<RandomEpcisGenealogy>();
        foreach (var g in batch)
        {
            var native = new RandomGenealogy(5000 + g, Start.AddDays(g % 30)).Generate(operations: 10);
            var epcis = new RandomEpcisGenealogy(g, Start.AddDays(g % 30));
            var events = epcis.Generate(operations: 25 + (g % 10));

            // Interleaved, so EPCIS and native records share the ledger as they would in a shop.
            var mixed = native.Zip(events.Chunk(3), (n, e) => e.Prepend(n)).SelectMany(x => x).Concat(events.Skip(native.Count * 3)).ToList();
            await using var write = await test.Database.BeginWriteAsync("generator", clock, default);
            await write.AppendAsync(mixed, default);
            await write.CommitAsync(default);
            generated.Add(epcis);
        }

        var index = await GenealogyLoader.LoadAsync(test.Database, default);
        var compared = 0;
        var nonEmpty = 0;
        foreach (var genealogy in generated)
        {
            foreach (var node in genealogy.Nodes.Distinct())
            {
                var moment = genealogy.Moments[compared % genealogy.Moments.Count];
                nonEmpty += await TraceAgreement.AssertAgreesAsync(test.Database, index, node, moment) ? 1 : 0;
                compared++;
            }
        }

        Assert.True(nonEmpty > compared / 4, $"only {nonEmpty} of {compared} nodes had both ancestors and descendants");
    }
}

/// <summary>CI: 20 mixed genealogies on SQLite in batches of 10 (the long run: <c>tests/property.sh</c>).</summary>
public sealed class SqliteEpcisGenealogyPropertyTests() : EpcisGenealogyPropertyTests(new SqliteKind(), seeds: 20);

/// <summary>CI: 20 on PostgreSQL.</summary>
public sealed class PostgresEpcisGenealogyPropertyTests() : EpcisGenealogyPropertyTests(new PostgresKind(), seeds: 20);
