using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tracewright.Standards.Gs1;

/// <summary>
/// A validated sequence of GS1 AI elements, in input order. Invariant: every element passed the syntax dictionary
/// checks (lengths, character sets, linters) and, unless association validation was switched off in the options,
/// the element string as a whole satisfies the <c>req=</c>/<c>ex=</c> rules and has no repeated AI with differing
/// values. Instances can only be obtained by parsing, so an invalid element string cannot exist.
/// </summary>
public sealed class Gs1ElementString
{
    /// <summary>The FNC1 separator as transmitted by scanners (ASCII GS).</summary>
    public const char GroupSeparator = '\u001d';

    internal Gs1ElementString(IReadOnlyList<Gs1Element> elements, Gs1ParseOptions options)
    {
        Elements = elements;
        Options = options;
    }

    /// <summary>The AI elements in the order they were given.</summary>
    public IReadOnlyList<Gs1Element> Elements { get; }

    internal Gs1ParseOptions Options { get; }

    /// <summary>
    /// Parses any supported notation, chosen by the first characters: <c>(</c> bracketed element string; <c>^</c> or
    /// GS unbracketed element string with FNC1 separators; <c>]</c> scanner output with an AIM symbology identifier;
    /// <c>http://</c> or <c>https://</c> GS1 Digital Link URI.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out Gs1ParseError? error) =>
        TryParse(text, Gs1ParseOptions.Default, out result, out error);

    /// <inheritdoc cref="TryParse(string, out Gs1ElementString?, out Gs1ParseError?)"/>
    public static bool TryParse(string text, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (text.StartsWith('('))
        {
            return TryParseBracketed(text, options, out result, out error);
        }

        if (text.StartsWith('^') || text.StartsWith(GroupSeparator))
        {
            return TryParseUnbracketed(text, options, out result, out error);
        }

        if (text.StartsWith(']'))
        {
            result = null;
            if (!Gs1ScanData.TryParse(text, options, out var scan, out error))
            {
                return false;
            }

            if (scan.ElementString is null)
            {
                error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, $"The scan data carries non-GS1 {scan.Symbology} data.", position: 0);
                return false;
            }

            result = scan.ElementString;
            return true;
        }

        if (Gs1DigitalLink.HasDigitalLinkScheme(text))
        {
            return Gs1DigitalLink.TryParse(text, options, out result, out error);
        }

