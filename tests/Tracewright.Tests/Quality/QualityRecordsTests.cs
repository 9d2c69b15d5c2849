using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Quality;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Quality;
using Tracewright.Features.Receiving;
using Tracewright.Features.Records;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Quality;

/// <summary>Nonconformance reports, CAPAs and deviations, through the handlers the CLI uses, on SQLite and PostgreSQL.</summary>
public abstract class QualityRecordsTests(DatabaseKind kind)
{
    [Fact]
    public async Task ScrapDisposition_ScrapsEveryCoveredLotAndUnit_NamingTheNcr()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        var unit = await CaptureValveAsync(shop, "SN-1");

        var opened = await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], ["SN-1"], [], "delaminated edge", "QC bench 2"), default));
        Assert.Equal("NCR-0001", opened.Ncr.Id.Value);
        Assert.Equal((NcrStatus.Open, "inspector"), (opened.Ncr.Status, opened.Ncr.DetectedBy));

        var done = await Ok(Nonconformances.DispositionAsync(shop, "quality", new("ncr-0001", "scrap", "Q. Manager", "not repairable"), default));
        Assert.Equal((NcrStatus.Dispositioned, Disposition.Scrap, "Q. Manager"), (done.Ncr.Status, done.Ncr.Disposition, done.Ncr.ApprovedBy));
        Assert.Equal([(ply, "scrapped"), (unit, "scrapped")], done.Changed.Select(c => (c.Id, c.To)));

        var lot = await FindLotAsync(shop, ply);
        Assert.Equal(LotStatus.Scrapped, lot.Status);
        Assert.Equal("NCR-0001 scrap: not repairable", lot.StatusReason);
        Assert.Equal(UnitStatus.Scrapped, (await FindUnitAsync(shop, unit)).Status);

        var lotHistory = await Ok(ShowRecord.HandleAsync(shop, ply, default));
        Assert.Equal(["LotReceived", "NcrOpened", "LotStatusChanged"], lotHistory.History.Select(h => h.Kind));
        var ncrShown = await Ok(ShowRecord.HandleAsync(shop, "NCR-0001", default));
        Assert.Equal("ncr", ncrShown.Kind);
        Assert.Equal(["NcrOpened", "NcrDispositioned"], ncrShown.History.Select(h => h.Kind));
        Assert.Equal("not repairable", ncrShown.History[1].Reason);
        await AssertIntactAsync(shop);
    }

    [Fact]
    public async Task ScrapDisposition_RefusesAndWritesNothing_WhenACoveredLotIsConsumed()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var good = await ReceivePlyAsync(shop, "T1");
        var used = await ReceivePlyAsync(shop, "T2");
        await Ok(SplitLot.HandleAsync(shop, "operator", new(used, "5"), default));
        Assert.Equal(LotStatus.Consumed, (await FindLotAsync(shop, used)).Status);
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([good, used], [], [], "wrong species", "receiving"), default));

        var before = await LedgerCountAsync(shop);
        var refused = await Fails(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "scrap", "QM", "bad batch"), default));
        Assert.Equal(("illegal-status", ErrorKind.Refused), (refused.Code, refused.Kind));
        Assert.Contains(used, refused.Message, StringComparison.Ordinal);
        Assert.Contains("NCR-0001", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, good)).Status);
        Assert.Equal(NcrStatus.Open, (await FindNcrAsync(shop, "NCR-0001")).Status);
        await AssertIntactAsync(shop);
    }

    [Fact]
    public async Task ScrapDisposition_RefusesWhenACoveredUnitIsAlreadyScrapped()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        var unit = await CaptureValveAsync(shop, "SN-1");
        await Ok(RecordUnitEvent.HandleAsync(shop, "quality", new(unit, RecordUnitEvent.Kind.Status, Status: "scrapped", Reason: "dropped"), default));
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [unit], [], "damaged", "assembly"), default));

        var before = await LedgerCountAsync(shop);
        var refused = await Fails(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "scrap", "QM", "damaged"), default));
        Assert.Equal("illegal-status", refused.Code);
        Assert.Contains(unit, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, ply)).Status);
    }

    [Fact]
    public async Task ReturnToSupplier_RejectsCoveredLots()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var first = await ReceivePlyAsync(shop, "T1");
        var second = await ReceivePlyAsync(shop, "T2");
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(second, ChangeLotStatus.Action.Block, "suspect"), default));
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([first, second], [], [], "moisture 14%", "receiving"), default));

        var done = await Ok(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "return-to-supplier", "QM", "supplier to replace"), default));
        Assert.Equal(Disposition.ReturnToSupplier, done.Ncr.Disposition);
        Assert.Equal([(first, "available", "rejected"), (second, "blocked", "rejected")], done.Changed.Select(c => (c.Id, c.From, c.To)));
        Assert.Equal("NCR-0001 return-to-supplier: supplier to replace", (await FindLotAsync(shop, second)).StatusReason);
        await AssertIntactAsync(shop);
    }

    [Fact]
    public async Task ReturnToSupplier_IsRefusedForUnits_LotsMadeHere_AndLotsThatCannotBeRejected()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        var consumed = await ReceivePlyAsync(shop, "T2");
        await Ok(SplitLot.HandleAsync(shop, "operator", new(consumed, "5"), default));
        var unit = await CaptureValveAsync(shop, "SN-1");
        var made = await MakeWidgetsAsync(shop, $"{ply}:1");

        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [unit], [], "a", "here"), default));
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([], [], [made.Record], "b", "here"), default));
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([consumed], [], [], "c", "here"), default));
        var before = await LedgerCountAsync(shop);

        Assert.Equal("rts-unit", (await Fails(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "return-to-supplier", "QM", "r"), default))).Code);
        var madeHere = await Fails(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0002", "return-to-supplier", "QM", "r"), default));
        Assert.Equal("rts-made-here", madeHere.Code);
        Assert.Contains(made.OutputLot!, madeHere.Message, StringComparison.Ordinal);
        Assert.Equal("illegal-status", (await Fails(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0003", "return-to-supplier", "QM", "r"), default))).Code);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, ply)).Status);
    }

    [Fact]
    public async Task AnNcrOnAManufactureRecord_CoversWhatTheRunMade()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        var made = await MakeWidgetsAsync(shop, $"{ply}:1");
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([], [], [made.Record.ToLowerInvariant()], "burn marks", "laser"), default));

        var done = await Ok(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "scrap", "QM", "cosmetic reject"), default));
        Assert.Equal([made.OutputLot!], done.Changed.Select(c => c.Id));
        Assert.Equal(LotStatus.Scrapped, (await FindLotAsync(shop, made.OutputLot!)).Status);
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, ply)).Status);
        await AssertIntactAsync(shop);
    }

    [Fact]
    public async Task UseAsIsReworkAndRepair_ChangeNoStatus()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        var unit = await CaptureValveAsync(shop, "SN-1");
        foreach (var (disposition, n) in new[] { ("use-as-is", 1), ("rework", 2), ("REPAIR", 3) })
        {
            await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [unit], [], "minor", "QC"), default));
            var before = await LedgerCountAsync(shop);
            var done = await Ok(Nonconformances.DispositionAsync(shop, "quality", new($"NCR-000{n}", disposition, "QM", "within tolerance"), default));
            Assert.Empty(done.Changed);
            Assert.Equal(before + 1, await LedgerCountAsync(shop));
        }

        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, ply)).Status);
        Assert.Equal(UnitStatus.Available, (await FindUnitAsync(shop, unit)).Status);
    }

    [Fact]
    public async Task AnNcr_ClosesOnlyAfterItsDisposition_AndIsDispositionedOnce()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [], [], "warped", "QC"), default));

        var early = await Fails(Nonconformances.CloseAsync(shop, "quality", new("NCR-0001", "done"), default));
        Assert.Equal(("ncr-no-disposition", ErrorKind.Refused), (early.Code, early.Kind));
        Assert.Equal("reason", (await Fails(Nonconformances.CloseAsync(shop, "quality", new("NCR-0001", " "), default))).Field);

        await Ok(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "use-as-is", "QM", "flattens under clamp"), default));
        Assert.Equal("ncr-already-dispositioned", (await Fails(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "scrap", "QM", "changed my mind"), default))).Code);

        var closed = await Ok(Nonconformances.CloseAsync(shop, "quality", new("NCR-0001", "used in job 12"), default));
        Assert.Equal(NcrStatus.Closed, closed.Ncr.Status);
        Assert.Equal("ncr-closed", (await Fails(Nonconformances.CloseAsync(shop, "quality", new("NCR-0001", "again"), default))).Code);
        Assert.Equal("ncr-already-dispositioned", (await Fails(Nonconformances.DispositionAsync(shop, "quality", new("NCR-0001", "scrap", "QM", "late"), default))).Code);
        await AssertIntactAsync(shop);
    }

    [Fact]
    public async Task OpeningAnNcr_ValidatesWhatItCovers()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        var before = await LedgerCountAsync(shop);

        Assert.Equal(("lot", ErrorKind.Invalid), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new([], [], [], "x", "QC"), default))));
        Assert.Equal(("lot", ErrorKind.Invalid), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new([ply, ply.ToLowerInvariant()], [], [], "x", "QC"), default))));
        Assert.Equal(("lot", ErrorKind.NotFound), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new(["PLY-0999-001"], [], [], "x", "QC"), default))));
        Assert.Equal(("unit", ErrorKind.NotFound), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new([], ["NOPE-1"], [], "x", "QC"), default))));
        Assert.Equal(("record", ErrorKind.NotFound), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new([], [], ["MFG-0042"], "x", "QC"), default))));
        Assert.Equal(("record", ErrorKind.Invalid), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new([], [], ["42"], "x", "QC"), default))));
        Assert.Equal(("description", ErrorKind.Invalid), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new([ply], [], [], " ", "QC"), default))));
        Assert.Equal(("detected-at", ErrorKind.Invalid), Of(await Fails(Nonconformances.OpenAsync(shop, "i", new([ply], [], [], "x", null), default))));
        Assert.Equal(("ncr", ErrorKind.NotFound), Of(await Fails(Nonconformances.DispositionAsync(shop, "q", new("NCR-0009", "scrap", "QM", "r"), default))));
        Assert.Equal(("disposition", ErrorKind.Invalid), Of(await Fails(Nonconformances.DispositionAsync(shop, "q", new("NCR-0001", "burn it", "QM", "r"), default))));
        Assert.Equal(("approved-by", ErrorKind.Invalid), Of(await Fails(Nonconformances.DispositionAsync(shop, "q", new("NCR-0001", "scrap", "", "r"), default))));
        Assert.Equal(before, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task ACapa_ClosesOnlyWithEveryActionDone_AndAnEffectiveCheck()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [], [], "warped", "QC"), default));
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [], [], "warped again", "QC"), default));

        var opened = await Ok(Capas.OpenAsync(shop, "quality", new(["NCR-0001", "ncr-0002"], "sheets stored flat on a damp floor"), default));
        Assert.Equal("CAPA-0001", opened.Capa.Id.Value);
        Assert.Equal(["NCR-0001", "NCR-0002"], opened.Capa.Ncrs.Select(n => n.Value));
        Assert.Equal("capa-no-actions", (await Fails(Capas.CloseAsync(shop, "quality", new("CAPA-0001", "done"), default))).Code);

        await Ok(Capas.AddActionAsync(shop, "quality", new("CAPA-0001", "corrective", "Move stock onto racks", "Sam", "2024-05-20"), default));
        var second = await Ok(Capas.AddActionAsync(shop, "quality", new("CAPA-0001", "preventive", "Add a hygrometer to receiving", "Ana", "2024-06-01"), default));
        Assert.Equal([(1, CapaActionKind.Corrective), (2, CapaActionKind.Preventive)], second.Capa.Actions.Select(a => (a.Number, a.Kind)));

        await Ok(Capas.MarkDoneAsync(shop, "sam", new("CAPA-0001", 1, "racks installed"), default));
        Assert.Equal("action-done", (await Fails(Capas.MarkDoneAsync(shop, "sam", new("CAPA-0001", 1), default))).Code);
        Assert.Equal(("action", ErrorKind.NotFound), Of(await Fails(Capas.MarkDoneAsync(shop, "sam", new("CAPA-0001", 3), default))));
        await Ok(Capas.CheckAsync(shop, "quality", new("CAPA-0001", "yes", "no warping in 4 weeks"), default));
        var open = await Fails(Capas.CloseAsync(shop, "quality", new("CAPA-0001", "done"), default));
        Assert.Equal(("capa-actions-open", ErrorKind.Refused), (open.Code, open.Kind));
        Assert.Contains("#2 Add a hygrometer to receiving (Ana, due 2024-06-01)", open.Message, StringComparison.Ordinal);

        await Ok(Capas.MarkDoneAsync(shop, "ana", new("CAPA-0001", 2), default));
        await Ok(Capas.CheckAsync(shop, "quality", new("CAPA-0001", "no", "one sheet warped"), default));
        var ineffective = await Fails(Capas.CloseAsync(shop, "quality", new("CAPA-0001", "done"), default));
        Assert.Equal("capa-not-effective", ineffective.Code);
        Assert.Contains("one sheet warped", ineffective.Message, StringComparison.Ordinal);

        var before = await LedgerCountAsync(shop);
        await Ok(Capas.CheckAsync(shop, "quality", new("CAPA-0001", "yes", "none warped in 8 weeks", "auditor"), default));
        var closed = await Ok(Capas.CloseAsync(shop, "quality", new("CAPA-0001", "effective"), default));
        Assert.Equal(CapaStatus.Closed, closed.Capa.Status);
        Assert.Equal(before + 2, await LedgerCountAsync(shop));
        Assert.Equal("capa-closed", (await Fails(Capas.CloseAsync(shop, "quality", new("CAPA-0001", "again"), default))).Code);
        Assert.Equal("capa-closed", (await Fails(Capas.AddActionAsync(shop, "quality", new("CAPA-0001", "corrective", "more", "Sam", "2024-07-01"), default))).Code);
        Assert.Equal("capa-closed", (await Fails(Capas.CheckAsync(shop, "quality", new("CAPA-0001", "no", "late"), default))).Code);

        var shown = await Ok(ShowRecord.HandleAsync(shop, "capa-0001", default));
        Assert.Equal("capa", shown.Kind);
        Assert.Equal("effective", shown.History[^1].Reason);
        var ncr = (QualityRecords.NcrView)(await Ok(ShowRecord.HandleAsync(shop, "NCR-0002", default))).Record;
        Assert.Equal(["CAPA-0001"], ncr.Capas.Select(c => c.Value));
        await AssertIntactAsync(shop);
    }

    [Fact]
    public async Task ACapa_IsNotClosedUntilItsEffectivenessIsChecked()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [], [], "warped", "QC"), default));
        await Ok(Capas.OpenAsync(shop, "quality", new(["NCR-0001"], "damp floor"), default));
        await Ok(Capas.AddActionAsync(shop, "quality", new("CAPA-0001", "corrective", "Racks", "Sam", "2024-05-20"), default));
        await Ok(Capas.MarkDoneAsync(shop, "sam", new("CAPA-0001", 1), default));

        var before = await LedgerCountAsync(shop);
        Assert.Equal("capa-not-checked", (await Fails(Capas.CloseAsync(shop, "quality", new("CAPA-0001", "done"), default))).Code);
        Assert.Equal(before, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task OpeningACapa_AndAddingActions_ValidateTheirInput()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        await Ok(Nonconformances.OpenAsync(shop, "inspector", new([ply], [], [], "warped", "QC"), default));

        Assert.Equal(("ncr", ErrorKind.Invalid), Of(await Fails(Capas.OpenAsync(shop, "q", new([], "cause"), default))));
        Assert.Equal(("ncr", ErrorKind.Invalid), Of(await Fails(Capas.OpenAsync(shop, "q", new(["NCR-0001", "NCR-0001"], "cause"), default))));
        Assert.Equal(("ncr", ErrorKind.NotFound), Of(await Fails(Capas.OpenAsync(shop, "q", new(["NCR-0002"], "cause"), default))));
        Assert.Equal(("root-cause", ErrorKind.Invalid), Of(await Fails(Capas.OpenAsync(shop, "q", new(["NCR-0001"], ""), default))));
        await Ok(Capas.OpenAsync(shop, "quality", new(["NCR-0001"], "damp floor"), default));
        Assert.Equal(("kind", ErrorKind.Invalid), Of(await Fails(Capas.AddActionAsync(shop, "q", new("CAPA-0001", "urgent", "d", "o", "2024-05-20"), default))));
        Assert.Equal(("due", ErrorKind.Invalid), Of(await Fails(Capas.AddActionAsync(shop, "q", new("CAPA-0001", "corrective", "d", "o", "20/05/2024"), default))));
        Assert.Equal(("owner", ErrorKind.Invalid), Of(await Fails(Capas.AddActionAsync(shop, "q", new("CAPA-0001", "corrective", "d", " ", "2024-05-20"), default))));
        Assert.Equal(("capa", ErrorKind.NotFound), Of(await Fails(Capas.AddActionAsync(shop, "q", new("CAPA-0002", "corrective", "d", "o", "2024-05-20"), default))));
        Assert.Equal(("effective", ErrorKind.Invalid), Of(await Fails(Capas.CheckAsync(shop, "q", new("CAPA-0001", "maybe", "n"), default))));
        Assert.Equal(("notes", ErrorKind.Invalid), Of(await Fails(Capas.CheckAsync(shop, "q", new("CAPA-0001", "yes", ""), default))));
    }

    [Fact]
    public async Task GrantingADeviation_ValidatesLotsQuantityAndDates()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var ply = await ReceivePlyAsync(shop, "T1");
        var rejected = await ReceivePlyAsync(shop, "T2");
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(rejected, ChangeLotStatus.Action.Reject, "wet"), default));
        var scrapped = await ReceivePlyAsync(shop, "T3");
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(scrapped, ChangeLotStatus.Action.Scrap, "crushed"), default));
        var blocked = await ReceivePlyAsync(shop, "T4");
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(blocked, ChangeLotStatus.Action.Block, "suspect"), default));
        var before = await LedgerCountAsync(shop);

        GrantDeviation.Request Grant(string[] lots, string qty = "3", string from = "2024-05-01", string to = "2024-05-31", string? inPlaceOf = null) =>
            new(lots, qty, from, to, "birch ply instead of acrylic for prototypes", "Q. Manager", inPlaceOf);

        Assert.Equal(("qty", ErrorKind.Invalid), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply], qty: "0"), default))));
        Assert.Equal(("qty", ErrorKind.Invalid), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply], qty: "-2"), default))));
        Assert.Equal(("qty", ErrorKind.Invalid), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply], qty: "three"), default))));
        Assert.Equal(("to", ErrorKind.Invalid), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply], from: "2024-06-01", to: "2024-05-31"), default))));
        Assert.Equal(("from", ErrorKind.Invalid), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply], from: "June"), default))));
        Assert.Equal(("lot", ErrorKind.Invalid), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([]), default))));
        Assert.Equal(("lot", ErrorKind.Invalid), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply, ply]), default))));
        Assert.Equal(("lot", ErrorKind.NotFound), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant(["PLY-0999-009"]), default))));
        Assert.Equal(("in-place-of", ErrorKind.NotFound), Of(await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply], inPlaceOf: "NOPE"), default))));
        var onRejected = await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([ply, rejected]), default));
        Assert.Equal(("deviation-lot-status", ErrorKind.Refused), (onRejected.Code, onRejected.Kind));
        Assert.Contains(rejected, onRejected.Message, StringComparison.Ordinal);
        Assert.Equal("deviation-lot-status", (await Fails(GrantDeviation.HandleAsync(shop, "q", Grant([scrapped]), default))).Code);
        Assert.Equal(before, await LedgerCountAsync(shop));

        var granted = await Ok(GrantDeviation.HandleAsync(shop, "q", Grant([ply, blocked], to: "2024-05-01", inPlaceOf: "acr-3mm"), default));
        Assert.Equal(("DEV-0001", "ACR-3MM", 3m), (granted.Deviation, granted.InPlaceOf, granted.Quantity));
        Assert.Equal("DEV-0002", (await Ok(GrantDeviation.HandleAsync(shop, "q", Grant([ply]), default))).Deviation);
        var shown = await Ok(ShowRecord.HandleAsync(shop, "DEV-0001", default));
        Assert.Equal("deviation", shown.Kind);
        Assert.Equal(["DeviationGranted"], shown.History.Select(h => h.Kind));
        await AssertIntactAsync(shop);
    }

    [Fact]
    public async Task Make_ConsumesASubstituteOnlyUnderItsDeviation_WithinItsQuantityAndDates()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ACR-3MM", "Clearcast Plastics", "CC1", "10", "sheet", Certificate("CofC", "CC1")), default));
        var ply = await ReceivePlyAsync(shop, "T1");
        var otherPly = await ReceivePlyAsync(shop, "T2");
        await RegisterWidgetAsync(shop);
        await Ok(DefineBom.HandleAsync(shop, "engineer", new("WIDGET", ["ACR-3MM:1"]), default));

        var make = (string use, string? deviation, string started) => RecordManufacture.HandleAsync(shop, "operator", new(
            "WIDGET", [use], Bom: "BOM-0001", Started: started, BatchQuantity: "1", Deviation: deviation), default);

        Assert.Equal("not-on-bom", (await Fails(make($"{ply}:2", null, "2024-05-14"))).Code);

        await Ok(GrantDeviation.HandleAsync(shop, "quality", new([ply], "3", "2024-05-10", "2024-05-31", "ply for acrylic on prototypes", "QM", "ACR-3MM"), default));
        var used = await Ok(make($"{ply}:2", "DEV-0001", "2024-05-14"));
        Assert.Equal("DEV-0001", used.Consumed.Single().Deviation);
        Assert.Equal(2m, (await FindDeviationAsync(shop, "DEV-0001")).QuantityUsed);

        var before = await LedgerCountAsync(shop);
        var beyond = await Fails(make($"{ply}:2", "DEV-0001", "2024-05-15"));
        Assert.Equal(("deviation-exhausted", ErrorKind.Refused), (beyond.Code, beyond.Kind));
        Assert.Equal("deviation-expired", (await Fails(make($"{ply}:1", "DEV-0001", "2024-06-01"))).Code);
        Assert.Equal("deviation-expired", (await Fails(make($"{ply}:1", "DEV-0001", "2024-05-09"))).Code);
        Assert.Equal("deviation-scope", (await Fails(make($"{otherPly}:1", "DEV-0001", "2024-05-14"))).Code);
        Assert.Equal(before, await LedgerCountAsync(shop));

        await Ok(make($"{ply}:1", "DEV-0001", "2024-05-31"));
        Assert.Equal(3m, (await FindDeviationAsync(shop, "DEV-0001")).QuantityUsed);
        await AssertIntactAsync(shop);
    }

    private static (string? Field, ErrorKind Kind) Of(Error error) => (error.Field, error.Kind);

    private static async Task<string> ReceivePlyAsync(Shop shop, string heat) =>
        (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", heat, "5", "sheet"), default))).Lot;

    private static async Task<string> CaptureValveAsync(Shop shop, string serial)
    {
        await using (var connection = await shop.Database.OpenConnectionAsync(default))
        {
            if (await MaterialsQueries.FindItemAsync(connection, null, ItemCode.Parse("VALVE").Value, default) is null)
            {
                await Ok(RegisterItem.HandleAsync(shop, "clerk", new("VALVE", "Ball valve", "ea", "other", Tracking: "serial", LotPrefix: "VLV"), default));
            }
        }

        return (await Ok(CaptureSerial.HandleAsync(shop, "clerk", new("VALVE", serial), default))).Unit;
    }

    private static Task<RegisterItem.Response> RegisterWidgetAsync(Shop shop) =>
        Ok(RegisterItem.HandleAsync(shop, "clerk", new("WIDGET", "Laser-cut widget", "ea", "other", LotPrefix: "WID"), default));

    private static async Task<RecordManufacture.Response> MakeWidgetsAsync(Shop shop, string use)
    {
        await RegisterWidgetAsync(shop);
        return await Ok(RecordManufacture.HandleAsync(shop, "operator", new("WIDGET", [use], Started: "2024-05-14", BatchQuantity: "4"), default));
    }

    private static async Task AssertIntactAsync(Shop shop)
    {
        var report = await LedgerVerifier.VerifyAsync(shop.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
    }

    private static async Task<Lot> FindLotAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(id).Value, default))!;
    }

    private static async Task<Unit> FindUnitAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await ProductionQueries.FindUnitAsync(connection, null, UnitId.Parse(id).Value, default))!;
    }

    private static async Task<Nonconformance> FindNcrAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await QualityQueries.FindNcrAsync(connection, null, NcrId.Parse(id).Value, default))!;
    }

    private static async Task<Deviation> FindDeviationAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await ProductionQueries.FindDeviationAsync(connection, null, DeviationId.Parse(id).Value, default))!;
    }
}

public sealed class SqliteQualityRecordsTests() : QualityRecordsTests(new SqliteKind());

public sealed class PostgresQualityRecordsTests() : QualityRecordsTests(new PostgresKind());
