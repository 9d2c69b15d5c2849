using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>A certificate as it arrives with a delivery, before it is filed.</summary>
public sealed record PresentedCertificate(CertificateType Type, IReadOnlyList<HeatNumber> Heats, string Description);

/// <summary>
/// The outcome of checking a delivery against its certificates: the status, why it is not available (null when it
/// is), and what was actually checked, in words a receiving clerk reads back.
/// </summary>
public sealed record Verification(LotStatus Status, string? Reason, string Checked);

/// <summary>
/// Verify before accepting (source 000, mistake 1): the number marked on the material must be the one on its
/// certificate, and material without the certificates its item requires is not usable until they arrive.
/// </summary>
public static class CertificateCheck
{
    public static IReadOnlyList<CertificateType> Missing(IEnumerable<CertificateType> required, IEnumerable<CertificateType> present)
    {
        var have = present.ToHashSet();
        return required.Where(r => !have.Contains(r)).Distinct().ToList();
    }

    public static string AwaitingReason(IReadOnlyList<CertificateType> missing) =>
        "awaiting certificate: " + string.Join(", ", missing);

    public static Verification OnReceipt(Item item, HeatNumber marked, IReadOnlyList<PresentedCertificate> presented)
    {
        var mismatch = presented.FirstOrDefault(c => !c.Heats.Any(h => h.Matches(marked)));
        if (mismatch is not null)
        {
            return new Verification(
                LotStatus.Rejected,
                $"heat number marked on the material '{marked}' does not match the {mismatch.Description}, which covers {string.Join(", ", mismatch.Heats)}: return to supplier unless a valid certificate is presented",
                $"the heat number was checked against the {mismatch.Description} and does not match");
        }

        // Say what was checked, not what might have been: a delivery that needs no certificate and came with none
        // was not compared with anything.
        var matched = presented.Count == 0
            ? "no certificate came with it"
            : $"heat {marked} matches the {string.Join(" and the ", presented.Select(c => c.Description))}";
        var missing = Missing(item.RequiredCertificates, presented.Select(c => c.Type));
        if (missing.Count > 0)
        {
            return new Verification(LotStatus.Quarantine, AwaitingReason(missing), $"{matched}; the item requires {string.Join(", ", missing)}");
        }

        return new Verification(
            LotStatus.Available,
            null,
            presented.Count == 0 ? "no certificate is required for this item" : item.RequiredCertificates.Count == 0 ? $"{matched}; no certificate is required for this item" : matched);
    }

    /// <summary>Refuses a certificate that does not cover the lot's heat number.</summary>
    /// <remarks>A batch made here has no heat number; its own lot number is what a certificate must name.</remarks>
    public static Result<Certificate> MustCover(Certificate certificate, Lot lot)
    {
        var number = lot.Heat ?? Identifier.FromStored<HeatNumber>(lot.Id.Value);
        return certificate.Covers(number)
            ? certificate
            : new RuleViolated(
                "heat-number-mismatch",
                $"certificate {certificate.Id} ({certificate.Type}) covers {string.Join(", ", certificate.Heats)}, not lot {lot.Id}'s {(lot.Heat is null ? "lot" : "heat")} number '{number}'",
                "heat");
    }
}
