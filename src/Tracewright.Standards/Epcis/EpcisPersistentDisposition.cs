namespace Tracewright.Standards.Epcis;

/// <summary>Persistent dispositions to set and to unset; values are full URIs (CBV dispositions as GS1 Web URIs).</summary>
public sealed record EpcisPersistentDisposition(IReadOnlyList<string> Set, IReadOnlyList<string> Unset);
