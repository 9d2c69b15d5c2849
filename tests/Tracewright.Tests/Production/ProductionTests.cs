using Dapper;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Tests.Support;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Production;

/// <summary>Manufacture records, serialized units, assembly, containers (source 000 step 3, sources 001 and 002), on both databases.</summary>
public abstract class ProductionTests(DatabaseKind kind)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 5, 20, 7, 0, 0, TimeSpan.Zero));

    private async Task<Shop> ShopAsync(TestDatabase test)
    {
        var shop = await OpenAsync(test, _clock);
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ENCL-10", "Custom electronics enclosure", "ea", "other", RequiredCertificates: ["none"], LotPrefix: "ENC"), default));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ACT-100", "Linear actuator", "ea", "other", "serial", ["none"], "ACT", SerialPattern: "{PREFIX}{YY}{MM}{NNNN}{C}"), default));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("MOT-20", "Stepper motor", "ea", "other", "serial", ["none"], "MOT"), default));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("CTL-5", "Controller board", "ea", "other", "serial", ["none"], "CTL"), default));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("HSG-1", "Actuator housing", "ea", "other", "serial", ["none"], "HSG"), default));
        return shop;
    }

    private static async Task<string> ReceiveAsync(Shop shop, string item, string supplier, string heat, string qty, string uom, string? certificateType, string on)
    {
        var receipt = await Ok(ReceiveLot.HandleAsync(shop, "clerk", new(item, supplier, heat, qty, uom, ReceivedOn: on, Certificate: certificateType is null ? null : Certificate(certificateType, heat)), default));
        return receipt.Lot;
    }

    private static async Task<Lot> LotAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(id).Value, default))!;
    }

    private static async Task<Unit> UnitAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await ProductionQueries.FindUnitAsync(connection, null, UnitId.Parse(id).Value, default))!;
    }

    private static IEnumerable<string> Flatten(AsBuiltNode node) => node.Children.SelectMany(c => Flatten(c).Prepend($"{c.Kind} {c.Id}"));

    [Fact]
    public async Task SeedExample_Mfg0056_ThenAnActuatorBuiltTestedReworkedAndPalletised()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var pla = await ReceiveAsync(shop, "PLA-175", "Filaworks", "FW-0424", "1000", "g", "CofC", "2024-04-12");
        await ReceiveAsync(shop, "ACR-3MM", "Clearcast Plastics", "CC-5521", "10", "sheet", "CofC", "2024-05-03");
        var acrylic = await ReceiveAsync(shop, "ACR-3MM", "Clearcast Plastics", "CC-5530", "20", "sheet", "CofC", "2024-05-06");
        Assert.Equal(("PLA-0424-01", "ACR-0524-02"), (pla, acrylic));
        var bom = await Ok(DefineBom.HandleAsync(shop, "eng", new("ENCL-10", ["ACR-3MM:0.5", "PLA-175:20:g"], "sop-encl.pdf", Pdf("SOP: cut, print, assemble")), default));

        // Fifty-five earlier runs, so the seed's run gets its number: MFG-0056.
        for (var i = 0; i < 55; i++)
        {
            await Ok(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{pla}:1"], BatchQuantity: "1", Bom: bom.Bom), default));
        }

        var run = await Ok(RecordManufacture.HandleAsync(shop, "op", new(
            "ENCL-10", [$"{acrylic}:5", $"{pla}:200"], Bom: bom.Bom, Machine: "Twotrees TTC450 Pro", Tool: "3.175 mm single-flute", Operator: "Kim",
            Sop: "SOP-ENCL-10 rev B", Started: "2024-05-22T08:00:00Z", Finished: "2024-05-22T11:30:00Z", BatchQuantity: "10"), default));
        Assert.Equal("MFG-0056", run.Record);
        Assert.Equal(("ACR-0524-02", 5m, 15m), (run.Consumed[0].Lot.Value, run.Consumed[0].Quantity, run.Consumed[0].RemainingAfter));
        Assert.Equal(("PLA-0424-01", 200m), (run.Consumed[1].Lot.Value, run.Consumed[1].Quantity));
        Assert.Equal(15m, (await LotAsync(shop, acrylic)).Quantity);
        Assert.Equal(1000m - 55 - 200, (await LotAsync(shop, pla)).Quantity);
        var batch = await LotAsync(shop, run.OutputLot!);
        Assert.Equal((LotOrigin.Made, 10m, "MFG-0056"), (batch.Origin, batch.Quantity, batch.MadeBy));

        // A serialized actuator from serialized components.
        foreach (var (item, serial) in new[] { ("MOT-20", "M-1001"), ("MOT-20", "M-1002"), ("CTL-5", "C-77"), ("HSG-1", "H-5") })
        {
            await Ok(CaptureSerial.HandleAsync(shop, "clerk", new(item, serial, Source: "delivery note DN-88"), default));
        }

        var made = await Ok(RecordManufacture.HandleAsync(shop, "op", new("ACT-100", [], UseSerials: ["H-5"], Machine: "Assembly bench 1", SerialCount: 1), default));
        var actuator = made.OutputUnits.Single();
        Assert.Matches(@"^ACT-100:ACT2405\d{4}[0-9A-Z]$", actuator);
        Assert.True(NumberPattern.HasValidCheckCharacter(actuator.Split(':')[1]));
        Assert.Equal(UnitStatus.Consumed, (await UnitAsync(shop, "HSG-1:H-5")).Status);

        _clock.Now = new DateTimeOffset(2024, 5, 23, 9, 0, 0, TimeSpan.Zero);
        await Ok(Assembly.InstallAsync(shop, "op", new(actuator, Component: "M-1001", Station: "bench 1"), default));
        await Ok(Assembly.InstallAsync(shop, "op", new(actuator, Component: "C-77"), default));
        await Ok(Assembly.InstallAsync(shop, "op", new(actuator, Lot: $"{pla}:3"), default));
        var inspected = await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new(actuator, RecordUnitEvent.Kind.Inspect, Operator: "Lee", Result: "pass", Notes: "no burrs"), default));
        Assert.True(inspected.Passed);
        var tested = await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new(actuator, RecordUnitEvent.Kind.Test, Machine: "EOL rig 2", Name: "EOL",
            Measurements: ["stroke=50.02 mm [49.95..50.05]", "current=2.3 A [..2.0]"]), default));
        Assert.False(tested.Passed);
        var before = await Ok(ShowAsBuilt.HandleAsync(shop, actuator, null, default));

        // Rework: the noisy motor comes out, another goes in.
        _clock.Now = new DateTimeOffset(2024, 5, 24, 9, 0, 0, TimeSpan.Zero);
        await Ok(Assembly.RemoveAsync(shop, "op", new(actuator, Component: "M-1001", Reason: "current over limit: motor M-1001 noisy"), default));
        await Ok(Assembly.InstallAsync(shop, "op", new(actuator, Component: "M-1002"), default));
        await Ok(RecordUnitEvent.HandleAsync(shop, "op", new(actuator, RecordUnitEvent.Kind.Rework, Notes: "motor replaced"), default));
        var retest = await Ok(RecordUnitEvent.HandleAsync(shop, "qa", new(actuator, RecordUnitEvent.Kind.Test, Name: "EOL", Measurements: ["current=1.8 A [..2.0]"]), default));
        Assert.True(retest.Passed);
        var after = await Ok(ShowAsBuilt.HandleAsync(shop, actuator, null, default));
        var asOfBefore = await Ok(ShowAsBuilt.HandleAsync(shop, actuator, "2024-05-23T12:00:00Z", default));

        var beforeParts = Flatten(before.Tree).ToHashSet();
        var afterParts = Flatten(after.Tree).ToHashSet();
        Assert.Equal(["unit MOT-20:M-1001"], beforeParts.Except(afterParts));
        Assert.Equal(["unit MOT-20:M-1002"], afterParts.Except(beforeParts));
        Assert.Equal(beforeParts, Flatten(asOfBefore.Tree).ToHashSet());
        var plaNode = after.Tree.Children.Single(c => c.Id == pla);
        Assert.Equal(("FW-0424", "Filaworks", 3m), (plaNode.Heat, plaNode.Supplier, plaNode.Quantity));
        Assert.Single(plaNode.Certificates);

        // Packed on a pallet.
        var pallet = await Ok(Containers.CreateAsync(shop, "ship", new("pallet"), default));
        Assert.Matches("^0061414100000000[0-9]{2}$", pallet.Container);
        await Ok(Containers.PackAsync(shop, "ship", new(pallet.Container, Unit: actuator), pack: true, default));
        await Ok(Containers.PackAsync(shop, "ship", new(pallet.Container, Lot: $"{run.OutputLot}:10"), pack: true, default));
        var installed = await Fails(Containers.PackAsync(shop, "ship", new(pallet.Container, Unit: "M-1002"), pack: true, default));
        Assert.Equal("installed", installed.Code);

        var history = await Ok(Features.Records.ShowRecord.HandleAsync(shop, actuator, default));
        Assert.Equal(
            ["ManufactureRecorded", "ComponentInstalled", "ComponentInstalled", "ComponentInstalled", "UnitInspected", "UnitTested", "ComponentRemoved", "ComponentInstalled", "UnitReworked", "UnitTested", "ContainerPacked"],
            history.History.Select(h => h.Kind));
        Assert.Equal("current over limit: motor M-1001 noisy", history.History.Single(h => h.Kind == "ComponentRemoved").Reason);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Theory]
    [InlineData("quarantine")]
    [InlineData("blocked")]
    [InlineData("rejected")]
    [InlineData("scrapped")]
    public async Task Make_RefusesALotThatIsNotAvailable(string status)
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var lot = await ReceiveAsync(shop, "PLY-6MM", "Timber & Co", "T1", "10", "sheet", null, "2024-05-02");
        var quarantined = await ReceiveAsync(shop, "ACR-3MM", "Clearcast Plastics", "CC1", "10", "sheet", null, "2024-05-02");
        switch (status)
        {
            case "blocked":
                await Ok(ChangeLotStatus.HandleAsync(shop, "qa", new(lot, ChangeLotStatus.Action.Block, "hold"), default));
                break;
            case "rejected":
                await Ok(ChangeLotStatus.HandleAsync(shop, "qa", new(lot, ChangeLotStatus.Action.Reject, "wrong grade"), default));
                break;
            case "scrapped":
                await Ok(ChangeLotStatus.HandleAsync(shop, "qa", new(lot, ChangeLotStatus.Action.Scrap, "wet"), default));
                break;
        }

        var target = status == "quarantine" ? quarantined : lot;
        var before = await LedgerCountAsync(shop);
        var refused = await Fails(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{target}:1"], BatchQuantity: "1"), default));
        Assert.Equal("not-available", refused.Code);
        Assert.Contains($"is {status}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task Make_NeverConsumesMoreThanIsOnHand_AndEmptiesALotIntoConsumed()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var lot = await ReceiveAsync(shop, "PLY-6MM", "Timber & Co", "T1", "3", "sheet", null, "2024-05-02");
        var tooMuch = await Fails(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{lot}:3.5"], BatchQuantity: "1"), default));
        Assert.Equal("insufficient-quantity", tooMuch.Code);
        Assert.Contains("holds 3 sheet; 3.5 sheet was asked for", tooMuch.Message, StringComparison.Ordinal);
        await Ok(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{lot}:3"], BatchQuantity: "1"), default));
        var emptied = await LotAsync(shop, lot);
        Assert.Equal((0m, LotStatus.Consumed), (emptied.Quantity, emptied.Status));
    }

    [Fact]
    public async Task TwoOperatorsAtOnce_ExactlyAsManyRunsSucceedAsTheLotAllows()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var lot = await ReceiveAsync(shop, "PLY-6MM", "Timber & Co", "T1", "5", "sheet", null, "2024-05-02");
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            RecordManufacture.HandleAsync(shop, $"op{i}", new("ENCL-10", [$"{lot}:1"], BatchQuantity: "1"), default))));
        Assert.Equal(5, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Contains(r.Error!.Code, new[] { "insufficient-quantity", "not-available" }));
        var after = await LotAsync(shop, lot);
        Assert.Equal((0m, LotStatus.Consumed), (after.Quantity, after.Status));
        Assert.Equal(5, results.Where(r => r.IsSuccess).Select(r => r.Value.Record).Distinct().Count());
    }

    [Fact]
    public async Task AnInputOffTheBom_NeedsADeviation_WithinItsQuantityAndDates()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var bom = await Ok(DefineBom.HandleAsync(shop, "eng", new("ENCL-10", ["ACR-3MM:0.5"]), default));
        var ply = await ReceiveAsync(shop, "PLY-6MM", "Timber & Co", "T1", "10", "sheet", null, "2024-05-02");
        var offBom = await Fails(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{ply}:1"], Bom: bom.Bom, BatchQuantity: "1"), default));
        Assert.Equal("not-on-bom", offBom.Code);

        await using (var write = await shop.Database.BeginWriteAsync("qa", _clock, default))
        {
            await write.AppendAsync(new NewEvent(new DeviationGranted(
                DeviationId.FromNumber(1), [LotId.Parse(ply).Value], ItemCode.Parse("ACR-3MM").Value, 3, new DateOnly(2024, 5, 1), new DateOnly(2024, 5, 31),
                "plywood instead of acrylic for prototypes", "QA lead"), write.Now), default);
            await write.CommitAsync(default);
        }

        var allowed = await Ok(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{ply}:2"], Bom: bom.Bom, BatchQuantity: "1", Deviation: "DEV-0001", Started: "2024-05-20T08:00:00Z"), default));
        Assert.Equal("DEV-0001", allowed.Consumed[0].Deviation);
        var beyond = await Fails(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{ply}:2"], Bom: bom.Bom, BatchQuantity: "1", Deviation: "DEV-0001", Started: "2024-05-20T09:00:00Z"), default));
        Assert.Equal("deviation-exhausted", beyond.Code);
        var late = await Fails(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{ply}:1"], Bom: bom.Bom, BatchQuantity: "1", Deviation: "DEV-0001", Started: "2024-06-02T09:00:00Z"), default));
        Assert.Equal("deviation-expired", late.Code);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Fact]
    public async Task Serials_AreUniquePerItem_AlsoUnderConcurrentCapture()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var captures = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => CaptureSerial.HandleAsync(shop, "clerk", new("MOT-20", "SN-1"), default))));
        Assert.Equal(1, captures.Count(c => c.IsSuccess));
        Assert.All(captures.Where(c => !c.IsSuccess), c => Assert.Equal(("already-exists", "unit 'MOT-20:SN-1' already exists"), (c.Error!.Code, c.Error.Message)));

        // The same text under another part number is another unit; the serial alone is then ambiguous.
        await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("CTL-5", "sn-1"), default));
        var ambiguous = await Fails(RecordUnitEvent.HandleAsync(shop, "op", new("SN-1", RecordUnitEvent.Kind.Move, Name: "rack 3"), default));
        Assert.Equal("ambiguous-serial", ambiguous.Code);
        await Ok(RecordUnitEvent.HandleAsync(shop, "op", new("CTL-5:SN-1", RecordUnitEvent.Kind.Move, Name: "rack 3"), default));
        Assert.Equal("rack 3", (await UnitAsync(shop, "CTL-5:SN-1")).Location);

        var explicitDuplicate = await Fails(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [], UseSerials: ["CTL-5:SN-1"], Serials: ["SN-1"]), default));
        Assert.Equal("already-exists", explicitDuplicate.Code);
    }

    [Fact]
    public async Task Assembly_RefusesCyclesAndASecondParent()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        foreach (var (item, serial) in new[] { ("ACT-100", "A1"), ("HSG-1", "H1"), ("MOT-20", "M1"), ("CTL-5", "C1") })
        {
            await Ok(CaptureSerial.HandleAsync(shop, "clerk", new(item, serial), default));
        }

        Assert.Equal("assembly-cycle", (await Fails(Assembly.InstallAsync(shop, "op", new("A1", Component: "A1"), default))).Code);
        await Ok(Assembly.InstallAsync(shop, "op", new("A1", Component: "H1"), default));
        await Ok(Assembly.InstallAsync(shop, "op", new("H1", Component: "M1"), default));
        var cycle = await Fails(Assembly.InstallAsync(shop, "op", new("M1", Component: "A1"), default));
        Assert.Equal("assembly-cycle", cycle.Code);
        Assert.Contains("contains MOT-20:M1", cycle.Message, StringComparison.Ordinal);
        var second = await Fails(Assembly.InstallAsync(shop, "op", new("C1", Component: "M1"), default));
        Assert.Equal(("already-installed", ErrorKind.Conflict), (second.Code, second.Kind));
        var notInside = await Fails(Assembly.RemoveAsync(shop, "op", new("A1", Component: "M1", Reason: "x"), default));
        Assert.Equal("not-installed", notInside.Code);
        var consumeInstalled = await Fails(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [], UseSerials: ["M1"], BatchQuantity: "1"), default));
        Assert.Equal("installed", consumeInstalled.Code);
    }

    [Fact]
    public async Task BadInput_IsRefusedByNameAndWritesNothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("ACT-100", "A1"), default));
        var lot = await ReceiveAsync(shop, "PLY-6MM", "Timber & Co", "T1", "10", "sheet", null, "2024-05-02");
        var box = await Ok(Containers.CreateAsync(shop, "ship", new("box"), default));
        var before = await LedgerCountAsync(shop);

        var cases = new (Task<Result<string>> Call, string Code, string Field)[]
        {
            (Map(RecordManufacture.HandleAsync(shop, "op", new("NOPE", [$"{lot}:1"], BatchQuantity: "1"), default)), "not-found", "item"),
            (Map(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{lot}:1"], Bom: "BOM-0042", BatchQuantity: "1"), default)), "not-found", "bom"),
            (Map(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", ["PLY-0101-999:1"], BatchQuantity: "1"), default)), "not-found", "use"),
            (Map(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{box.Container}:1"], BatchQuantity: "1"), default)), "container-not-lot", "use"),
            (Map(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [], UseSerials: [box.Container], BatchQuantity: "1"), default)), "container-not-unit", "use-serial"),
            (Map(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{lot}:0"], BatchQuantity: "1"), default)), "invalid-input", "use"),
            (Map(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{lot}:1"]), default)), "invalid-input", "batch-qty"),
            (Map(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [lot], BatchQuantity: "1"), default)), "invalid-input", "use"),
            (Map(RecordUnitEvent.HandleAsync(shop, "op", new("NO-SUCH", RecordUnitEvent.Kind.Move, Name: "x"), default)), "not-found", "serial"),
            (Map(RecordUnitEvent.HandleAsync(shop, "op", new("A1", RecordUnitEvent.Kind.Test, Name: "EOL", Measurements: ["stroke=50.02"]), default)), "invalid-input", "measure"),
            (Map(RecordUnitEvent.HandleAsync(shop, "op", new("A1", RecordUnitEvent.Kind.Test, Name: "EOL", Measurements: ["stroke=50.02 mm [51..50]"]), default)), "invalid-input", "measure"),
            (Map(RecordUnitEvent.HandleAsync(shop, "op", new("A1", RecordUnitEvent.Kind.Test, Name: "EOL", Measurements: []), default)), "invalid-input", "measure"),
            (Map(RecordUnitEvent.HandleAsync(shop, "op", new("A1", RecordUnitEvent.Kind.Inspect, Result: "ok"), default)), "invalid-input", "result"),
            (Map(RecordUnitEvent.HandleAsync(shop, "op", new("A1", RecordUnitEvent.Kind.Status, Status: "consumed", Reason: "x"), default)), "illegal-status", "status"),
            (Map(RecordUnitEvent.HandleAsync(shop, "op", new("A1", RecordUnitEvent.Kind.Status, Status: "blocked"), default)), "invalid-input", "reason"),
            (Map(Assembly.InstallAsync(shop, "op", new("A1", Component: box.Container), default)), "container-not-unit", "component"),
            (Map(Assembly.InstallAsync(shop, "op", new("A1", Lot: $"{lot}:11"), default)), "insufficient-quantity", "lot"),
            (Map(Containers.PackAsync(shop, "ship", new(box.Container, Inner: box.Container), true, default)), "container-cycle", "container"),
            (Map(Containers.PackAsync(shop, "ship", new("123456789012345678", Unit: "A1"), true, default)), "invalid-input", "container"),
            (Map(Containers.CreateAsync(shop, "ship", new("bag"), default)), "invalid-input", "kind"),
        };
        foreach (var (call, code, field) in cases)
        {
            var error = await Fails(call);
            Assert.True((code, field) == (error.Code, error.Field), $"expected {code} on {field}, got {error.Code} on {error.Field}: {error.Message}");
        }

        Assert.Equal(before, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task Containers_HoldAThingInOnePlaceAtATime()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("ACT-100", "A1"), default));
        var box = await Ok(Containers.CreateAsync(shop, "ship", new("box"), default));
        var pallet = await Ok(Containers.CreateAsync(shop, "ship", new("pallet"), default));
        Assert.NotEqual(box.Container, pallet.Container);
        await Ok(Containers.PackAsync(shop, "ship", new(box.Container, Unit: "A1"), true, default));
        Assert.Equal("already-packed", (await Fails(Containers.PackAsync(shop, "ship", new(pallet.Container, Unit: "A1"), true, default))).Code);
        await Ok(Containers.PackAsync(shop, "ship", new(pallet.Container, Inner: box.Container), true, default));
        Assert.Equal("container-cycle", (await Fails(Containers.PackAsync(shop, "ship", new(box.Container, Inner: pallet.Container), true, default))).Code);
        await Ok(Containers.PackAsync(shop, "ship", new(box.Container, Unit: "A1"), false, default));
        await Ok(Containers.PackAsync(shop, "ship", new(pallet.Container, Unit: "A1"), true, default));
        Assert.Equal("not-packed", (await Fails(Containers.PackAsync(shop, "ship", new(box.Container, Unit: "A1"), false, default))).Code);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    private static async Task<Result<string>> Map<T>(Task<Result<T>> call) => (await call).Map(v => v?.ToString() ?? "");
}

public sealed class SqliteProductionTests() : ProductionTests(new SqliteKind());

public sealed class PostgresProductionTests() : ProductionTests(new PostgresKind());
