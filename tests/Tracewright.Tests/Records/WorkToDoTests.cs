using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Quality;
using Tracewright.Data.Records;
using Tracewright.Data.Shipping;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Quality;
using Tracewright.Features.Receiving;
using Tracewright.Features.Records;
using Tracewright.Features.Shipping;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Records;

/// <summary>The home page's "what needs doing" and the lists' filters (issue 14), as SQL on SQLite and PostgreSQL, through the handlers the CLI uses.</summary>
public abstract class WorkToDoTests(DatabaseKind kind)
{
    private static readonly DateOnly Today = new(2024, 5, 14);

    [Fact]
    public async Task An_empty_shop_has_nothing_to_do()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await using var connection = await shop.Database.OpenConnectionAsync(default);

        var work = await WorkToDo.ReadAsync(connection, Today, May2024.AddDays(-7), default);

        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L),
            (work.Quarantine.Count, work.BlockedLots.Count, work.BlockedUnits.Count, work.Ncrs.Count, work.CapaActions.Count, work.OpenCapas, work.FailedTests.Count, work.Deviations.Count, work.RecentReceipts.Count));
    }

    [Fact]
    public async Task Each_kind_of_work_is_counted_and_named_and_goes_when_it_is_done()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var waiting = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea"), default))).Lot;
        var blocked = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-1", "5", "sheet"), default))).Lot;
        var fine = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-2", "5", "sheet"), default))).Lot;
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(blocked, ChangeLotStatus.Action.Block, "delaminated"), default));
        await Ok(RegisterItem.HandleAsync(shop, "clerk", new("VALVE", "Ball valve", "ea", "other", Tracking: "serial", LotPrefix: "VLV"), default));
        var failing = (await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("VALVE", "SN-1"), default))).Unit;
        var retested = (await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("VALVE", "SN-2"), default))).Unit;
        await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new(failing, RecordUnitEvent.Kind.Test, Name: "EOL", Measurements: ["stroke=100.09 mm [99.95..100.05]"]), default));
        await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new(retested, RecordUnitEvent.Kind.Test, Name: "EOL", Measurements: ["stroke=100.09 mm [99.95..100.05]"]), default));
        await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new(retested, RecordUnitEvent.Kind.Test, Name: "EOL", Measurements: ["stroke=100.01 mm [99.95..100.05]"]), default));
        var ncr = await Ok(Nonconformances.OpenAsync(shop, "inspector", new([blocked], [], [], "delaminated edge", "QC bench 2"), default));
        var capa = await Ok(Capas.OpenAsync(shop, "quality", new([ncr.Ncr.Id.Value], "glue line too thin"), default));
        await Ok(Capas.AddActionAsync(shop, "quality", new(capa.Capa.Id.Value, "corrective", "re-train the press operator", "Kim", "2024-05-10"), default));
        await Ok(Capas.AddActionAsync(shop, "quality", new(capa.Capa.Id.Value, "preventive", "audit the supplier", "Lee", "2024-06-30"), default));
        await Ok(GrantDeviation.HandleAsync(shop, "quality", new([fine], "10", "2024-05-01", "2024-05-16", "use T-2 in place of acrylic", "Q. Manager", null), default));
        await Ok(GrantDeviation.HandleAsync(shop, "quality", new([fine], "10", "2024-05-01", "2024-12-31", "long one", "Q. Manager", null), default));
        await using var connection = await shop.Database.OpenConnectionAsync(default);

        var work = await WorkToDo.ReadAsync(connection, Today, May2024.AddDays(-7), default);

        var quarantined = Assert.Single(work.Quarantine.First);
        Assert.Equal((waiting, "ALU-6061-PLATE", "Acme Metals", "H-1"), (quarantined.Lot, quarantined.Item, quarantined.Supplier, quarantined.Heat));
        Assert.Equal(["MTR"], quarantined.Awaiting);
        Assert.Equal([blocked], work.BlockedLots.First.Select(b => b.Id));
        Assert.Equal("delaminated", work.BlockedLots.First[0].Reason);
        Assert.Equal([ncr.Ncr.Id.Value], work.Ncrs.First.Select(n => n.Id));
        Assert.Equal(1, work.OpenCapas);
        Assert.Equal([(1, true), (2, false)], work.CapaActions.First.Select(a => (a.Action, a.Overdue)));
        Assert.Equal([failing], work.FailedTests.First.Select(f => f.Unit));
        Assert.Equal("stroke", work.FailedTests.First[0].Failed);
        Assert.Equal(["DEV-0001"], work.Deviations.First.Select(d => d.Id));
        Assert.Equal("ends soon", work.Deviations.First[0].Why);
        Assert.Equal(3, work.RecentReceipts.Count);
        Assert.Equal([fine, blocked, waiting], work.RecentReceipts.First.Select(r => r.Lot));

        // Released, it is no longer anyone's work; a week later the receipts are not recent.
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(blocked, ChangeLotStatus.Action.Release, "edge re-glued"), default));
        await Ok(RecordUnitEvent.HandleAsync(shop, "quality", new(failing, RecordUnitEvent.Kind.Status, Status: "scrapped", Reason: "beyond repair"), default));
        var later = await WorkToDo.ReadAsync(connection, Today.AddDays(8), May2024.AddDays(8), default);
        Assert.Equal(0, later.BlockedLots.Count);
        Assert.Equal(0, later.FailedTests.Count);
        Assert.Equal(0, later.RecentReceipts.Count);
        Assert.Equal([(1, true), (2, false)], later.CapaActions.First.Select(a => (a.Action, a.Overdue)));
        Assert.Equal(0, later.Deviations.Count);
    }

    [Fact]
    public async Task Lists_filter_by_status_item_days_and_text_and_sort_by_the_column_asked_for()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var alu = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-77", "4", "ea", po: "PO-9"), default))).Lot;
        var ply1 = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-1", "5", "sheet"), default))).Lot;
        var ply2 = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-2", "5", "sheet"), default))).Lot;
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        async Task<IReadOnlyList<string>> Lots(ListFilter filter) => (await LotLists.ListAsync(connection, filter, 0, 50, default)).Select(l => l.Id).ToList();

        Assert.Equal([ply2, ply1, alu], await Lots(ListFilter.None));
        Assert.Equal([alu], await Lots(new ListFilter(Status: "Quarantine")));
        Assert.Equal([ply2, ply1], await Lots(new ListFilter(Item: "PLY-6MM")));
        Assert.Equal([ply1, ply2], await Lots(new ListFilter(Item: "PLY-6MM", Descending: false)));
        Assert.Equal([alu], await Lots(new ListFilter(Text: "h-77")));
        Assert.Equal([alu], await Lots(new ListFilter(Text: "po-9")));
        Assert.Equal([ply2, ply1], await Lots(new ListFilter(Text: "timber")));
        Assert.Equal([alu, ply1, ply2], await Lots(new ListFilter(Sort: "supplier", Descending: false)));
        Assert.Equal([ply2, ply1, alu], await Lots(new ListFilter(From: May2024.AddHours(-9))));
        Assert.Empty(await Lots(new ListFilter(From: May2024.AddDays(1))));
        Assert.Empty(await Lots(new ListFilter(Before: May2024.AddHours(-9))));
        Assert.Equal([ply1], (await LotLists.ListAsync(connection, new ListFilter(Item: "PLY-6MM"), 1, 50, default)).Select(l => l.Id));

        // NCRs by item of what they cover, and by text of what they cover.
        var ncr = (await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply1], [], [], "delaminated edge", "QC bench 2"), default))).Ncr.Id.Value;
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([alu], [], [], "scratched", "receiving"), default));
        Assert.Equal([ncr], (await QualityLists.NcrsAsync(connection, new ListFilter(Item: "PLY-6MM"), 0, 50, default)).Select(n => n.Id));
        Assert.Equal([ncr], (await QualityLists.NcrsAsync(connection, new ListFilter(Text: ply1.ToLowerInvariant()), 0, 50, default)).Select(n => n.Id));
        Assert.Equal(2, (await QualityLists.NcrsAsync(connection, new ListFilter(Status: "Open"), 0, 50, default)).Count);

        // Units by status and text; customers by the item they ordered; shipments by item, text, and per order what left.
        await Ok(RegisterItem.HandleAsync(shop, "clerk", new("VALVE", "Ball valve", "ea", "other", Tracking: "serial", LotPrefix: "VLV"), default));
        var sn1 = (await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("VALVE", "SN-1"), default))).Unit;
        var sn2 = (await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("VALVE", "SN-2"), default))).Unit;
        Assert.Equal([sn2, sn1], (await UnitLists.ListAsync(connection, ListFilter.None, 0, 50, default)).Select(u => u.Id));
        Assert.Equal([sn1], (await UnitLists.ListAsync(connection, new ListFilter(Text: "sn-1"), 0, 50, default)).Select(u => u.Id));
        Assert.Equal([sn2], (await UnitLists.ListOfAsync(connection, [sn2], ListFilter.None, default)).Select(u => u.Id));
        var acme = (await Ok(Customers.RegisterAsync(shop, "clerk", new("ACME Robotics"), default))).Customer;
        await Ok(Customers.RegisterAsync(shop, "clerk", new("Fjord Robotics"), default));
        var order = (await Ok(Customers.PlaceAsync(shop, "clerk", new(acme, ["VALVE:3", "PLY-6MM:2"]), default))).Order;
        var shipment = (await Ok(Ship.HandleAsync(shop, "clerk", new(order, [$"{ply2}:2"], [sn1]), default))).Shipment;
        Assert.Equal([acme], (await ShippingLists.CustomersAsync(connection, new ListFilter(Item: "VALVE"), 0, 50, default)).Select(c => c.Id));
        Assert.Equal(2, (await ShippingLists.CustomersAsync(connection, new ListFilter(Text: "robotics"), 0, 50, default)).Count);
        Assert.Equal([shipment], (await ShippingLists.ShipmentsAsync(connection, new ListFilter(Item: "VALVE"), 0, 50, default)).Select(s => s.Id));
        Assert.Equal([shipment], (await ShippingLists.ShipmentsAsync(connection, new ListFilter(Text: "sn-1"), 0, 50, default)).Select(s => s.Id));
        Assert.Empty(await ShippingLists.ShipmentsAsync(connection, new ListFilter(Item: "ALU-6061-PLATE"), 0, 50, default));
        var shipped = await ShippingLists.ShippedOfOrderAsync(connection, order, default);
        Assert.Equal((1m, 2m), (shipped["VALVE"], shipped["PLY-6MM"]));
    }
}

public sealed class SqliteWorkToDoTests() : WorkToDoTests(new SqliteKind());

public sealed class PostgresWorkToDoTests() : WorkToDoTests(new PostgresKind());
