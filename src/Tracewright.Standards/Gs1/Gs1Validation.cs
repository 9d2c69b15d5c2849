using System.Globalization;

namespace Tracewright.Standards.Gs1;

/// <summary>Value and association checks shared by every input notation.</summary>
internal static class Gs1Validation
{
    /// <summary>
    /// Length and "^" checks made before component linting: reporting a check-digit failure is unhelpful when the
    /// value is simply too long.
    /// </summary>
    public static Gs1ParseError? CheckLengthAndContent(Gs1AiDefinition definition, string ai, string value, int sourceOffset)
    {
        if (value.Length == 0)
        {
            return new Gs1ParseError(Gs1ParseErrorKind.Length, $"AI ({ai}) value is empty (position {sourceOffset}).", ai, sourceOffset);
        }

        if (value.Length < definition.MinLength)
        {
            return new Gs1ParseError(Gs1ParseErrorKind.Length,
                $"AI ({ai}) value is too short: {value.Length} characters, at least {definition.MinLength} required (position {sourceOffset}).", ai, sourceOffset);
        }

        if (value.Length > definition.MaxLength)
        {
            var at = sourceOffset + definition.MaxLength;
            return new Gs1ParseError(Gs1ParseErrorKind.Length,
                $"AI ({ai}) value is too long: {value.Length} characters, at most {definition.MaxLength} allowed (position {at}).", ai, at);
        }

        // "^" is reserved as the FNC1 notation, so accepting it as data would make the element string ambiguous.
        var caret = value.IndexOf('^', StringComparison.Ordinal);
        if (caret >= 0)
        {
            return new Gs1ParseError(Gs1ParseErrorKind.Content, $"AI ({ai}) contains an illegal '^' character at position {sourceOffset + caret}.", ai, sourceOffset + caret);
        }

        return null;
    }

    /// <summary>
    /// Applies the AI's components to <paramref name="data"/>, each consuming up to its maximum length, and runs the
    /// character-set and content linters. Returns how much of the data the AI consumed.
    /// </summary>
    public static Gs1ParseError? ValidateComponents(Gs1AiDefinition definition, string ai, string data, int sourceOffset, IGs1CompanyPrefixLookup? lookup, out int consumed)
    {
        consumed = 0;
        if (data.Length == 0)
        {
            return new Gs1ParseError(Gs1ParseErrorKind.Length, $"AI ({ai}) data is empty (position {sourceOffset}).", ai, sourceOffset);
        }

        var position = 0;
        foreach (var component in definition.Components)
        {
            var length = Math.Min(data.Length - position, component.MaxLength);
            if (component.IsOptional && length == 0)
            {
                continue;
            }

            if (length < component.MinLength)
            {
                return new Gs1ParseError(Gs1ParseErrorKind.Length,
                    $"AI ({ai}) data is too short: component {component} needs {component.MinLength} characters at position {sourceOffset + position}.", ai, sourceOffset + position);
            }

            var value = data.Substring(position, length);
            foreach (var linter in component.Linters.Prepend(component.CharacterSetLinter))
            {
                var result = Gs1Linters.Run(linter, value, lookup);
                if (result.IsOk)
                {
                    continue;
                }

                var errorAt = position + result.Position;
                var markup = $"({ai}){data[..errorAt]}|{data.Substring(errorAt, result.Length)}|{data[(errorAt + result.Length)..(position + length)]}";
                return new Gs1ParseError(Gs1ParseErrorKind.Content,
                    $"AI ({ai}): {Describe(result.Error!)} at position {sourceOffset + errorAt}: {markup}", ai, sourceOffset + errorAt, result.Error, markup);
            }

            position += length;
        }

        consumed = position;
        return null;
    }

    private static string Describe(string linterError)
    {
        // "GS1_LINTER_INCORRECT_CHECK_DIGIT" reads well enough as "incorrect check digit".
        var text = linterError.StartsWith("GS1_LINTER_", StringComparison.Ordinal) ? linterError["GS1_LINTER_".Length..] : linterError;
        return text.Replace('_', ' ').ToLowerInvariant() + $" ({linterError})";
    }

    /// <summary>Checks repeated AIs, <c>ex=</c>, <c>req=</c> and the digital-signature serialisation rule.</summary>
    public static Gs1ParseError? ValidateAssociations(IReadOnlyList<Gs1Element> elements)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            for (var j = i + 1; j < elements.Count; j++)
            {
                if (elements[j].Ai == element.Ai && elements[j].Value != element.Value)
                {
                    return new Gs1ParseError(Gs1ParseErrorKind.Association,
                        $"Multiple instances of AI ({element.Ai}) have different values ('{element.Value}' and '{elements[j].Value}').", element.Ai);
                }
            }

            foreach (var pattern in element.Definition.Exclusions)
            {
                var other = FindMatch(elements, pattern, element.Ai);
                if (other is not null)
                {
                    return new Gs1ParseError(Gs1ParseErrorKind.Association, $"It is invalid to pair AI ({element.Ai}) with AI ({other.Ai}).", element.Ai);
                }
            }

            foreach (var requisite in element.Definition.Requisites)
            {
                var satisfied = requisite.Any(alternative => alternative.All(pattern => FindMatch(elements, pattern, element.Ai) is not null));
                if (!satisfied)
                {
                    var text = string.Join(" or ", requisite.Select(a => string.Join("+", a.Select(p => $"({p})"))));
                    return new Gs1ParseError(Gs1ParseErrorKind.Association, $"AI ({element.Ai}) requires {text}, which is not present.", element.Ai);
                }
            }
        }

        return ValidateDigitalSignatureKey(elements);
    }

    private const string DigitalSignatureAi = "8030";

    private static Gs1ParseError? ValidateDigitalSignatureKey(IReadOnlyList<Gs1Element> elements)
    {
        // A digital signature is bound to one instance, so an identification key with an optional serial component
        // (GDTI, GCN, GRAI) must carry that serial component when (8030) is present.
        if (!elements.Any(e => e.Ai == DigitalSignatureAi))
        {
            return null;
        }

        foreach (var element in elements)
        {
            var definition = element.Definition;
            if (definition.IsDigitalLinkPrimaryKey && definition.Components.Any(c => c.IsOptional) && element.Value.Length <= definition.MinLength)
            {
                return new Gs1ParseError(Gs1ParseErrorKind.Association,
                    string.Create(CultureInfo.InvariantCulture, $"AI ({DigitalSignatureAi}) requires a serialised key, but AI ({element.Ai}) has no serial component."),
                    element.Ai);
            }
        }

        return null;
    }

    private static Gs1Element? FindMatch(IReadOnlyList<Gs1Element> elements, string pattern, string selfAi)
    {
        foreach (var candidate in elements)
        {
            // An AI never satisfies or violates its own rules, even when it matches a pattern such as "310n".
            if (candidate.Ai != selfAi && Matches(candidate.Ai, pattern))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Matches(string ai, string pattern)
    {
        if (ai.Length != pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < ai.Length; i++)
        {
            if (pattern[i] != 'n' && pattern[i] != ai[i])
            {
                return false;
            }
        }

        return true;
    }
}
