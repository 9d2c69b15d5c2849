using System.Globalization;

namespace Tracewright.Domain.Common;

/// <summary>Shared checks for the free-text and code fields people type or scan.</summary>
public static class Text
{
    /// <summary>Trims; refuses empty, over-long or control-character input, naming the field.</summary>
    public static Result<string> Required(string? value, string field, int maxLength = 200)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return new InvalidInput(field, $"{field} is required");
        }

        if (trimmed.Length > maxLength)
        {
            return new InvalidInput(field, $"{field} is longer than {maxLength} characters");
        }

        var bad = trimmed.IndexOfAny(ControlCharacters);
        if (bad >= 0)
        {
            return new InvalidInput(field, $"{field} contains a control character at position {bad + 1}");
        }

        return trimmed;
    }

    /// <summary>Like <see cref="Required"/> but null or blank is allowed and becomes null.</summary>
    public static Result<string?> Optional(string? value, string field, int maxLength = 200) =>
        string.IsNullOrWhiteSpace(value) ? (string?)null : Required(value, field, maxLength).Map<string?>(v => v);

    /// <summary>
    /// A code that people scan and type: letters, digits and <c>-._/</c>, no spaces. Kept as typed
    /// (case preserved) but compared case-insensitively by the callers that need it.
    /// </summary>
    public static Result<string> Code(string? value, string field, int maxLength = 64)
    {
        var required = Required(value, field, maxLength);
        if (!required.TryGet(out var code, out var error))
        {
            return error;
        }

        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/'))
            {
                return new InvalidInput(field, $"{field} '{code}' has '{c}' at position {i + 1}; use letters, digits and - . _ /");
            }
        }

        return code;
    }

    /// <summary>A strictly positive quantity.</summary>
    public static Result<decimal> Positive(decimal value, string field) =>
        value > 0 ? value : new InvalidInput(field, $"{field} must be greater than zero (got {value.ToString(CultureInfo.InvariantCulture)})");

    /// <summary>A decimal as typed ("2.5", invariant culture), strictly positive unless <paramref name="allowZero"/>.</summary>
    public static Result<decimal> Quantity(string? text, string field, bool allowZero = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InvalidInput(field, $"{field} is required");
        }

        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return new InvalidInput(field, $"{field} '{text}' is not a number");
        }

        return value > 0 || (allowZero && value == 0)
            ? value
            : new InvalidInput(field, $"{field} must be greater than {(allowZero ? "or equal to " : "")}zero (got {text.Trim()})");
    }

    /// <summary>A comma-separated list of quantities ("1,1,0.5").</summary>
    public static Result<IReadOnlyList<decimal>> Quantities(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InvalidInput(field, $"{field} is required");
        }

        var values = new List<decimal>();
        var parts = text.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            var one = Quantity(parts[i], field);
            if (!one.TryGet(out var value, out _))
            {
                return new InvalidInput(field, $"{field}: entry {i + 1} ('{parts[i].Trim()}') must be a number greater than zero");
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>One of an enum's names, case-insensitive; the error lists the allowed names.</summary>
    public static Result<T> Choice<T>(string? text, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InvalidInput(field, $"{field} is required; one of {string.Join(", ", Enum.GetNames<T>())}");
        }

        var compact = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return !compact.All(char.IsAsciiDigit) && Enum.TryParse<T>(compact, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : new InvalidInput(field, $"{field} '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    /// <summary>Splits a comma-separated list, trimming entries and dropping empty ones.</summary>
    public static IReadOnlyList<string> List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static readonly char[] ControlCharacters = Enumerable.Range(0, 32).Select(i => (char)i).Append((char)127).ToArray();
}
