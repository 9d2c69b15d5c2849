namespace Tracewright.Standards.Epcis;

/// <summary>
/// Conversion of GS1 identifiers to the constrained canonical GS1 Digital Link form used by the EPCIS event hash
/// (CBV 2.0 §8.9.2 rules 17–18): EPC URIs, EPC class URIs and EPC pattern URIs become <c>https://id.gs1.org/…</c> URIs; Digital
/// Link URIs are moved to <c>id.gs1.org</c>, lose their query string and CPV, and keep only the finest identification level.
/// Anything else (a non-GS1 URI, malformed input) gives null. Check digits of Digital Link input are not verified, as in the
/// reference implementation; EPC URI conversion computes them.
/// </summary>
public static class EpcisIdentifier
{
    private const string Stem = "https://id.gs1.org/";

    private static readonly Dictionary<string, string> AlphaToAi = new(StringComparer.Ordinal)
    {
        ["gtin"] = "01", ["itip"] = "8006", ["cpid"] = "8010", ["gln"] = "414", ["party"] = "417", ["gsrnp"] = "8017",
        ["gsrn"] = "8018", ["gcn"] = "255", ["sscc"] = "00", ["gdti"] = "253", ["ginc"] = "401", ["gsin"] = "402",
        ["grai"] = "8003", ["giai"] = "8004", ["cpv"] = "22", ["lot"] = "10", ["ser"] = "21",
    };

    private static readonly Dictionary<string, string[]> KeyQualifiers = new(StringComparer.Ordinal)
    {
        ["01"] = ["22", "10", "21", "235"], ["8006"] = ["22", "10", "21"], ["8010"] = ["8011"], ["414"] = ["254"],
        ["00"] = [], ["253"] = [], ["255"] = [], ["401"] = [], ["402"] = [], ["417"] = [], ["8003"] = [], ["8004"] = [],
        ["8017"] = [], ["8018"] = [],
    };

    /// <summary>True when the text is an EPC URI, EPC class URI or EPC pattern URI (<c>urn:epc:id|class|idpat:</c>).</summary>
    public static bool IsEpcUrn(string text) =>
        text.StartsWith("urn:epc:id:", StringComparison.Ordinal) || text.StartsWith("urn:epc:class:", StringComparison.Ordinal)
        || text.StartsWith("urn:epc:idpat:", StringComparison.Ordinal);

    /// <summary>The constrained canonical GS1 Digital Link URI for <paramref name="uri"/>, or null (see type summary).</summary>
    public static string? ToCanonicalDigitalLink(string uri)
    {
        if (uri.StartsWith("urn:epc:", StringComparison.Ordinal))
            return FromEpcUrn(uri);
        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return FromDigitalLink(uri);
        return null;
    }

    /// <summary>
    /// EPC URIs by the Tag Data Standard (<see cref="EpcUri"/>): only the fixed-length leading components are split on dots, so a
    /// serial or lot may hold dots; %-escapes are decoded and written as Digital Link escapes.
    /// </summary>
    private static string? FromEpcUrn(string uri) =>
        EpcUri.TryParse(uri, out var epc, out _) ? epc.ToCanonicalDigitalLink() : null;

    private static string? FromDigitalLink(string uri)
    {
        var cut = uri.IndexOfAny(['?', '#']);
        if (cut >= 0)
            uri = uri[..cut];
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var pathStart = uri.IndexOf('/', schemeEnd + 3);
        if (pathStart < 0 || pathStart == schemeEnd + 3)
            return null;
        var segments = uri[(pathStart + 1)..].TrimEnd('/').Split('/');
        var keyIndex = -1;
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            var ai = AlphaToAi.GetValueOrDefault(segments[i], segments[i]);
            if (KeyQualifiers.ContainsKey(ai) && segments[i + 1].Length >= 4 && segments[i + 1][..4].All(char.IsAsciiDigit))
            {
                keyIndex = i;
                break;
            }
        }

        if (keyIndex < 0 || (segments.Length - keyIndex) % 2 != 0)
            return null;
        var key = AlphaToAi.GetValueOrDefault(segments[keyIndex], segments[keyIndex]);
        var keyValue = segments[keyIndex + 1];
        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = keyIndex + 2; i < segments.Length; i += 2)
        {
            var ai = AlphaToAi.GetValueOrDefault(segments[i], segments[i]);
            if (!KeyQualifiers[key].Contains(ai) || !qualifiers.TryAdd(ai, segments[i + 1]))
                return null;
        }

        if (key == "01")
        {
            if (!Digits(keyValue) || keyValue.Length is not (8 or 12 or 13 or 14))
                return null;
            keyValue = keyValue.PadLeft(14, '0');
        }

        qualifiers.Remove("22");
        if (qualifiers.ContainsKey("21"))
            qualifiers.Remove("10");
        var result = Stem + key + "/" + keyValue;
        foreach (var ai in KeyQualifiers[key])
            if (qualifiers.TryGetValue(ai, out var q))
                result += "/" + ai + "/" + q;
        return IsValidCanonical(key, keyValue, qualifiers) ? result : null;
    }

    private static bool IsValidCanonical(string key, string value, Dictionary<string, string> q)
    {
        bool Text(string s, int max) => s.Length <= max && s.All(c => c is '"' or '\'' or '-' or '.' or '_' || char.IsAsciiLetterOrDigit(c) || c is >= ';' and <= '?');
        bool FixedDigits(string s, int n) => s.Length == n && Digits(s);
        bool DigitsThenText(string s, int n, int max) => s.Length >= n && Digits(s[..n]) && Text(s[n..], max);
        var qualifiersOk = q.All(p => p.Key switch
        {
            "21" or "10" or "254" => Text(p.Value, 20),
            "235" => Text(p.Value, 28),
            "8011" => p.Value.Length <= 12 && Digits(p.Value),
            _ => false,
        });
        return qualifiersOk && key switch
        {
            "00" => FixedDigits(value, 18),
            "01" => FixedDigits(value, 14),
            "8006" => FixedDigits(value, 18),
            "414" or "417" => FixedDigits(value, 13),
            "402" => FixedDigits(value, 17),
            "8017" or "8018" => FixedDigits(value, 18),
            "8003" => DigitsThenText(value, 14, 16),
            "253" => DigitsThenText(value, 13, 17),
            "255" => value.Length is >= 13 and <= 25 && Digits(value),
            "401" or "8004" => Text(value, 30),
            "8010" => value.Length <= 30 && value.All(c => c is '#' or '-' or '/' || char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)),
            _ => false,
        };
    }

    private static bool Digits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
}
