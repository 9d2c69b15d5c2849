using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Gs1;

public sealed class DigitalLinkVectorTests
{
    public static IEnumerable<object[]> Cases() => VectorCase.Load(CorporaPaths.DigitalLink("gs1-syntax-engine-dl-vectors.jsonl"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void DigitalLink_VectorRow_MatchesExpectedResult(VectorCase vector)
    {
        var row = vector.Row;
        var input = row["input"]!.GetValue<string>();
        var options = VectorOptions.From(row);
        switch (row["kind"]!.GetValue<string>())
        {
            case "parseDLuri":
            {
                var ok = Gs1DigitalLink.TryParse(input, options, out var result, out var error);
                Assert.True(row["valid"]!.GetValue<bool>() == ok, error?.Message ?? "parsed unexpectedly");
                if (ok)
                {
                    Assert.Equal(row["expect_fnc1_string"]!.GetValue<string>(), result!.ToUnbracketedString());
                }

                break;
            }

            case "generateDLuri":
            {
                var expected = row["expect_uri"]?.GetValue<string>();
                string? uri = null;
                Gs1ParseError? error;
                var ok = Gs1ElementString.TryParseBracketed(input, options, out var elements, out error) &&
                    elements.TryToDigitalLinkUri(row["stem"]?.GetValue<string>(), out uri, out error);
                Assert.True(row["valid"]!.GetValue<bool>() == ok, error?.Message ?? "generated unexpectedly");
                Assert.Equal(expected, uri);
                break;
            }

            case "URIescape":
                Assert.Equal(row["expect_path_component"]!.GetValue<string>(), Gs1UriEscaping.Escape(input, isQueryComponent: false));
                Assert.Equal(row["expect_query_component"]!.GetValue<string>(), Gs1UriEscaping.Escape(input, isQueryComponent: true));
                break;

            case "URIunescape":
                Assert.Equal(VectorText.Decode(row["expect_path_component"]), Gs1UriEscaping.Unescape(input, isQueryComponent: false));
                Assert.Equal(VectorText.Decode(row["expect_query_component"]), Gs1UriEscaping.Unescape(input, isQueryComponent: true));
                break;

            default:
                Assert.Fail($"Unhandled vector kind '{row["kind"]}'.");
                break;
        }
    }
}
