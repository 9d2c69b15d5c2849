using System.Text.Json.Serialization;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Quality;

/// <summary>A nonconformance report: NCR-0001. Numbers are never reused.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<NcrId>))]
public readonly record struct NcrId : IIdentifier<NcrId>
{
    public const string Prefix = "NCR";

    private NcrId(string value) => Value = value;

    public string Value { get; }

    public static NcrId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<NcrId> Parse(string? text) => NumberedId.Parse(text, "ncr", Prefix).Map(v => new NcrId(v));

    public override string ToString() => Value;
}
