namespace Tracewright.Standards.Gs1;

public sealed partial class Gs1SyntaxDictionary
{
    private static readonly Gs1AiComponent[] UnknownVariableComponents =
        [new Gs1AiComponent(Gs1CharacterSet.Cset82, 1, 90, isOptional: false, [])];

    /// <summary>
    /// Value lengths that the GS1 General Specifications predefine by AI prefix (the "no FNC1" prefixes). The dictionary
    /// only covers allocated AIs, so this table is what lets an unallocated AI be split from its value.
    /// </summary>
    private static int PredefinedValueLength(ReadOnlySpan<char> ai) => (((ai[0] - '0') * 10) + (ai[1] - '0')) switch
    {
        0 => 18,
        >= 1 and <= 3 => 14,
        4 => 16,
        >= 11 and <= 19 => 6,
        20 => 2,
        >= 31 and <= 36 => 6,
        41 => 13,
        _ => 0,
    };

    /// <summary>
    /// Resolves an AI whose extent is known (from brackets, a DL path or a query key). Unknown AIs are only vivified
    /// when permitted and when they cannot be confused with a known AI.
    /// </summary>
    internal Gs1AiDefinition? LookupExact(string ai, bool permitUnknown)
    {
        if (ai.Length is < 2 or > 4 || !Gs1Linters.AllDigits(ai))
        {
            return null;
        }

        if (_byAi.TryGetValue(ai, out var known))
        {
            return known;
        }

        foreach (var definition in Definitions)
        {
            if (ai.StartsWith(definition.Ai, StringComparison.Ordinal) || definition.Ai.StartsWith(ai, StringComparison.Ordinal))
            {
                return null;
            }
        }

        if (!permitUnknown)
        {
            return null;
        }

        var aiLength = AiLengthByPrefix(ai);
        return aiLength != 0 && aiLength != ai.Length ? null : Unknown(ai, aiLength);
    }

    /// <summary>
    /// Resolves the AI at the start of unbracketed data. For an unknown AI whose length cannot be inferred the
    /// returned placeholder has an empty <see cref="Gs1AiDefinition.Ai"/>.
    /// </summary>
    internal Gs1AiDefinition? LookupPrefix(ReadOnlySpan<char> data, bool permitUnknown)
    {
        if (data.Length < 2 || !Gs1Linters.AllDigits(data[..2]))
        {
            return null;
        }

        for (var length = 2; length <= 4 && length <= data.Length; length++)
        {
            if (_byAi.TryGetValue(data[..length].ToString(), out var known))
            {
                return known;
            }
        }

        if (!permitUnknown)
        {
            return null;
        }

        var aiLength = AiLengthByPrefix(data);
        if (aiLength == 0)
        {
            return new Gs1AiDefinition(string.Empty, "UNKNOWN", true, false, true, UnknownVariableComponents, [], [], null);
        }

        return aiLength > data.Length || !Gs1Linters.AllDigits(data[..aiLength]) ? null : Unknown(data[..aiLength].ToString(), aiLength);
    }

    private static Gs1AiDefinition Unknown(string ai, int aiLengthByPrefix)
    {
        var valueLength = PredefinedValueLength(ai);
        var fixedLength = (aiLengthByPrefix, valueLength) is (2, 2 or 14 or 16 or 18) or (3, 13) or (4, 6);
        var components = fixedLength
            ? [new Gs1AiComponent(Gs1CharacterSet.Cset82, valueLength, valueLength, isOptional: false, [])]
            : UnknownVariableComponents;
        return new Gs1AiDefinition(ai, "UNKNOWN", !fixedLength, false, true, components, [], [], null);
    }
}
