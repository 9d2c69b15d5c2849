using System.Text;

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

    private static string? FromEpcUrn(string uri)
    {
        var parts = uri.Split(':');
        if (parts.Length != 5)
            return null;
        var (kind, scheme, body) = (parts[2], parts[3], parts[4]);
        var f = body.Split('.');
        return (kind, scheme) switch
        {
            ("id", "sgtin") when f.Length == 3 && Gtin(f[0], f[1]) is { } g && Serial(f[2], 20) => Stem + "01/" + g + "/21/" + Enc(f[2]),
            ("id", "sscc") when f.Length == 2 && CpLen(f[0]) && Digits(f[1]) && f[0].Length + f[1].Length == 17 => Stem + "00/" + Check(f[1][..1] + f[0] + f[1][1..]),
            ("id", "sgln") when f.Length == 3 && CpRef(f[0], f[1], 12) && Serial(f[2], 20) =>
                Stem + "414/" + Check(f[0] + f[1]) + (f[2] == "0" ? "" : "/254/" + Enc(f[2])),
            ("id", "grai") when f.Length == 3 && CpRef(f[0], f[1], 12) && Serial(f[2], 16) => Stem + "8003/" + Check("0" + f[0] + f[1]) + Enc(f[2]),
            ("id", "giai") when f.Length >= 2 && CpLen(f[0]) && Serial(string.Join('.', f[1..]), 30 - f[0].Length) => Stem + "8004/" + f[0] + Enc(string.Join('.', f[1..])),
            ("id", "gsrn") when f.Length == 2 && CpLen(f[0]) && Digits(f[1]) && f[0].Length + f[1].Length == 17 => Stem + "8018/" + Check(f[0] + f[1]),
            ("id", "gsrnp") when f.Length == 2 && CpLen(f[0]) && Digits(f[1]) && f[0].Length + f[1].Length == 17 => Stem + "8017/" + Check(f[0] + f[1]),
            ("id", "gdti") when f.Length == 3 && CpRef(f[0], f[1], 12) && Serial(f[2], 17) => Stem + "253/" + Check(f[0] + f[1]) + Enc(f[2]),
            ("id", "sgcn") when f.Length == 3 && CpRef(f[0], f[1], 12) && f[2].Length is > 0 and <= 12 && Digits(f[2]) => Stem + "255/" + Check(f[0] + f[1]) + f[2],
            ("id", "cpi") when f.Length == 3 && CpLen(f[0]) && f[1].Length > 0 && f[2].Length is > 0 and <= 12 && Digits(f[2]) => Stem + "8010/" + Enc(f[0] + f[1]) + "/8011/" + f[2],
            ("id", "ginc") when f.Length >= 2 && CpLen(f[0]) && Serial(string.Join('.', f[1..]), 30 - f[0].Length) => Stem + "401/" + f[0] + Enc(string.Join('.', f[1..])),
            ("id", "gsin") when f.Length == 2 && CpLen(f[0]) && Digits(f[1]) && f[0].Length + f[1].Length == 16 => Stem + "402/" + Check(f[0] + f[1]),
            ("id", "itip") when f.Length == 5 && Gtin(f[0], f[1]) is { } g && TwoDigits(f[2]) && TwoDigits(f[3]) && Serial(f[4], 20) =>
                Stem + "8006/" + g + f[2] + f[3] + "/21/" + Enc(f[4]),
            ("id", "upui") when f.Length == 3 && Gtin(f[0], f[1]) is { } g && Serial(f[2], 28) => Stem + "01/" + g + "/235/" + Enc(f[2]),
            ("id", "pgln") when f.Length == 2 && CpRef(f[0], f[1], 12) => Stem + "417/" + Check(f[0] + f[1]),
            ("class", "lgtin") when f.Length == 3 && Gtin(f[0], f[1]) is { } g && Serial(f[2], 20) => Stem + "01/" + g + "/10/" + Enc(f[2]),
            ("idpat", "sgtin" or "upui") when f.Length == 3 && f[2] == "*" && Gtin(f[0], f[1]) is { } g => Stem + "01/" + g,
            ("idpat", "grai") when f.Length == 3 && f[2] == "*" && CpRef(f[0], f[1], 12) => Stem + "8003/" + Check("0" + f[0] + f[1]),
            ("idpat", "gdti") when f.Length == 3 && f[2] == "*" && CpRef(f[0], f[1], 12) => Stem + "253/" + Check(f[0] + f[1]),
            ("idpat", "sgcn") when f.Length == 3 && f[2] == "*" && CpRef(f[0], f[1], 12) => Stem + "255/" + Check(f[0] + f[1]),
            ("idpat", "cpi") when f.Length == 3 && f[2] == "*" && CpLen(f[0]) => Stem + "8010/" + Enc(f[0] + f[1]),
            ("idpat", "itip") when f.Length == 5 && f[4] == "*" && Gtin(f[0], f[1]) is { } g && TwoDigits(f[2]) && TwoDigits(f[3]) => Stem + "8006/" + g + f[2] + f[3],
            _ => null,
        };
    }

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

    private static bool TwoDigits(string s) => s.Length == 2 && Digits(s);

    private static bool CpLen(string cp) => cp.Length is >= 6 and <= 12 && Digits(cp);

    private static bool CpRef(string cp, string reference, int total) =>
        CpLen(cp) && cp.Length + reference.Length == total && (reference.Length == 0 || Digits(reference));

    private static string? Gtin(string cp, string itemRef) =>
        CpLen(cp) && Digits(itemRef) && cp.Length + itemRef.Length == 13 ? Check(itemRef[..1] + cp + itemRef[1..]) : null;

    /// <summary>An EPC serial: 1..max characters of the GS1 AI encodable set 82, '%'-escapes counted as one.</summary>
    private static bool Serial(string s, int max)
    {
        if (s.Length == 0)
            return false;
        var count = 0;
        for (var i = 0; i < s.Length; i++, count++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                    return false;
                i += 2;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || "!')(*+,.-:;=_".Contains(c)))
            {
                return false;
            }
        }

        return count <= max;
    }

    /// <summary>Digital Link requires these to be percent-encoded; EPC URIs may carry them literally.</summary>
    private static string Enc(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(c switch
            {
                '!' => "%21", '(' => "%28", ')' => "%29", '*' => "%2A", '+' => "%2B", ',' => "%2C", ':' => "%3A",
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    private static string Check(string digitsWithoutCheck)
    {
        var sum = 0;
        for (var i = 0; i < digitsWithoutCheck.Length; i++)
        {
            var d = digitsWithoutCheck[digitsWithoutCheck.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? d * 3 : d;
        }

        return digitsWithoutCheck + (char)('0' + (10 - sum % 10) % 10);
    }
}
