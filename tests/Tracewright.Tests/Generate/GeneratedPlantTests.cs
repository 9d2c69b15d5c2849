using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Trace;
using Tracewright.Features.Epcis;
using Tracewright.Features.Generate;
using Tracewright.Tests.Support;
using Tracewright.Tests.Trace;

namespace Tracewright.Tests.Generate;

/// <summary>
/// A generated plant written through the store: it verifies clean, its trace starting points trace the same in the index
/// as in the recursive-SQL reference, the fast statement path stores exactly what the plain one does, and the same plant
/// as an EPCIS document imports and traces to the same lots and units — on SQLite and on PostgreSQL.
/// </summary>
public abstract class GeneratedPlantTests(DatabaseKind kind)
{
    private const long Size = 3_000;
    private const int Seed = 11;

    private static readonly DateTimeOffset Recorded = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static async Task<GenerationStarts> GenerateAsync(Database database, TimeProvider clock, long size = Size)
    {
        var written = await Support.Seed.Ok(GenerateGenealogy.HandleAsync(new Shop(database, clock), "generator", new GenerateGenealogy.Request(size, Seed, Batch: 700), null, default));
        Assert.Equal(size, written.Events);
        return written.Starts;
    }

    [Fact]
    public async Task GeneratedPlant_VerifiesClean_AndItsStartsTraceLikeTheSqlReference()
    {
        await using var test = await kind.CreateAsync();
        var starts = await GenerateAsync(test.Database, TimeProvider.System);

        var report = await LedgerVerifier.VerifyAsync(test.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(Size, report.RecordsChecked);

        var index = await GenealogyLoader.LoadAsync(test.Database, default);
        var moment = PlantGenerator.End.AddYears(-5);
        var nodes = starts.HotLots.Take(1)
            .Append(starts.DeepChainFirst).Append(starts.DeepChainLast)
            .Concat(starts.SampleUnits.Where((_, i) => i % 20 == 0))
            .Concat(starts.SampleLots.Where((_, i) => i % 25 == 0))
            .Select(n => NodeKey.Parse(n).Value)
            .ToList();
        var full = 0;
        foreach (var node in nodes)
        {
            full += await TraceAgreement.AssertAgreesAsync(test.Database, index, node, moment) ? 1 : 0;
        }

        Assert.True(full >= nodes.Count / 3, $"only {full} of {nodes.Count} starting points have both ancestors and descendants");

        // The deep chain is deep: its last lot's ancestry reaches the first through every level (a lot and a run per level).
        var chain = index.Backward([NodeKey.Parse(starts.DeepChainLast).Value]).Select(h => h.Node.Text).ToList();
        Assert.Contains(starts.DeepChainFirst, chain);
        Assert.True(chain.Count(n => n.StartsWith("lot:RG-", StringComparison.Ordinal)) >= 50, $"the chain has only {chain.Count(n => n.StartsWith("lot:RG-", StringComparison.Ordinal))} levels");

        // The hot heat reaches customers.
        Assert.Contains(index.Forward([NodeKey.Parse(starts.HotLots[0]).Value]), h => h.Node.Kind == NodeKind.Customer);
    }

    [Fact]
    public async Task PreparedStatements_StoreExactlyWhatPlainStatementsStore()
    {
        await using var plain = await kind.CreateAsync();
        await using var prepared = await kind.CreateAsync();
        plain.Database.Statements = StatementMode.Plain;
        foreach (var test in new[] { plain, prepared })
        {
            // The same clock start on both sides, so recorded times and with them the hash chain are identical too.
            var clock = new ManualClock(Recorded);
            await GenerateAsync(test.Database, clock);
            await using var write = await test.Database.BeginWriteAsync("generator", clock, default);
            // The plant already has customer 1, which the random genealogies ship to.
            await write.AppendAsync(RandomGenealogy.Setup().Where(e => e is not Domain.Shipping.CustomerRegistered).Select(e => new NewEvent(e, Recorded)), default);
            for (var g = 1; g <= 20; g++)
            {
                // Corrections, unpacking, cycles, partial consumption: what the plant does not do.
                await write.AppendAsync(new RandomGenealogy(g, Recorded.AddDays(g)).Generate(operations: 25), default);
            }

            await write.CommitAsync(default);
        }

        var difference = TableDump.Difference(await TableDump.ReadAsync(plain.Database), await TableDump.ReadAsync(prepared.Database));
        Assert.True(difference is null, difference);
    }

    [Fact]
    public async Task PreparedStatements_StoreTheDemoShopAsPlainStatementsDo()
    {
        // The demo goes through the handlers: certificates and their files, a BOM, cuts, a year of runs and shipments.
        await using var plain = await kind.CreateAsync();
        await using var prepared = await kind.CreateAsync();
        plain.Database.Statements = StatementMode.Plain;
        foreach (var test in new[] { plain, prepared })
        {
            await Support.Seed.Ok(Features.Demo.LoadDemo.HandleAsync(new Shop(test.Database, new ManualClock(Recorded)), "demo", default));
        }

        var difference = TableDump.Difference(await TableDump.ReadAsync(plain.Database), await TableDump.ReadAsync(prepared.Database));
        Assert.True(difference is null, difference);
    }

    [Fact]
    public async Task EpcisDocument_ImportsAndTracesToTheSameLotsAndUnits()
    {
        var folder = Directory.CreateTempSubdirectory("tracewright-generate-").FullName;
        try
        {
            var file = Path.Combine(folder, "plant.json");
            var written = await Support.Seed.Ok(GenerateGenealogy.WriteEpcisAsync(file, new GenerateGenealogy.Request(Size, Seed), null, default));
            await using var native = await kind.CreateAsync();
            await using var imported = await kind.CreateAsync();
            var starts = await GenerateAsync(native.Database, TimeProvider.System);
            var captured = await Support.Seed.Ok(CaptureEpcis.HandleAsync(new Shop(imported.Database, TimeProvider.System), "importer", new CaptureEpcis.Request(await File.ReadAllTextAsync(file)), default));

            Assert.Equal(written.EpcisEvents, captured.Captured);
            var report = await LedgerVerifier.VerifyAsync(imported.Database, null, default);
            Assert.True(report.IsIntact, report.Problem);

            var nativeIndex = await GenealogyLoader.LoadAsync(native.Database, default);
            var importedIndex = await GenealogyLoader.LoadAsync(imported.Database, default);
            foreach (var start in starts.HotLots.Take(1).Append(starts.DeepChainFirst).Concat(starts.SampleUnits.Take(5)))
            {
                var node = NodeKey.Parse(start).Value;
                var epc = new NodeKey(NodeKind.Epc, node.Kind == NodeKind.Lot
                    ? TracewrightIdentifiers.Lot(Domain.Common.Identifier.FromStored<Domain.Materials.LotId>(node.Id))
                    : TracewrightIdentifiers.Unit(Domain.Common.Identifier.FromStored<Domain.Production.UnitId>(node.Id)));
                await TraceAgreement.AssertAgreesAsync(imported.Database, importedIndex, epc, PlantGenerator.End.AddYears(-5));

                // The captured events name the same lots and units as the native records they were written from.
                static HashSet<string> Material(IEnumerable<TraceHit> hits) =>
                    hits.Select(h => h.Node.Kind == NodeKind.Epc ? TracewrightIdentifiers.NativeNode(h.Node.Id) ?? h.Node : h.Node)
                        .Where(n => n.Kind is NodeKind.Lot or NodeKind.Unit)
                        .Select(n => n.Text)
                        .ToHashSet();
                var fromNative = Material(nativeIndex.Forward([node]));
                var fromImport = Material(importedIndex.Forward([epc]));
                Assert.True(fromNative.SetEquals(fromImport), $"forward from {start}: native-only [{string.Join(", ", fromNative.Except(fromImport).Take(10))}], import-only [{string.Join(", ", fromImport.Except(fromNative).Take(10))}]");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class SqliteGeneratedPlantTests() : GeneratedPlantTests(new SqliteKind());

public sealed class PostgresGeneratedPlantTests() : GeneratedPlantTests(new PostgresKind());
