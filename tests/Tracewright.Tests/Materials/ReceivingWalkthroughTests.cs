using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Certificates;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Features.Records;
using Tracewright.Features.Trace;
using Tracewright.Tests.Support;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Materials;

/// <summary>The seed's receiving and cutting walkthrough (source 000), on SQLite and on PostgreSQL.</summary>
public abstract class ReceivingWalkthroughTests(DatabaseKind kind)
{
    [Fact]
    public async Task SeedWalkthrough_ReceiveVerifyQuarantineAndCut()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);

        // 6061 aluminum plate with a matching MTR: accepted.
        var plate = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-24-0117", "4", "ea", Certificate("MTR", "H-24-0117"), po: "PO-1001"), default));
        Assert.Equal("ALU-0524-001", plate.Lot);
        Assert.Equal(LotStatus.Available, plate.Status);
        Assert.NotNull(plate.Certificate);

        // A heat number on the material that is not the one on the certificate: rejected, with the reason.
        var wrong = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-24-0999", "2", "ea", Certificate("MTR", "H-24-0117"), po: "PO-1002"), default));
        Assert.Equal("ALU-0524-002", wrong.Lot);
        Assert.Equal(LotStatus.Rejected, wrong.Status);
        Assert.Contains("does not match", wrong.Reason, StringComparison.Ordinal);
        Assert.Contains("H-24-0999", wrong.Reason, StringComparison.Ordinal);

        // Plastics with their CofC: accepted; lot numbers count per prefix and month.
        var acrylic = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ACR-3MM", "Clearcast Plastics", "CC-5521", "20", "sheet", Certificate("CofC", "CC-5521")), default));
        Assert.Equal(("ACR-0524-01", LotStatus.Available), (acrylic.Lot, acrylic.Status));
        var acrylic2 = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ACR-3MM", "Clearcast Plastics", "CC-5522", "20", "sheet", Certificate("CofC", "CC-5522")), default));
        Assert.Equal("ACR-0524-02", acrylic2.Lot);

        // Filament delivered without its CofC: held in quarantine until one is attached.
        var pla = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLA-175", "Filaworks", "FW-0424-01", "1000", "g"), default));
        Assert.Equal(LotStatus.Quarantine, pla.Status);
        Assert.Equal("awaiting certificate: CofC", pla.Reason);
        var releaseWithout = await Fails(ChangeLotStatus.HandleAsync(shop, "quality", new(pla.Lot, ChangeLotStatus.Action.Release, "looks fine"), default));
        Assert.Equal("certificate-missing", releaseWithout.Code);
        var attached = await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(pla.Lot, File: Certificate("CofC", "FW-0424-01")), default));
        Assert.Equal([pla.Lot], attached.Released);
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, pla.Lot)).Status);

        // Wood needs no certificate.
        var ply = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "TB-77", "10", "sheet"), default));
        Assert.Equal(("PLY-0524-001", LotStatus.Available), (ply.Lot, ply.Status));

        // Cut the plate into four pieces: labels first, then the cut; every piece carries the heat and the MTR.
        var preview = await Ok(SplitLot.HandleAsync(shop, "operator", new(plate.Lot, "1,1,1,1", Preview: true), default));
        Assert.False(preview.Recorded);
        Assert.Equal(["ALU-0524-001.1", "ALU-0524-001.2", "ALU-0524-001.3", "ALU-0524-001.4"], preview.Pieces.Select(p => p.Piece.Value));
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, plate.Lot)).Status);
        var cut = await Ok(SplitLot.HandleAsync(shop, "operator", new(plate.Lot, "1,1,1,1"), default));
        Assert.True(cut.Recorded);
        Assert.Equal(preview.Pieces.Select(p => (p.Piece, p.Quantity, p.Heat)), cut.Pieces.Select(p => (p.Piece, p.Quantity, p.Heat)));
        foreach (var label in cut.Pieces)
        {
            var piece = await FindLotAsync(shop, label.Piece.Value);
            Assert.Equal("H-24-0117", piece.Heat?.Value);
            Assert.Equal(plate.Lot, piece.Parent?.Value);
            Assert.Equal(LotStatus.Available, piece.Status);
            Assert.Equal([plate.Certificate], (await CertificatesAsync(shop, piece.Id)).Select(c => c.Id.Value));
        }

        Assert.Equal(LotStatus.Consumed, (await FindLotAsync(shop, plate.Lot)).Status);

        // Pieces can be cut again, to any depth.
        var again = await Ok(SplitLot.HandleAsync(shop, "operator", new("ALU-0524-001.2", "0.5,0.25", "0.25"), default));
        Assert.Equal(["ALU-0524-001.2.1", "ALU-0524-001.2.2"], again.Pieces.Select(p => p.Piece.Value));
        Assert.Equal("H-24-0117", again.Pieces[1].Heat?.Value);

        // A rejected lot can be neither released nor split.
        Assert.Equal("illegal-status", (await Fails(ChangeLotStatus.HandleAsync(shop, "quality", new(wrong.Lot, ChangeLotStatus.Action.Release, "supplier insists"), default))).Code);
        Assert.Equal("illegal-status", (await Fails(SplitLot.HandleAsync(shop, "operator", new(wrong.Lot, "1"), default))).Code);

        // The heat number finds every lot and piece that carries it.
        var byHeat = await Ok(ShowRecord.HandleAsync(shop, "h-24-0117", default));
        Assert.Equal("number", byHeat.Kind);
        Assert.Equal(7, ((ShowRecord.NumberView)byHeat.Record).Lots.Count);

        var report = await LedgerVerifier.VerifyAsync(shop.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task Issue14_AQuantityFinerThanItsUnitAllows_IsRefusedNamingTheFieldAndThePrecision_AndWritesNothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var filament = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLA-175", "Filaworks", "F1", "1000.25", "g"), default));
        var plate = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H1", "3", "ea", Certificate("MTR", "H1")), default));
        var before = await LedgerCountAsync(shop);

        var tooFine = await Fails(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLA-175", "Filaworks", "F2", "0.0000001", "g"), default));
        Assert.Equal(("invalid-input", "qty"), (tooFine.Code, tooFine.Field));
        Assert.Contains("0.0000001 g", tooFine.Message, StringComparison.Ordinal);
        Assert.Contains("2 decimal places", tooFine.Message, StringComparison.Ordinal);
        var half = await Fails(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H2", "1.5", "ea"), default));
        Assert.Equal("qty", half.Field);
        Assert.Contains("whole numbers", half.Message, StringComparison.Ordinal);
        var cut = await Fails(SplitLot.HandleAsync(shop, "operator", new(plate.Lot, "1,0.0005"), default));
        Assert.Equal("into", cut.Field);
        Assert.Contains("ea cut into pieces allows 3 decimal places", cut.Message, StringComparison.Ordinal);
        var used = await Fails(Features.Production.RecordManufacture.HandleAsync(shop, "op", new("ALU-6061-PLATE", [$"{filament.Lot}:0.001"], BatchQuantity: "1"), default));
        Assert.Equal("use", used.Field);
        Assert.Contains("0.001 g", used.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal(1000.25m, (await FindLotAsync(shop, filament.Lot)).Quantity);
        Assert.Equal(0, QuantityPrecision.DecimalsOf(UnitOfMeasure.Parse("ea").Value));
    }

    [Fact]
    public async Task AttachingACertificateToAQuarantinedLot_ReleasesItsPiecesToo()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var plate = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H1", "3", "ea"), default));
        await Ok(SplitLot.HandleAsync(shop, "operator", new(plate.Lot, "1,1"), default));
        Assert.Equal(LotStatus.Quarantine, (await FindLotAsync(shop, "ALU-0524-001.1")).Status);

        var attached = await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(plate.Lot, File: Certificate("MTR", "H1")), default));
        Assert.Equal(["ALU-0524-001", "ALU-0524-001.1", "ALU-0524-001.2"], attached.Released);
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, "ALU-0524-001.2")).Status);
    }

    [Fact]
    public async Task ARohsDeclarationArrivingAfterTheLotWasUsed_IsAttachedToItAndItsPieces_AndMakesWhatWasMadeCompliantFromThen()
    {
        var clock = new ManualClock(May2024);
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test, clock);
        await Ok(RegisterItem.HandleAsync(shop, "clerk", new("BRKT-01", "Motor bracket", "ea", "metal", Tracking: "serial", RequiredCertificates: ["none"]), default));
        var plate = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H1", "2", "ea", Certificate("MTR", "H1")), default));
        await Ok(SplitLot.HandleAsync(shop, "operator", new(plate.Lot, "1,1"), default));
        var made = await Ok(RecordManufacture.HandleAsync(shop, "operator", new("BRKT-01", [$"{plate.Lot}.1:1"], SerialCount: 1), default));
        var unit = made.OutputUnits.Single();
        Assert.Equal((LotStatus.Consumed, LotStatus.Consumed), ((await FindLotAsync(shop, plate.Lot)).Status, (await FindLotAsync(shop, $"{plate.Lot}.1")).Status));
        Assert.Equal(Compliance.Verdict.Unknown, (await Ok(Compliance.HandleAsync(shop, unit, "RoHS", default))).Verdict);

        clock.Now = May2024.AddDays(30);
        var declaration = new CertificateInput("rohs-H1.pdf", Pdf("RoHS H1"), "CofC", ["H1"], "Acme Metals", "2024-06-10", ["RoHS 2011/65/EU"], []);
        var before = await LedgerCountAsync(shop);
        var attached = await Ok(AttachCertificate.HandleAsync(shop, "quality", new(plate.Lot, File: declaration), default));

        Assert.Equal([plate.Lot, $"{plate.Lot}.1", $"{plate.Lot}.2"], attached.AttachedTo);
        Assert.Empty(attached.Released);
        Assert.Equal(before + 4, await LedgerCountAsync(shop));
        Assert.Equal(LotStatus.Consumed, (await FindLotAsync(shop, plate.Lot)).Status);
        var answer = await Ok(Compliance.HandleAsync(shop, unit, "RoHS", default));
        Assert.Equal(Compliance.Verdict.Compliant, answer.Verdict);
        Assert.InRange(answer.Since!.Value, May2024.AddDays(30), May2024.AddDays(30).AddSeconds(1));
        Assert.Contains("compliant since 2024-06-13 09:00:00 UTC", answer.Summary, StringComparison.Ordinal);
        Assert.Equal([plate.Lot, $"{plate.Lot}.1"], answer.Inputs.Select(i => i.Lot));
        Assert.Equal(answer.Inputs.Max(i => i.Since), answer.Since);
    }

    [Fact]
    public async Task ACertificate_IsAttachedToABlockedARejectedAndAScrappedLot_WithoutChangingTheirStatus()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var blocked = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "5", "sheet"), default));
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(blocked.Lot, ChangeLotStatus.Action.Block, "warped"), default));
        var scrapped = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T2", "5", "sheet"), default));
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(scrapped.Lot, ChangeLotStatus.Action.Scrap, "water damage"), default));
        var rejected = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T3", "5", "sheet", Certificate("SDS", "T9")), default));
        Assert.Equal(LotStatus.Rejected, rejected.Status);

        foreach (var (lot, heat, status) in new[] { (blocked.Lot, "T1", LotStatus.Blocked), (scrapped.Lot, "T2", LotStatus.Scrapped), (rejected.Lot, "T3", LotStatus.Rejected) })
        {
            var attached = await Ok(AttachCertificate.HandleAsync(shop, "quality", new(lot, File: Certificate("RoHS", heat)), default));
            Assert.Equal([lot], attached.AttachedTo);
            Assert.Equal(status, (await FindLotAsync(shop, lot)).Status);
        }
    }

    [Fact]
    public async Task AnAcceptedDelivery_SaysWhatWasChecked()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var plywood = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "5", "sheet"), default));
        var plate = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H1", "1", "ea", Certificate("MTR", "H1")), default));
        Assert.Equal((LotStatus.Available, "no certificate is required for this item"), (plywood.Status, plywood.Checked));
        Assert.Equal((LotStatus.Available, "heat H1 matches the MTR certificate 'MTR-H1.pdf'"), (plate.Status, plate.Checked));
    }

    [Fact]
    public async Task OneCertificate_CanCoverSeveralLots()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var first = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H7", "1", "ea", Certificate("MTR", "H7", "H8")), default));
        var second = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H8", "1", "ea"), default));
        Assert.Equal(LotStatus.Quarantine, second.Status);
        await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(second.Lot, Certificate: first.Certificate), default));
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, second.Lot)).Status);
        var shown = await Ok(ShowRecord.HandleAsync(shop, first.Certificate, default));
        Assert.Equal([first.Lot, second.Lot], ((ShowRecord.CertificateView)shown.Record).Lots);
    }

    [Fact]
    public async Task ACertificateForAnotherHeat_IsRefusedAndLeavesTheLotInQuarantine()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var lot = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H1", "1", "ea"), default));
        var before = await LedgerCountAsync(shop);
        var refused = await Fails(AttachCertificate.HandleAsync(shop, "clerk", new(lot.Lot, File: Certificate("MTR", "H2")), default));
        Assert.Equal(("heat-number-mismatch", ErrorKind.Refused), (refused.Code, refused.Kind));
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal(LotStatus.Quarantine, (await FindLotAsync(shop, lot.Lot)).Status);
    }

    [Fact]
    public async Task StatusChanges_FollowTheRulesAndKeepTheirReason()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var lot = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "5", "sheet"), default));
        var blocked = await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(lot.Lot, ChangeLotStatus.Action.Block, "warped sheets reported"), default));
        Assert.Equal((LotStatus.Available, LotStatus.Blocked), (blocked.From, blocked.To));
        Assert.Equal("warped sheets reported", (await FindLotAsync(shop, lot.Lot)).StatusReason);
        Assert.Equal("illegal-status", (await Fails(ChangeLotStatus.HandleAsync(shop, "quality", new(lot.Lot, ChangeLotStatus.Action.Block, "again"), default))).Code);
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(lot.Lot, ChangeLotStatus.Action.Release, "measured flat"), default));
        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new(lot.Lot, ChangeLotStatus.Action.Scrap, "water damage"), default));
        Assert.Equal("illegal-status", (await Fails(ChangeLotStatus.HandleAsync(shop, "quality", new(lot.Lot, ChangeLotStatus.Action.Release, "oops"), default))).Code);
        var missingReason = await Fails(ChangeLotStatus.HandleAsync(shop, "quality", new(lot.Lot, ChangeLotStatus.Action.Block, " "), default));
        Assert.Equal("reason", missingReason.Field);

        var history = await Ok(ShowRecord.HandleAsync(shop, lot.Lot, default));
        Assert.Equal(["LotReceived", "LotStatusChanged", "LotStatusChanged", "LotStatusChanged"], history.History.Select(h => h.Kind));
        Assert.Equal(["warped sheets reported", "measured flat", "water damage"], history.History.Skip(1).Select(h => h.Reason));
        Assert.All(history.History.Skip(1), h => Assert.Equal("quality", h.RecordedBy));
    }

    [Fact]
    public async Task AReceiptCorrection_IsANewRecordThatNamesTheOldOne()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var lot = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "5", "sheet", po: "PO-1"), default));
        var corrected = await Ok(CorrectReceipt.HandleAsync(shop, "clerk", new(lot.Lot, "typo in PO", PurchaseOrder: "PO-11"), default));
        Assert.Equal(lot.Sequence, corrected.Corrects);
        Assert.Equal("PO-11", (await FindLotAsync(shop, lot.Lot)).PurchaseOrder);

        var shown = await Ok(ShowRecord.HandleAsync(shop, lot.Lot, default));
        var receipt = shown.History.Single(h => h.Kind == "LotReceived");
        Assert.Equal("PO-1", receipt.Payload.GetProperty("purchaseOrder").GetString());
        var correction = shown.History.Single(h => h.Kind == "LotReceiptCorrected");
        Assert.Equal((receipt.Sequence, "typo in PO"), (correction.Corrects!.Value, correction.Reason));
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Fact]
    public async Task TwoSuppliers_MayUseTheSameLotNumber_AndBothAreFound()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "5", "sheet", supplierLot: "L-100"), default));
        await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ACR-3MM", "Clearcast Plastics", "CC1", "5", "sheet", Certificate("CofC", "CC1"), supplierLot: "L-100"), default));
        var found = await Ok(ShowRecord.HandleAsync(shop, "l-100", default));
        Assert.Equal(["ACR-0524-01", "PLY-0524-001"], ((ShowRecord.NumberView)found.Record).Lots.Select(l => l.Id.Value));
    }

    [Fact]
    public async Task ConcurrentReceipts_NeverRepeatALotNumber()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var receipts = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Task.Run(() =>
            Ok(ReceiveLot.HandleAsync(shop, $"clerk{i}", Receive("PLY-6MM", "Timber & Co", $"T{i}", "1", "sheet"), default)))));
        Assert.Equal(
            Enumerable.Range(1, 12).Select(i => $"PLY-0524-{i:000}"),
            receipts.Select(r => r.Lot).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheLotCounter_RestartsEachMonthAndNeverRepeatsWithinOne()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var may = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "1", "sheet") with { ReceivedOn = "2024-05-31" }, default));
        var june = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T2", "1", "sheet") with { ReceivedOn = "2024-06-01" }, default));
        var mayAgain = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T3", "1", "sheet") with { ReceivedOn = "2024-05-02" }, default));
        Assert.Equal(["PLY-0524-001", "PLY-0624-001", "PLY-0524-002"], [may.Lot, june.Lot, mayAgain.Lot]);
    }

    private static async Task<Lot> FindLotAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(id).Value, default))!;
    }

    private static async Task<IReadOnlyList<Certificate>> CertificatesAsync(Shop shop, LotId id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return await MaterialsQueries.CertificatesOfLotAsync(connection, null, id, default);
    }
}

public sealed class SqliteReceivingWalkthroughTests() : ReceivingWalkthroughTests(new SqliteKind());

public sealed class PostgresReceivingWalkthroughTests() : ReceivingWalkthroughTests(new PostgresKind());
