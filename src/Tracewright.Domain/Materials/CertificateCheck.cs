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
/// What a delivery must come with: what its item requires of every supplier's deliveries, and what its supplier
/// requires of every delivery from it. A type both require is the item's (it is said once, without a source).
/// </summary>
public sealed record CertificateRequirement(IReadOnlyList<CertificateType> ByItem, SupplierName? Supplier, IReadOnlyList<CertificateType> BySupplier)
{
    /// <summary>The requirement of a lot: its item's, and what its supplier required when it was received.</summary>
    public static CertificateRequirement Of(Item item, Lot lot) => new(item.RequiredCertificates, lot.Supplier, lot.SupplierRequires);

    public IReadOnlyList<CertificateType> All => ByItem.Union(BySupplier).ToList();

    /// <summary>A list of certificate type names as a person types them, each once; "none" stands for no certificate.</summary>
    public static Result<IReadOnlyList<CertificateType>> ParseList(IEnumerable<string> texts, string field)
    {
        var list = new List<CertificateType>();
        foreach (var text in texts.Where(t => !t.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            var type = Text.Choice<CertificateType>(text, field);
            if (!type.TryGet(out var value, out var error))
            {
                return error;
            }

            list.Add(value);
        }

        return list.Distinct().ToList();
    }

    public IReadOnlyList<CertificateType> Missing(IEnumerable<CertificateType> present) => CertificateCheck.Missing(All, present);

    /// <summary>Each missing type as a person reads it: "MTR", or "CofC (required by supplier Nordic Timber)".</summary>
    public IReadOnlyList<string> Describe(IReadOnlyList<CertificateType> missing) =>
        missing.Select(t => ByItem.Contains(t) || Supplier is null ? t.ToString() : $"{t} (required by supplier {Supplier.Value.Value})").ToList();

    /// <summary>Why a lot waits: "awaiting certificate: MTR", "awaiting CofC (required by supplier Nordic Timber)", or both.</summary>
    public string AwaitingReason(IReadOnlyList<CertificateType> missing)
    {
        var byItem = missing.Where(t => ByItem.Contains(t) || Supplier is null).ToList();
        var bySupplier = missing.Except(byItem).ToList();
        var parts = new List<string>();
        if (byItem.Count > 0)
        {
            parts.Add(CertificateCheck.AwaitingReason(byItem));
        }

        if (bySupplier.Count > 0)
        {
            parts.Add($"awaiting {string.Join(", ", bySupplier)} (required by supplier {Supplier!.Value.Value})");
        }

        return string.Join("; ", parts);
    }
}

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

    public static Verification OnReceipt(Item item, HeatNumber marked, IReadOnlyList<PresentedCertificate> presented) =>
        OnReceipt(new CertificateRequirement(item.RequiredCertificates, null, []), marked, presented);

    public static Verification OnReceipt(CertificateRequirement required, HeatNumber marked, IReadOnlyList<PresentedCertificate> presented)
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
        var missing = required.Missing(presented.Select(c => c.Type));
        if (missing.Count > 0)
        {
            var byItem = missing.Where(required.ByItem.Contains).ToList();
            var bySupplier = missing.Except(byItem).ToList();
            var needs = string.Join("; ", new[]
            {
                byItem.Count == 0 ? null : $"the item requires {string.Join(", ", byItem)}",
                bySupplier.Count == 0 ? null : $"supplier {required.Supplier?.Value} requires {string.Join(", ", bySupplier)}",
            }.OfType<string>());
            return new Verification(LotStatus.Quarantine, required.AwaitingReason(missing), $"{matched}; {needs}");
        }

        var none = required.BySupplier.Count == 0 ? "no certificate is required for this item" : "no certificate is required for this item or from this supplier";
        return new Verification(
            LotStatus.Available,
            null,
            presented.Count == 0 ? none : required.All.Count == 0 ? $"{matched}; {none}" : matched);
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
