using System.Diagnostics.CodeAnalysis;
using System.Text;
using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// An EPC URI by the EPC Tag Data Standard 2.x: a pure identity (<c>urn:epc:id:</c>), the LGTIN class (<c>urn:epc:class:lgtin:</c>)
/// or a pattern (<c>urn:epc:idpat:</c>). Components hold decoded values (<c>%2F</c> is held as <c>/</c>); <see cref="ToString"/>
/// writes the URI back with the standard's escapes, so a well-formed URI written in canonical form reads and writes unchanged.
/// </summary>
/// <remarks>
/// Invariants: every component satisfies its scheme's character set and length; the company prefix is 6–12 digits and its
/// length is the position of the first dot. Only the fixed-length leading components are split on dots: the last component of
/// a scheme whose last part is free text (a serial, lot, extension or asset reference) takes the rest of the URI, dots
/// included. In a pattern, <c>*</c> components stand for "any" and are held as null; once one is <c>*</c>, all that follow are.
/// </remarks>
public sealed class EpcUri
{
    private const string DlStem = "https://id.gs1.org/";

    private EpcUri(EpcUriKind kind, string scheme, string?[] components)
    {
        Kind = kind;
        Scheme = scheme;
        Components = components;
    }

    /// <summary>Identity, class or pattern.</summary>
    public EpcUriKind Kind { get; }

    /// <summary>The scheme name as in the URI (<c>sgtin</c>, <c>lgtin</c>, …).</summary>
    public string Scheme { get; }

    /// <summary>The decoded components in URI order; null for a pattern's <c>*</c>.</summary>
    public IReadOnlyList<string?> Components { get; }

    /// <summary>True when the scheme is a GS1 key that has a Digital Link and element-string form.</summary>
    public bool IsGs1 => Schemes[Scheme].Gs1;

    /// <summary>The number of company-prefix digits, from the URI's first dot; null for non-GS1 schemes or a wildcard prefix.</summary>
    public int? CompanyPrefixLength => IsGs1 && Components[0] is { } cp ? cp.Length : null;

    /// <summary>Every scheme this type reads, by kind.</summary>
    public static IReadOnlyCollection<string> SchemeNames(EpcUriKind kind) =>
        Schemes.Where(s => kind switch
        {
            EpcUriKind.Class => s.Value.Class,
            EpcUriKind.Pattern => s.Value.Pattern,
            _ => !s.Value.Class,
        }).Select(s => s.Key).ToList();

    /// <summary>True when the text starts like an EPC URI of a scheme this type knows (so that a failure to parse is an error).</summary>
    public static bool IsKnownScheme(string text)
    {
        var (kind, rest) = Prefix(text);
        if (kind is null)
            return false;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Schemes.TryGetValue(rest[..colon], out var s) && Allowed(s, kind.Value);
    }

    /// <summary>Reads an EPC URI; an error names the first problem and its 0-based position in <paramref name="text"/>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out EpcUri? uri, [NotNullWhen(false)] out EpcUriError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        uri = null;
        var (kind, rest) = Prefix(text);
        if (kind is null)
        {
            error = new EpcUriError("does not start with urn:epc:id:, urn:epc:class: or urn:epc:idpat:", 0);
            return false;
        }

