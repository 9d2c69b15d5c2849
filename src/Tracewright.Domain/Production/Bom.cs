using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Production;

/// <summary>A bill of materials as defined: what one unit of the product is made of.</summary>
public sealed record Bom(BomId Id, ItemCode Product, IReadOnlyList<BomLine> Lines, Sha256Digest? Sop, string? SopFileName)
{
    public bool Lists(ItemCode component) => Lines.Any(l => l.Component == component);
}
