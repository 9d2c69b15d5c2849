using System.Text.Json.Serialization;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Quality;

/// <summary>A corrective and preventive action record: CAPA-0001. Numbers are never reused.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<CapaId>))]
public readonly record struct CapaId : IIdentifier<CapaId>
{
    public const string Prefix = "CAPA";

    private CapaId(string value) => Value = value;

    public string Value { get; }

    public static CapaId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<CapaId> Parse(string? text) => NumberedId.Parse(text, "capa", Prefix).Map(v => new CapaId(v));

    public override string ToString() => Value;
}
