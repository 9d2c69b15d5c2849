namespace Tracewright.Standards.Gs1;

/// <summary>Category of a GS1 parse failure.</summary>
public enum Gs1ParseErrorKind
{
    /// <summary>The text is not in the expected notation (brackets, FNC1, URI or scan data structure).</summary>
    Syntax,

    /// <summary>An AI is not in the dictionary (or not acceptable as an unknown AI).</summary>
    UnknownAi,

    /// <summary>A value is empty, too short or too long.</summary>
    Length,

    /// <summary>A linter rejected a component (character set, check digit, date, code list...).</summary>
    Content,

    /// <summary>AIs are combined illegally: missing requisite, exclusive pair, or repeated AI with different values.</summary>
    Association,

    /// <summary>A GS1 Digital Link rule is broken (key/qualifier order, data attribute, duplicate AI...).</summary>
    DigitalLink,
}
