using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Tests.Trace;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// With random EPCIS events mixed into random native genealogies in one ledger, the in-memory index (from the events) and
/// the recursive-SQL reference (from the <c>epcis_*</c> and native link tables) give the same nodes from every EPCIS node,
/// forward, backward now and backward as of earlier moments — on SQLite and on PostgreSQL.
/// </summary>
public abstract class EpcisGenealogyPropertyTests(DatabaseKind kind, int batches)
{
    private const int PerBatch = 10;

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task IndexAndRecursiveSql_AgreeWithEpcisEventsMixedIn()
    {
        for (var batch = 0; batch < batches; batch++)
        {
            await CompareBatchAsync(batch);
        }
    }

    private async Task CompareBatchAsync(int batch)
    {
        await using var test = await kind.CreateAsync();
        var clock = new ManualClock(Start);
        await using (var write = await test.Database.BeginWriteAsync("generator", clock, default))
        {
            await write.AppendAsync(RandomGenealogy.Setup().Select(e => new NewEvent(e, Start)), default);
            await write.CommitAsync(default);
        }

        var generated = new List<RandomEpcisGenealogy>();
        for (var g = 1 + (batch * PerBatch); g <= (batch + 1) * PerBatch; g++)
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
                var fromIndex = index.Forward([node]).Select(h => h.Node.Text).ToHashSet();
                var fromSql = await TraceReference.ForwardAsync(test.Database, [node.Text], default);
                Assert.True(fromSql.SetEquals(fromIndex), $"forward from {node}: index-only [{string.Join(", ", fromIndex.Except(fromSql))}], sql-only [{string.Join(", ", fromSql.Except(fromIndex))}]");

                var backIndex = index.Backward([node]).Select(h => h.Node.Text).ToHashSet();
                var backSql = await TraceReference.BackwardAsync(test.Database, [node.Text], null, default);
                Assert.True(backSql.SetEquals(backIndex), $"backward from {node}: index-only [{string.Join(", ", backIndex.Except(backSql))}], sql-only [{string.Join(", ", backSql.Except(backIndex))}]");

                var moment = genealogy.Moments[compared % genealogy.Moments.Count];
                var asOfIndex = index.Backward([node], moment.UtcTicks).Select(h => h.Node.Text).ToHashSet();
                var asOfSql = await TraceReference.BackwardAsync(test.Database, [node.Text], Timestamp.ToText(moment), default);
                Assert.True(asOfSql.SetEquals(asOfIndex), $"backward from {node} as of {moment:O}: index-only [{string.Join(", ", asOfIndex.Except(asOfSql))}], sql-only [{string.Join(", ", asOfSql.Except(asOfIndex))}]");

                compared++;
                nonEmpty += fromIndex.Count > 0 && backIndex.Count > 0 ? 1 : 0;
            }
        }

        Assert.True(nonEmpty > compared / 4, $"only {nonEmpty} of {compared} nodes had both ancestors and descendants");
    }
}

/// <summary>20 batches of 10 mixed genealogies on SQLite.</summary>
public sealed class SqliteEpcisGenealogyPropertyTests() : EpcisGenealogyPropertyTests(new SqliteKind(), batches: 20);

/// <summary>3 batches of 10 on PostgreSQL.</summary>
public sealed class PostgresEpcisGenealogyPropertyTests() : EpcisGenealogyPropertyTests(new PostgresKind(), batches: 3);
