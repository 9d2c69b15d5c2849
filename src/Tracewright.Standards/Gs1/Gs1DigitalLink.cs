using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tracewright.Standards.Gs1;

/// <summary>
/// GS1 Digital Link URI parsing and generation. A URI is accepted on any host and behind any path prefix: the
/// Digital Link path is found by searching backwards for the rightmost primary key AI. The path must be the primary
/// key followed by qualifiers in the order given by its <c>dlpkey</c> attribute; other AIs travel as query-string
/// data attributes.
/// </summary>
public static class Gs1DigitalLink
{
    /// <summary>The canonical stem used when none is given.</summary>
    public const string CanonicalStem = "https://id.gs1.org";

    private const string UriCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";
    private const string BadDomainCharacters = "_~?#@!$&'()*+,;=%";

    // Deprecated short names for AIs that older Digital Link URIs used in the path.
    private static readonly FrozenDictionary<string, string> ConvenienceAlphas = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cpid"] = "8010", ["cpsn"] = "8011", ["cpv"] = "22", ["gcn"] = "255", ["gdti"] = "253", ["giai"] = "8004",
        ["ginc"] = "401", ["gln"] = "414", ["glnx"] = "254", ["gmn"] = "8013", ["grai"] = "8003", ["gsin"] = "402",
        ["gsrn"] = "8018", ["gsrnp"] = "8017", ["gtin"] = "01", ["itip"] = "8006", ["lot"] = "10", ["party"] = "417",
        ["refno"] = "8020", ["ser"] = "21", ["srin"] = "8019", ["sscc"] = "00",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when the text starts with an http or https scheme in the casing the specification allows.</summary>
    public static bool HasDigitalLinkScheme(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SchemeLength(text) > 0;
    }

    private static int SchemeLength(string text)
    {
        // Mixed-case schemes ("HtTp") are rejected: only all-lower or all-upper forms are recognised.
        if (text.StartsWith("https://", StringComparison.Ordinal) || text.StartsWith("HTTPS://", StringComparison.Ordinal))
        {
            return 8;
        }

        return text.StartsWith("http://", StringComparison.Ordinal) || text.StartsWith("HTTP://", StringComparison.Ordinal) ? 7 : 0;
    }

    /// <summary>Parses a GS1 Digital Link URI into its AI elements (path elements first, then query attributes).</summary>
    public static bool TryParse(string uri, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out Gs1ParseError? error) =>
        TryParse(uri, Gs1ParseOptions.Default, out result, out error);

    /// <inheritdoc cref="TryParse(string, out Gs1ElementString?, out Gs1ParseError?)"/>
    public static bool TryParse(string uri, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        result = null;
        var dictionary = options.EffectiveDictionary;

        for (var i = 0; i < uri.Length; i++)
        {
            if (!UriCharacters.Contains(uri[i], StringComparison.Ordinal))
            {
                error = Fail(Gs1ParseErrorKind.Syntax, $"The URI contains an illegal character '{uri[i]}' at position {i}.", null, i);
                return false;
            }
        }

        var schemeLength = SchemeLength(uri);
        if (schemeLength == 0)
        {
            error = Fail(Gs1ParseErrorKind.Syntax, "The URI scheme must be http:// or https:// (all lower or all upper case).", null, 0);
            return false;
        }

        var domainEnd = uri.IndexOf('/', schemeLength);
        if (domainEnd <= schemeLength)
        {
            error = Fail(Gs1ParseErrorKind.Syntax, "The URI has no domain or no path information.", null, schemeLength);
            return false;
        }

        var badDomain = uri.AsSpan(schemeLength, domainEnd - schemeLength).IndexOfAny(BadDomainCharacters);
        if (badDomain >= 0)
        {
            error = Fail(Gs1ParseErrorKind.Syntax, $"The domain contains an illegal character at position {schemeLength + badDomain}.", null, schemeLength + badDomain);
            return false;
        }

        // The fragment is ignored; the query string ends the path information.
        var fragment = uri.IndexOf('#', domainEnd);
        var end = fragment < 0 ? uri.Length : fragment;
        var query = uri.IndexOf('?', domainEnd, end - domainEnd);
        var pathEnd = query < 0 ? end : query;
        var path = uri[domainEnd..pathEnd];

        var keyStart = FindPrimaryKey(path, dictionary, options);
        if (keyStart < 0)
        {
            error = Fail(Gs1ParseErrorKind.DigitalLink, "No GS1 Digital Link primary key was found in the path information.", null, domainEnd);
            return false;
        }

        var elements = new List<Gs1Element>();
        var pathAis = new List<string>();
        if (!TryReadPath(uri, domainEnd + keyStart, pathEnd, dictionary, options, elements, pathAis, out error) ||
            !TryReadQuery(uri, query < 0 ? -1 : query + 1, end, dictionary, options, elements, out var attributes, out error))
        {
            return false;
        }

        if (!IsValidPathSequence(dictionary, pathAis))
        {
            error = Fail(Gs1ParseErrorKind.DigitalLink, $"The path AIs ({string.Join(")(", pathAis)}) are not a valid primary key and qualifier sequence.", pathAis[0], domainEnd + keyStart);
            return false;
        }

        foreach (var (index, position) in attributes)
        {
            error = CheckAttribute(elements, index, position, pathAis, dictionary, options);
            if (error is not null)
            {
                return false;
            }
        }

        return Gs1ElementString.Complete(elements, options, out result, out error);
    }

