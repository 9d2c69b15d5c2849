using System.Globalization;
using System.Text.RegularExpressions;

namespace Tracewright.Standards.Gs1;

/// <summary>
/// The GS1 Barcode Syntax Dictionary loaded as data. Invariants: definitions are unique per AI and sorted by AI; all
/// AIs sharing a two-digit prefix have the same length; every component linter is implemented by
/// <see cref="Gs1Linters"/>. Instances are immutable and safe to share between threads.
/// </summary>
public sealed partial class Gs1SyntaxDictionary
{
    private const string EmbeddedResourceName = "gs1-syntax-dictionary.txt";
    private const string FlagCharacters = "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~";

    private static readonly Lazy<Gs1SyntaxDictionary> EmbeddedDictionary = new(LoadEmbedded);

    private readonly Dictionary<string, Gs1AiDefinition> _byAi;
    private readonly int[] _aiLengthByPrefix;

    private Gs1SyntaxDictionary(string? release, List<Gs1AiDefinition> definitions)
    {
        Release = release;
        definitions.Sort((a, b) => string.CompareOrdinal(a.Ai, b.Ai));
        Definitions = definitions;
        _byAi = definitions.ToDictionary(d => d.Ai, StringComparer.Ordinal);
        _aiLengthByPrefix = new int[100];
        foreach (var definition in definitions)
        {
            var prefix = int.Parse(definition.Ai.AsSpan(0, 2), CultureInfo.InvariantCulture);
            if (_aiLengthByPrefix[prefix] != 0 && _aiLengthByPrefix[prefix] != definition.Ai.Length)
            {
                throw new FormatException($"AIs beginning '{definition.Ai[..2]}' have different lengths.");
            }

            _aiLengthByPrefix[prefix] = definition.Ai.Length;
        }

        // Every way of writing key + ordered subset of one qualifier alternative is a valid Digital Link path.
        var sequences = new List<string>();
        foreach (var definition in definitions.Where(d => d.IsDigitalLinkPrimaryKey))
        {
            foreach (var alternative in definition.DigitalLinkQualifiers!)
            {
                var expanded = new List<string> { definition.Ai };
                foreach (var qualifier in alternative)
                {
                    expanded.AddRange(expanded.Select(s => $"{s} {qualifier}").ToList());
                }

                sequences.AddRange(expanded);
            }
        }

        sequences.Sort(StringComparer.Ordinal);
        DigitalLinkPathSequences = sequences.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The dictionary embedded in this assembly (the release bundled with the GS1 syntax engine).</summary>
    public static Gs1SyntaxDictionary Default => EmbeddedDictionary.Value;

    /// <summary>The release label from the dictionary header (<c># Release: ...</c>), when present.</summary>
    public string? Release { get; }

    /// <summary>All AI definitions, ranges expanded, sorted by AI.</summary>
    public IReadOnlyList<Gs1AiDefinition> Definitions { get; }

    /// <summary>
    /// Valid Digital Link path AI sequences ("key qualifier..." separated by spaces), sorted ordinally, derived from
    /// the <c>dlpkey</c> attributes.
    /// </summary>
    internal IReadOnlyList<string> DigitalLinkPathSequences { get; }

    /// <summary>Looks up the definition of a known AI.</summary>
    public bool TryGetDefinition(string ai, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Gs1AiDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(ai);
        return _byAi.TryGetValue(ai, out definition);
    }

    /// <summary>Loads a dictionary in the GS1 syntax dictionary text format.</summary>
    /// <exception cref="FormatException">The text is not a well-formed syntax dictionary, or uses unknown linters.</exception>
    public static Gs1SyntaxDictionary Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? release = null;
        var definitions = new List<Gs1AiDefinition>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed[0] == '#')
            {
                var match = ReleasePattern().Match(trimmed);
                if (match.Success)
                {
                    release = match.Groups[1].Value.Trim();
                }

                continue;
            }

