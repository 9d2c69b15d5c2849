namespace Tracewright.Standards.Gs1;

/// <summary>
/// The syntax of one GS1 Application Identifier as described by the syntax dictionary. Invariants: <see cref="Ai"/>
/// is 2 to 4 digits (or empty for an unknown AI of undetermined length); <see cref="Components"/> is non-empty and no
/// mandatory component follows an optional one.
/// </summary>
public sealed class Gs1AiDefinition
{
    internal Gs1AiDefinition(
        string ai,
        string title,
        bool requiresFnc1,
        bool isDigitalLinkDataAttribute,
        bool isUnknown,
        IReadOnlyList<Gs1AiComponent> components,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> requisites,
        IReadOnlyList<string> exclusions,
        IReadOnlyList<IReadOnlyList<string>>? digitalLinkQualifiers)
    {
        Ai = ai;
        Title = title;
        RequiresFnc1 = requiresFnc1;
        IsDigitalLinkDataAttribute = isDigitalLinkDataAttribute;
        IsUnknown = isUnknown;
        Components = components;
        Requisites = requisites;
        Exclusions = exclusions;
        DigitalLinkQualifiers = digitalLinkQualifiers;
        MinLength = components.Where(c => !c.IsOptional).Sum(c => c.MinLength);
        MaxLength = components.Sum(c => c.MaxLength);
    }

    /// <summary>The AI digits, e.g. <c>01</c>.</summary>
    public string Ai { get; }

    /// <summary>The data title from the dictionary, e.g. <c>GTIN</c>; may be empty.</summary>
    public string Title { get; }

    /// <summary>False for predefined-length AIs (flag <c>*</c>) that are never followed by an FNC1 separator.</summary>
    public bool RequiresFnc1 { get; }

    /// <summary>True when the AI may appear as a GS1 Digital Link query-string data attribute (flag <c>?</c>).</summary>
    public bool IsDigitalLinkDataAttribute { get; }

    /// <summary>True for a placeholder created for an AI absent from the dictionary (only with unknown AIs permitted).</summary>
    public bool IsUnknown { get; }

    /// <summary>Components of the data field, applied in order.</summary>
    public IReadOnlyList<Gs1AiComponent> Components { get; }

    /// <summary>
    /// Each <c>req=</c> attribute: a list of alternatives, each a set of AIs or patterns (<c>n</c> = any digit) that
    /// must all be present. Every <c>req=</c> must be satisfied by at least one alternative.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> Requisites { get; }

    /// <summary>AIs or patterns (from <c>ex=</c>) that must not appear together with this AI.</summary>
    public IReadOnlyList<string> Exclusions { get; }

    /// <summary>For a Digital Link primary key, the alternative ordered qualifier sequences; null otherwise.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? DigitalLinkQualifiers { get; }

    /// <summary>True when the AI is a GS1 Digital Link primary key (attribute <c>dlpkey</c>).</summary>
    public bool IsDigitalLinkPrimaryKey => DigitalLinkQualifiers is not null;

    /// <summary>Minimum total value length.</summary>
    public int MinLength { get; }

    /// <summary>Maximum total value length.</summary>
    public int MaxLength { get; }

    /// <inheritdoc />
    public override string ToString() => $"({Ai}) {Title}";
}