    /// <summary>
    /// Walks the path backwards pair by pair; the first "/AI/value" pair (from the right) whose AI is a primary key
    /// starts the Digital Link path. Anything before it is the stem, which may itself look like AI data.
    /// </summary>
    private static int FindPrimaryKey(string path, Gs1SyntaxDictionary dictionary, Gs1ParseOptions options)
    {
        // Consider "/AI/value" pairs from the right; a pair that is not a key is cut off with its value.
        var end = path.Length;
        while (end > 0)
        {
            var valueSlash = path.LastIndexOf('/', end - 1);
            var aiSlash = valueSlash > 0 ? path.LastIndexOf('/', valueSlash - 1) : -1;
            if (aiSlash < 0)
            {
                break;
            }

            var definition = ResolvePathAi(path[(aiSlash + 1)..valueSlash], dictionary, options, out _);
            if (definition is null)
            {
                break;
            }

            if (definition.IsDigitalLinkPrimaryKey)
            {
                return aiSlash;
            }

            end = aiSlash;
        }

        return -1;
    }

    private static Gs1AiDefinition? ResolvePathAi(string segment, Gs1SyntaxDictionary dictionary, Gs1ParseOptions options, out string ai)
    {
        ai = segment;
        if (options.PermitConvenienceAlphas && segment.Length is >= 3 and <= 5 && !Gs1Linters.IsDigit(segment[0]) &&
            ConvenienceAlphas.TryGetValue(segment, out var mapped))
        {
            ai = mapped;
        }

        return dictionary.LookupExact(ai, options.PermitUnknownAis);
    }

    private static bool TryReadPath(string uri, int start, int end, Gs1SyntaxDictionary dictionary, Gs1ParseOptions options,
        List<Gs1Element> elements, List<string> pathAis, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        var p = start;
        while (p < end)
        {
            var aiEnd = uri.IndexOf('/', p + 1, end - p - 1);
            var definition = ResolvePathAi(uri[(p + 1)..aiEnd], dictionary, options, out var ai)!;
            var valueEnd = uri.IndexOf('/', aiEnd + 1, end - aiEnd - 1);
            valueEnd = valueEnd < 0 ? end : valueEnd;
            if (valueEnd == aiEnd + 1)
            {
                error = Fail(Gs1ParseErrorKind.Length, $"AI ({ai}) has an empty value in the path at position {aiEnd + 1}.", ai, aiEnd + 1);
                return false;
            }

            var value = Gs1UriEscaping.Unescape(uri[(aiEnd + 1)..valueEnd], isQueryComponent: false);
            if (value is null)
            {
                error = Fail(Gs1ParseErrorKind.Content, $"AI ({ai}) value in the path decodes to an illegal NUL at position {aiEnd + 1}.", ai, aiEnd + 1);
                return false;
            }

            if (options.PermitZeroSuppressedGtinInDigitalLinkUris)
            {
                value = PadGtin(ai, value);
            }

            if (!TryAddElement(definition, ai, value, aiEnd + 1, options, elements, out error))
            {
                return false;
            }

            pathAis.Add(definition.Ai);
            p = valueEnd;
        }

        error = null;
        return true;
    }

