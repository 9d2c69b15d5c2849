namespace Tracewright.Standards.Epcis;

/// <summary>A sensor element: optional metadata, one or more reports, and user extensions at sensorElement level.</summary>
public sealed record EpcisSensorElement(EpcisSensorPart? Metadata, IReadOnlyList<EpcisSensorPart> Reports, IReadOnlyList<EpcisExtensionElement> Extensions);
