using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// A part number as registered: its unit (every quantity of it is in this unit), how it is tracked, the
/// certificates a delivery of it must come with, how its lot numbers are made and its GS1 GTIN, if it has one.
/// </summary>
public sealed record Item(
    ItemCode Code,
    string Description,
    UnitOfMeasure Uom,
    MaterialKind Material,
    TrackingMode Tracking,
    IReadOnlyList<CertificateType> RequiredCertificates,
    string LotPrefix,
    NumberPattern LotPattern,
    NumberPattern SerialPattern,
    Gtin? Gtin = null)
{
    /// <summary>The certificates a kind of material needs when the item does not say: metals an MTR, plastics and filament a CofC.</summary>
    public static IReadOnlyList<CertificateType> DefaultCertificates(MaterialKind material) => material switch
    {
        MaterialKind.Metal => [CertificateType.MTR],
        MaterialKind.Plastic or MaterialKind.Filament or MaterialKind.Composite => [CertificateType.CofC],
        _ => [],
    };

    public static Result<string> ParsePrefix(string? text)
    {
        var prefix = text?.Trim().ToUpperInvariant();
        return !string.IsNullOrEmpty(prefix) && prefix.Length <= 10 && prefix.All(char.IsAsciiLetterOrDigit)
            ? prefix
            : new InvalidInput("lot-prefix", $"lot-prefix '{text}' must be 1 to 10 letters or digits, e.g. PLY or ALU");
    }

    /// <summary>
    /// Refuses a quantity in another unit than the item's; there are no silent conversions. Another word for the same Rec. 20
    /// unit (<c>kilogram</c> for <c>kg</c>) is the same unit and gives the item's own word back.
    /// </summary>
    public Result<UnitOfMeasure> CheckUnit(UnitOfMeasure uom, string field = "uom") =>
        uom.SameUnitAs(Uom) ? Uom : new RuleViolated("unit-mismatch", $"{field} '{uom}' does not match item {Code}'s unit '{Uom}'", field);
}
