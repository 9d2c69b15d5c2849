using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Tests.Materials;

public sealed class LotTests
{
    private static Lot Lot(LotStatus status, decimal quantity = 4, int piecesCut = 0) => new(
        LotId.Parse("alu-0524-003").Value, ItemCode.Parse("ALU").Value, LotOrigin.Received, SupplierName.Parse("Acme").Value, HeatNumber.Parse("H1").Value,
        null, null, null, quantity, quantity, UnitOfMeasure.Parse("ea").Value, status, status == LotStatus.Rejected ? "heat mismatch" : null, null, null, piecesCut);

    private static readonly CertificateId Mtr = CertificateId.FromNumber(1);

    [Fact]
    public void LotIds_AreUpperCased() => Assert.Equal("ALU-0524-003", Lot(LotStatus.Available).Id.Value);

    [Fact]
    public void Split_NumbersPiecesAfterTheParentAndCarriesHeatAndCertificates()
    {
        var split = Lot(LotStatus.Available).Split([1, 1, 1], 0.5m, [Mtr]).Value;
        Assert.Equal(["ALU-0524-003.1", "ALU-0524-003.2", "ALU-0524-003.3"], split.Pieces.Select(p => p.Piece.Value));
        Assert.All(split.Pieces, p => Assert.Equal(("H1", Mtr), (p.Heat?.Value, p.Certificates.Single())));
        Assert.Equal((0.5m, LotStatus.Available), (split.ParentRemaining, split.ParentStatusAfter));
    }

    [Fact]
    public void Regression_16_one_cut_makes_at_most_a_thousand_pieces()
    {
        var lot = Lot(LotStatus.Available, quantity: 5000);
        Assert.Equal(Tracewright.Domain.Materials.Lot.MaxPiecesPerSplit, lot.Split(Enumerable.Repeat(1m, Tracewright.Domain.Materials.Lot.MaxPiecesPerSplit).ToList(), 0, []).Value.Pieces.Count);

        var refused = lot.Split(Enumerable.Repeat(1m, 20_000).ToList(), 0, []);
        Assert.Equal("into", refused.Error?.Field);
        Assert.Contains("at most 1000", refused.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_ASecondTime_ContinuesTheNumbering() =>
        Assert.Equal("ALU-0524-003.3", Lot(LotStatus.Available, piecesCut: 2).Split([1], 0, []).Value.Pieces[0].Piece.Value);

    [Fact]
    public void Split_DownToNothing_ConsumesTheParent() =>
        Assert.Equal(LotStatus.Consumed, Lot(LotStatus.Available).Split([2, 1.5m], 0.5m, []).Value.ParentStatusAfter);

    [Fact]
    public void Split_PiecesAndScrapMayNotExceedTheLot()
    {
        var error = Lot(LotStatus.Available).Split([2, 2], 0.01m, []).Error!;
        Assert.Equal("insufficient-quantity", error.Code);
    }

    [Theory]
    [InlineData(LotStatus.Rejected)]
    [InlineData(LotStatus.Consumed)]
    [InlineData(LotStatus.Scrapped)]
    public void Split_OfAFinishedLot_IsRefused(LotStatus status) =>
        Assert.Equal("illegal-status", Lot(status).Split([1], 0, []).Error!.Code);

    [Fact]
    public void Split_PiecesOfAQuarantinedLotStayQuarantined() =>
        Assert.Equal(LotStatus.Quarantine, Lot(LotStatus.Quarantine).Split([1], 0, []).Value.ParentStatusAfter);

    [Fact]
    public void Release_IsRefusedWhileACertificateIsMissing()
    {
        var error = Lot(LotStatus.Blocked).Release([CertificateType.MTR]).Error!;
        Assert.Contains("awaiting certificate: MTR", error.Message, StringComparison.Ordinal);
        Assert.Equal(LotStatus.Available, Lot(LotStatus.Blocked).Release([]).Value.To);
    }

    [Fact]
    public void ARejectedLot_CanNeverBeReleasedBlockedOrScrapped()
    {
        var rejected = Lot(LotStatus.Rejected);
        Assert.Contains("is rejected (heat mismatch); it cannot be released", rejected.Release([]).Error!.Message, StringComparison.Ordinal);
        Assert.False(rejected.Block().IsSuccess);
        Assert.False(rejected.Scrap().IsSuccess);
        Assert.False(rejected.Reject().IsSuccess);
    }

    [Fact]
    public void Block_OnlyFromAvailableOrQuarantine()
    {
        Assert.True(Lot(LotStatus.Available).Block().IsSuccess);
        Assert.True(Lot(LotStatus.Quarantine).Block().IsSuccess);
        Assert.False(Lot(LotStatus.Blocked).Block().IsSuccess);
        Assert.False(Lot(LotStatus.Consumed).Block().IsSuccess);
    }
}
