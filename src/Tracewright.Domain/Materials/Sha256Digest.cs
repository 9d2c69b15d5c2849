using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>The SHA-256 of a stored file, lower-case hex; the file's address in the document store.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<Sha256Digest>))]
public readonly record struct Sha256Digest : IIdentifier<Sha256Digest>
{
    private Sha256Digest(string value) => Value = value;

    public string Value { get; }

    public static Sha256Digest Of(ReadOnlySpan<byte> content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Result<Sha256Digest> Parse(string? text) =>
        text is { Length: 64 } && text.All(char.IsAsciiHexDigitLower)
            ? new Sha256Digest(text)
            : new InvalidInput("sha256", $"'{text}' is not a lower-case hex SHA-256 digest");

    public override string ToString() => Value;
}
