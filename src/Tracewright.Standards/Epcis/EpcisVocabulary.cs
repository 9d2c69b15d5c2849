namespace Tracewright.Standards.Epcis;

/// <summary>A master-data vocabulary of one type (e.g. <c>urn:epcglobal:epcis:vtype:BusinessLocation</c>, <c>...:EPCClass</c>).</summary>
public sealed record EpcisVocabulary(string Type, IReadOnlyList<EpcisVocabularyElement> Elements);
