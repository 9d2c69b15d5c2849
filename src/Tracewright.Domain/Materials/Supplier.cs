using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>A supplier, the person to call about a delivery, and the certificates every delivery from it must come with.</summary>
public sealed record Supplier(SupplierName Name, string? ContactName, string? Email, string? Phone, string? Address)
{
    /// <summary>Required of every delivery from this supplier, whatever the item; never holds a type twice.</summary>
    public IReadOnlyList<CertificateType> RequiredCertificates { get; init; } = [];

    public static Result<string?> ParseEmail(string? text)
    {
        var email = Text.Optional(text, "email", 254);
        if (!email.TryGet(out var value, out var error))
        {
            return error;
        }

        if (value is null)
        {
            return (string?)null;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && !value.Contains(' ', StringComparison.Ordinal) && value.IndexOf('.', at) > at + 1
            ? value
            : new InvalidInput("email", $"email '{value}' is not an e-mail address");
    }
}
