using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// A supplier as the clerk names it ("Acme Metals"). Unique ignoring case, so "ACME metals" finds the same
/// supplier and cannot be registered twice.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<SupplierName>))]
public readonly record struct SupplierName : IIdentifier<SupplierName>
{
    private SupplierName(string value) => Value = value;

    public string Value { get; }

    /// <summary>The case-folded form the store uses as the unique key.</summary>
    public string Key => Value.ToUpperInvariant();

    public static Result<SupplierName> Parse(string? text) => Text.Required(text, "supplier", 120).Map(v => new SupplierName(v));

    public override string ToString() => Value;
}
