using Tracewright.Domain.Common;
using Tracewright.Standards.Gs1;

namespace Tracewright.Labels;

/// <summary>
/// What the QR code on a label says. With a GTIN it is a GS1 Digital Link URI (AI 01 + 10 for lots, + 21 for
/// pieces, units and containers), so any phone or GS1 scanner resolves it; without one it is our own id, which
/// <c>tracewright show</c> understands.
/// </summary>
public static class QrPayload
{
    /// <summary>The payload for <paramref name="id"/>; <paramref name="domain"/> defaults to https://id.gs1.org.</summary>
    public static Result<string> For(LabelKind kind, string id, string? gtin, string? domain = null)
    {
        if (string.IsNullOrWhiteSpace(gtin))
        {
            return domain is null ? id : new InvalidInput("domain", "a Digital Link domain needs a GTIN (--gtin) to build the URI");
        }

        var stem = Gs1DigitalLink.CanonicalStem;
        if (domain is not null)
        {
            var checkedDomain = Domain(domain);
            if (!checkedDomain.TryGet(out stem, out var domainError))
            {
                return domainError;
            }
        }

        var digits = gtin.Trim();
        if (digits.Length is not (8 or 12 or 13 or 14) || !digits.All(char.IsAsciiDigit))
        {
            return new InvalidInput("gtin", $"gtin '{gtin}' must be 8, 12, 13 or 14 digits");
        }

        // Digital Link carries the GTIN as 14 digits; GTIN-8/12/13 are the same number left-padded with zeros.
        var ai = kind == LabelKind.Lot ? "10" : "21";
        var elements = $"(01){digits.PadLeft(14, '0')}({ai}){id}";
        if (!Gs1ElementString.TryParseBracketed(elements, Gs1ParseOptions.Default, out var parsed, out var error))
        {
            var field = error.Ai == "01" ? "gtin" : "id";
            return new InvalidInput(field, $"cannot encode {elements} as GS1: {error.Message}");
        }

        return parsed.TryToDigitalLinkUri(stem, out var uri, out var buildError)
            ? uri
            : new InvalidInput("domain", $"cannot build a Digital Link URI on '{stem}': {buildError.Message}");
    }

    /// <summary>
    /// A container's QR: the GS1 Digital Link of its SSCC (AI 00, a primary key of its own, no GTIN needed), as the GS1
    /// logistic label carries it; <paramref name="domain"/> defaults to https://id.gs1.org.
    /// </summary>
    public static Result<string> ForSscc(string sscc, string? domain = null)
    {
        var stem = Gs1DigitalLink.CanonicalStem;
        if (domain is not null && !Domain(domain).TryGet(out stem, out var domainError))
        {
            return domainError;
        }

        var elements = $"(00){sscc}";
        if (!Gs1ElementString.TryParseBracketed(elements, Gs1ParseOptions.Default, out var parsed, out var error))
        {
            return new InvalidInput("id", $"cannot encode {elements} as GS1: {error.Message}");
        }

        return parsed.TryToDigitalLinkUri(stem, out var uri, out var buildError)
            ? uri
            : new InvalidInput("domain", $"cannot build a Digital Link URI on '{stem}': {buildError.Message}");
    }

    private static Result<string> Domain(string domain)
    {
        var trimmed = domain.Trim().TrimEnd('/');
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? trimmed
            : new InvalidInput("domain", $"domain '{domain}' must be an http(s) address such as https://id.example.com, without query or fragment");
    }
}
