using System.Globalization;
using System.Text;

namespace Tracewright.Domain.Common;

/// <summary>
/// How lot and serial numbers are made, e.g. the default lot pattern <c>{PREFIX}-{MM}{YY}-{NNN}</c> gives
/// <c>PLY-0524-001</c>. Tokens: <c>{PREFIX}</c>, <c>{YYYY}</c>, <c>{YY}</c>, <c>{MM}</c>, <c>{DD}</c>, exactly
/// one counter <c>{N…}</c> whose length is the minimum width, and optionally a final check character
/// <c>{C}</c> (Luhn mod 36 over the letters and digits before it, so a mistyped serial is caught).
/// Everything except the counter forms the counter's scope, so with the default pattern the counter
/// restarts per prefix and month and never repeats within a scope.
/// </summary>
public sealed class NumberPattern
{
    public const string Default = "{PREFIX}-{MM}{YY}-{NNN}";

    public const string DefaultSerial = "{PREFIX}{YY}{MM}{NNNNN}";

    private readonly IReadOnlyList<string> _tokens;

    private NumberPattern(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    public static Result<NumberPattern> Parse(string? text, string field = "lot-pattern")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InvalidInput(field, $"{field} is required");
        }

        var tokens = new List<string>();
        var counters = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '{')
            {
                var close = text.IndexOf('}', i);
                if (close < 0)
                {
                    return new InvalidInput(field, $"{field} '{text}' has an unclosed '{{' at position {i + 1}");
                }

                var token = text[(i + 1)..close];
                if (token.Length > 0 && token.All(c => c == 'N'))
                {
                    counters++;
                }
                else if (token == "C" && close != text.Length - 1)
                {
                    return new InvalidInput(field, $"{field} '{text}': the check character {{C}} must come last");
                }
                else if (token is not ("PREFIX" or "YYYY" or "YY" or "MM" or "DD" or "C"))
                {
                    return new InvalidInput(field, $"{field} '{text}' has an unknown token {{{token}}}; use PREFIX, YYYY, YY, MM, DD, N… and C");
                }

                tokens.Add("{" + token + "}");
                i = close + 1;
            }
            else
            {
                var next = text.IndexOf('{', i);
                var literal = next < 0 ? text[i..] : text[i..next];
                if (!literal.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/'))
                {
                    return new InvalidInput(field, $"{field} '{text}' may only hold letters, digits, - _ / between tokens");
                }

                tokens.Add(literal);
                i = next < 0 ? text.Length : next;
            }
        }

        return counters == 1
            ? new NumberPattern(text, tokens)
            : new InvalidInput(field, $"{field} '{text}' must contain exactly one counter such as {{NNN}}");
    }

    /// <summary>The counter's scope for a receipt: the pattern rendered with the counter left as '#'.</summary>
    public string Scope(string prefix, DateOnly date) => Render(prefix, date, counter: null);

    public string Format(string prefix, DateOnly date, long counter) => Render(prefix, date, counter);

    private string Render(string prefix, DateOnly date, long? counter)
    {
        var text = new StringBuilder();
        foreach (var token in _tokens)
        {
            text.Append(token switch
            {
                "{PREFIX}" => prefix,
                "{YYYY}" => date.Year.ToString("0000", CultureInfo.InvariantCulture),
                "{YY}" => (date.Year % 100).ToString("00", CultureInfo.InvariantCulture),
                "{MM}" => date.Month.ToString("00", CultureInfo.InvariantCulture),
                "{DD}" => date.Day.ToString("00", CultureInfo.InvariantCulture),
                "{C}" => counter is null ? "#" : CheckCharacter(text.ToString()).ToString(),
                _ when token.StartsWith("{N", StringComparison.Ordinal) =>
                    counter is { } n ? n.ToString(new string('0', token.Length - 2), CultureInfo.InvariantCulture) : "#",
                _ => token,
            });
        }

        return text.ToString();
    }

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Luhn mod N (N = 36) over the letters and digits of <paramref name="text"/>; other characters are skipped.</summary>
    public static char CheckCharacter(string text)
    {
        var factor = 2;
        var sum = 0;
        foreach (var c in text.ToUpperInvariant().Reverse())
        {
            var code = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (code < 0)
            {
                continue;
            }

            var addend = factor * code;
            factor = factor == 2 ? 1 : 2;
            sum += (addend / Alphabet.Length) + (addend % Alphabet.Length);
        }

        return Alphabet[(Alphabet.Length - (sum % Alphabet.Length)) % Alphabet.Length];
    }

    /// <summary>True when the last character is the check character of the rest.</summary>
    public static bool HasValidCheckCharacter(string text) => text.Length > 1 && CheckCharacter(text[..^1]) == char.ToUpperInvariant(text[^1]);
}