        result = null;
        error = new Gs1ParseError(Gs1ParseErrorKind.Syntax,
            "Unrecognised GS1 notation at position 0: expected '(', '^', GS, ']' or an http(s) Digital Link URI.", position: 0);
        return false;
    }

    /// <summary>Parses a bracketed element string such as <c>(01)12345678901231(10)ABC</c>; <c>\(</c> is a data bracket.</summary>
    public static bool TryParseBracketed(string text, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        result = null;
        var dictionary = options.EffectiveDictionary;
        var elements = new List<Gs1Element>();
        if (text.Length == 0)
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, "The element string is empty.", position: 0);
            return false;
        }

        var p = 0;
        while (p < text.Length)
        {
            if (text[p] != '(')
            {
                error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, $"Expected '(' to start an AI at position {p}.", position: p);
                return false;
            }

            var close = text.IndexOf(')', p + 1);
            if (close < 0)
            {
                error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, $"The AI starting at position {p} is not terminated by ')'.", position: p);
                return false;
            }

            var ai = text[(p + 1)..close];
            var definition = dictionary.LookupExact(ai, options.PermitUnknownAis);
            if (definition is null)
            {
                error = new Gs1ParseError(Gs1ParseErrorKind.UnknownAi, $"Unrecognised AI ({ai}) at position {p + 1}.", ai, p + 1);
                return false;
            }

            var valueStart = close + 1;
            var value = new StringBuilder();
            var q = valueStart;
            while (q < text.Length)
            {
                if (text[q] == '(')
                {
                    // A bracket preceded by a backslash is data; the backslash itself is dropped.
                    if (value.Length > 0 && text[q - 1] == '\\' && q - 1 >= valueStart)
                    {
                        value.Length--;
                        value.Append('(');
                        q++;
                        continue;
                    }

                    break;
                }

                value.Append(text[q++]);
            }

            var valueText = value.ToString();
            error = Gs1Validation.CheckLengthAndContent(definition, ai, valueText, valueStart)
                ?? Gs1Validation.ValidateComponents(definition, ai, valueText, valueStart, options.CompanyPrefixLookup, out _);
            if (error is not null)
            {
                return false;
            }

            elements.Add(new Gs1Element(ai, valueText, definition));
            p = q;
        }

        return Complete(elements, options, out result, out error);
    }

    /// <summary>
    /// Parses an unbracketed element string that starts with FNC1, written as <c>^</c> or ASCII GS, e.g.
    /// <c>^0112345678901231^10ABC</c>. Predefined-length AIs may run straight into the next AI.
    /// </summary>
    public static bool TryParseUnbracketed(string text, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        result = null;
        if (!TryParseFnc1Elements(text, options, out var elements, out error))
        {
            return false;
        }

        return Complete(elements, options, out result, out error);
    }

    internal static bool TryParseFnc1Elements(string text, Gs1ParseOptions options, out List<Gs1Element> elements, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        elements = [];
        var dictionary = options.EffectiveDictionary;
        if (text.Length == 0 || !IsFnc1(text[0]))
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, "Missing FNC1 ('^' or GS) in first position.", position: 0);
            return false;
        }

        if (text.Length == 1)
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, "The AI data is empty.", position: 1);
            return false;
        }

        var p = 1;
        while (p < text.Length)
        {
            var definition = dictionary.LookupPrefix(text.AsSpan(p), options.PermitUnknownAis);

            // An unknown AI of unknown length cannot be told apart from its value in unbracketed data.
            if (definition is null || definition.Ai.Length == 0)
            {
                var preview = text.Substring(p, Math.Min(4, text.Length - p));
                error = new Gs1ParseError(Gs1ParseErrorKind.UnknownAi, $"No known AI is a prefix of '{preview}...' at position {p}.", position: p);
                return false;
            }

            var ai = definition.Ai;
            var valueStart = p + ai.Length;
            var end = IndexOfFnc1(text, valueStart);
            var data = text[valueStart..end];
            error = Gs1Validation.ValidateComponents(definition, ai, data, valueStart, options.CompanyPrefixLookup, out var consumed);
            if (error is not null)
            {
                return false;
            }

            elements.Add(new Gs1Element(ai, data[..consumed], definition));
            p = valueStart + consumed;
            if (definition.RequiresFnc1 && p != end)
            {
                error = new Gs1ParseError(Gs1ParseErrorKind.Length,
                    $"AI ({ai}) data is too long: at most {definition.MaxLength} characters, unexpected data at position {p}.", ai, p);
                return false;
            }

            // An FNC1 after a predefined-length AI is superfluous but tolerated, as scanners may transmit one.
            if (p < text.Length && IsFnc1(text[p]))
            {
                p++;
            }
        }

        error = null;
        return true;
    }

    internal static bool Complete(List<Gs1Element> elements, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        result = null;
        error = options.ValidateAssociations ? Gs1Validation.ValidateAssociations(elements) : null;
        if (error is not null)
        {
            return false;
        }

        result = new Gs1ElementString(elements, options);
        return true;
    }

    private static bool IsFnc1(char c) => c is '^' or GroupSeparator;

    private static int IndexOfFnc1(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (IsFnc1(text[i]))
            {
                return i;
            }
        }

        return text.Length;
    }

    /// <summary>Formats as a bracketed element string, escaping data brackets as <c>\(</c>.</summary>
    public string ToBracketedString()
    {
        var builder = new StringBuilder();
        foreach (var element in Elements)
        {
            builder.Append('(').Append(element.Ai).Append(')').Append(element.Value.Replace("(", "\\(", StringComparison.Ordinal));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Formats as an unbracketed element string with a leading FNC1 and an FNC1 after each variable-length AI that is
    /// followed by another AI. Use <c>'^'</c> for the human-readable notation or <see cref="GroupSeparator"/> for the
    /// bytes a scanner transmits.
    /// </summary>
    public string ToUnbracketedString(char fnc1 = '^')
    {
        var builder = new StringBuilder().Append(fnc1);
        for (var i = 0; i < Elements.Count; i++)
        {
            var element = Elements[i];
            builder.Append(element.Ai).Append(element.Value);
            if (element.Definition.RequiresFnc1 && i < Elements.Count - 1)
            {
                builder.Append(fnc1);
            }
        }

        return builder.ToString();
    }

    /// <summary>Builds a GS1 Digital Link URI on <c>https://id.gs1.org</c> or on <paramref name="stem"/> (scheme, host and optional path prefix).</summary>
    public bool TryToDigitalLinkUri(string? stem, [NotNullWhen(true)] out string? uri, [NotNullWhen(false)] out Gs1ParseError? error) =>
        Gs1DigitalLink.TryBuild(this, stem, out uri, out error);

    /// <summary>The first value of <paramref name="ai"/>, or null when absent.</summary>
    public string? GetValue(string ai) => Elements.FirstOrDefault(e => e.Ai == ai)?.Value;

    /// <inheritdoc />
    public override string ToString() => ToBracketedString();
}
