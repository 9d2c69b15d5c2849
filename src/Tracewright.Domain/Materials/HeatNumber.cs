using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// The heat (metals) or batch/lot number the supplier marked on the material and printed on its
/// certificate. Kept exactly as marked; two heat numbers match when they are equal ignoring case and
/// surrounding space, because stamps and certificates differ in nothing else we should forgive.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<HeatNumber>))]
public readonly record struct HeatNumber : IIdentifier<HeatNumber>
{
    private HeatNumber(string value) => Value = value;

    public string Value { get; }

    public static Result<HeatNumber> Parse(string? text) => Text.Code(text, "heat").Map(v => new HeatNumber(v));

    public bool Matches(HeatNumber other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Value;
}