            try
            {
                definitions.AddRange(ParseEntry(trimmed));
            }
            catch (FormatException e)
            {
                throw new FormatException($"Syntax dictionary line {lineNumber}: {e.Message}", e);
            }
        }

        var duplicate = definitions.GroupBy(d => d.Ai, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"AI ({duplicate.Key}) is defined more than once.");
        }

        return new Gs1SyntaxDictionary(release, definitions);
    }

    private static Gs1SyntaxDictionary LoadEmbedded()
    {
        using var stream = typeof(Gs1SyntaxDictionary).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{EmbeddedResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Load(reader);
    }

    private static IEnumerable<Gs1AiDefinition> ParseEntry(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        var title = hash < 0 ? string.Empty : line[(hash + 1)..].Trim();
        var body = hash < 0 ? line : line[..hash];
        var tokens = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2)
        {
            throw new FormatException("Expected an AI and a specification.");
        }

        var (first, last) = ParseAiRange(tokens[0]);
        var index = 1;
        var flags = string.Empty;
        if (tokens[index].All(c => FlagCharacters.Contains(c, StringComparison.Ordinal)))
        {
            flags = tokens[index++];
        }

        var components = new List<Gs1AiComponent>();
        while (index < tokens.Length && ComponentPattern().Match(tokens[index]) is { Success: true } match)
        {
            components.Add(ParseComponent(match, components));
            index++;
        }

        if (components.Count == 0)
        {
            throw new FormatException($"AI {tokens[0]} has no data components.");
        }

        var requisites = new List<IReadOnlyList<IReadOnlyList<string>>>();
        var exclusions = new List<string>();
        List<IReadOnlyList<string>>? qualifiers = null;
        for (; index < tokens.Length; index++)
        {
            var token = tokens[index];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? token : token[..equals];
            var value = equals < 0 ? string.Empty : token[(equals + 1)..];
            switch (key)
            {
                case "req":
                    requisites.Add(value.Split(',').Select(alt => (IReadOnlyList<string>)alt.Split('+')).ToList());
                    break;
                case "ex":
                    exclusions.AddRange(value.Split(','));
                    break;
                case "dlpkey":
                    qualifiers ??= [];
                    qualifiers.AddRange(value.Length == 0
                        ? [Array.Empty<string>()]
                        : value.Split('|').Select(alt => (IReadOnlyList<string>)alt.Split(',')));
                    break;
                default:
                    // Unrecognised attributes are informational for processors that do not know them.
                    break;
            }
        }

        var requiresFnc1 = !flags.Contains('*', StringComparison.Ordinal);
        var isAttribute = flags.Contains('?', StringComparison.Ordinal);
        for (var ai = first; ai <= last; ai++)
        {
            var text = ai.ToString(CultureInfo.InvariantCulture).PadLeft(tokens[0].IndexOf('-', StringComparison.Ordinal) is var dash and > 0 ? dash : tokens[0].Length, '0');
            yield return new Gs1AiDefinition(text, title, requiresFnc1, isAttribute, isUnknown: false, components, requisites, exclusions, qualifiers);
        }
    }

    private static (int First, int Last) ParseAiRange(string token)
    {
        var parts = token.Split('-');
        if (parts.Length > 2 || parts.Any(p => p.Length is < 2 or > 4 || !Gs1Linters.AllDigits(p)) ||
            (parts.Length == 2 && parts[0].Length != parts[1].Length))
        {
            throw new FormatException($"'{token}' is not an AI or AI range.");
        }

        var first = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var last = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        if (last < first)
        {
            throw new FormatException($"AI range '{token}' is reversed.");
        }

        return (first, last);
    }

    private static Gs1AiComponent ParseComponent(Match match, List<Gs1AiComponent> previous)
    {
        var optional = match.Groups["open"].Success;
        if (optional != match.Groups["close"].Success)
        {
            throw new FormatException($"Unbalanced brackets in component '{match.Value}'.");
        }

        if (!optional && previous.Any(c => c.IsOptional))
        {
            throw new FormatException($"Mandatory component '{match.Value}' follows an optional component.");
        }

        var characterSet = match.Groups["cset"].Value switch
        {
            "N" => Gs1CharacterSet.Numeric,
            "X" => Gs1CharacterSet.Cset82,
            "Y" => Gs1CharacterSet.Cset39,
            "Z" => Gs1CharacterSet.Cset64,
            _ => throw new FormatException($"Unknown character set in '{match.Value}'."),
        };
        var variable = match.Groups["max"].Success;
        var max = int.Parse(variable ? match.Groups["max"].Value : match.Groups["fixed"].Value, CultureInfo.InvariantCulture);
        if (max < 1)
        {
            throw new FormatException($"Component '{match.Value}' has no length.");
        }

        var linters = match.Groups["linters"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var unknown = linters.FirstOrDefault(l => !Gs1Linters.IsKnown(l));
        if (unknown is not null)
        {
            throw new FormatException($"Component '{match.Value}' uses linter '{unknown}', which is not implemented.");
        }

        return new Gs1AiComponent(characterSet, variable ? 1 : max, max, optional, linters);
    }

    /// <summary>AI length shared by all known AIs starting with the two digits at the start of <paramref name="data"/>; 0 when none.</summary>
    internal int AiLengthByPrefix(ReadOnlySpan<char> data) =>
        _aiLengthByPrefix[((data[0] - '0') * 10) + (data[1] - '0')];

    [GeneratedRegex(@"^#\s*Release:\s*(.+)$")]
    private static partial Regex ReleasePattern();

    [GeneratedRegex(@"^(?<open>\[)?(?<cset>[NXYZ])(?:(?<fixed>\d+)|\.\.(?<max>\d+))(?<close>\])?(?<linters>(?:,[a-z0-9]+)*)$")]
    private static partial Regex ComponentPattern();
}
