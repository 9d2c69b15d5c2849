using System.Globalization;
using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// Our internal lot number (<c>PLY-0524-001</c>), or a piece cut from one (<c>ALU-0524-003.1</c>,
/// <c>ALU-0524-003.1.2</c>). Upper-case, unique across the shop, never reused.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<LotId>))]
public readonly record struct LotId : IIdentifier<LotId>
{
    private LotId(string value) => Value = value;

    public string Value { get; }

    public static Result<LotId> Parse(string? text) => Text.Code(text, "lot", 80).Map(v => new LotId(v.ToUpperInvariant()));

    /// <summary>The id of the <paramref name="index"/>-th piece cut from this lot.</summary>
    public LotId Piece(int index) => new($"{Value}.{index.ToString(CultureInfo.InvariantCulture)}");

    public override string ToString() => Value;
}
