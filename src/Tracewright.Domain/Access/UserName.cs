using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Access;

/// <summary>
/// A person's sign-in name: 2–64 lower-case letters, digits and <c>.-_@</c>. Stored lower-case so
/// "Dana" and "dana" are one user; it is what the ledger records as <c>recorded_by</c>.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<UserName>))]
public readonly record struct UserName : IIdentifier<UserName>
{
    private UserName(string value) => Value = value;

    public string Value { get; }

    public static Result<UserName> Parse(string? text)
    {
        var trimmed = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            return new InvalidInput("user", "user name is required");
        }

        if (trimmed.Length is < 2 or > 64 || !trimmed.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            return new InvalidInput("user", $"user name '{text}' must be 2 to 64 letters, digits or . - _ @");
        }

        return new UserName(trimmed);
    }

    public override string ToString() => Value;
}