        var offset = text.Length - rest.Length;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Schemes.TryGetValue(rest[..colon], out var scheme) || !Allowed(scheme, kind.Value))
        {
            error = new EpcUriError($"unknown EPC scheme '{(colon > 0 ? rest[..colon] : rest)}'", offset);
            return false;
        }

        var name = rest[..colon];
        var body = rest[(colon + 1)..];
        offset += colon + 1;
        var parts = Split(body, scheme.Parts.Length, scheme.Parts[^1].Greedy);
        if (parts.Count != scheme.Parts.Length)
        {
            error = new EpcUriError($"scheme '{name}' has {scheme.Parts.Length} dot-separated components, found {parts.Count}", offset + body.Length);
            return false;
        }

        var values = new string?[parts.Count];
        var wildcard = false;
        for (var i = 0; i < parts.Count; i++)
        {
            var (start, raw) = parts[i];
            if (kind == EpcUriKind.Pattern && raw == "*")
            {
                wildcard = true;
                continue;
            }

            if (wildcard)
            {
                error = new EpcUriError("a pattern component after '*' must be '*' too", offset + start);
                return false;
            }

            var decoded = Decode(raw, offset + start, scheme.Parts[i].Escapes, out error);
            if (decoded is null)
            {
                error ??= new EpcUriError("malformed component", offset + start);
                return false;
            }

            values[i] = decoded;
        }

        error = scheme.Check(values, scheme.Parts.Select((_, i) => offset + parts[i].Start).ToArray());
        if (error is not null)
            return false;
        uri = new EpcUri(kind.Value, name, values);
        return true;
    }

    /// <summary>The URI in canonical form: each component with exactly the escapes the standard requires.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Kind switch { EpcUriKind.Class => "urn:epc:class:", EpcUriKind.Pattern => "urn:epc:idpat:", _ => "urn:epc:id:" });
        sb.Append(Scheme).Append(':');
        var parts = Schemes[Scheme].Parts;
        for (var i = 0; i < Components.Count; i++)
        {
            if (i > 0)
                sb.Append('.');
            sb.Append(Components[i] is { } c ? Encode(c, parts[i].Escapes) : "*");
        }

        return sb.ToString();
    }

    /// <summary>
    /// The GS1 element string (bracketed, check digits computed) of an identity or class of a GS1 scheme, or of a pattern that
    /// fixes its key (the wildcard parts left out); null otherwise. A <c>(</c> in a value is written <c>\(</c>, as bracketed syntax requires.
    /// </summary>
    public string? ToElementString() => Elements() is { } e ? string.Concat(e.Select(p => "(" + p.Ai + ")" + p.Value.Replace("(", "\\(", StringComparison.Ordinal))) : null;

    /// <summary>The constrained canonical GS1 Digital Link URI (<c>https://id.gs1.org/…</c>), or null as for <see cref="ToElementString"/>.</summary>
    public string? ToCanonicalDigitalLink()
    {
        if (Elements() is not { } elements)
            return null;
        var sb = new StringBuilder(DlStem);
        for (var i = 0; i < elements.Count; i++)
        {
            if (i > 0)
                sb.Append('/');
            sb.Append(elements[i].Ai).Append('/').Append(DigitalLinkEscape(elements[i].Value));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The EPC URI of a GS1 key and its qualifiers (as read from an element string or a Digital Link). The company-prefix length
    /// cannot be read from a GS1 key, so the caller gives it. <paramref name="asClass"/> picks <c>lgtin</c> for GTIN + lot.
    /// </summary>
    public static bool TryFromElements(Gs1ElementString elements, int companyPrefixLength, [NotNullWhen(true)] out EpcUri? uri, [NotNullWhen(false)] out EpcUriError? error)
    {
        ArgumentNullException.ThrowIfNull(elements);
        uri = null;
        string? V(string ai) => elements.GetValue(ai);
        var cp = companyPrefixLength;
        if (cp is < 6 or > 12)
        {
            error = new EpcUriError("a GS1 company prefix has 6 to 12 digits", 0);
            return false;
        }

        string?[]? c = null;
        var kind = EpcUriKind.Id;
        string scheme;
        if (V("01") is { } gtin)
        {
            var itemRef = gtin[..1] + gtin[(1 + cp)..13];
            var gcp = gtin[1..(1 + cp)];
            (scheme, c) = V("21") is { } ser ? ("sgtin", new[] { gcp, itemRef, ser })
                : V("235") is { } tpx ? ("upui", new[] { gcp, itemRef, tpx })
                : V("10") is { } lot ? ("lgtin", new[] { gcp, itemRef, lot })
                : ("sgtin", new string?[] { gcp, itemRef, null });
            kind = scheme == "lgtin" ? EpcUriKind.Class : c[2] is null ? EpcUriKind.Pattern : EpcUriKind.Id;
        }
        else if (V("8006") is { } itip)
        {
            var gcp = itip[1..(1 + cp)];
            var itemRef = itip[..1] + itip[(1 + cp)..13];
            scheme = "itip";
            c = [gcp, itemRef, itip[14..16], itip[16..18], V("21")];
            kind = c[4] is null ? EpcUriKind.Pattern : EpcUriKind.Id;
        }
        else if (V("00") is { } sscc)
        {
            scheme = "sscc";
            c = [sscc[1..(1 + cp)], sscc[..1] + sscc[(1 + cp)..17]];
        }
        else if (V("414") is { } gln)
        {
            scheme = "sgln";
            c = [gln[..cp], gln[cp..12], V("254") ?? "0"];
        }
        else if (V("417") is { } pgln)
        {
            scheme = "pgln";
            c = [pgln[..cp], pgln[cp..12]];
        }
        else if (V("8003") is { } grai)
        {
            scheme = "grai";
            c = [grai[1..(1 + cp)], grai[(1 + cp)..13], grai.Length > 14 ? grai[14..] : null];
            kind = c[2] is null ? EpcUriKind.Pattern : EpcUriKind.Id;
        }
        else if (V("8004") is { } giai && giai.Length > cp)
        {
            scheme = "giai";
            c = [giai[..cp], giai[cp..]];
        }
        else if (V("8018") is { } gsrn)
        {
            scheme = "gsrn";
            c = [gsrn[..cp], gsrn[cp..17]];
        }
        else if (V("8017") is { } gsrnp)
        {
            scheme = "gsrnp";
            c = [gsrnp[..cp], gsrnp[cp..17]];
        }
        else if (V("253") is { } gdti)
        {
            scheme = "gdti";
            c = [gdti[..cp], gdti[cp..12], gdti.Length > 13 ? gdti[13..] : null];
            kind = c[2] is null ? EpcUriKind.Pattern : EpcUriKind.Id;
        }
        else if (V("255") is { } gcn)
        {
            scheme = "sgcn";
            c = [gcn[..cp], gcn[cp..12], gcn.Length > 13 ? gcn[13..] : null];
            kind = c[2] is null ? EpcUriKind.Pattern : EpcUriKind.Id;
        }
        else if (V("8010") is { } cpid && cpid.Length > cp)
        {
            scheme = "cpi";
            c = [cpid[..cp], cpid[cp..], V("8011")];
            kind = c[2] is null ? EpcUriKind.Pattern : EpcUriKind.Id;
        }
        else if (V("401") is { } ginc && ginc.Length > cp)
        {
            scheme = "ginc";
            c = [ginc[..cp], ginc[cp..]];
        }
        else if (V("402") is { } gsin)
        {
            scheme = "gsin";
            c = [gsin[..cp], gsin[cp..16]];
        }
        else
        {
            error = new EpcUriError("the element string has no GS1 key with an EPC form", 0);
            return false;
        }

        var text = new EpcUri(kind, scheme, c).ToString();
        return TryParse(text, out uri, out error);
    }

    private static (EpcUriKind? Kind, string Remainder) Prefix(string text) =>
        text.StartsWith("urn:epc:id:", StringComparison.Ordinal) ? (EpcUriKind.Id, text[11..])
        : text.StartsWith("urn:epc:class:", StringComparison.Ordinal) ? (EpcUriKind.Class, text[14..])
        : text.StartsWith("urn:epc:idpat:", StringComparison.Ordinal) ? (EpcUriKind.Pattern, text[14..])
        : (null, text);

    private static bool Allowed(SchemeSpec s, EpcUriKind kind) => kind switch
    {
        EpcUriKind.Class => s.Class,
        EpcUriKind.Pattern => s.Pattern,
        _ => !s.Class,
    };

    /// <summary>Splits on dots; when the last component is free text, only the first n-1 dots separate.</summary>
    private static List<(int Start, string Raw)> Split(string body, int n, bool greedyLast)
    {
        var result = new List<(int, string)>();
        var start = 0;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i == body.Length || (body[i] == '.' && !(greedyLast && result.Count == n - 1)))
            {
                result.Add((start, body[start..i]));
                start = i + 1;
            }
        }

        return result;
    }

    /// <summary>Decodes %-escapes; every character must be literal-allowed in the component or be one of its escapes.</summary>
    private static string? Decode(string raw, int offset, string escapes, out EpcUriError? error)
    {
        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    error = new EpcUriError("'%' must start a two-digit hexadecimal escape", offset + i);
                    return null;
                }

                var d = (char)Convert.ToByte(raw.Substring(i + 1, 2), 16);
                if (!escapes.Contains(d, StringComparison.Ordinal) && !Literal(d, escapes))
                {
                    error = new EpcUriError($"escape '{raw.Substring(i, 3)}' is not a character of this component", offset + i);
                    return null;
                }

                sb.Append(d);
                i += 2;
            }
            else if (escapes.Contains(c, StringComparison.Ordinal) || !Literal(c, escapes))
            {
                error = new EpcUriError($"character '{c}' is not allowed here{(escapes.Contains(c, StringComparison.Ordinal) ? $" unescaped (write %{(int)c:X2})" : "")}", offset + i);
                return null;
            }
            else
            {
                sb.Append(c);
            }
        }

        error = null;
        return sb.ToString();
    }

    /// <summary>Characters a component may carry unescaped: GS1 AI set 82 less the escaped ones (other sets are checked by the scheme).</summary>
    private static bool Literal(char c, string escapes) =>
        !escapes.Contains(c, StringComparison.Ordinal) && (char.IsAsciiLetterOrDigit(c) || "!'()*+,-.:;=_".Contains(c, StringComparison.Ordinal));

    private static string Encode(string value, string escapes)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (escapes.Contains(c, StringComparison.Ordinal))
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The escaping of the reference event-hash generator: set-82 characters outside a URI segment's plain set.</summary>
    private static string DigitalLinkEscape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if ("!\"#%&()*+,/:<>?".Contains(c, StringComparison.Ordinal))
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }

        return sb.ToString();
    }

    private List<(string Ai, string Value)>? Elements()
    {
        if (!IsGs1 || Components[0] is not { } cp || Components[1] is not { } r)
            return null;
        var c = Components;
        static string Check(string digits) => digits + Gs1CheckDigit(digits);
        List<(string, string)> One(string ai, string value) => [(ai, value)];
        return Scheme switch
        {
            "sgtin" or "upui" or "lgtin" => Gtin() is var g && c[2] is { } s
                ? [("01", g), (Scheme switch { "sgtin" => "21", "upui" => "235", _ => "10" }, s)]
                : One("01", g),
            "itip" when c[2] is { } piece && c[3] is { } total => c[4] is { } s
                ? [("8006", Gtin() + piece + total), ("21", s)]
                : One("8006", Gtin() + piece + total),
            "itip" => null,
            "sscc" => One("00", Check(r[..1] + cp + r[1..])),
            "sgln" => c[2] is { } ext && ext != "0" ? [("414", Check(cp + r)), ("254", ext)] : One("414", Check(cp + r)),
            "pgln" => One("417", Check(cp + r)),
            "grai" => One("8003", Check("0" + cp + r) + c[2]),
            "giai" => One("8004", cp + r),
            "gsrn" => One("8018", Check(cp + r)),
            "gsrnp" => One("8017", Check(cp + r)),
            "gdti" => One("253", Check(cp + r) + c[2]),
            "sgcn" => One("255", Check(cp + r) + c[2]),
            "cpi" => c[2] is { } s ? [("8010", cp + r), ("8011", s)] : One("8010", cp + r),
            "ginc" => One("401", cp + r),
            "gsin" => One("402", Check(cp + r)),
            _ => null,
        };

        string Gtin() => Check(r[..1] + cp + r[1..]);
    }

    /// <summary>The GS1 mod-10 check digit of a digit string.</summary>
    internal static char Gs1CheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? d * 3 : d;
        }

        return (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>One component of a scheme: whether it takes the rest of the URI (dots included) and which characters it escapes.</summary>
    private sealed record Part(bool Greedy, string Escapes);

    /// <summary>A scheme: its components and a check of their values (given the position of each component for errors).</summary>
    private sealed record SchemeSpec(Part[] Parts, bool Gs1, bool Class, bool Pattern, Func<string?[], int[], EpcUriError?> Check);

    private const string Gs3a3Escapes = "\"%&/<>?";

    private static readonly Part Number = new(false, "");
    private static readonly Part Text = new(true, Gs3a3Escapes);

    private static readonly Dictionary<string, SchemeSpec> Schemes = new(StringComparer.Ordinal)
    {
        ["sgtin"] = new([Number, Number, Text], true, false, true, (v, p) => Gtin13(v, p) ?? Gs3a3(v, p, 2, 1, 20)),
        ["lgtin"] = new([Number, Number, Text], true, true, false, (v, p) => Gtin13(v, p) ?? Gs3a3(v, p, 2, 1, 20)),
        ["upui"] = new([Number, Number, Text], true, false, true, (v, p) => Gtin13(v, p) ?? Gs3a3(v, p, 2, 1, 28)),
        ["itip"] = new([Number, Number, Number, Number, Text], true, false, true,
            (v, p) => Gtin13(v, p) ?? Digits(v, p, 2, 2, 2) ?? Digits(v, p, 3, 2, 2) ?? Gs3a3(v, p, 4, 1, 20)),
        ["sscc"] = new([Number, Number], true, false, true, (v, p) => CpTotal(v, p, 17)),
        ["sgln"] = new([Number, Number, Text], true, false, true, (v, p) => CpTotal(v, p, 12) ?? Gs3a3(v, p, 2, 1, 20)),
        ["pgln"] = new([Number, Number], true, false, true, (v, p) => CpTotal(v, p, 12)),
        ["grai"] = new([Number, Number, Text], true, false, true, (v, p) => CpTotal(v, p, 12) ?? Gs3a3(v, p, 2, 1, 16)),
        ["giai"] = new([Number, Text], true, false, true, (v, p) => Cp(v, p) ?? Gs3a3(v, p, 1, 1, 30 - (v[0]?.Length ?? 6))),
        ["gsrn"] = new([Number, Number], true, false, true, (v, p) => CpTotal(v, p, 17)),
        ["gsrnp"] = new([Number, Number], true, false, true, (v, p) => CpTotal(v, p, 17)),
        ["gdti"] = new([Number, Number, Text], true, false, true, (v, p) => CpTotal(v, p, 12) ?? Gs3a3(v, p, 2, 1, 17)),
        ["sgcn"] = new([Number, Number, Number], true, false, true, (v, p) => CpTotal(v, p, 12) ?? Digits(v, p, 2, 1, 12)),
        ["cpi"] = new([Number, new(false, "#/"), Number], true, false, true, (v, p) => Cp(v, p) ?? CpiRef(v, p) ?? Decimal(v, p, 2, 999999999999)),
        ["ginc"] = new([Number, Text], true, false, true, (v, p) => Cp(v, p) ?? Gs3a3(v, p, 1, 1, 30 - (v[0]?.Length ?? 6))),
        ["gsin"] = new([Number, Number], true, false, true, (v, p) => CpTotal(v, p, 16)),
        ["gid"] = new([Number, Number, Number], false, false, true,
            (v, p) => Decimal(v, p, 0, 268435455) ?? Decimal(v, p, 1, 16777215) ?? Decimal(v, p, 2, 68719476735)),
        ["usdod"] = new([Number, Number], false, false, true, (v, p) => Cage(v, p) ?? Decimal(v, p, 1, 68719476735)),
        ["adi"] = new([Number, new(false, "#/"), new(false, "#/")], false, false, true, (v, p) => Cage(v, p) ?? Adi(v, p, 1, 0, 32) ?? Adi(v, p, 2, 1, 30)),
        ["bic"] = new([Number], false, false, false, Bic),
        ["imovn"] = new([Number], false, false, false, Imovn),
    };

    private static EpcUriError? Fail(int[] p, int i, string message) => new(message, p[i]);

    private static EpcUriError? Cp(string?[] v, int[] p) =>
        v[0] is not { } cp ? null
        : cp.Length is >= 6 and <= 12 && cp.All(char.IsAsciiDigit) ? null
        : Fail(p, 0, $"GS1 company prefix '{cp}' must be 6 to 12 digits");

    /// <summary>Company prefix and a numeric reference of exactly total digits together (the reference may be empty).</summary>
    private static EpcUriError? CpTotal(string?[] v, int[] p, int total)
    {
        if (Cp(v, p) is { } e)
            return e;
        if (v[1] is not { } r)
            return null;
        if (!r.All(char.IsAsciiDigit))
            return Fail(p, 1, $"reference '{r}' must be digits");
        return v[0] is { } cp && cp.Length + r.Length != total
            ? Fail(p, 1, $"company prefix and reference must have {total} digits together, found {cp.Length + r.Length}")
            : null;
    }

    private static EpcUriError? Gtin13(string?[] v, int[] p) =>
        CpTotal(v, p, 13) ?? (v[1] is "" ? Fail(p, 1, "the indicator and item reference need at least the indicator digit") : null);

    private static EpcUriError? Gs3a3(string?[] v, int[] p, int i, int min, int max) =>
        v[i] is not { } s ? null
        : s.Length < min ? Fail(p, i, "the component is empty")
        : s.Length > max ? Fail(p, i, $"the component has {s.Length} characters, at most {max} are allowed")
        : null;

    private static EpcUriError? Digits(string?[] v, int[] p, int i, int min, int max) =>
        v[i] is not { } s ? null
        : !s.All(char.IsAsciiDigit) ? Fail(p, i, $"'{s}' must be digits")
        : s.Length < min || s.Length > max ? Fail(p, i, $"'{s}' must have {(min == max ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{min} to {max}")} digits")
        : null;

    private static EpcUriError? Decimal(string?[] v, int[] p, int i, long max) =>
        v[i] is not { } s ? null
        : s.Length == 0 || !s.All(char.IsAsciiDigit) || (s.Length > 1 && s[0] == '0') || s.Length > 12 || long.Parse(s, System.Globalization.CultureInfo.InvariantCulture) > max
            ? Fail(p, i, $"'{s}' must be a decimal number from 0 to {max} without leading zeros")
            : null;

    private static EpcUriError? CpiRef(string?[] v, int[] p) =>
        v[1] is not { } r ? null
        : r.Length == 0 || !r.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c) || c is '#' or '-' or '/') ? Fail(p, 1, $"component/part reference '{r}' must be digits, capital letters, '-', %23 or %2F")
        : v[0] is { } cp && cp.Length + r.Length > 30 ? Fail(p, 1, "company prefix and component/part reference must have at most 30 characters together")
        : null;

    private static EpcUriError? Cage(string?[] v, int[] p) =>
        v[0] is not { } s ? null
        : s.Length is 5 or 6 && s.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)) ? null
        : Fail(p, 0, $"CAGE code or DoDAAC '{s}' must be 5 or 6 capital letters or digits");

    private static EpcUriError? Adi(string?[] v, int[] p, int i, int min, int max) =>
        v[i] is not { } s ? null
        : s.Length < min || s.Length > max || !s.Select((c, k) => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c) || c is '-' or '/' || (c == '#' && k == 0 && i == 2)).All(ok => ok)
            ? Fail(p, i, $"'{s}' must be {min} to {max} capital letters, digits, '-' or %2F")
            : null;

    private static EpcUriError? Bic(string?[] v, int[] p)
    {
        var s = v[0] ?? "";
        if (s.Length != 11 || !s[..3].All(char.IsAsciiLetterUpper) || s[3] is not ('U' or 'J' or 'Z') || !s[4..].All(char.IsAsciiDigit))
            return Fail(p, 0, $"BIC container code '{s}' must be 3 capital letters, U, J or Z, and 7 digits");
        var sum = 0;
        for (var i = 0; i < 10; i++)
            sum += (char.IsAsciiDigit(s[i]) ? s[i] - '0' : BicLetterValue(s[i])) << i;
        return sum % 11 % 10 == s[10] - '0' ? null : Fail(p, 0, $"BIC container code '{s}' has a wrong check digit");
    }

    /// <summary>ISO 6346 letter values: A = 10 upwards, skipping the multiples of 11.</summary>
    private static int BicLetterValue(char c)
    {
        var value = 10;
        for (var x = 'A'; x < c; x++)
        {
            value++;
            if (value % 11 == 0)
                value++;
        }

        return value;
    }

    private static EpcUriError? Imovn(string?[] v, int[] p)
    {
        var s = v[0] ?? "";
        if (s.Length != 7 || !s.All(char.IsAsciiDigit))
            return Fail(p, 0, $"IMO vessel number '{s}' must be 7 digits");
        var sum = 0;
        for (var i = 0; i < 6; i++)
            sum += (s[i] - '0') * (7 - i);
        return sum % 10 == s[6] - '0' ? null : Fail(p, 0, $"IMO vessel number '{s}' has a wrong check digit");
    }
}
