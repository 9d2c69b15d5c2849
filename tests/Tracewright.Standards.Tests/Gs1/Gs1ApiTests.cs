using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Gs1;

public sealed class Gs1ApiTests
{
    [Fact]
    public void Default_EmbeddedDictionary_LoadsBundledRelease()
    {
        var dictionary = Gs1SyntaxDictionary.Default;

        Assert.Equal("2026-01-27", dictionary.Release);
        Assert.True(dictionary.TryGetDefinition("01", out var gtin));
        Assert.Equal("GTIN", gtin.Title);
        Assert.False(gtin.RequiresFnc1);
        Assert.True(gtin.IsDigitalLinkPrimaryKey);
        Assert.Equal("N14,csum,gcppos2", Assert.Single(gtin.Components).ToString());
        Assert.True(dictionary.TryGetDefinition("3105", out _));
        Assert.False(dictionary.TryGetDefinition("3106", out _));
    }

    [Fact]
    public void The_embedded_dictionary_is_the_release_the_test_vectors_were_written_against()
    {
        // The product carries its own copy (src/Tracewright.Standards/Gs1/Data); the vectors in the corpora were
        // written against the engine's bundled copy. They must be the same text, or the vector tests prove nothing.
        using var stream = typeof(Gs1SyntaxDictionary).Assembly.GetManifestResourceStream("gs1-syntax-dictionary.txt");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var embedded = reader.ReadToEnd();

        var corpora = File.ReadAllText(CorporaPaths.BarcodeSyntax("gs1-syntax-dictionary.txt"));

        Assert.Equal(corpora, embedded);
    }

    [Fact]
    public void Load_UnreleasedHeadDictionary_ParsesEveryEntry()
    {
        using var reader = File.OpenText(CorporaPaths.BarcodeSyntax("gs1-syntax-dictionary.unreleased-HEAD.txt"));

        var dictionary = Gs1SyntaxDictionary.Load(reader);

        Assert.True(dictionary.Definitions.Count > 400);
        Assert.True(dictionary.TryGetDefinition("8030", out var digsig));
        Assert.Equal(Gs1CharacterSet.Cset64, digsig.Components[0].CharacterSet);
    }

