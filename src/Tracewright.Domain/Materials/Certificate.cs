namespace Tracewright.Domain.Materials;

/// <summary>
/// A filed certificate: the document and the heat/lot numbers it covers. It covers a lot only when the
/// lot's heat number is among <see cref="Heats"/>.
/// </summary>
public sealed record Certificate(
    CertificateId Id,
    CertificateType Type,
    string? Issuer,
    DateOnly? IssuedOn,
    IReadOnlyList<HeatNumber> Heats,
    IReadOnlyList<string> Standards,
    IReadOnlyList<string> RestrictedSubstances,
    Sha256Digest File,
    string FileName,
    string MediaType,
    long Size)
{
    public bool Covers(HeatNumber heat) => Heats.Any(h => h.Matches(heat));
}
