using System.Globalization;
using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Production;

/// <summary>Shared shape of our numbered records: a prefix, a dash and at least four digits (MFG-0056).</summary>
public static class NumberedId
{
    public static string Format(string prefix, long number) => $"{prefix}-{number.ToString("0000", CultureInfo.InvariantCulture)}";

    public static Result<string> Parse(string? text, string field, string? requiredPrefix = null)
    {
        var code = Text.Code(text, field, 40);
        if (!code.TryGet(out var value, out var error))
        {
            return error;
        }

        value = value.ToUpperInvariant();
        var dash = value.LastIndexOf('-');
        var valid = dash > 0
            && value[..dash].All(char.IsAsciiLetterUpper)
            && value.Length - dash - 1 >= 4
            && value[(dash + 1)..].All(char.IsAsciiDigit)
            && (requiredPrefix is null || value[..dash] == requiredPrefix);
        return valid
            ? value
            : new InvalidInput(field, $"{field} '{text}' is not a number like {requiredPrefix ?? "MFG"}-0001");
    }

    /// <summary>The number of a well-formed id (MFG-0056 → 56), for the counter that hands out the next one.</summary>
    public static long NumberOf(string id) => long.Parse(id.AsSpan(id.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The counter scope for a prefix; numbers are never reused within it.</summary>
    public static string Scope(string prefix) => prefix + "-#";

    /// <summary>A record prefix as configured: 2 to 8 upper-case letters.</summary>
    public static Result<string> ParsePrefix(string? text, string field)
    {
        var prefix = text?.Trim().ToUpperInvariant() ?? "";
        return prefix.Length is >= 2 and <= 8 && prefix.All(char.IsAsciiLetterUpper)
            ? prefix
            : new InvalidInput(field, $"{field} '{text}' must be 2 to 8 letters, e.g. MFG");
    }
}

/// <summary>A bill of materials: BOM-0001.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<BomId>))]
public readonly record struct BomId : IIdentifier<BomId>
{
    public const string Prefix = "BOM";

    private BomId(string value) => Value = value;

    public string Value { get; }

    public static BomId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<BomId> Parse(string? text) => NumberedId.Parse(text, "bom", Prefix).Map(v => new BomId(v));

    public override string ToString() => Value;
}

/// <summary>A manufacture record: MFG-0056 (the prefix is configurable; numbers are never reused).</summary>
[JsonConverter(typeof(IdentifierJsonConverter<ManufactureId>))]
public readonly record struct ManufactureId : IIdentifier<ManufactureId>
{
    public const string DefaultPrefix = "MFG";

    private ManufactureId(string value) => Value = value;

    public string Value { get; }

    public static ManufactureId Create(string prefix, long number) => new(NumberedId.Format(prefix, number));

    public static Result<ManufactureId> Parse(string? text) => NumberedId.Parse(text, "record").Map(v => new ManufactureId(v));

    public override string ToString() => Value;
}
