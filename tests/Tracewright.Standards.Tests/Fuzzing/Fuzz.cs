using System.Globalization;
using System.Text;

namespace Tracewright.Standards.Tests.Fuzzing;

/// <summary>
/// Seeded fuzzing shared by every fuzz test: random text and mutations of corpus inputs. A run is fixed by its seed and
/// case count, so a failure is reproduced by the same two numbers. CI runs each target with its small default count;
/// <c>TRACEWRIGHT_FUZZ_CASES=100000</c> runs that many cases per target (the long version), and
/// <c>TRACEWRIGHT_FUZZ_SEED</c> picks another seed.
/// </summary>
public static class Fuzz
{
    public const int DefaultSeed = 20241114;

    /// <summary>Characters that parsers treat specially somewhere: brackets, separators, escapes, controls, odd Unicode.</summary>
    private static readonly string[] Tokens =
    [
        "(", ")", "^", "\u001d", "]", "]C1", "]d2", "]Q3", "\\", "\\(", "%", "%1D", "%2F", "%zz", "%%", "?", "&", "=", "#", "/", "//",
        "http://", "https://", "id.gs1.org", "/01/", "/21/", "/10/", "(01)", "(21)", "(10)", "(00)", "(8001)", "(99)", "(4321)",
        "\0", "\r\n", "\t", " ", "\"", "'", "<", ">", "&amp;", "&lt;", "{", "}", "[", "]", ",", ":", "null", "true", "false",
        "-0", "1e309", "-1", "0", "99999999999999999999", "NaN", "\uFEFF", "\u00e9", "\u200b", "\ud83d\ude00", "\ud800", "\uffff",
        "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\"?>", "xmlns=\"\"", "@context", "@id", "\u2028",
    ];

    /// <summary>How many cases a target runs: <c>TRACEWRIGHT_FUZZ_CASES</c> when set, otherwise <paramref name="ciDefault"/>.</summary>
    public static int Cases(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("TRACEWRIGHT_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciDefault;

    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("TRACEWRIGHT_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    /// <summary>True when a long run was asked for (more cases than CI's default).</summary>
    public static bool IsLong(int ciDefault) => Cases(ciDefault) > ciDefault;

    /// <summary>One generator per target, so adding a target does not change what the others generate.</summary>
    public static Random RandomFor(string target)
    {
        var hash = 17;
        foreach (var c in target)
        {
            hash = unchecked((hash * 31) + c);
        }

        return new Random(Seed ^ hash);
    }

    /// <summary>Random text of up to <paramref name="maxLength"/> characters, mixing tokens, ASCII and arbitrary UTF-16 units.</summary>
    public static string RandomText(Random random, int maxLength)
    {
        var length = random.Next(maxLength + 1);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(random.Next(6) switch
            {
                0 => Tokens[random.Next(Tokens.Length)],
                1 => ((char)random.Next(0x20, 0x7f)).ToString(),
                2 => ((char)random.Next(0x30, 0x3a)).ToString(),
                3 => ((char)random.Next(0, 0x10000)).ToString(),
                4 => ((char)random.Next(0x41, 0x5b)).ToString(),
                _ => ((char)random.Next(0, 0x20)).ToString(),
            });
        }

        return text.ToString();
    }

    /// <summary>
    /// One to four edits of <paramref name="input"/>: a character replaced, inserted or deleted, a range deleted, repeated or
    /// moved, a token inserted, the text cut short, or a piece of <paramref name="other"/> spliced in.
    /// </summary>
    public static string Mutate(Random random, string input, string? other = null)
    {
        var text = new StringBuilder(input);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            var span = text.Length == 0 ? 0 : Math.Min(text.Length - at, 1 + random.Next(Math.Max(1, text.Length / 8)));
            switch (random.Next(10))
            {
                case 0 when text.Length > 0:
                    text[at] = (char)random.Next(0, 0x80);
                    break;
                case 1:
                    text.Insert(at, (char)random.Next(0, 0x10000));
                    break;
                case 2 when text.Length > 0:
                    text.Remove(at, 1);
                    break;
                case 3:
                    text.Remove(at, span);
                    break;
                case 4:
                    text.Insert(at, text.ToString(at, span));
                    break;
                case 5:
                    var moved = text.ToString(at, span);
                    text.Remove(at, span);
                    text.Insert(random.Next(text.Length + 1), moved);
                    break;
                case 6:
                case 7:
                    text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 8:
                    text.Length = at;
                    break;
                case 9 when other is { Length: > 0 }:
                    var from = random.Next(other.Length);
                    text.Insert(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(64))));
                    break;
                default:
                    text.Append(Tokens[random.Next(Tokens.Length)]);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A case's input in a failure message: escaped, and cut to a readable length.</summary>
    public static string Show(string input)
    {
        var shown = new StringBuilder();
        foreach (var c in input.Length > 400 ? input[..400] : input)
        {
            shown.Append(c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return input.Length > 400 ? $"{shown}… ({input.Length} chars)" : shown.ToString();
    }

    /// <summary>
    /// Runs <paramref name="cases"/> inputs through <paramref name="check"/>: mostly mutations of the seeds (sometimes spliced
    /// with another seed; half of them by <paramref name="structural"/>, which keeps the syntax valid, when given), some random text. <paramref name="check"/> answers true when the input was accepted and false when
    /// it was refused with an error value, and fails an assertion when a property does not hold; anything it throws is a
    /// failure reported with the case's number and input. Returns the line to print.
    /// </summary>
    public static async Task<string> RunAsync(
        string target, int cases, IReadOnlyList<string> seeds, int maxRandomLength, Func<string, Task<bool>> check, Func<Random, string, string>? structural = null)
    {
        var random = RandomFor(target);
        int accepted = 0, rejected = 0;
        var failures = new List<string>();
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var roll = random.Next(10);
            var seed = seeds.Count == 0 ? "" : seeds[random.Next(seeds.Count)];
            var input = seeds.Count == 0 || roll == 0
                ? RandomText(random, maxRandomLength)
                : roll == 1
                    ? seed
                    : structural is not null && roll >= 5
                        ? structural(random, seed)
                        : Mutate(random, seed, roll == 2 ? seeds[random.Next(seeds.Count)] : null);
            try
            {
                if (await check(input))
                {
                    accepted++;
                }
                else
                {
                    rejected++;
                }
            }
            catch (Exception ex)
            {
                // The whole input goes to a file: the message shows only its start.
                var kept = Path.Combine(Path.GetTempPath(), "tracewright-fuzz", $"{target}-seed{Seed}-case{i}.txt");
                Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
                await File.WriteAllTextAsync(kept, input);
                failures.Add($"case {i} (seed {Seed}): {ex.GetType().Name}: {ex.Message}{Environment.NewLine}    input ({kept}): {Show(input)}");
            }
        }

        Assert.True(failures.Count == 0, $"fuzz {target} failed:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        return Report(target, accepted + rejected, accepted, rejected);
    }

    /// <inheritdoc cref="RunAsync"/>
    public static string Run(string target, int cases, IReadOnlyList<string> seeds, int maxRandomLength, Func<string, bool> check, Func<Random, string, string>? structural = null) =>
        RunAsync(target, cases, seeds, maxRandomLength, input => Task.FromResult(check(input)), structural).GetAwaiter().GetResult();

    /// <summary>The line a fuzz test prints, and the figure docs/RELIABILITY.md reports.</summary>
    public static string Report(string target, int cases, int accepted, int rejected) =>
        $"fuzz {target}: seed {Seed}, {cases} cases, {accepted} accepted, {rejected} rejected with an error value, 0 crashes";
}