    [Fact]
    public void Load_UnknownLinter_ThrowsFormatException()
    {
        using var reader = new StringReader("99  ?  X..90,nosuchlinter  # INTERNAL");

        var exception = Assert.Throws<FormatException>(() => Gs1SyntaxDictionary.Load(reader));

        Assert.Contains("nosuchlinter", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(01)09506000134352(10)ABC(21)123")]
    [InlineData("^010950600013435210ABC^21123")]
    [InlineData("\u001d010950600013435210ABC\u001d21123")]
    [InlineData("]d2010950600013435210ABC\u001d21123")]
    [InlineData("]C1010950600013435210ABC\u001d21123")]
    [InlineData("]Q3010950600013435210ABC\u001d21123")]
    [InlineData("]e0010950600013435210ABC\u001d21123")]
    [InlineData("https://id.gs1.org/01/09506000134352/10/ABC/21/123")]
    [InlineData("https://brand.example.com/products/01/09506000134352/10/ABC/21/123")]
    public void TryParse_AnyNotation_YieldsSameElements(string text)
    {
        Assert.True(Gs1ElementString.TryParse(text, out var result, out var error), error?.Message);

        Assert.Equal(["01", "10", "21"], result.Elements.Select(e => e.Ai));
        Assert.Equal(["GTIN", "BATCH/LOT", "SERIAL"], result.Elements.Select(e => e.Title));
        Assert.Equal("(01)09506000134352(10)ABC(21)123", result.ToBracketedString());
        Assert.Equal("^010950600013435210ABC^21123", result.ToUnbracketedString());
        Assert.Equal("\u001d010950600013435210ABC\u001d21123", result.ToUnbracketedString(Gs1ElementString.GroupSeparator));
    }

    [Fact]
    public void TryParse_DigitalLinkWithQueryAttribute_ReturnsPathThenQueryElements()
    {
        Assert.True(Gs1ElementString.TryParse("https://id.gs1.org/01/09506000134352/10/ABC/21/123?17=241231", out var result, out var error), error?.Message);

        Assert.Equal("(01)09506000134352(10)ABC(21)123(17)241231", result.ToBracketedString());
        Assert.Equal("241231", result.GetValue("17"));
    }

    [Fact]
    public void TryToDigitalLinkUri_CustomDomain_OrdersQualifiersAndAttributes()
    {
        Assert.True(Gs1ElementString.TryParse("(17)241231(21)123(01)09506000134352(10)AB/C", out var result, out var error), error?.Message);

        Assert.True(result.TryToDigitalLinkUri("https://example.com/dl/", out var uri, out error), error?.Message);
        Assert.Equal("https://example.com/dl/01/09506000134352/10/AB%2FC/21/123?17=241231", uri);
        Assert.True(result.TryToDigitalLinkUri(null, out uri, out _));
        Assert.StartsWith(Gs1DigitalLink.CanonicalStem + "/01/", uri, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BadCheckDigit_ReportsAiPositionAndLinter()
    {
        Assert.False(Gs1ElementString.TryParse("(10)ABC(01)09506000134353", out _, out var error));

        Assert.Equal(Gs1ParseErrorKind.Content, error.Kind);
        Assert.Equal("01", error.Ai);
        Assert.Equal(24, error.Position);
        Assert.Equal(Gs1LintCodes.IncorrectCheckDigit, error.LinterError);
        Assert.Equal("(01)0950600013435|3|", error.Markup);
        Assert.Contains("AI (01)", error.Message, StringComparison.Ordinal);
        Assert.Contains("position 24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_IllegalDate_ReportsPositionInUnbracketedInput()
    {
        Assert.False(Gs1ElementString.TryParse("^010950600013435217241331", out _, out var error));

        Assert.Equal("17", error.Ai);
        Assert.Equal(Gs1LintCodes.IllegalMonth, error.LinterError);
        Assert.Equal(21, error.Position);
    }

    [Fact]
    public void TryParse_MissingRequisite_IsAssociationError()
    {
        Assert.False(Gs1ElementString.TryParse("(21)123", out _, out var error));

        Assert.Equal(Gs1ParseErrorKind.Association, error.Kind);
        Assert.Equal("21", error.Ai);
        Assert.Contains("(01)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RepeatedAiWithDifferentValues_IsAssociationError()
    {
        Assert.False(Gs1ElementString.TryParse("(01)09506000134352(10)A(10)B", out _, out var error));

        Assert.Equal(Gs1ParseErrorKind.Association, error.Kind);
        Assert.Equal("10", error.Ai);
    }

    [Fact]
    public void TryParse_MutuallyExclusiveAis_IsAssociationError()
    {
        Assert.False(Gs1ElementString.TryParse("(01)09506000134352(02)09506000134352(37)1", out _, out var error));

        Assert.Equal(Gs1ParseErrorKind.Association, error.Kind);
        Assert.Contains("invalid to pair", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ValidationOfAssociationsDisabled_AcceptsLoneSerial()
    {
        var options = Gs1ParseOptions.Default with { ValidateAssociations = false };

        Assert.True(Gs1ElementString.TryParse("(21)123", options, out var result, out _));
        Assert.Equal("123", result.GetValue("21"));
    }

    [Fact]
    public void TryParse_UnrecognisedNotation_ReturnsSyntaxError()
    {
        Assert.False(Gs1ElementString.TryParse("0109506000134352", out _, out var error));

        Assert.Equal(Gs1ParseErrorKind.Syntax, error.Kind);
        Assert.Equal(0, error.Position);
    }

    [Fact]
    public void TryParse_DigitalLinkQualifierOutOfOrder_IsDigitalLinkError()
    {
        Assert.False(Gs1DigitalLink.TryParse("https://id.gs1.org/01/09506000134352/21/123/10/ABC", out _, out var error));

        Assert.Equal(Gs1ParseErrorKind.DigitalLink, error.Kind);
    }

    [Fact]
    public void Run_CompanyPrefixLookupOffline_FailsClosed()
    {
        var result = Gs1Linters.Run("gcppos1", "9506000134352", new StubCompanyPrefixLookup(Gs1CompanyPrefixStatus.Offline, 0));

        Assert.Equal(Gs1LintCodes.GcpDatasourceOffline, result.Error);
    }
}
