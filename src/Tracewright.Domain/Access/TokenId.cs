using System.Globalization;
using System.Text.Json.Serialization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Access;

/// <summary>The public number of an API token, <c>TOK-0001</c>: what lists show and revocation names; never the secret.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<TokenId>))]
public readonly record struct TokenId : IIdentifier<TokenId>
{
    public const string Prefix = "TOK-";

    private TokenId(string value) => Value = value;

    public string Value { get; }

    public static TokenId FromNumber(long number) => new(Prefix + number.ToString("0000", CultureInfo.InvariantCulture));

    public static Result<TokenId> Parse(string? text)
    {
        var code = Text.Code(text, "token");
        if (!code.TryGet(out var value, out var error))
        {
            return error;
        }

        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && long.TryParse(value.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? FromNumber(number)
            : new InvalidInput("token", $"token '{value}' is not a token number like TOK-0001");
    }

    /// <summary>How a token appears as <c>recorded_by</c> in the ledger.</summary>
    public string Actor => $"token:{Value}";

    public override string ToString() => Value;
}
