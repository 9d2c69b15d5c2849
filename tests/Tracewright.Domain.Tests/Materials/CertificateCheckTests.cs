using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Tests.Materials;

public sealed class CertificateCheckTests
{
    private static Domain.Materials.Item Item(MaterialKind kind) => new(
        ItemCode.Parse("X-1").Value, "x", UnitOfMeasure.Parse("ea").Value, kind, TrackingMode.Lot,
        Domain.Materials.Item.DefaultCertificates(kind), "X", NumberPattern.Parse(NumberPattern.Default).Value, NumberPattern.Parse(NumberPattern.DefaultSerial).Value);

    private static HeatNumber Heat(string text) => HeatNumber.Parse(text).Value;

    private static PresentedCertificate Cert(CertificateType type, params string[] heats) =>
        new(type, heats.Select(Heat).ToList(), $"{type} certificate");

    [Fact]
    public void MatchingMtr_IsAccepted() =>
        Assert.Equal(LotStatus.Available, CertificateCheck.OnReceipt(Item(MaterialKind.Metal), Heat("H1"), [Cert(CertificateType.MTR, "H1")]).Status);

    [Fact]
    public void HeatNumbers_MatchIgnoringCaseOnly()
    {
        Assert.Equal(LotStatus.Available, CertificateCheck.OnReceipt(Item(MaterialKind.Metal), Heat("ab12"), [Cert(CertificateType.MTR, "AB12")]).Status);
        Assert.Equal(LotStatus.Rejected, CertificateCheck.OnReceipt(Item(MaterialKind.Metal), Heat("AB12"), [Cert(CertificateType.MTR, "AB-12")]).Status);
    }

    [Fact]
    public void AMismatch_IsRejectedEvenWhenTheCertificateIsNotRequired()
    {
        var verification = CertificateCheck.OnReceipt(Item(MaterialKind.Wood), Heat("T1"), [Cert(CertificateType.SDS, "T2")]);
        Assert.Equal(LotStatus.Rejected, verification.Status);
        Assert.Contains("'T1' does not match the SDS certificate, which covers T2", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingRequiredCertificate_HoldsTheLotInQuarantine()
    {
        var verification = CertificateCheck.OnReceipt(Item(MaterialKind.Metal), Heat("H1"), [Cert(CertificateType.RoHS, "H1")]);
        Assert.Equal((LotStatus.Quarantine, "awaiting certificate: MTR"), (verification.Status, verification.Reason));
    }

    [Fact]
    public void ADeliveryThatNeedsNoCertificateAndHasNone_SaysNothingWasCompared()
    {
        var verification = CertificateCheck.OnReceipt(Item(MaterialKind.Wood), Heat("T1"), []);
        Assert.Equal((LotStatus.Available, "no certificate is required for this item"), (verification.Status, verification.Checked));
    }

    [Fact]
    public void AnAcceptedDelivery_SaysWhichCertificateItsHeatMatched()
    {
        var verification = CertificateCheck.OnReceipt(Item(MaterialKind.Metal), Heat("H1"), [Cert(CertificateType.MTR, "H1")]);
        Assert.Equal("heat H1 matches the MTR certificate", verification.Checked);
    }

    [Theory]
    [InlineData(MaterialKind.Metal, CertificateType.MTR)]
    [InlineData(MaterialKind.Plastic, CertificateType.CofC)]
    [InlineData(MaterialKind.Filament, CertificateType.CofC)]
    public void Defaults_FollowTheMaterial(MaterialKind kind, CertificateType expected) =>
        Assert.Equal([expected], Domain.Materials.Item.DefaultCertificates(kind));

    [Fact]
    public void Wood_NeedsNoCertificateByDefault() =>
        Assert.Empty(Domain.Materials.Item.DefaultCertificates(MaterialKind.Wood));
}
