namespace Tracewright.Standards.Epcis;

/// <summary>A business transaction reference. <see cref="Type"/> is a full URI (CBV types as GS1 Web URIs) or null.</summary>
public sealed record EpcisBizTransaction(string Value, string? Type);
