namespace Tracewright.Standards.Epcis;

/// <summary>A read point or business location: an identifier URI plus any user extensions inside it.</summary>
public sealed record EpcisLocation(string Id, IReadOnlyList<EpcisExtensionElement> Extensions);
