namespace Tracewright.Standards.Epcis;

/// <summary>A source or destination. <see cref="Type"/> is required and is a full URI (CBV types as GS1 Web URIs).</summary>
public sealed record EpcisSourceDestination(string Value, string Type);
