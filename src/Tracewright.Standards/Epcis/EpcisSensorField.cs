namespace Tracewright.Standards.Epcis;

/// <summary>
/// One standard field of a sensorMetadata or sensorReport (e.g. <c>type</c>, <c>value</c>, <c>uom</c>, <c>time</c>).
/// <see cref="Name"/> is one of the names defined by EPCIS 2.0; vocabulary values (<c>type</c>, <c>exception</c>,
/// <c>component</c>) are stored as full URIs; numbers are stored in invariant culture with <see cref="Kind"/> Number.
/// </summary>
public sealed record EpcisSensorField(string Name, string Value, EpcisValueKind Kind);
