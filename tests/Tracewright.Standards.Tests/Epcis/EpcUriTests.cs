using System.Globalization;
using System.Text;
using Tracewright.Standards.Epcis;
using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>EPC URIs by the Tag Data Standard 2.x (issue 15): dots and punctuation inside serials and lots, escapes, every scheme.</summary>
public sealed class EpcUriTests
{
    /// <summary>GS1 AI encodable character set 82.</summary>
    private const string Set82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    private const string Punctuation = "!\"%&'()*+,-./:;<=>?_";

    [Theory]
    [InlineData("urn:epc:class:lgtin:4098765.040100.ALU-0125-01.1", "https://id.gs1.org/01/04098765401008/10/ALU-0125-01.1")]
    [InlineData("urn:epc:id:sgtin:4012345.011111.A.1", "https://id.gs1.org/01/04012345111118/21/A.1")]
    [InlineData("urn:epc:id:sgln:4012345.00005.x.y.z", "https://id.gs1.org/414/4012345000054/254/x.y.z")]
    [InlineData("urn:epc:id:giai:4012345.A.B.C", "https://id.gs1.org/8004/4012345A.B.C")]
    [InlineData("urn:epc:id:itip:4012345.011111.01.02.9.8.7", "https://id.gs1.org/8006/040123451111180102/21/9.8.7")]
    [InlineData("urn:epc:id:sgtin:4012345.011111.a%2fb", "https://id.gs1.org/01/04012345111118/21/a%2Fb")]
    public void Issue15_SerialsAndLotsWithDotsAreIdentifiers(string urn, string canonical)
    {
        Assert.True(EpcUri.TryParse(urn, out var epc, out var error), error?.ToString());
        Assert.Equal(canonical, epc.ToCanonicalDigitalLink());
        Assert.Equal(canonical, EpcisIdentifier.ToCanonicalDigitalLink(urn));
    }

