using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Gs1;

public sealed class ElementStringVectorTests
{
    public static IEnumerable<object[]> Cases() => VectorCase.Load(CorporaPaths.BarcodeSyntax("vectors", "ai-element-strings.jsonl"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_VectorRow_MatchesExpectedResult(VectorCase vector)
    {
        var row = vector.Row;
        var kind = row["kind"]!.GetValue<string>();
        var input = row["input"]!.GetValue<string>();
        var valid = row["valid"]!.GetValue<bool>();
        var options = VectorOptions.From(row, validateAssociations: kind == "validateAIassociations");
        switch (kind)
        {
            case "parseBracketedAIdata":
            case "validateAIassociations":
            {
                var ok = Gs1ElementString.TryParseBracketed(input, options, out var result, out var error);
                Assert.True(valid == ok, error?.Message ?? "parsed unexpectedly");
                if (ok && row["expect_fnc1_string"]?.GetValue<string>() is { } expected)
                {
                    Assert.Equal(expected, result!.ToUnbracketedString());
                }

                break;
            }

            case "processFNC1AIdata":
            {
                var ok = Gs1ElementString.TryParseUnbracketed(input, options, out var result, out var error);
                Assert.True(valid == ok, error?.Message ?? "parsed unexpectedly");
                if (ok)
                {
                    // Re-formatting may only differ by FNC1s that were superfluous in the input.
                    Assert.Equal(Strip(input), Strip(result!.ToUnbracketedString()));
                }

                break;
            }

            case "linterViaAI":
            {
                var expected = row["expect_linter_result"]!.GetValue<string>();
                var ok = Gs1ElementString.TryParseBracketed(input, options, out _, out var error);
                Assert.Equal(valid, ok);
                Assert.Equal(expected == Gs1LintCodes.Ok ? null : expected, error?.LinterError);
                break;
            }

            case "errMarkup":
            {
                var ok = Gs1ElementString.TryParseBracketed(input, options, out _, out var error);
                Assert.False(ok);
                Assert.Equal(row["expect_err_markup"]!.GetValue<string>(), error!.Markup);
                break;
            }

            default:
                Assert.Fail($"Unhandled vector kind '{kind}'.");
                break;
        }
    }

    private static string Strip(string fnc1Data) => fnc1Data.Replace("^", string.Empty, StringComparison.Ordinal);
}
