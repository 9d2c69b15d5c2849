using System.Globalization;
using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>Our number for a filed certificate document: <c>CERT-000001</c>, assigned in order, never reused.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<CertificateId>))]
public readonly record struct CertificateId : IIdentifier<CertificateId>
{
    public const string Prefix = "CERT-";

    private CertificateId(string value) => Value = value;

    public string Value { get; }

    public static CertificateId FromNumber(long number) =>
        new(Prefix + number.ToString("000000", CultureInfo.InvariantCulture));

    public static Result<CertificateId> Parse(string? text)
    {
        var code = Text.Code(text, "certificate");
        if (!code.TryGet(out var value, out var error))
        {
            return error;
        }

        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && long.TryParse(value.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? FromNumber(number)
            : new InvalidInput("certificate", $"certificate '{value}' is not a certificate number like CERT-000001");
    }

    public override string ToString() => Value;
}
