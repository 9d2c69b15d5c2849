using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// A unit of measure as written on the item (<c>kg</c>, <c>sheet</c>, <c>ea</c>), lower-case. Quantities are
/// never converted between units: a receipt or consumption in another unit than the item's is refused.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<UnitOfMeasure>))]
public readonly record struct UnitOfMeasure : IIdentifier<UnitOfMeasure>
{
    private UnitOfMeasure(string value) => Value = value;

    public string Value { get; }

    public static Result<UnitOfMeasure> Parse(string? text)
    {
        var required = Text.Required(text, "uom", 12);
        if (!required.TryGet(out var value, out var error))
        {
            return error;
        }

        return value.All(char.IsAsciiLetterOrDigit)
            ? new UnitOfMeasure(value.ToLowerInvariant())
            : new InvalidInput("uom", $"uom '{value}' must be letters and digits only (e.g. kg, g, sheet, ea, m)");
    }

    public override string ToString() => Value;
}
