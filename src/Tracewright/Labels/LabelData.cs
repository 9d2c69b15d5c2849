using System.Globalization;

namespace Tracewright.Labels;

/// <summary>What a label identifies; decides which GS1 key qualifies the GTIN in the QR code.</summary>
public enum LabelKind
{
    /// <summary>A delivery or batch: GTIN + batch/lot (AI 10).</summary>
    Lot,
    /// <summary>A piece cut from a lot; one physical thing, so GTIN + serial (AI 21).</summary>
    Piece,
    /// <summary>A serialized unit: GTIN + serial (AI 21).</summary>
    Unit,
    /// <summary>A container (tote, pallet, box) with our own id: GTIN + serial (AI 21) when the container type has a GTIN.</summary>
    Container,
}

/// <summary>
/// Everything printed on one label, as plain text: the renderers know nothing of lots or items, so any caller
/// (the <c>label</c> verb, a split, a shipment) can fill it. <see cref="QrPayload"/> is exactly what the QR code
/// encodes: a GS1 Digital Link URI when a GTIN is known, otherwise <see cref="Id"/>. <see cref="Banner"/> is a word
/// printed across the label in large letters (REJECTED, QUARANTINE, BLOCKED) when the material must not be used.
/// <see cref="Barcode"/> is a GS1-128 linear barcode printed along the bottom of the label, beside the QR code (a container's SSCC).
/// </summary>
public sealed record LabelData(
    LabelKind Kind,
    string Id,
    string ItemCode,
    string Description,
    string QrPayload,
    string? Heat = null,
    string? Parent = null,
    decimal? Quantity = null,
    string? Unit = null,
    string? Banner = null,
    Gs1128? Barcode = null)
{
    /// <summary>"4 ea", or null when the label carries no quantity.</summary>
    public string? QuantityText => Quantity is { } q
        ? Unit is null ? q.ToString("0.######", CultureInfo.InvariantCulture) : $"{q.ToString("0.######", CultureInfo.InvariantCulture)} {Unit}"
        : null;

    /// <summary>The human-readable lines under the id, in print order; empty optional fields are left out.</summary>
    public IReadOnlyList<string> DetailLines()
    {
        var lines = new List<string> { ItemCode };
        if (!string.IsNullOrWhiteSpace(Description))
        {
            lines.Add(Description);
        }

        if (Heat is not null)
        {
            lines.Add($"Heat {Heat}");
        }

        if (Parent is not null)
        {
            lines.Add($"Cut from {Parent}");
        }

        if (QuantityText is { } quantity)
        {
            lines.Add($"Qty {quantity}");
        }

        return lines;
    }
}
