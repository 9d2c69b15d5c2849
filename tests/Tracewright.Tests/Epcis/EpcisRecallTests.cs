using System.Text.Json.Nodes;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Trace;
using Tracewright.Features.Demo;
using Tracewright.Features.Epcis;
using Tracewright.Features.Trace;
using Xunit.Abstractions;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// Recall over captured EPCIS events (issue 15): parties of the document's master data are the customers a recall contacts,
/// shipping events are the shipment lines, transformations the manufacture records — the same answer as for native records.
/// </summary>
public abstract class EpcisRecallTests(DatabaseKind kind, ITestOutputHelper output)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// With <paramref name="gs1"/>, the shop first sets its GS1 company prefix and gives every item a GTIN under it: the export
    /// then names lots by LGTIN, units by SGTIN and the shop by SGLN/PGLN, and the import knows them as the same native ids.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_demo_shop_exported_and_imported_into_an_empty_store_recalls_PLA_0424_01_the_same(bool gs1)
    {
        await using var native = await kind.CreateAsync();
        var shop = new Shop(native.Database, _clock);
        await Ok(LoadDemo.HandleAsync(shop, "demo", default));
        var itemByGtin = new Dictionary<string, string>(StringComparer.Ordinal);
        if (gs1)
        {
            const string Prefix = "0614141";
            await Ok(Tracewright.Features.Production.Gs1Prefix.SetAsync(shop, "admin", new(Prefix, "GS1 membership"), default));
            await using var connection = await native.Database.OpenConnectionAsync(default);
            var items = await Tracewright.Data.Materials.MaterialsQueries.ListItemsAsync(connection, default);
            foreach (var (item, i) in items.Select((item, i) => (item, i)))
            {
                var digits = "0" + Prefix + (i + 1).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
                var gtin = digits + Tracewright.Domain.Production.ContainerId.CheckDigit(digits);
                await Ok(Tracewright.Features.Items.AssignGtin.HandleAsync(shop, "admin", new(item.Code.Value, gtin, "GS1 membership"), default));
                itemByGtin[gtin] = item.Code.Value;
            }
        }

        var file = Path.Combine(Path.GetTempPath(), $"tracewright-demo-{Guid.NewGuid():N}.jsonld");
        try
        {
            await Ok(ExportEpcis.HandleAsync(shop, file, null, default));
            var text = await File.ReadAllTextAsync(file);
            var lgtin = System.Text.RegularExpressions.Regex.Match(text, @"https://id\.gs1\.org/01/\d{14}/10/" + DemoYear.RecalledLot).Value;
            string Captured(string lot) => gs1
                ? TracewrightIdentifiers.Lgtin(itemByGtin.Single(g => text.Contains($"/01/{g.Key}/10/{lot}\"", StringComparison.Ordinal)).Key, Identifier.FromStored<LotId>(lot))!
                : TracewrightIdentifiers.Lot(Identifier.FromStored<LotId>(lot));
            if (gs1)
            {
                Assert.NotEqual("", lgtin);
                Assert.DoesNotContain(TracewrightIdentifiers.Lot(Identifier.FromStored<LotId>(DemoYear.RecalledLot)) + "\"", text, StringComparison.Ordinal);
                Assert.Contains("\"https://id.gs1.org/414/0614141000005\"", text, StringComparison.Ordinal); // the shop's SGLN
                Assert.Contains("\"https://id.gs1.org/417/0614141000005\"", text, StringComparison.Ordinal); // and PGLN
            }
            else
            {
                Assert.Equal("", lgtin);
            }

            await using var empty = await kind.CreateAsync();
            var imported = new Shop(empty.Database, _clock);
            await Ok(CaptureEpcis.HandleAsync(imported, "erp", new(await File.ReadAllTextAsync(file)), default));

            var before = await Ok(Recall.HandleAsync(shop, "quality", new(DemoYear.RecalledLot), default));
            var after = await Ok(Recall.HandleAsync(imported, "quality", new(DemoYear.RecalledLot), default));

            Assert.Equal(DemoYear.RecalledCustomers, before.Customers.Count);
            output.WriteLine($"native: {before.Customers.Count} customers, {before.Shipped.Count} lines, {before.ManufactureRecords.Count} runs, {before.InBuilding.Count} here; " +
                $"imported: {after.Customers.Count} customers, {after.Shipped.Count} lines, {after.ManufactureRecords.Count} runs, {after.InBuilding.Count} here");
            Assert.Equal($"lot {DemoYear.RecalledLot}", after.Start);
            Assert.Equal(
                before.Customers.Select(c => (c.Customer, c.Name, c.Contact, c.Email, c.Phone, c.Address, string.Join(",", c.Shipments))),
                after.Customers.Select(c => (c.Customer, c.Name, c.Contact, c.Email, c.Phone, c.Address, string.Join(",", c.Shipments))));
            Assert.Equal(Lines(before), Lines(after));
            Assert.Equal(before.Orders, after.Orders);
            Assert.Equal(before.ManufactureRecords.Select(r => (r.Id, r.Status)), after.ManufactureRecords.Select(r => (r.Id, r.Status)));
            var left = Assert.Single(after.InBuilding, h => h.Id == DemoYear.RecalledLot);
            var was = Assert.Single(before.InBuilding, h => h.Id == DemoYear.RecalledLot);
            Assert.Equal((was.Quantity, was.Status, was.Description), (left.Quantity, left.Status, left.Description));
            Assert.Equal(was.Uom, left.Uom); // as the shop writes it (sheet), which the export's item master data carries beside the Rec. 20 code

            // Trace forward reaches the same customers: native customer nodes, and the parties our own URIs name.
            var reached = (await shop.GenealogyAsync(default)).Forward([new NodeKey(NodeKind.Lot, DemoYear.RecalledLot)])
                .Where(h => h.Node.Kind == NodeKind.Customer).Select(h => h.Node.Id).Order(StringComparer.Ordinal);
            var reachedAfter = (await imported.GenealogyAsync(default)).Forward([new NodeKey(NodeKind.Epc, Captured(DemoYear.RecalledLot))])
                .Where(h => h.Node.Kind == NodeKind.Party).Select(h => TracewrightIdentifiers.Own(h.Node.Id, "customer")).OfType<string>().Order(StringComparer.Ordinal);
            Assert.Equal(reached, reachedAfter);

            // Trace backward from a lot that shipped reaches the same lots (the recalled one among them) and runs.
            var shippedLot = before.Shipped.First(l => l.Kind == "lot").TraceabilityLotCode;
            IEnumerable<string> Native(IEnumerable<TraceHit> hits, NodeKind kind) =>
                hits.Select(h => h.Node.Kind is NodeKind.Epc or NodeKind.Transformation && TracewrightIdentifiers.NativeNode(h.Node.Id, itemByGtin) is { } n ? n : h.Node)
                    .Where(n => n.Kind == kind).Select(n => n.Id).Order(StringComparer.Ordinal);
            var backward = (await shop.GenealogyAsync(default)).Backward([new NodeKey(NodeKind.Lot, shippedLot)]).ToList();
            var backwardAfter = (await imported.GenealogyAsync(default)).Backward([new NodeKey(NodeKind.Epc, Captured(shippedLot))]).ToList();
            Assert.Contains(DemoYear.RecalledLot, Native(backward, NodeKind.Lot));
            Assert.Equal(Native(backward, NodeKind.Lot), Native(backwardAfter, NodeKind.Lot));
            Assert.Equal(Native(backward, NodeKind.Manufacture), Native(backwardAfter, NodeKind.Manufacture));

            // Compliance of what shipped reads the certificates the export states as certificationInfo: the same verdict, and each
            // material with the same item, heat, supplier and reason (certificates named as the shop names them).
            foreach (var standard in new[] { "RoHS", "REACH" })
            {
                var held = await Ok(Compliance.HandleAsync(shop, shippedLot, standard, default));
                var read = await Ok(Compliance.HandleAsync(imported, shippedLot, standard, default));
                output.WriteLine($"{standard}: {held.Summary} | imported: {read.Summary}");
                Assert.Contains(held.Inputs, i => i.Verdict == Compliance.Verdict.Compliant);
                Assert.Equal(held.Verdict, read.Verdict);
                Assert.Equal(
                    held.Inputs.Select(i => (i.Lot, i.Item, i.Heat, i.Supplier, i.Verdict, i.Reason)).Order(),
                    read.Inputs.Select(i => (i.Lot, i.Item, i.Heat, i.Supplier, i.Verdict, i.Reason)).Order());
            }

            // A mixed store — the export captured into the shop it came from — answers once, not twice.
            await Ok(CaptureEpcis.HandleAsync(shop, "erp", new(await File.ReadAllTextAsync(file)), default));
            var mixed = await Ok(Recall.HandleAsync(shop, "quality", new(DemoYear.RecalledLot), default));
            Assert.Equal(before.Customers.Select(c => c.Customer), mixed.Customers.Select(c => c.Customer));
            Assert.Equal(before.Shipped.Count, mixed.Shipped.Count);
            Assert.Equal(before.ManufactureRecords.Select(r => r.Id), mixed.ManufactureRecords.Select(r => r.Id));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<string> Lines(Recall.Response recall) =>
        recall.Shipped
            .Select(l => string.Join("|", l.TraceabilityLotCode, l.Kind, l.Item, l.Description, l.ShipmentReference, l.OrderReference, l.Quantity.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
                l.Uom, l.ShipDate, l.ShipFrom, l.Shipment, l.Order, l.Customer, l.Recipient, l.Contact, l.Email, l.Phone, l.Address))
            .Order(StringComparer.Ordinal);

    [Fact]
    public async Task A_year_of_a_shop_from_another_system_recalls_exactly_the_customers_its_model_says_by_their_master_data_names()
    {
        var year = new YearOfAShop(seed: 15);
        // The suspect lot: one whose model has a shipment declared in error to a customer it did not otherwise reach, and a
        // component removed from an assembly before the assembly shipped to a customer it did not otherwise reach.
        int Count(IReadOnlyDictionary<string, HashSet<string>> sets, string lot) => sets.GetValueOrDefault(lot)?.Count ?? 0;
        var suspect = year.SupplierLots
            .OrderByDescending(l => Count(year.OnlyInErroneousShipments, l) > 0 && Count(year.CustomersIgnoringRemovals, l) > Count(year.CustomersOf, l))
            .ThenByDescending(l => Count(year.CustomersOf, l))
            .First();
        var expected = year.CustomersOf[suspect].Select(c => year.CustomerNames[c]).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(year.OnlyInErroneousShipments[suspect]);
        Assert.True(year.CustomersIgnoringRemovals[suspect].Count > expected.Count, "the suspect lot should have a component removed before shipping");

        await using var test = await kind.CreateAsync();
        var shop = new Shop(test.Database, _clock);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var captured = await Ok(CaptureEpcis.HandleAsync(shop, "mes", new(year.Document), default));
        var capturedIn = watch.Elapsed;
        Assert.Equal(year.Events, captured.Events);
        Assert.True(captured.MasterData >= 400);

        watch.Restart();
        var recall = await Ok(Recall.HandleAsync(shop, "quality", new(suspect), default));
        output.WriteLine(
            $"{year.Events} events captured in {capturedIn.TotalSeconds:0.0} s; recall of {suspect} in {watch.Elapsed.TotalSeconds:0.00} s: {recall.Customers.Count} customers " +
            $"(model {expected.Count}; {year.OnlyInErroneousShipments[suspect].Count} reached only by shipments declared in error, {year.CustomersIgnoringRemovals[suspect].Count} if removals did not count), {recall.Shipped.Count} shipment lines, " +
            $"{recall.ManufactureRecords.Count} manufacture records, {recall.InBuilding.Count} still here");

        Assert.Equal(expected, recall.Customers.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(recall.Customers, c => year.OnlyInErroneousShipments[suspect].Any(w => year.CustomerNames[w] == c.Name));
        Assert.All(recall.Customers, c =>
        {
            Assert.Matches(@"^buyer\d+@customer\d+\.example$", c.Email);
            Assert.StartsWith("+49 30 ", c.Phone, StringComparison.Ordinal);
            Assert.Contains("Mill Lane", c.Address, StringComparison.Ordinal);
        });
        Assert.All(recall.Shipped, l =>
        {
            Assert.StartsWith("urn:epcglobal:cbv:bt:4012345000009:DN-", l.Shipment, StringComparison.Ordinal);
            Assert.StartsWith("urn:epcglobal:cbv:bt:4012345000009:PO-", l.Order, StringComparison.Ordinal);
            Assert.StartsWith("urn:epcglobal:cbv:bt:4012345000009:INV-", l.OrderReference, StringComparison.Ordinal);
            Assert.Equal("Fabrication hall", l.ShipFrom);
        });
        Assert.Equal(recall.Customers.Sum(c => c.Shipments.Count), recall.Shipped.Select(l => (l.Customer, l.Shipment)).Distinct().Count());
        var left = Assert.Single(recall.InBuilding, h => h.Id == Canonical(suspect));
        Assert.Equal(20m, left.Quantity);
        Assert.Equal("KGM", left.Uom);
        Assert.NotEmpty(recall.ManufactureRecords);

        // The CSV lists every shipment line with the recipient's master-data name.
        var csv = System.Text.Encoding.UTF8.GetString(RecallExports.Csv(recall));
        Assert.All(recall.Customers, c => Assert.Contains(c.Name, csv, StringComparison.Ordinal));

        // A later document's master data for a customer supersedes the earlier: the recall names it anew.
        var first = recall.Customers[0];
        var renamed = new JsonObject
        {
            ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = "2026-01-09T10:00:00Z",
            ["epcisHeader"] = new JsonObject
            {
                ["epcisMasterData"] = new JsonObject
                {
                    ["vocabularyList"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "urn:epcglobal:epcis:vtype:Party",
                        ["vocabularyElementList"] = new JsonArray(new JsonObject
                        {
                            ["id"] = first.Customer,
                            ["attributes"] = new JsonArray(
                                new JsonObject { ["id"] = "urn:epcglobal:cbv:mda#name", ["attribute"] = "Renamed Works" },
                                new JsonObject { ["id"] = "urn:epcglobal:cbv:mda#email", ["attribute"] = "new@renamed.example" }),
                        }),
                    }),
                },
            },
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray() },
        };
        await Ok(CaptureEpcis.HandleAsync(shop, "mes", new(renamed.ToJsonString()), default));
        var again = await Ok(Recall.HandleAsync(shop, "quality", new(suspect), default));
        var contact = Assert.Single(again.Customers, c => c.Customer == first.Customer);
        Assert.Equal(("Renamed Works", "new@renamed.example"), (contact.Name, contact.Email));
    }

    [Fact]
    public async Task A_recall_over_captured_events_lists_the_pallets_customer_blocks_what_is_left_as_EPCIS_events_and_forgets_a_packing_declared_in_error()
    {
        await using var test = await kind.CreateAsync();
        var shop = new Shop(test.Database, _clock);
        await Ok(CaptureEpcis.HandleAsync(shop, "erp", new(EpcisSamples.Chain), default));

        var recall = await Ok(Recall.HandleAsync(shop, "quality", new(EpcisSamples.LotUrn), default));

        var customer = Assert.Single(recall.Customers);
        Assert.Equal((EpcisSamples.CustomerDigitalLink, "Harbor Foods"), (customer.Customer, customer.Name));
        // The pallet (an SSCC) shipped: its lines are what was packed on it then, as a native shipment lists its cartons' units.
        Assert.Equal([EpcisSamples.Unit1DigitalLink, "https://id.gs1.org/01/04012345123456/21/1002"], recall.Shipped.Select(l => l.TraceabilityLotCode).Order(StringComparer.Ordinal));
        foreach (var line in recall.Shipped)
        {
            Assert.Equal(("unit", "urn:epcglobal:cbv:bt:4012345000009:PO-77", "Receiving dock"), (line.Kind, line.Order, line.ShipFrom));
            Assert.Equal("urn:uuid:2b0c1a6e-0000-4000-8000-000000000004", line.Shipment);
            Assert.Contains(line.Path, p => p.Contains(EpcisSamples.PalletDigitalLink, StringComparison.Ordinal));
        }

        Assert.Equal(["urn:uuid:2b0c1a6e-0000-4000-8000-000000000002"], recall.ManufactureRecords.Select(r => r.Id));
        var left = Assert.Single(recall.InBuilding);
        Assert.Equal((EpcisSamples.LotDigitalLink, 50m, "KGM"), (left.Id, left.Quantity, left.Uom));
        Assert.StartsWith("in_progress at Receiving dock", left.Status, StringComparison.Ordinal);

        // From the heat number its receipt's ILMD carries, the same answer.
        var byHeat = await Ok(Recall.HandleAsync(shop, "quality", new("h-24-0117"), default));
        Assert.Equal("heat / supplier lot number h-24-0117", byHeat.Start);
        Assert.Equal([EpcisSamples.CustomerDigitalLink], byHeat.Customers.Select(c => c.Customer));
        Assert.Equal(recall.Shipped.Select(l => l.Shipment), byHeat.Shipped.Select(l => l.Shipment));

        var blocked = await Ok(Recall.HandleAsync(shop, "quality", new(EpcisSamples.LotUrn, Block: true, Reason: "supplier notice 7"), default));
        Assert.Equal([EpcisSamples.LotDigitalLink], blocked.Blocked);
        var after = await Ok(Recall.HandleAsync(shop, "quality", new(EpcisSamples.LotUrn, Block: true, Reason: "supplier notice 7"), default));
        Assert.Empty(after.Blocked);
        Assert.StartsWith("recalled at Receiving dock", Assert.Single(after.InBuilding).Status, StringComparison.Ordinal);

        // The block is an EPCIS event: the export states it (disposition recalled, the reason as tw:reason).
        var file = Path.Combine(Path.GetTempPath(), $"tracewright-block-{Guid.NewGuid():N}.jsonld");
        try
        {
            await Ok(ExportEpcis.HandleAsync(shop, file, null, default));
            var events = JsonNode.Parse(await File.ReadAllTextAsync(file))!["epcisBody"]!["eventList"]!.AsArray();
            var block = Assert.Single(events, e => (string?)e!["disposition"] == "recalled");
            Assert.Equal(("ObjectEvent", "OBSERVE", "holding"), ((string?)block!["type"], (string?)block["action"], (string?)block["bizStep"]));
            Assert.Equal($"recall of {EpcisSamples.LotUrn} ({EpcisSamples.LotDigitalLink}): supplier notice 7", (string?)block["tw:reason"]);
        }
        finally
        {
            File.Delete(file);
        }

        // The units were never on the pallet: the pallet's shipment carried nothing of the lot, and they are still here.
        await Ok(CaptureEpcis.HandleAsync(shop, "erp", new(EpcisSamples.PackingDeclaredErroneous), default));
        var corrected = await Ok(Recall.HandleAsync(shop, "quality", new(EpcisSamples.LotUrn), default));
        Assert.Empty(corrected.Customers);
        Assert.Empty(corrected.Shipped);
        Assert.Equal(
            [EpcisSamples.LotDigitalLink, EpcisSamples.Unit1DigitalLink, "https://id.gs1.org/01/04012345123456/21/1002"],
            corrected.InBuilding.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Compliance_of_a_captured_unit_reads_the_certificationInfo_of_the_events_of_the_material_it_was_made_from()
    {
        await using var test = await kind.CreateAsync();
        var shop = new Shop(test.Database, _clock);
        var certified = EpcisSamples.Chain.Replace(
            "\"ilmd\": {\"ex:heat\": \"H-24-0117\"}",
            "\"certificationInfo\": [\"https://certs.example.com/RoHS/H-24-0117.pdf\"], \"ilmd\": {\"ex:heat\": \"H-24-0117\"}",
            StringComparison.Ordinal);
        Assert.NotEqual(EpcisSamples.Chain, certified);
        await Ok(CaptureEpcis.HandleAsync(shop, "erp", new(certified), default));

        var rohs = await Ok(Compliance.HandleAsync(shop, EpcisSamples.Unit1Urn, "RoHS", default));
        Assert.Equal(Compliance.Verdict.Compliant, rohs.Verdict);
        var input = Assert.Single(rohs.Inputs);
        Assert.Equal((EpcisSamples.LotDigitalLink, "04012345123456", "H-24-0117"), (input.Lot, input.Item, input.Heat));
        Assert.Equal(["https://certs.example.com/RoHS/H-24-0117.pdf"], input.Certificates);
        // Compliant since the declaration was recorded (the capture), not since the certificate was issued.
        Assert.Equal(input.Since, rohs.Since);
        Assert.InRange(rohs.Since!.Value, new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero), _clock.GetUtcNow());

        var reach = await Ok(Compliance.HandleAsync(shop, EpcisSamples.Unit1Urn, "REACH", default));
        Assert.Equal(Compliance.Verdict.Unknown, reach.Verdict);
        Assert.Contains("has no REACH declaration", Assert.Single(reach.Inputs).Reason, StringComparison.Ordinal);
    }

    private static string Canonical(string urn) => CaptureEpcis.Canonical(urn);
}

public sealed class SqliteEpcisRecallTests(ITestOutputHelper output) : EpcisRecallTests(new SqliteKind(), output);

public sealed class PostgresEpcisRecallTests(ITestOutputHelper output) : EpcisRecallTests(new PostgresKind(), output);
