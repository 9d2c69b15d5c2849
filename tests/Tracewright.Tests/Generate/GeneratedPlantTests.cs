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

    /// <summary>
    /// Issue 15's lossless round trip on a generated plant (lots, pieces, runs, units built into units, rework, cartons,
    /// shipments): <c>export</c>, then import into an empty store, answers recall, compliance (with a RoHS declaration and a
    /// restricted substance the shop attached), trace and as-built — now and at a moment before a rework removed a component —
    /// as the shop's own records do, field by field.
    /// </summary>
    [Fact]
    public async Task Export_ImportedIntoAnEmptyStore_AnswersRecallComplianceTraceAndAsBuiltAsTheShopDoes()
    {
        await using var native = await kind.CreateAsync();
        var starts = await GenerateAsync(native.Database, TimeProvider.System);
        var shop = new Shop(native.Database, TimeProvider.System);
        await Support.Seed.Ok(Features.Certificates.AttachCertificate.HandleAsync(shop, "clerk", new("STL-000010", File: new Features.Certificates.CertificateInput(
            "rohs-h9.pdf", Support.Seed.Pdf("RoHS H-000009"), "RoHS", ["H-000009"], Standards: ["RoHS 2011/65/EU"], RestrictedSubstances: ["none"])), default));
        await Support.Seed.Ok(Features.Certificates.AttachCertificate.HandleAsync(shop, "clerk", new("CU-000001", File: new Features.Certificates.CertificateInput(
            "rohs-cu.pdf", Support.Seed.Pdf("RoHS CU-000001"), "RoHS", ["CU-000001"], RestrictedSubstances: ["Lead (Pb)"])), default));

        var file = Path.Combine(Path.GetTempPath(), $"tracewright-plant-{Guid.NewGuid():N}.jsonld");
        try
        {
            await Support.Seed.Ok(ExportEpcis.HandleAsync(shop, file, null, default));
            Epcis.EpcisRoundTripTests.AssertValid(await File.ReadAllTextAsync(file));
            await using var empty = await kind.CreateAsync();
            var imported = new Shop(empty.Database, TimeProvider.System);
            await Support.Seed.Ok(CaptureEpcis.HandleAsync(imported, "importer", new CaptureEpcis.Request(await File.ReadAllTextAsync(file)), default));
            var report = await LedgerVerifier.VerifyAsync(empty.Database, null, default);
            Assert.True(report.IsIntact, report.Problem);

            // Recall from the hot lot and sample lots: the same customers, lines (units inside the cartons that shipped), runs, and what is left.
            var recalled = 0;
            foreach (var lot in starts.HotLots.Take(1).Concat(starts.SampleLots.Where((_, i) => i % 20 == 0)).Select(l => NodeKey.Parse(l).Value.Id))
            {
                var before = await Support.Seed.Ok(Features.Trace.Recall.HandleAsync(shop, "quality", new(lot), default));
                var after = await Support.Seed.Ok(Features.Trace.Recall.HandleAsync(imported, "quality", new(lot), default));
                recalled += before.Shipped.Count;
                Assert.Equal(before.Start, after.Start);
                Assert.Equal(
                    before.Customers.Select(c => (c.Customer, c.Name, c.Contact, c.Email, c.Phone, c.Address, string.Join(",", c.Shipments))),
                    after.Customers.Select(c => (c.Customer, c.Name, c.Contact, c.Email, c.Phone, c.Address, string.Join(",", c.Shipments))));
                Assert.Equal(Lines(before), Lines(after));
                Assert.Equal(before.Orders, after.Orders);
                Assert.Equal(before.ManufactureRecords.Select(r => (r.Id, r.Item, r.Description, r.Status, r.Quantity)), after.ManufactureRecords.Select(r => (r.Id, r.Item, r.Description, r.Status, r.Quantity)));
                Assert.Equal(
                    before.InBuilding.Select(h => (h.Kind, h.Id, h.Item, h.Description, h.Status, h.Quantity, h.Uom)).Order(),
                    after.InBuilding.Select(h => (h.Kind, h.Id, h.Item, h.Description, h.Status, h.Quantity, h.Uom)).Order());
            }

            Assert.True(recalled > 0, "no sample lot reached a customer");

            // Compliance and as-built of sample units: every material with its verdict, reason and since when; every node of the tree.
            var verdicts = new HashSet<Features.Trace.Compliance.Verdict>();
            foreach (var unit in starts.SampleUnits.Where((_, i) => i % 6 == 0).Select(u => NodeKey.Parse(u).Value.Id))
            {
                var held = await Support.Seed.Ok(Features.Trace.Compliance.HandleAsync(shop, unit, "RoHS", default));
                var read = await Support.Seed.Ok(Features.Trace.Compliance.HandleAsync(imported, unit, "RoHS", default));
                verdicts.UnionWith(held.Inputs.Select(i => i.Verdict));
                Assert.Equal(held.Summary, read.Summary);
                Assert.Equal(
                    held.Inputs.Select(i => (i.Lot, i.Item, i.Heat, i.Supplier, i.Verdict, i.Reason, i.Since, string.Join(",", i.Certificates.Select(c => c.Split(' ')[0])))),
                    read.Inputs.Select(i => (i.Lot, i.Item, i.Heat, i.Supplier, i.Verdict, i.Reason, i.Since, string.Join(",", i.Certificates.Select(c => c.Split(' ')[0])))));

                await AssertSameAsBuiltAsync(shop, imported, unit, null);
            }

            Assert.Contains(Features.Trace.Compliance.Verdict.NotCompliant, verdicts);
            Assert.Contains(Features.Trace.Compliance.Verdict.Compliant, verdicts);

            // Rework: before the removal the tree holds the component, after it not — on both sides.
            await using var connection = await native.Database.OpenConnectionAsync(default);
            var reworked = (await Dapper.SqlMapper.QueryAsync<(string Parent, string Component, string InstalledAt, string RemovedAt)>(connection,
                "SELECT parent_unit, component_id, installed_at, removed_at FROM unit_components WHERE removed_seq IS NOT NULL ORDER BY installed_seq")).Take(3).ToList();
            Assert.NotEmpty(reworked);
            foreach (var (parent, component, installedAt, removedAt) in reworked)
            {
                var between = Domain.Common.Timestamp.FromText(installedAt) + ((Domain.Common.Timestamp.FromText(removedAt) - Domain.Common.Timestamp.FromText(installedAt)) / 2);
                var then = await AssertSameAsBuiltAsync(shop, imported, parent, between.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                var now = await AssertSameAsBuiltAsync(shop, imported, parent, null);
                Assert.Contains(then, n => n.Contains($"|{component}|", StringComparison.Ordinal));
                Assert.DoesNotContain(now, n => n.StartsWith($"1|unit|{component}|", StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<List<string>> AssertSameAsBuiltAsync(Shop shop, Shop imported, string unit, string? asOf)
    {
        var before = await Support.Seed.Ok(Features.Production.ShowAsBuilt.HandleAsync(shop, unit, asOf, default));
        var after = await Support.Seed.Ok(Features.Production.ShowAsBuilt.HandleAsync(imported, unit, asOf, default));
        Assert.Equal(before.Unit, after.Unit);
        var expected = Flatten(before.Tree, 0).ToList();
        Assert.Equal(expected, Flatten(after.Tree, 0).ToList());
        Assert.True(expected.Count > 1, $"{unit} as built has no parts");
        return expected;
    }

    /// <summary>Every node of an as-built tree, depth first: depth, kind, id, item, quantity, unit, heat, supplier, certificates, made by, how it got there, its evidence notes.</summary>
    private static IEnumerable<string> Flatten(Data.Production.AsBuiltNode node, int depth) =>
        new[] { string.Join("|", depth, node.Kind, node.Id, node.Item.Value, node.Quantity?.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture), node.Uom, node.Heat, node.Supplier, string.Join(",", node.Certificates), node.MadeBy, node.Via, string.Join(" / ", node.Notes)) }
            .Concat(node.Children.SelectMany(c => Flatten(c, depth + 1)));

    private static IEnumerable<string> Lines(Features.Trace.Recall.Response recall) =>
        recall.Shipped
            .Select(l => string.Join("|", l.TraceabilityLotCode, l.Kind, l.Item, l.Description, l.ShipmentReference, l.OrderReference, l.Quantity.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture), l.Uom,
                l.ShipDate, l.ShipFrom, l.Shipment, l.Order, l.Customer, l.Recipient, l.Contact, l.Email, l.Phone, l.Address))
            .Order(StringComparer.Ordinal);
}

public sealed class SqliteGeneratedPlantTests() : GeneratedPlantTests(new SqliteKind());

public sealed class PostgresGeneratedPlantTests() : GeneratedPlantTests(new PostgresKind());
