using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Production;

/// <summary>
/// A serial number: names one physical unit of one part number. Upper-cased as scanned; unique per item,
/// so the same text under another part number is a different unit.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<SerialNumber>))]
public readonly record struct SerialNumber : IIdentifier<SerialNumber>
{
    private SerialNumber(string value) => Value = value;

    public string Value { get; }

    public static Result<SerialNumber> Parse(string? text) => Text.Code(text, "serial", 40).Map(v => new SerialNumber(v.ToUpperInvariant()));

    public override string ToString() => Value;
}
