namespace Tracewright.Standards.Epcis;

/// <summary>A sensorMetadata or a sensorReport: its standard fields in document order and its user extensions.</summary>
public sealed record EpcisSensorPart(IReadOnlyList<EpcisSensorField> Fields, IReadOnlyList<EpcisExtensionElement> Extensions)
{
    /// <summary>The value of a standard field, or null when absent.</summary>
    public string? Get(string name) => Fields.FirstOrDefault(f => f.Name == name)?.Value;
}
