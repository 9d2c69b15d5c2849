namespace Tracewright.Standards.Gs1;

/// <summary>
/// Why GS1 input was rejected. Invariant: <see cref="Message"/> is non-empty and, when the problem concerns one AI,
/// names it; <see cref="Position"/>, when known, is the zero-based index into the text that was parsed.
/// </summary>
public sealed record Gs1ParseError
{
    internal Gs1ParseError(Gs1ParseErrorKind kind, string message, string? ai = null, int? position = null, string? linterError = null, string? markup = null)
    {
        Kind = kind;
        Message = message;
        Ai = ai;
        Position = position;
        LinterError = linterError;
        Markup = markup;
    }

    /// <summary>Category of the failure.</summary>
    public Gs1ParseErrorKind Kind { get; }

    /// <summary>Human-readable explanation, including the AI and character position where known.</summary>
    public string Message { get; }

    /// <summary>The AI concerned, when the failure is specific to one AI.</summary>
    public string? Ai { get; }

    /// <summary>Zero-based position of the problem in the parsed text, when known.</summary>
    public int? Position { get; }

    /// <summary>The GS1 linter error name when a linter rejected the value (see <see cref="Gs1LintCodes"/>).</summary>
    public string? LinterError { get; }

    /// <summary>For linter failures, the AI and component with the bad span between bars, e.g. <c>(8001)1|X|34</c>.</summary>
    public string? Markup { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
