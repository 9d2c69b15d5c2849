using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>A part number: names a design or material, never one physical thing. Letters, digits, - . _ /; upper-cased so a scan in either case finds it.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<ItemCode>))]
public readonly record struct ItemCode : IIdentifier<ItemCode>
{
    private ItemCode(string value) => Value = value;

    public string Value { get; }

    public static Result<ItemCode> Parse(string? text) => Text.Code(text, "item").Map(v => new ItemCode(v.ToUpperInvariant()));

    public override string ToString() => Value;
}
