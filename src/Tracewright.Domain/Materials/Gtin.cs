using System.Text.Json.Serialization;
using Tracewright.Domain.Common;
using Tracewright.Standards.Gs1;

namespace Tracewright.Domain.Materials;

/// <summary>
/// An item's GS1 Global Trade Item Number, always the 14 digits AI (01) carries: a GTIN-8, -12 or -13 is accepted and kept
/// with leading zeros, so a scan of any length finds the same item. Digits only, with a correct GS1 check digit.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<Gtin>))]
public readonly record struct Gtin : IIdentifier<Gtin>
{
    private Gtin(string value) => Value = value;

    /// <summary>The 14 digits.</summary>
    public string Value { get; }

    public static Result<Gtin> Parse(string? text) => Parse(text, "gtin");

    /// <summary>As <see cref="Parse(string?)"/>, naming the input <paramref name="field"/>; the message names it "GTIN", as people say it.</summary>
    public static Result<Gtin> Parse(string? text, string field) =>
        Gs1Gtin.TryNormalize(text, out var gtin14, out var problem)
            ? new Gtin(gtin14)
            : new InvalidInput(field, $"GTIN '{text?.Trim()}' {problem}");

    public override string ToString() => Value;
}
