using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Certificates;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Features.Shipping;
using Tracewright.Features.Trace;
using Tracewright.Tests.Support;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Shipping;

/// <summary>Customers, orders, shipments (containers ship their contents) and returns, on both databases.</summary>
public abstract class ShippingTests(DatabaseKind kind)
{
    private async Task<(Shop Shop, string Customer, string Lot, string Order)> SetUpAsync(TestDatabase test)
    {
        var shop = await OpenAsync(test, new ManualClock(May2024));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ACT-100", "Linear actuator", "ea", "other", "serial", ["none"], "ACT"), default));
        var lot = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "20", "sheet"), default))).Lot;
        await Ok(RecordManufacture.HandleAsync(shop, "op", new("ACT-100", [$"{lot}:2"], Serials: ["A1", "A2", "A3"]), default));
        var customer = (await Ok(Customers.RegisterAsync(shop, "sales", new("Dietz Prototypes", "Zoe Dietz", "zoe@dietz.example", "+44 20 7946 0006", "1 Lane, Porto"), default))).Customer;
        var order = (await Ok(Customers.PlaceAsync(shop, "sales", new(customer, ["ACT-100:3", "PLY-6MM:5"], "PO-4471"), default))).Order;
        return (shop, customer, lot, order);
    }

    [Fact]
    public async Task AContainer_ShipsEverythingInsideItAtThatMoment()
    {
        await using var test = await kind.CreateAsync();
        var (shop, customer, lot, order) = await SetUpAsync(test);
        var box = (await Ok(Containers.CreateAsync(shop, "ship", new("box"), default))).Container;
        var pallet = (await Ok(Containers.CreateAsync(shop, "ship", new("pallet"), default))).Container;
        await Ok(Containers.PackAsync(shop, "ship", new(box, Unit: "A1"), true, default));
        await Ok(Containers.PackAsync(shop, "ship", new(box, Unit: "A2"), true, default));
        await Ok(Containers.PackAsync(shop, "ship", new(box, Unit: "A2"), false, default));
        await Ok(Containers.PackAsync(shop, "ship", new(pallet, Inner: box), true, default));
        await Ok(Containers.PackAsync(shop, "ship", new(pallet, Lot: $"{lot}:5"), true, default));

        var shipped = await Ok(Ship.HandleAsync(shop, "ship", new(order, Containers: [pallet], Reference: "DN-1"), default));
        Assert.Equal(["ACT-100:A1"], shipped.Units.Select(u => u.Unit.Value));
        Assert.All(shipped.Units, u => Assert.Equal(pallet, u.Container?.Value));
        Assert.Equal((5m, 13m), (shipped.Lots.Single().Quantity, shipped.Lots.Single().RemainingAfter));
        Assert.Equal(UnitStatus.Shipped, (await UnitAsync(shop, "ACT-100:A1")).Status);
        Assert.Equal(UnitStatus.Available, (await UnitAsync(shop, "ACT-100:A2")).Status);
        Assert.Equal(13m, (await LotAsync(shop, lot)).Quantity);

        var recall = await Ok(Recall.HandleAsync(shop, "qa", new("T1"), default));
        Assert.Equal([customer], recall.Customers.Select(c => c.Customer));
        Assert.Equal(new[] { "ACT-100:A1", lot }.Order(StringComparer.Ordinal), recall.Shipped.Select(l => l.TraceabilityLotCode).Order(StringComparer.Ordinal));
        Assert.Contains(recall.InBuilding, h => h.Id == "ACT-100:A2");

        // Read back from the export (issue 15): the pallet's lines are what was packed in it, in the box inside it too, as here.
        var imported = await ImportedRecallAsync(shop, "T1");
        Assert.Equal(recall.Shipped.Select(l => l.TraceabilityLotCode).Order(StringComparer.Ordinal), imported.Shipped.Select(l => l.TraceabilityLotCode).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Shipping_RefusesWhatCannotLeave()
    {
        await using var test = await kind.CreateAsync();
        var (shop, _, lot, order) = await SetUpAsync(test);
        var other = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ACR-3MM", "Clearcast Plastics", "C1", "5", "sheet", Certificate("CofC", "C1")), default))).Lot;
        Assert.Equal("not-on-order", (await Fails(Ship.HandleAsync(shop, "ship", new(order, Lots: [$"{other}:1"]), default))).Code);
        Assert.Equal("insufficient-quantity", (await Fails(Ship.HandleAsync(shop, "ship", new(order, Lots: [$"{lot}:19"]), default))).Code);
        await Ok(ChangeLotStatus.HandleAsync(shop, "qa", new(lot, ChangeLotStatus.Action.Block, "hold"), default));
        Assert.Equal("not-available", (await Fails(Ship.HandleAsync(shop, "ship", new(order, Lots: [$"{lot}:1"]), default))).Code);
        var box = (await Ok(Containers.CreateAsync(shop, "ship", new("box"), default))).Container;
        await Ok(Containers.PackAsync(shop, "ship", new(box, Unit: "A1"), true, default));
        Assert.Equal("invalid-input", (await Fails(Ship.HandleAsync(shop, "ship", new(order, Units: ["A1"], Containers: [box]), default))).Code);
        Assert.Equal("not-found", (await Fails(Ship.HandleAsync(shop, "ship", new("SO-0099", Units: ["A2"]), default))).Code);
        Assert.Equal("invalid-input", (await Fails(Ship.HandleAsync(shop, "ship", new(order), default))).Code);
    }

    [Fact]
    public async Task AReturn_ComesBackAgainstItsShipment_AndTheHistoryGoesOn()
    {
        await using var test = await kind.CreateAsync();
        var (shop, _, lot, order) = await SetUpAsync(test);
        var shipment = (await Ok(Ship.HandleAsync(shop, "ship", new(order, Lots: [$"{lot}:5"], Units: ["A1", "A2"]), default))).Shipment;
        var back = await Ok(ReceiveReturn.HandleAsync(shop, "clerk", new(shipment, "noisy on arrival", Units: ["A1"], Lots: [$"{lot}:2"]), default));
        Assert.Equal(["ACT-100:A1"], back.Units);
        Assert.Equal(UnitStatus.Returned, (await UnitAsync(shop, "ACT-100:A1")).Status);
        var returnedLot = await LotAsync(shop, back.Lots.Single().Piece!.Value.Value);
        Assert.Equal((LotStatus.Blocked, 2m), (returnedLot.Status, returnedLot.Quantity));
        Assert.Contains("noisy on arrival", returnedLot.StatusReason, StringComparison.Ordinal);
        Assert.Contains((await ImportedRecallAsync(shop, lot)).InBuilding, h => h.Id == "ACT-100:A1" && h.Status == "returned");

        Assert.Equal("illegal-status", (await Fails(ReceiveReturn.HandleAsync(shop, "clerk", new(shipment, "again", Units: ["A1"]), default))).Code);
        Assert.Equal("not-on-shipment", (await Fails(ReceiveReturn.HandleAsync(shop, "clerk", new(shipment, "never left", Units: ["A3"]), default))).Code);
        Assert.Equal("insufficient-quantity", (await Fails(ReceiveReturn.HandleAsync(shop, "clerk", new(shipment, "too much", Lots: [$"{lot}:6"]), default))).Code);
        Assert.Equal("reason", (await Fails(ReceiveReturn.HandleAsync(shop, "clerk", new(shipment, " ", Units: ["A2"]), default))).Field);

        await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new("A1", RecordUnitEvent.Kind.Repair, Notes: "bearing replaced"), default));
        var reship = await Ok(Ship.HandleAsync(shop, "ship", new(order, Units: ["A1"]), default));
        Assert.Equal(UnitStatus.Shipped, (await UnitAsync(shop, "ACT-100:A1")).Status);
        var history = await Ok(Features.Records.ShowRecord.HandleAsync(shop, "ACT-100:A1", default));
        Assert.Equal(["ManufactureRecorded", "ShipmentShipped", "ReturnReceived", "UnitReworked", "ShipmentShipped"], history.History.Select(h => h.Kind));
        Assert.NotEqual(shipment, reship.Shipment);

        // Read back from the export, the returned lot quantity is here and A1 left again; before the reshipment, A1 was here.
        var imported = await ImportedRecallAsync(shop, lot);
        Assert.Contains(imported.InBuilding, h => h.Id == returnedLot.Id.Value && h.Status == "blocked" && h.Quantity == 2);
        Assert.DoesNotContain(imported.InBuilding, h => h.Id == "ACT-100:A1");
    }

    [Fact]
    public async Task Issue14_AReturnedQuantityIsAPieceOfItsOwn_AndTheStockThatNeverLeftStaysAvailable()
    {
        await using var test = await kind.CreateAsync();
        var (shop, _, lot, order) = await SetUpAsync(test);
        await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(lot, File: new CertificateInput("mtr.pdf", Pdf("MTR T1"), "MTR", ["T1"])), default));
        var shipment = (await Ok(Ship.HandleAsync(shop, "ship", new(order, Lots: [$"{lot}:3"]), default))).Shipment;
        var before = await LotAsync(shop, lot);
        Assert.Equal((LotStatus.Available, 15m), (before.Status, before.Quantity));

        var back = await Ok(ReceiveReturn.HandleAsync(shop, "clerk", new(shipment, "one sheet warped", Lots: [$"{lot}:1"]), default));

        var returned = back.Lots.Single();
        Assert.Equal($"{lot}.1", returned.Piece?.Value);
        var piece = await LotAsync(shop, returned.Piece!.Value.Value);
        Assert.Equal((LotStatus.Blocked, 1m, lot, "T1"), (piece.Status, piece.Quantity, piece.Parent?.Value, piece.Heat?.Value));
        Assert.Contains("one sheet warped", piece.StatusReason, StringComparison.Ordinal);
        var after = await LotAsync(shop, lot);
        Assert.Equal((LotStatus.Available, 15m, before.StatusReason), (after.Status, after.Quantity, after.StatusReason));
        await using (var connection = await shop.Database.OpenConnectionAsync(default))
        {
            var ofLot = (await MaterialsQueries.CertificatesOfLotAsync(connection, null, LotId.Parse(lot).Value, default)).Select(c => c.Id);
            var ofPiece = (await MaterialsQueries.CertificatesOfLotAsync(connection, null, piece.Id, default)).Select(c => c.Id);
            Assert.Equal(ofLot, ofPiece);
            Assert.Single(ofPiece);
        }

        // The stock that never left ships on; the returned piece is found by a recall of the heat, still in the building.
        await Ok(Ship.HandleAsync(shop, "ship", new(order, Lots: [$"{lot}:1"]), default));
        var recall = await Ok(Recall.HandleAsync(shop, "qa", new("T1"), default));
        Assert.Contains(recall.InBuilding, h => h.Id == piece.Id.Value && h.Status == "blocked" && h.Quantity == 1);
        var split = await Ok(SplitLot.HandleAsync(shop, "op", new(lot, "1"), default));
        Assert.Equal($"{lot}.2", split.Pieces.Single().Piece.Value);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);

        // Exported and read back into an empty store (issue 15), the returned piece is still here, blocked, with the heat's recall.
        var imported = await ImportedRecallAsync(shop, "T1");
        Assert.Contains(imported.InBuilding, h => h.Id == piece.Id.Value && h.Status == "blocked" && h.Quantity == 1);
    }

    /// <summary>
    /// The shop exported (checked with GS1's schema) and imported into an empty store: the recall from <paramref name="start"/>
    /// names the same customers, shipment lines and what is left (kind, id, item, status, quantity, unit) as the shop's own.
    /// </summary>
    private async Task<Recall.Response> ImportedRecallAsync(Shop shop, string start)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tracewright-return-{Guid.NewGuid():N}.jsonld");
        try
        {
            await Ok(Features.Epcis.ExportEpcis.HandleAsync(shop, file, null, default));
            Epcis.EpcisRoundTripTests.AssertValid(await File.ReadAllTextAsync(file));
            await using var empty = await kind.CreateAsync();
            var imported = new Shop(empty.Database, TimeProvider.System);
            await Ok(Features.Epcis.CaptureEpcis.HandleAsync(imported, "erp", new(await File.ReadAllTextAsync(file)), default));
            var before = await Ok(Recall.HandleAsync(shop, "qa", new(start), default));
            var after = await Ok(Recall.HandleAsync(imported, "qa", new(start), default));
            Assert.Equal(before.Customers.Select(c => (c.Customer, c.Name, string.Join(",", c.Shipments))), after.Customers.Select(c => (c.Customer, c.Name, string.Join(",", c.Shipments))));
            Assert.Equal(
                before.Shipped.Select(l => (l.TraceabilityLotCode, l.Kind, l.Quantity, l.Uom, l.Shipment, l.Customer)).Order(),
                after.Shipped.Select(l => (l.TraceabilityLotCode, l.Kind, l.Quantity, l.Uom, l.Shipment, l.Customer)).Order());
            Assert.Equal(
                before.InBuilding.Select(h => (h.Kind, h.Id, h.Item, h.Status, h.Quantity, h.Uom)).Order(),
                after.InBuilding.Select(h => (h.Kind, h.Id, h.Item, h.Status, h.Quantity, h.Uom)).Order());
            return after;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Issue14_AUnitWhoseLastTestFailedOrWithAnOpenNcr_DoesNotShip_UntilQualityReleasesItWithAReason()
    {
        await using var test = await kind.CreateAsync();
        var (shop, _, _, order) = await SetUpAsync(test);
        await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new("A1", RecordUnitEvent.Kind.Test, Name: "stroke", Measurements: ["force=9 N [10..12]"]), default));
        var ncr = await Ok(Features.Quality.Nonconformances.OpenAsync(shop, "inspector", new([], ["A2"], [], "scratched housing", "QC bench"), default));
        var before = await LedgerCountAsync(shop);

        var failed = await Fails(Ship.HandleAsync(shop, "ship", new(order, Units: ["A1"]), default));
        Assert.Equal(("quality-hold", "unit"), (failed.Code, failed.Field));
        Assert.Contains("last test (stroke) failed", failed.Message, StringComparison.Ordinal);
        var open = await Fails(Ship.HandleAsync(shop, "ship", new(order, Units: ["A2"]), default));
        Assert.Contains($"{ncr.Ncr.Id} is open", open.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal("reason", (await Fails(Features.Quality.ReleaseToShip.HandleAsync(shop, "quality", new("A1", " "), default))).Field);
        Assert.Equal("nothing-to-release", (await Fails(Features.Quality.ReleaseToShip.HandleAsync(shop, "quality", new("A3", "just in case"), default))).Code);

        var released = await Ok(Features.Quality.ReleaseToShip.HandleAsync(shop, "quality", new("A1", "force within customer's deviation CD-4"), default));
        Assert.Equal(["its last test (stroke) failed"], released.Released);
        var history = await Ok(Features.Records.ShowRecord.HandleAsync(shop, "ACT-100:A1", default));
        Assert.Contains("UnitReleasedToShip", history.History.Select(h => h.Kind));
        await Ok(Ship.HandleAsync(shop, "ship", new(order, Units: ["A1", "A3"]), default));
        Assert.Equal(UnitStatus.Shipped, (await UnitAsync(shop, "ACT-100:A1")).Status);
        Assert.Equal("quality-hold", (await Fails(Ship.HandleAsync(shop, "ship", new(order, Units: ["A2"]), default))).Code);

        // The open NCR holds until a release recorded after it was opened.
        await Ok(Features.Quality.ReleaseToShip.HandleAsync(shop, "quality", new("A2", "cosmetic only, customer agreed"), default));
        await Ok(Ship.HandleAsync(shop, "ship", new(order, Units: ["A2"]), default));
        Assert.True((await Data.LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    private static async Task<Unit> UnitAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await ProductionQueries.FindUnitAsync(connection, null, UnitId.Parse(id).Value, default))!;
    }

    private static async Task<Lot> LotAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(id).Value, default))!;
    }
}

public sealed class SqliteShippingTests() : ShippingTests(new SqliteKind());

public sealed class PostgresShippingTests() : ShippingTests(new PostgresKind());
