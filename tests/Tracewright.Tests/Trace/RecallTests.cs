using System.IO.Compression;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tracewright.Data;
using Tracewright.Data.Production;
using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Trace;
using Tracewright.Features.Certificates;
using Tracewright.Features.Demo;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Features.Shipping;
using Tracewright.Features.Trace;
using Tracewright.Tests.Support;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Trace;

/// <summary>Trace, recall and compliance answers (source 000: "34 customers, not 400"), on both databases.</summary>
public abstract class RecallTests(DatabaseKind kind)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 5, 20, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task DemoRecall_ListsExactlyTheCustomersABruteForceJoinFinds()
    {
        await using var test = await kind.CreateAsync();
        var shop = new Shop(test.Database, _clock);
        await Ok(LoadDemo.HandleAsync(shop, "demo", default));

        var recall = await Ok(Recall.HandleAsync(shop, "quality", new(DemoYear.RecalledLot), default));

        // Brute force, straight from the stored tables: runs that consumed the lot, their batches, where they went.
        await using var connection = await test.Database.OpenConnectionAsync(default);
        var expected = (await connection.QueryAsync<string>(
            """
            SELECT DISTINCT s.customer_id
            FROM mfg_inputs i
            JOIN mfg_records r ON r.id = i.mfg_id
            JOIN shipment_lines l ON l.line_kind = 'lot' AND l.line_id = r.output_lot
            JOIN shipments s ON s.id = l.shipment_id
            WHERE i.input_kind = 'lot' AND i.input_id = @lot
            """, new { lot = DemoYear.RecalledLot })).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(DemoYear.RecalledCustomers, expected.Count);
        Assert.Equal(expected, recall.Customers.Select(c => c.Customer));
        Assert.Equal(["MFG-0053", "MFG-0054", "MFG-0055", "MFG-0056"], recall.ManufactureRecords.Select(r => r.Id));
        Assert.All(recall.Customers, c => Assert.False(string.IsNullOrEmpty(c.Email)));
        Assert.All(recall.Shipped, l => Assert.StartsWith($"lot:{DemoYear.RecalledLot}", l.Path[0], StringComparison.Ordinal));
        Assert.All(recall.Customers, c => Assert.Equal($"cus:{c.Customer}", c.Path[^1].Split(' ')[^1]));
        Assert.Equal(34, recall.Shipped.Sum(l => l.Quantity) - 5);
        Assert.Contains(recall.InBuilding, h => h.Id == DemoYear.RecalledLot && h.Quantity == 4200);

        var total = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customers");
        Assert.True(total >= 400, $"the demo should hold 400+ customers, it holds {total}");
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);
    }

    private async Task<(Shop Shop, string Material)> LineAsync(TestDatabase test)
    {
        var shop = await OpenAsync(test, _clock);
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("MOT-20", "Stepper motor", "ea", "other", "serial", ["none"], "MOT"), default));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ACT-100", "Linear actuator", "ea", "other", "serial", ["none"], "ACT"), default));
        var material = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-77", "10", "sheet"), default))).Lot;
        return (shop, material);
    }

    [Fact]
    public async Task AComponentRemovedBeforeItsParentShipped_DoesNotMakeThatShipmentAffected()
    {
        await using var test = await kind.CreateAsync();
        var (shop, material) = await LineAsync(test);
        var customerA = (await Ok(Customers.RegisterAsync(shop, "sales", new("Keeps the part", Email: "a@example.com"), default))).Customer;
        var customerB = (await Ok(Customers.RegisterAsync(shop, "sales", new("Had it swapped", Email: "b@example.com"), default))).Customer;
        var motors = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{material}:2"], Serials: ["M1", "M2"]), default));
        await Ok(CaptureSerial.HandleAsync(shop, "op", new("ACT-100", "A1"), default));
        await Ok(CaptureSerial.HandleAsync(shop, "op", new("ACT-100", "A2"), default));
        await Ok(CaptureSerial.HandleAsync(shop, "op", new("MOT-20", "CLEAN"), default));
        Assert.Equal(2, motors.OutputUnits.Count);

        _clock.Now = new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);
        await Ok(Assembly.InstallAsync(shop, "op", new("A1", Component: "M1"), default));
        await Ok(Assembly.InstallAsync(shop, "op", new("A2", Component: "M2"), default));
        _clock.Now = new DateTimeOffset(2024, 6, 2, 8, 0, 0, TimeSpan.Zero);
        await Ok(Assembly.RemoveAsync(shop, "op", new("A2", Component: "M2", Reason: "rework"), default));
        await Ok(Assembly.InstallAsync(shop, "op", new("A2", Component: "CLEAN"), default));

        _clock.Now = new DateTimeOffset(2024, 6, 3, 8, 0, 0, TimeSpan.Zero);
        var orderA = await Ok(Customers.PlaceAsync(shop, "sales", new(customerA, ["ACT-100:1"]), default));
        var orderB = await Ok(Customers.PlaceAsync(shop, "sales", new(customerB, ["ACT-100:1"]), default));
        await Ok(Ship.HandleAsync(shop, "ship", new(orderA.Order, Units: ["A1"]), default));
        await Ok(Ship.HandleAsync(shop, "ship", new(orderB.Order, Units: ["A2"]), default));

        var recall = await Ok(Recall.HandleAsync(shop, "quality", new("T-77"), default));
        Assert.Equal([customerA], recall.Customers.Select(c => c.Customer));
        Assert.Equal(["ACT-100:A1"], recall.Shipped.Select(l => l.TraceabilityLotCode));
        Assert.Contains(recall.InBuilding, h => h.Id == "MOT-20:M2");
        // M1 is inside A1, which shipped: it left the building with it, whatever its own status says.
        Assert.DoesNotContain(recall.InBuilding, h => h.Id == "MOT-20:M1");
        Assert.DoesNotContain(recall.InBuilding, h => h.Id == "ACT-100:A1");

        // Backward from the shipment B as of its shipping: the clean motor, not M2.
        var behind = await Ok(TraceRecords.HandleAsync(shop, "SHP-0002", TraceRecords.Direction.Backward, null, default));
        Assert.Contains("unit:MOT-20:CLEAN", behind.Hits.Select(h => h.Node));
        Assert.DoesNotContain("unit:MOT-20:M2", behind.Hits.Select(h => h.Node));
        var asOfBefore = await Ok(TraceRecords.HandleAsync(shop, "ACT-100:A2", TraceRecords.Direction.Backward, "2024-06-01T12:00:00Z", default));
        Assert.Contains("unit:MOT-20:M2", asOfBefore.Hits.Select(h => h.Node));
        await AgreesWithReferenceAsync(shop, [new NodeKey(NodeKind.Lot, material)]);

        // Read back from its export (issue 15), the shop answers the same, and A2 was built of M2 before the rework, of CLEAN after.
        await ImportedAnswersTheSameAsync(shop, ["T-77"], ["ACT-100:A2", "ACT-100:A1"], async imported =>
        {
            var before = await Ok(ShowAsBuilt.HandleAsync(imported, "ACT-100:A2", "2024-06-01T12:00:00Z", default));
            Assert.Equal(["MOT-20:M2"], before.Tree.Children.Select(c => c.Id));
        });
    }

    /// <summary>
    /// The shop exported (checked with GS1's schema) and imported into an empty store: recall from each of <paramref name="recalls"/>
    /// (customers, shipment lines, runs, what is left with its status) and as-built of each of <paramref name="units"/> (every
    /// node) answer as the shop's own records do; <paramref name="then"/> asks the imported store more.
    /// </summary>
    private async Task ImportedAnswersTheSameAsync(Shop shop, IReadOnlyList<string> recalls, IReadOnlyList<string> units, Func<Shop, Task>? then = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tracewright-recall-{Guid.NewGuid():N}.jsonld");
        try
        {
            await Ok(Tracewright.Features.Epcis.ExportEpcis.HandleAsync(shop, file, null, default));
            Tracewright.Tests.Epcis.EpcisRoundTripTests.AssertValid(await File.ReadAllTextAsync(file));
            await using var empty = await kind.CreateAsync();
            var imported = new Shop(empty.Database, TimeProvider.System);
            await Ok(Tracewright.Features.Epcis.CaptureEpcis.HandleAsync(imported, "erp", new(await File.ReadAllTextAsync(file)), default));
            foreach (var start in recalls)
            {
                var before = await Ok(Recall.HandleAsync(shop, "quality", new(start), default));
                var after = await Ok(Recall.HandleAsync(imported, "quality", new(start), default));
                Assert.Equal(before.Customers.Select(c => (c.Customer, c.Name, c.Email, string.Join(",", c.Shipments))), after.Customers.Select(c => (c.Customer, c.Name, c.Email, string.Join(",", c.Shipments))));
                Assert.Equal(
                    before.Shipped.Select(l => (l.TraceabilityLotCode, l.Kind, l.Item, l.Quantity, l.Uom, l.Shipment, l.Order, l.Customer)).Order(),
                    after.Shipped.Select(l => (l.TraceabilityLotCode, l.Kind, l.Item, l.Quantity, l.Uom, l.Shipment, l.Order, l.Customer)).Order());
                Assert.Equal(before.ManufactureRecords.Select(r => (r.Id, r.Item, r.Status)), after.ManufactureRecords.Select(r => (r.Id, r.Item, r.Status)));
                Assert.Equal(
                    before.InBuilding.Select(h => (h.Kind, h.Id, h.Item, h.Status, h.Quantity, h.Uom)).Order(),
                    after.InBuilding.Select(h => (h.Kind, h.Id, h.Item, h.Status, h.Quantity, h.Uom)).Order());
            }

            foreach (var unit in units)
            {
                var built = await Ok(ShowAsBuilt.HandleAsync(shop, unit, null, default));
                var rebuilt = await Ok(ShowAsBuilt.HandleAsync(imported, unit, null, default));
                static IEnumerable<string> Nodes(Tracewright.Data.Production.AsBuiltNode n, int depth) =>
                    new[] { string.Join("|", depth, n.Kind, n.Id, n.Item, n.Quantity, n.Uom, n.Heat, n.Supplier, string.Join(",", n.Certificates), n.MadeBy, n.Via, string.Join(" / ", n.Notes)) }
                        .Concat(n.Children.SelectMany(c => Nodes(c, depth + 1)));
                Assert.Equal(Nodes(built.Tree, 0), Nodes(rebuilt.Tree, 0));
            }

            if (then is not null)
            {
                await then(imported);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ACorrectedRecord_CountsAsCorrected()
    {
        await using var test = await kind.CreateAsync();
        var (shop, right) = await LineAsync(test);
        var wrong = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-99", "10", "sheet"), default))).Lot;
        var run = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{wrong}:3"], Serials: ["M1"]), default));
        Assert.Single((await Ok(Recall.HandleAsync(shop, "quality", new("T-99"), default))).ManufactureRecords);

        var corrected = await Ok(CorrectManufacture.HandleAsync(shop, "op", new(run.Record, "scanned the wrong stack", [$"{right}:3"]), default));
        Assert.Equal(run.Sequence, corrected.Corrects);
        Assert.Empty((await Ok(Recall.HandleAsync(shop, "quality", new("T-99"), default))).ManufactureRecords);
        Assert.Equal([run.Record], (await Ok(Recall.HandleAsync(shop, "quality", new("T-77"), default))).ManufactureRecords.Select(r => r.Id));

        await using var connection = await shop.Database.OpenConnectionAsync(default);
        var lots = (await connection.QueryAsync<(string Id, decimal Quantity)>("SELECT id, quantity FROM lots WHERE id IN (@a, @b) ORDER BY id", new { a = right, b = wrong })).ToDictionary(l => l.Id, l => l.Quantity);
        Assert.Equal((7m, 10m), (lots[right], lots[wrong]));
        await AgreesWithReferenceAsync(shop, [new NodeKey(NodeKind.Lot, wrong), new NodeKey(NodeKind.Lot, right)]);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);

        // Exported, the correction is an error declaration of the run's event and a corrective event (issue 15): an empty store
        // that imports it counts the run as corrected too, and builds M1 of the right lot.
        var file = Path.Combine(Path.GetTempPath(), $"tracewright-corrected-{Guid.NewGuid():N}.jsonld");
        try
        {
            await Ok(Tracewright.Features.Epcis.ExportEpcis.HandleAsync(shop, file, null, default));
            Tracewright.Tests.Epcis.EpcisRoundTripTests.AssertValid(await File.ReadAllTextAsync(file));
            var events = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))!["epcisBody"]!["eventList"]!.AsArray();
            var declared = Assert.Single(events, e => e!["errorDeclaration"] is not null)!;
            Assert.Equal("incorrect_data", (string?)declared["errorDeclaration"]!["reason"]);
            Assert.Equal("scanned the wrong stack", (string?)declared["errorDeclaration"]!["tw:reason"]);
            var correctiveId = (string?)declared["errorDeclaration"]!["correctiveEventIDs"]![0];
            Assert.Single(events, e => (string?)e!["eventID"] == correctiveId && e["transformationID"] is not null);

            await using var empty = await kind.CreateAsync();
            var imported = new Shop(empty.Database, TimeProvider.System);
            var captured = await Ok(Tracewright.Features.Epcis.CaptureEpcis.HandleAsync(imported, "erp", new(await File.ReadAllTextAsync(file)), default));
            Assert.Equal(1, captured.DeclaredErroneous);
            Assert.Empty((await Ok(Recall.HandleAsync(imported, "quality", new("T-99"), default))).ManufactureRecords);
            Assert.Equal([run.Record], (await Ok(Recall.HandleAsync(imported, "quality", new("T-77"), default))).ManufactureRecords.Select(r => r.Id));
            var built = await Ok(Tracewright.Features.Production.ShowAsBuilt.HandleAsync(shop, "MOT-20:M1", null, default));
            var rebuilt = await Ok(Tracewright.Features.Production.ShowAsBuilt.HandleAsync(imported, "MOT-20:M1", null, default));
            Assert.Equal([right], built.Tree.Children.Select(c => c.Id));
            Assert.Equal(
                built.Tree.Children.Select(c => (c.Kind, c.Id, c.Item, c.Quantity, c.Heat, c.Supplier, c.MadeBy, c.Via)),
                rebuilt.Tree.Children.Select(c => (c.Kind, c.Id, c.Item, c.Quantity, c.Heat, c.Supplier, c.MadeBy, c.Via)));
            Assert.Equal(built.Tree.MadeBy, rebuilt.Tree.MadeBy);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ACorrectedReceipt_IsFoundByItsCorrectedSupplierLot_AlsoReadBackFromItsExport()
    {
        await using var test = await kind.CreateAsync();
        var (shop, material) = await LineAsync(test);
        await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{material}:2"], Serials: ["M1"]), default));
        await Ok(Tracewright.Features.Lots.CorrectReceipt.HandleAsync(shop, "qa", new(material, "typo on the delivery note", SupplierLot: "SL-4410", Grade: "B/BB"), default));
        Assert.Equal([material], (await Ok(Recall.HandleAsync(shop, "quality", new("SL-4410"), default))).StartLots);

        await ImportedAnswersTheSameAsync(shop, ["SL-4410", "T-77"], ["MOT-20:M1"], async imported =>
        {
            var recall = await Ok(Recall.HandleAsync(imported, "quality", new("SL-4410"), default));
            Assert.Equal(["MOT-20:M1"], recall.InBuilding.Where(h => h.Kind == "unit").Select(h => h.Id));
            Assert.Contains(recall.InBuilding, h => h.Id == material && h.Quantity == 8);
        });
    }

    [Fact]
    public async Task Issue14_ACorrectionMayReListALotBlockedByARecallSince_ButNotTakeMoreOfIt_NorANewBlockedLot()
    {
        await using var test = await kind.CreateAsync();
        var (shop, recalled) = await LineAsync(test);
        var wrong = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-88", "10", "sheet"), default))).Lot;
        var right = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-89", "10", "sheet"), default))).Lot;
        var held = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-90", "10", "sheet"), default))).Lot;
        var run = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{recalled}:3", $"{wrong}:1"], Serials: ["M1"]), default));
        await Ok(Recall.HandleAsync(shop, "quality", new("T-77", Block: true, Reason: "supplier notice SN-9"), default));
        await Ok(ChangeLotStatus.HandleAsync(shop, "qa", new(held, ChangeLotStatus.Action.Block, "hold"), default));
        var before = await LedgerCountAsync(shop);

        var more = await Fails(CorrectManufacture.HandleAsync(shop, "op", new(run.Record, "miscounted", [$"{recalled}:4", $"{right}:1"]), default));
        Assert.Equal("not-available", more.Code);
        Assert.Contains(recalled, more.Message, StringComparison.Ordinal);
        var fresh = await Fails(CorrectManufacture.HandleAsync(shop, "op", new(run.Record, "wrong stack", [$"{recalled}:3", $"{held}:1"]), default));
        Assert.Equal("not-available", fresh.Code);
        Assert.Contains(held, fresh.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));

        await Ok(CorrectManufacture.HandleAsync(shop, "op", new(run.Record, "scanned the wrong stack", [$"{recalled}:3", $"{right}:1"]), default));
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        var lots = (await connection.QueryAsync<(string Id, decimal Quantity, string Status)>("SELECT id, quantity, status FROM lots WHERE id IN (@a, @b, @c)", new { a = recalled, b = wrong, c = right }))
            .ToDictionary(l => l.Id, l => (l.Quantity, l.Status));
        Assert.Equal(7m, lots[recalled].Quantity);
        Assert.Equal(nameof(LotStatus.Blocked), lots[recalled].Status);
        Assert.Equal((10m, 9m), (lots[wrong].Quantity, lots[right].Quantity));
        Assert.Equal([run.Record], (await Ok(Recall.HandleAsync(shop, "quality", new("T-77"), default))).ManufactureRecords.Select(r => r.Id));
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Fact]
    public async Task RecallBlock_BlocksWhatIsStillHere_AndExportsOpen()
    {
        await using var test = await kind.CreateAsync();
        var (shop, material) = await LineAsync(test);
        var customer = (await Ok(Customers.RegisterAsync(shop, "sales", new("Acme, \"Robotics\"", "Jo", "jo@acme.example", "+1 555", "1 Road"), default))).Customer;
        await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{material}:2"], Serials: ["M1", "M2", "M3"]), default));
        var order = await Ok(Customers.PlaceAsync(shop, "sales", new(customer, ["MOT-20:2"], "PO-7"), default));
        await Ok(Ship.HandleAsync(shop, "ship", new(order.Order, Units: ["M1", "M2"], Reference: "DN-1"), default));

        var recall = await Ok(Recall.HandleAsync(shop, "quality", new(material, Block: true, Reason: "supplier notice SN-5"), default));
        Assert.Equal(new[] { material, "MOT-20:M3" }.Order(StringComparer.Ordinal), recall.Blocked.Order(StringComparer.Ordinal));
        Assert.Equal(UnitStatus.Blocked, (await UnitAsync(shop, "MOT-20:M3")).Status);
        Assert.Equal(UnitStatus.Shipped, (await UnitAsync(shop, "MOT-20:M1")).Status);
        var refused = await Fails(Recall.HandleAsync(shop, "quality", new(material, Block: true), default));
        Assert.Equal("reason", refused.Field);

        var xlsx = RecallExports.Xlsx(recall);
        using (var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
            Assert.Equal(3, rows.Count);
            string Cell(Row row, int i) => row.Elements<Cell>().ElementAt(i) is var c && c.InlineString is not null ? c.InlineString.InnerText : c.CellValue!.Text;
            Assert.Equal("Traceability lot code", Cell(rows[0], 0));
            Assert.Equal(["MOT-20:M1", "MOT-20:M2"], rows.Skip(1).Select(r => Cell(r, 0)).Order(StringComparer.Ordinal));
            Assert.Equal("Acme, \"Robotics\"", Cell(rows[1], 13));
            Assert.Equal("DN-1", Cell(rows[1], 9));
            Assert.NotNull(document.WorkbookPart.WorksheetParts.Single().Worksheet.Elements<AutoFilter>().SingleOrDefault());
        }

        var csv = System.Text.Encoding.UTF8.GetString(RecallExports.Csv(recall)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, csv.Length);
        Assert.Contains("\"Acme, \"\"Robotics\"\"\"", csv[1], StringComparison.Ordinal);
        var html = System.Text.Encoding.UTF8.GetString(RecallExports.Html(recall));
        Assert.Contains("Acme, &quot;Robotics&quot;", html, StringComparison.Ordinal);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Fact]
    public async Task Issue14_EachRecallRowCarriesItsOwnPath_WithSeveralProductsAndShipmentsFromOneLot()
    {
        await using var test = await kind.CreateAsync();
        var (shop, material) = await LineAsync(test);
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("BRK-1", "Bracket", "ea", "wood", "lot", ["none"], "BRK"), default));
        var customerA = (await Ok(Customers.RegisterAsync(shop, "sales", new("Two products", Email: "a@example.com"), default))).Customer;
        var customerB = (await Ok(Customers.RegisterAsync(shop, "sales", new("One motor", Email: "b@example.com"), default))).Customer;
        var motors = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{material}:2"], Serials: ["M1", "M2"]), default));
        var brackets = await Ok(RecordManufacture.HandleAsync(shop, "op", new("BRK-1", [$"{material}:1"], BatchQuantity: "5"), default));
        var orderA = await Ok(Customers.PlaceAsync(shop, "sales", new(customerA, ["MOT-20:1", "BRK-1:2"]), default));
        var orderB = await Ok(Customers.PlaceAsync(shop, "sales", new(customerB, ["MOT-20:1"]), default));
        var shipmentA = await Ok(Ship.HandleAsync(shop, "ship", new(orderA.Order, Lots: [$"{brackets.OutputLot}:2"], Units: ["M1"]), default));
        var shipmentB = await Ok(Ship.HandleAsync(shop, "ship", new(orderB.Order, Units: ["M2"]), default));

        var recall = await Ok(Recall.HandleAsync(shop, "quality", new(material), default));
        Assert.Equal(3, recall.Shipped.Count);
        // Each row's path is a sentence through its own run and product to its own shipment, read back from the CSV as a spreadsheet would.
        var day = _clock.GetUtcNow().ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var lot = $"Lot {material} (Birch plywood 6 mm, heat T-77)";
        var expected = new Dictionary<string, string>
        {
            ["MOT-20:M1"] = $"{lot}, which went into unit MOT-20:M1 ({motors.Record}, {day}), which was shipped to Two products on {shipmentA.Shipment} ({day})",
            [brackets.OutputLot!] = $"{lot}, which went into lot {brackets.OutputLot} ({brackets.Record}, {day}), which was shipped to Two products on {shipmentA.Shipment} ({day})",
            ["MOT-20:M2"] = $"{lot}, which went into unit MOT-20:M2 ({motors.Record}, {day}), which was shipped to One motor on {shipmentB.Shipment} ({day})",
        };
        var file = Path.Combine(Path.GetTempPath(), $"recall-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, RecallExports.Csv(recall));
        var (headers, rows) = Tracewright.Features.Spreadsheets.SheetFile.Read(file).Value;
        File.Delete(file);
        var code = headers.ToList().IndexOf("Traceability lot code");
        var path = headers.ToList().IndexOf("Path");
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), rows.Select(r => KeyValuePair.Create(r.Cells[code], r.Cells[path])).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(3, rows.Select(r => r.Cells[path]).Distinct().Count());

        // The page's sentence keeps each record's id as its own part, so it can be a link.
        var m1 = recall.Shipped.Single(l => l.TraceabilityLotCode == "MOT-20:M1").Sentence;
        Assert.Equal([material, "MOT-20:M1", motors.Record, shipmentA.Shipment], m1.Parts.Where(p => p.Id is not null).Select(p => p.Id!));
        Assert.Equal(expected["MOT-20:M1"], m1.ToString());
    }

    [Fact]
    public async Task Issue14_TracePathsAreSentences_ForwardThroughACutPieceAndBackwardToTheDelivery()
    {
        await using var test = await kind.CreateAsync();
        var (shop, material) = await LineAsync(test);
        var piece = (await Ok(SplitLot.HandleAsync(shop, "op", new(material, "2"), default))).Pieces[0].Piece.Value;
        var motors = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{piece}:1"], Serials: ["M1"]), default));
        var day = _clock.GetUtcNow().ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

        var forward = await Ok(TraceRecords.HandleAsync(shop, material, TraceRecords.Direction.Forward, null, default));
        var unit = forward.Hits.Single(h => h.Id == "MOT-20:M1").Sentence;
        Assert.Equal($"Lot {material} (Birch plywood 6 mm, heat T-77), which was cut into piece {piece}, which went into unit MOT-20:M1 ({motors.Record}, {day})", unit.ToString());
        Assert.Equal([material, piece, "MOT-20:M1", motors.Record], unit.Parts.Where(p => p.Id is not null).Select(p => p.Id!));

        var backward = await Ok(TraceRecords.HandleAsync(shop, "MOT-20:M1", TraceRecords.Direction.Backward, null, default));
        Assert.Equal(
            $"Unit MOT-20:M1, which was made in {motors.Record}, {day} from piece {piece} (Birch plywood 6 mm, heat T-77), which was cut from lot {material} (Birch plywood 6 mm, heat T-77)",
            backward.Hits.Single(h => h.Id == material).Sentence.ToString());
    }

    [Fact]
    public async Task Compliance_IsAnsweredWithTheCertificatesBehindEveryMaterial()
    {
        await using var test = await kind.CreateAsync();
        var (shop, wood) = await LineAsync(test);
        var acrylic = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ACR-3MM", "Clearcast Plastics", "CC-1", "10", "sheet", Certificate("CofC", "CC-1")), default));
        var motor = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{acrylic.Lot}:1"], Serials: ["M1"]), default));
        var unknown = await Ok(Compliance.HandleAsync(shop, "M1", "RoHS", default));
        Assert.Equal(Compliance.Verdict.Unknown, unknown.Verdict);
        Assert.Contains("has no RoHS declaration", unknown.Summary, StringComparison.Ordinal);

        // "none" beside a substance is refused naming the field; "none" alone is how people write that it declares none.
        var mixed = await Fails(AttachCertificate.HandleAsync(shop, "clerk", new(acrylic.Lot, File: new CertificateInput("rohs.pdf", Pdf("RoHS"), "RoHS", ["CC-1"], RestrictedSubstances: ["none", "Lead (Pb)"])), default));
        Assert.Equal("invalid-input", mixed.Code);
        Assert.EndsWith("substances", mixed.Field, StringComparison.Ordinal);
        await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(acrylic.Lot, File: new CertificateInput("rohs.pdf", Pdf("RoHS"), "RoHS", ["CC-1"], RestrictedSubstances: ["None"])), default));
        var compliant = await Ok(Compliance.HandleAsync(shop, "M1", "rohs", default));
        Assert.Equal(Compliance.Verdict.Compliant, compliant.Verdict);
        Assert.Equal([acrylic.Lot], compliant.Inputs.Select(i => i.Lot));

        var second = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{acrylic.Lot}:1", $"{wood}:1"], Serials: ["M2"]), default));
        await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(wood, File: new CertificateInput("reach.pdf", Pdf("REACH"), "REACH", ["T-77"], RestrictedSubstances: ["Lead (Pb) 0.2%"])), default));
        var listed = await Ok(Compliance.HandleAsync(shop, second.OutputUnits[0], "REACH", default));
        Assert.Equal(Compliance.Verdict.NotCompliant, listed.Verdict);
        Assert.Contains("declares Lead (Pb) 0.2%", listed.Summary, StringComparison.Ordinal);

        var zip = await Compliance.DossierAsync(shop, compliant, default);
        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.Contains("index.csv", archive.Entries.Select(e => e.FullName));
        Assert.Contains(archive.Entries, e => e.FullName.StartsWith("certificates/CERT-", StringComparison.Ordinal) && e.FullName.EndsWith("rohs.pdf", StringComparison.Ordinal));
        Assert.Equal(Compliance.Verdict.Compliant, (await Ok(Compliance.HandleAsync(shop, motor.Record, "RoHS", default))).Verdict);
        Assert.Equal("invalid-input", (await Fails(Compliance.HandleAsync(shop, "M1", "WEEE", default))).Code);
    }

    [Fact]
    public async Task BackwardTrace_ShowsHeatsCertificatesSuppliersInspectionsAndTests()
    {
        await using var test = await kind.CreateAsync();
        var (shop, material) = await LineAsync(test);
        await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{material}:1"], Serials: ["M1"], Machine: "TTC450"), default));
        await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new("M1", RecordUnitEvent.Kind.Test, Name: "winding", Measurements: ["resistance=2.4 ohm [2.2..2.6]"]), default));
        await Ok(CaptureSerial.HandleAsync(shop, "op", new("ACT-100", "A1"), default));
        await Ok(Assembly.InstallAsync(shop, "op", new("A1", Component: "M1"), default));
        var back = await Ok(TraceRecords.HandleAsync(shop, "A1", TraceRecords.Direction.Backward, null, default));
        var motorHit = back.Hits.Single(h => h.Node == "unit:MOT-20:M1");
        Assert.Contains(motorHit.Notes, n => n.Contains("test winding PASS", StringComparison.Ordinal) && n.Contains("resistance=2.4 ohm [2.2..2.6] ok", StringComparison.Ordinal));
        var lotHit = back.Hits.Single(h => h.Node == $"lot:{material}");
        Assert.Contains(lotHit.Notes, n => n.Contains("heat T-77", StringComparison.Ordinal) && n.Contains("supplier Timber & Co", StringComparison.Ordinal));
        Assert.Contains(back.Hits, h => h.Kind == NodeKind.Manufacture && h.Notes.Any(n => n.Contains("on TTC450", StringComparison.Ordinal)));
    }

    private static async Task<Unit> UnitAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await ProductionQueries.FindUnitAsync(connection, null, UnitId.Parse(id).Value, default))!;
    }

    private static async Task AgreesWithReferenceAsync(Shop shop, IReadOnlyList<NodeKey> start)
    {
        var index = await shop.GenealogyAsync(default);
        var fromSql = await TraceReference.ForwardAsync(shop.Database, start.Select(s => s.Text).ToList(), default);
        Assert.True(fromSql.SetEquals(index.Forward(start).Select(h => h.Node.Text)));
    }
}

public sealed class SqliteRecallTests() : RecallTests(new SqliteKind());

public sealed class PostgresRecallTests() : RecallTests(new PostgresKind());
