namespace Tracewright.Standards.Epcis;

/// <summary>A master-data vocabulary element (a location, party, EPC class, ...): its id, attributes and child ids.</summary>
public sealed record EpcisVocabularyElement(string Id, IReadOnlyList<EpcisVocabularyAttribute> Attributes, IReadOnlyList<string> Children)
{
    /// <summary>The value of the first attribute whose id ends with <c>#name</c> or <c>/name</c> (names of parties and locations).</summary>
    public string? Name => Attributes.FirstOrDefault(a => a.Id.EndsWith("#name", StringComparison.Ordinal) || a.Id.EndsWith("/name", StringComparison.Ordinal))?.Value;
}