    private static bool TryReadQuery(string uri, int start, int end, Gs1SyntaxDictionary dictionary, Gs1ParseOptions options,
        List<Gs1Element> elements, out List<(int Index, int Position)> attributes, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        attributes = [];
        error = null;
        if (start < 0)
        {
            return true;
        }

        var p = start;
        while (p < end)
        {
            var pairEnd = uri.IndexOf('&', p, end - p);
            pairEnd = pairEnd < 0 ? end : pairEnd;
            var pair = uri[p..pairEnd];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);

            // Singletons and non-numeric keys are not AIs; they are allowed and ignored.
            if (pair.Length > 0 && equals >= 0 && Gs1Linters.AllDigits(pair.AsSpan(0, equals)))
            {
                var ai = pair[..equals];
                var definition = dictionary.LookupExact(ai, options.PermitUnknownAis);
                if (definition is null)
                {
                    error = Fail(Gs1ParseErrorKind.UnknownAi, $"Unknown AI ({ai}) in the query parameters at position {p}.", ai, p);
                    return false;
                }

                var valueStart = p + equals + 1;
                if (valueStart == pairEnd)
                {
                    error = Fail(Gs1ParseErrorKind.Length, $"AI ({ai}) has an empty value in the query parameters at position {valueStart}.", ai, valueStart);
                    return false;
                }

                var value = Gs1UriEscaping.Unescape(uri[valueStart..pairEnd], isQueryComponent: true);
                if (value is null)
                {
                    error = Fail(Gs1ParseErrorKind.Content, $"AI ({ai}) value in the query decodes to an illegal NUL at position {valueStart}.", ai, valueStart);
                    return false;
                }

                if (options.PermitZeroSuppressedGtinInDigitalLinkUris)
                {
                    value = PadGtin(ai, value);
                }

                if (!TryAddElement(definition, ai, value, valueStart, options, elements, out error))
                {
                    return false;
                }

                attributes.Add((elements.Count - 1, p));
            }

            p = pairEnd + 1;
        }

