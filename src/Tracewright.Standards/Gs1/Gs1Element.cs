namespace Tracewright.Standards.Gs1;

/// <summary>
/// One validated AI element: the AI, its data title and its value. Invariant: <see cref="Value"/> satisfied the
/// syntax and linters of <see cref="Definition"/> when the element was created (elements are only created by parsing).
/// </summary>
public sealed record Gs1Element
{
    internal Gs1Element(string ai, string value, Gs1AiDefinition definition)
    {
        Ai = ai;
        Value = value;
        Definition = definition;
    }

    /// <summary>The AI digits, e.g. <c>01</c>.</summary>
    public string Ai { get; }

    /// <summary>The AI value.</summary>
    public string Value { get; }

    /// <summary>The data title, e.g. <c>GTIN</c> (<c>UNKNOWN</c> for a permitted unknown AI).</summary>
    public string Title => Definition.Title;

    /// <summary>The dictionary entry that validated the value.</summary>
    public Gs1AiDefinition Definition { get; }

    /// <inheritdoc />
    public override string ToString() => $"({Ai}){Value}";
}
