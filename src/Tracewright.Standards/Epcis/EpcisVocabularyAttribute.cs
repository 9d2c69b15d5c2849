namespace Tracewright.Standards.Epcis;

/// <summary>
/// A master-data attribute: its id URI (e.g. <c>urn:epcglobal:cbv:mda#name</c>) and either a simple <see cref="Value"/>
/// or structured <see cref="Content"/> (e.g. an address).
/// </summary>
public sealed record EpcisVocabularyAttribute(string Id, string? Value, IReadOnlyList<EpcisExtensionElement> Content);
