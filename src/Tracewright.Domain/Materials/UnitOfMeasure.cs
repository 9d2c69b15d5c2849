using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// A unit of measure as written on the item (<c>kg</c>, <c>sheet</c>, <c>ea</c>), lower-case, and the UN/CEFACT Rec. 20 code it
/// stands for (<see cref="Rec20"/>). Quantities are never converted between units: a receipt or consumption in another unit
/// than the item's is refused. <see cref="Parse"/> takes any word (records written before the Rec. 20 table must still read
/// back); a new item's unit goes through <see cref="ParseKnown"/>, which takes only words and codes the table knows.
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

    /// <summary>
    /// A unit for a new item: a word or Rec. 20 code of <see cref="Rec20Units"/>; anything else is refused naming the nearest
    /// ones, since an unknown unit could not be exchanged in EPCIS.
    /// </summary>
    public static Result<UnitOfMeasure> ParseKnown(string? text, string field = "uom")
    {
        var parsed = Parse(text);
        if (!parsed.TryGet(out var uom, out var error))
        {
            return error;
        }

        return uom.Rec20 is not null
            ? uom
            : new InvalidInput(field, $"{field} '{uom.Value}' is not a unit Tracewright knows (UN/CEFACT Rec. 20); nearest: {string.Join(", ", Rec20Units.Nearest(uom.Value))}");
    }

    /// <summary>The word for a Rec. 20 code read from an EPCIS document (<c>KGM</c> → <c>kg</c>); the code itself when the table has none.</summary>
    public static UnitOfMeasure FromRec20(string code) =>
        new(Rec20Units.FromCode(code)?.Words[0] ?? code.ToLowerInvariant());

    /// <summary>The Rec. 20 unit this word stands for, or null for a word outside the table (only in records older than it).</summary>
    public Rec20Unit? Rec20 => Value is null ? null : Rec20Units.Find(Value);

    /// <summary>True when both are the same Rec. 20 unit (<c>kg</c> and <c>kilogram</c>), or the same word.</summary>
    public bool SameUnitAs(UnitOfMeasure other) =>
        Value == other.Value || (Rec20 is { } mine && other.Rec20 is { } theirs && mine.Code == theirs.Code);

    public override string ToString() => Value;
}
