using System.Text.Json.Serialization;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Production;

/// <summary>
/// One serialized unit: part number and serial together, written <c>ITEM:SERIAL</c> (a colon never occurs
/// in either part).
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<UnitId>))]
public readonly record struct UnitId : IIdentifier<UnitId>
{
    private UnitId(ItemCode item, SerialNumber serial)
    {
        Item = item;
        Serial = serial;
    }

    public ItemCode Item { get; }

    public SerialNumber Serial { get; }

    public string Value => $"{Item}:{Serial}";

    public static UnitId Of(ItemCode item, SerialNumber serial) => new(item, serial);

    public static Result<UnitId> Parse(string? text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0)
        {
            return new InvalidInput("unit", $"unit '{text}' must be written ITEM:SERIAL");
        }

        var item = ItemCode.Parse(text[..colon]);
        var serial = SerialNumber.Parse(text[(colon + 1)..]);
        var error = item.Error ?? serial.Error;
        return error is null ? new UnitId(item.Value, serial.Value) : error;
    }

    public override string ToString() => Value;
}