    [Theory]
    [InlineData("urn:epc:id:gid:95100000.12345.400", true)]
    [InlineData("urn:epc:id:gid:95100000.012345.400", false)]
    [InlineData("urn:epc:id:usdod:2S194.12345678901", true)]
    [InlineData("urn:epc:id:adi:2S194.ABC-123%2F1.%23A1B2", true)]
    [InlineData("urn:epc:id:bic:CSQU3054383", true)]
    [InlineData("urn:epc:id:bic:CSQU3054384", false)]
    [InlineData("urn:epc:id:imovn:9176187", true)]
    [InlineData("urn:epc:id:imovn:9176188", false)]
    [InlineData("urn:epc:idpat:sgtin:4012345.*.*", true)]
    [InlineData("urn:epc:idpat:sgtin:4012345.*.5", false)]
    public void NonGs1SchemesAndPatternsAreReadByTheStandard(string urn, bool valid)
    {
        Assert.Equal(valid, EpcUri.TryParse(urn, out var epc, out _));
        if (valid)
        {
            Assert.Equal(urn, epc!.ToString());
            if (!epc.IsGs1)
                Assert.Null(epc.ToCanonicalDigitalLink());
        }
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:4012345.01111.1", 25, "13 digits")]
    [InlineData("urn:epc:id:sgtin:4012345.011111.a b", 33, "' '")]
    [InlineData("urn:epc:id:sgtin:4012345.011111.a/b", 33, "%2F")]
    [InlineData("urn:epc:id:sgtin:4012345.011111.a%41%4", 36, "escape")]
    [InlineData("urn:epc:id:sgtin:4012345.011111.123456789012345678901", 32, "at most 20")]
    [InlineData("urn:epc:id:sgtin:40123X5.011111.1", 17, "company prefix")]
    [InlineData("urn:epc:id:sscc:4012345.311111111", 24, "17 digits")]
    [InlineData("urn:epc:id:cpi:4012345.ab.1", 23, "component/part")]
    [InlineData("urn:epc:id:sgcn:4012345.00009.12a", 30, "digits")]
    [InlineData("urn:epc:id:sgtin:4012345.011111", 31, "3 dot-separated")]
    public void BadIdentifiersAreRefusedWithThePosition(string urn, int position, string message)
    {
        Assert.False(EpcUri.TryParse(urn, out _, out var error));
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Null(EpcisIdentifier.ToCanonicalDigitalLink(urn));
    }

    [Fact]
    public void ADigitalLinkWithAWrongCheckDigitIsRefusedWithThePosition()
    {
        Assert.False(Gs1DigitalLink.TryParse("https://id.gs1.org/01/04012345111119/21/A.1", out _, out var error));
        Assert.NotNull(error.Position);
    }

    /// <summary>
    /// A Digital Link's check digit is not checked at capture: valid-labelled corpus documents (openepcis' Combination_of_different_event)
    /// carry GRAIs with wrong check digits, and the reference hash generator canonicalises them all the same.
    /// </summary>
    [Theory]
    [InlineData("urn:epc:id:sgtin:4012345.011111.A%7E1", "escape '%7E'")]
    [InlineData("urn:epc:id:sgtin:4012345.01111.A", "13 digits")]
    public void ACapturedEpcUriThatIsNotWellFormedIsRefusedWithThePosition(string epc, string message)
    {
        var json = $$$"""
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
             "creationDate": "2024-06-05T10:00:00Z", "epcisBody": {"eventList": [{"type": "ObjectEvent", "eventTime": "2024-06-01T08:00:00Z",
             "eventTimeZoneOffset": "+00:00", "epcList": ["{{{epc}}}"], "action": "OBSERVE"}]}}
            """;
        var read = EpcisJsonReader.Read(json);

        var error = Assert.Single(read.Errors);
        Assert.Equal("$.epcisBody.eventList[0].epcList[0]", error.Location);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapesAreDecodedAndWrittenInCanonicalForm()
    {
        Assert.True(EpcUri.TryParse("urn:epc:id:sgtin:0614141.812345.6789%2f%26%25%22!%3F()", out var epc, out _));
        Assert.Equal("6789/&%\"!?()", epc.Components[2]);
        Assert.Equal("urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()", epc.ToString());
        Assert.Equal("(01)80614141123458(21)6789/&%\"!?\\()", epc.ToElementString());
    }

    /// <summary>
    /// Seeded property test: for every GS1 scheme, random valid components (every punctuation character of set 82, the escapes,
    /// dots inside free-text components, every company-prefix length) survive URN → Digital Link → element string → URN.
    /// </summary>
    [Theory]
    [InlineData("sgtin")]
    [InlineData("lgtin")]
    [InlineData("upui")]
    [InlineData("itip")]
    [InlineData("sscc")]
    [InlineData("sgln")]
    [InlineData("pgln")]
    [InlineData("grai")]
    [InlineData("giai")]
    [InlineData("gsrn")]
    [InlineData("gsrnp")]
    [InlineData("gdti")]
    [InlineData("sgcn")]
    [InlineData("cpi")]
    [InlineData("ginc")]
    [InlineData("gsin")]
    public void RandomIdentifiersRoundTripThroughDigitalLinkAndElementString(string scheme)
    {
        var random = new Random(20261202 + scheme.Sum(c => c));
        var seenPunctuation = new HashSet<char>();
        for (var n = 0; n < 400; n++)
        {
            var cp = random.Next(6, 13);
            var urn = RandomUrn(random, scheme, cp, n);
            seenPunctuation.UnionWith(Unescape(urn).Where(c => Punctuation.Contains(c, StringComparison.Ordinal)));

            Assert.True(EpcUri.TryParse(urn, out var epc, out var error), $"{urn}: {error}");
            Assert.Equal(urn, epc.ToString());
            var dl = epc.ToCanonicalDigitalLink();
            Assert.NotNull(dl);
            Assert.Equal(dl, EpcisIdentifier.ToCanonicalDigitalLink(urn));
            Assert.True(Gs1DigitalLink.TryParse(dl, out var fromDl, out var dlError), $"{urn} → {dl}: {dlError}");
            var elementString = fromDl.ToBracketedString();
            Assert.Equal(epc.ToElementString(), elementString);
            Assert.True(Gs1ElementString.TryParse(elementString, out var parsed, out var esError), $"{urn} → {elementString}: {esError}");
            Assert.True(EpcUri.TryFromElements(parsed, cp, out var back, out var backError), $"{urn} → {elementString}: {backError}");
            Assert.Equal(urn, back.ToString());
        }

        if (scheme is "sgtin" or "lgtin" or "upui" or "sgln" or "grai" or "giai" or "gdti" or "ginc" or "itip")
            Assert.Equal(Punctuation.Length, seenPunctuation.Count);
    }

    [Fact]
    public void RandomIdentifiersOfEveryCompanyPrefixLengthAreRefusedWhenOneCharacterIsOutsideTheSet()
    {
        var random = new Random(15);
        foreach (var scheme in new[] { "sgtin", "lgtin", "sgln", "grai", "giai", "gdti", "ginc", "upui" })
        {
            for (var n = 0; n < 50; n++)
            {
                var urn = RandomUrn(random, scheme, random.Next(6, 13), n);
                var at = urn.LastIndexOf('.') + 1 + random.Next(0, 1);
                var bad = urn[..at] + "é" + urn[at..];
                Assert.False(EpcUri.TryParse(bad, out _, out var error), bad);
                Assert.Equal(at, error.Position);
            }
        }
    }

    private static string RandomUrn(Random r, string scheme, int cp, int n)
    {
        string D(int count) => new(Enumerable.Range(0, count).Select(_ => (char)('0' + r.Next(10))).ToArray());
        string NoZero(int max)
        {
            var s = D(r.Next(1, max + 1)).TrimStart('0');
            return s.Length == 0 ? "1" : s; // AI 8011 refuses a zero prefix, "0" included
        }

        // The n-th text of a run starts with the n-th punctuation character so that every one is certainly covered.
        string T(int max)
        {
            var length = r.Next(1, max + 1);
            var sb = new StringBuilder();
            for (var i = 0; i < length; i++)
            {
                var c = i == 0 ? Punctuation[n % Punctuation.Length] : Set82[r.Next(Set82.Length)];
                sb.Append("\"%&/<>?".Contains(c, StringComparison.Ordinal) ? "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : c.ToString());
            }

            return sb.ToString();
        }

        var prefix = D(cp);
        var kind = scheme == "lgtin" ? "class" : "id";
        var body = scheme switch
        {
            "sgtin" or "lgtin" => $"{prefix}.{D(13 - cp)}.{T(20)}",
            "upui" => $"{prefix}.{D(13 - cp)}.{T(28)}",
            "itip" => $"{prefix}.{D(13 - cp)}.{r.Next(1, 50):00}.{r.Next(50, 100):00}.{T(20)}",
            "sscc" or "gsrn" or "gsrnp" => $"{prefix}.{D(17 - cp)}",
            "gsin" => $"{prefix}.{D(16 - cp)}",
            "pgln" => $"{prefix}.{D(12 - cp)}",
            "sgln" => $"{prefix}.{D(12 - cp)}.{T(20)}",
            "grai" => $"{prefix}.{D(12 - cp)}.{T(16)}",
            "gdti" => $"{prefix}.{D(12 - cp)}.{T(17)}",
            "sgcn" => $"{prefix}.{D(12 - cp)}.{D(r.Next(1, 13))}",
            "giai" or "ginc" => $"{prefix}.{T(30 - cp)}",
            "cpi" => $"{prefix}.{CpiRef(r, 30 - cp)}.{NoZero(12)}",
            _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
        };
        return $"urn:epc:{kind}:{scheme}:{body}";
    }

    private static string CpiRef(Random r, int max)
    {
        const string Chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-#/";
        var sb = new StringBuilder();
        for (var i = r.Next(1, max + 1); i > 0; i--)
        {
            var c = Chars[r.Next(Chars.Length)];
            sb.Append(c switch { '#' => "%23", '/' => "%2F", _ => c.ToString() });
        }

        return sb.ToString();
    }

    private static string Unescape(string urn) => Uri.UnescapeDataString(urn);
}
