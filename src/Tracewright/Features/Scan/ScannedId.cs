using Tracewright.Domain.Common;
using Tracewright.Standards.Epcis;
using Tracewright.Standards.Gs1;

namespace Tracewright.Features.Scan;

/// <summary>
/// What a barcode scanner or a pasted label gives us, when it is GS1: an element string (bracketed
/// <c>(01)…(10)…</c>, with FNC1/GS separators, or raw scanner output with a symbology identifier such as
/// <c>]d2</c>), a GS1 Digital Link URI or an EPC URI (<c>urn:epc:id:sgtin:…</c>, read by <see cref="EpcUri"/>). The AIs that name our records are turned into our ids: SSCC (00) →
/// container, serial (21) → unit, batch/lot (10) → lot. Anything else is passed through unchanged.
/// </summary>
public sealed record ScannedId(string Text, Gs1ElementString? Gs1, IReadOnlyList<string> Candidates)
{
    public static bool LooksLikeGs1(string text) =>
        EpcUri.IsKnownScheme(text) || text.StartsWith('(') || text.StartsWith(']') || text.StartsWith('^') || text.Contains(Gs1ElementString.GroupSeparator, StringComparison.Ordinal)
        || (text.StartsWith("http", StringComparison.OrdinalIgnoreCase) && (text.Contains("/01/", StringComparison.Ordinal) || text.Contains("/00/", StringComparison.Ordinal)));

    public static Result<ScannedId> Parse(string? text, string field = "id")
    {
        var trimmed = text?.Trim() ?? "";
        if (!LooksLikeGs1(trimmed))
        {
            return new ScannedId(trimmed, null, [trimmed]);
        }

        // An EPC URI names the same GS1 key as its element string; one of a scheme without a GS1 key (gid, bic, …) or a pattern
        // is passed through as it is.
        var gs1Text = trimmed;
        if (EpcUri.IsKnownScheme(trimmed))
        {
            if (!EpcUri.TryParse(trimmed, out var epc, out var epcError))
            {
                return new InvalidInput(field, $"{field} '{trimmed}' is not a valid EPC URI: {epcError.Message} (at character {epcError.Position})");
            }

            if (epc.Kind == EpcUriKind.Pattern || epc.ToElementString() is not { } elementString)
            {
                return new ScannedId(trimmed, null, [trimmed]);
            }

            gs1Text = elementString;
        }

        if (!Gs1ElementString.TryParse(gs1Text, out var parsed, out var error))
        {
            return new InvalidInput(field, $"{field} '{trimmed}' is not a valid GS1 code: {error.Message}{(error.Position is { } at ? $" (at character {at})" : "")}");
        }

        var candidates = new List<string>();
        foreach (var ai in new[] { "00", "21", "10" })
        {
            if (parsed.GetValue(ai) is { Length: > 0 } value)
            {
                candidates.Add(value);
            }
        }

        return new ScannedId(trimmed, parsed, candidates);
    }
}