        return true;
    }

    private static bool TryAddElement(Gs1AiDefinition definition, string ai, string value, int position, Gs1ParseOptions options,
        List<Gs1Element> elements, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        error = Gs1Validation.CheckLengthAndContent(definition, ai, value, position)
            ?? Gs1Validation.ValidateComponents(definition, ai, value, position, options.CompanyPrefixLookup, out _);
        if (error is not null)
        {
            return false;
        }

        elements.Add(new Gs1Element(ai, value, definition));
        return true;
    }

    private static string PadGtin(string ai, string value) =>
        ai == "01" && value.Length is 8 or 12 or 13 ? value.PadLeft(14, '0') : value;

    private static Gs1ParseError? CheckAttribute(List<Gs1Element> elements, int index, int position, List<string> pathAis,
        Gs1SyntaxDictionary dictionary, Gs1ParseOptions options)
    {
        var attribute = elements[index];
        if (elements.Take(index).Any(e => e.Ai == attribute.Ai))
        {
            return Fail(Gs1ParseErrorKind.DigitalLink, $"AI ({attribute.Ai}) appears more than once (position {position}).", attribute.Ai, position);
        }

        if (!IsPermittedAttribute(attribute.Definition, options))
        {
            return Fail(Gs1ParseErrorKind.DigitalLink, $"AI ({attribute.Ai}) is not a valid Digital Link data attribute (position {position}).", attribute.Ai, position);
        }

        // An attribute that could sit in the path as a qualifier must be written there.
        for (var j = 1; j <= pathAis.Count; j++)
        {
            var trial = new List<string>(pathAis);
            trial.Insert(j, attribute.Definition.Ai);
            if (IsValidPathSequence(dictionary, trial))
            {
                return Fail(Gs1ParseErrorKind.DigitalLink, $"AI ({attribute.Ai}) must be a path qualifier, not a query attribute (position {position}).", attribute.Ai, position);
            }
        }

        return null;
    }

    private static bool IsPermittedAttribute(Gs1AiDefinition definition, Gs1ParseOptions options) =>
        definition.IsUnknown ? options.PermitUnknownAisAsDigitalLinkAttributes : definition.IsDigitalLinkDataAttribute;

    private static bool IsValidPathSequence(Gs1SyntaxDictionary dictionary, IEnumerable<string> ais)
    {
        var sequence = string.Join(' ', ais);
        return dictionary.DigitalLinkPathSequences.Contains(sequence, StringComparer.Ordinal);
    }

    /// <summary>
    /// Builds a Digital Link URI: the first primary key AI with the qualifier sequence matching most of the present
    /// AIs forms the path; the remaining AIs become query attributes, predefined-length AIs first, each AI once.
    /// </summary>
    public static bool TryBuild(Gs1ElementString elementString, string? stem, [NotNullWhen(true)] out string? uri, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(elementString);
        uri = null;
        var options = elementString.Options;
        var dictionary = options.EffectiveDictionary;
        var elements = elementString.Elements;
        var key = elements.FirstOrDefault(e => !e.Definition.IsUnknown && e.Definition.IsDigitalLinkPrimaryKey);
        if (key is null)
        {
            error = Fail(Gs1ParseErrorKind.DigitalLink, "A Digital Link URI needs a primary key AI, and none is present.", null, null);
            return false;
        }

        // The first sequence with the most qualifier matches wins; ties go to the earlier one in sorted order.
        var best = new[] { key.Ai };
        var bestCount = 0;
        foreach (var sequence in dictionary.DigitalLinkPathSequences)
        {
            var ais = sequence.Split(' ');
            if (ais[0] != key.Ai || ais.Length == 1)
            {
                continue;
            }

            var count = ais.Skip(1).Sum(q => elements.Count(e => e.Ai == q));
            if (count > bestCount)
            {
                bestCount = count;
                best = ais;
            }
        }

        var builder = new StringBuilder((stem ?? CanonicalStem).TrimEnd('/'));
        foreach (var ai in best)
        {
            var element = elements.FirstOrDefault(e => e.Ai == ai);
            if (element is not null)
            {
                builder.Append('/').Append(element.Ai).Append('/').Append(Gs1UriEscaping.Escape(element.Value, isQueryComponent: false));
            }
        }

        var separator = '?';
        foreach (var predefinedLength in new[] { true, false })
        {
            for (var i = 0; i < elements.Count; i++)
            {
                var element = elements[i];
                if (best.Contains(element.Ai) || element.Definition.RequiresFnc1 == predefinedLength ||
                    elements.Take(i).Any(e => e.Ai == element.Ai))
                {
                    continue;
                }

                if (!IsPermittedAttribute(element.Definition, options))
                {
                    error = Fail(Gs1ParseErrorKind.DigitalLink, $"AI ({element.Ai}) is not a valid Digital Link data attribute.", element.Ai, null);
                    return false;
                }

                builder.Append(separator).Append(element.Ai).Append('=').Append(Gs1UriEscaping.Escape(element.Value, isQueryComponent: true));
                separator = '&';
            }
        }

        uri = builder.ToString();
        error = null;
        return true;
    }

    private static Gs1ParseError Fail(Gs1ParseErrorKind kind, string message, string? ai, int? position) => new(kind, message, ai, position);
}
