using System.Globalization;
using System.Text;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// How internal lot numbers are made, e.g. the default <c>{PREFIX}-{MM}{YY}-{NNN}</c> gives
/// <c>PLY-0524-001</c>. Tokens: <c>{PREFIX}</c>, <c>{YYYY}</c>, <c>{YY}</c>, <c>{MM}</c>, <c>{DD}</c> and exactly
/// one counter <c>{N…}</c> whose length is the minimum width. Everything except the counter forms the
/// counter's scope, so the counter restarts per prefix and month with the default pattern and never
/// repeats within a scope.
/// </summary>
public sealed class LotNumberPattern
{
    public const string Default = "{PREFIX}-{MM}{YY}-{NNN}";

    private readonly IReadOnlyList<string> _tokens;

    private LotNumberPattern(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    public static Result<LotNumberPattern> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InvalidInput("lot-pattern", "lot-pattern is required");
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
                    return new InvalidInput("lot-pattern", $"lot-pattern '{text}' has an unclosed '{{' at position {i + 1}");
                }

                var token = text[(i + 1)..close];
                if (token.Length > 0 && token.All(c => c == 'N'))
                {
                    counters++;
                }
                else if (token is not ("PREFIX" or "YYYY" or "YY" or "MM" or "DD"))
                {
                    return new InvalidInput("lot-pattern", $"lot-pattern '{text}' has an unknown token {{{token}}}; use PREFIX, YYYY, YY, MM, DD and N…");
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
                    return new InvalidInput("lot-pattern", $"lot-pattern '{text}' may only hold letters, digits, - _ / between tokens");
                }

                tokens.Add(literal);
                i = next < 0 ? text.Length : next;
            }
        }

        return counters == 1
            ? new LotNumberPattern(text, tokens)
            : new InvalidInput("lot-pattern", $"lot-pattern '{text}' must contain exactly one counter such as {{NNN}}");
    }

    /// <summary>The counter's scope for a receipt: the pattern rendered with the counter left as '#'.</summary>
    public string Scope(string prefix, DateOnly date) => Render(prefix, date, counter: null);

    public LotId Format(string prefix, DateOnly date, long counter) =>
        Identifier.FromStored<LotId>(Render(prefix, date, counter));

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
                _ when token.StartsWith("{N", StringComparison.Ordinal) =>
                    counter is { } n ? n.ToString(new string('0', token.Length - 2), CultureInfo.InvariantCulture) : "#",
                _ => token,
            });
        }

        return text.ToString();
    }
}
