using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Gs1;

public sealed class ScanDataVectorTests
{
    public static IEnumerable<object[]> Cases() => VectorCase.Load(CorporaPaths.BarcodeSyntax("vectors", "scan-data.jsonl"));

    // Upstream symbology names used in the vectors.
    private static readonly Dictionary<string, Gs1Symbology> Symbologies = new(StringComparer.Ordinal)
    {
        ["DataBarOmni"] = Gs1Symbology.DataBarOmni,
        ["DataBarLimited"] = Gs1Symbology.DataBarLimited,
        ["DataBarExpanded"] = Gs1Symbology.DataBarExpanded,
        ["UPCA"] = Gs1Symbology.UpcA,
        ["UPCE"] = Gs1Symbology.UpcE,
        ["EAN13"] = Gs1Symbology.Ean13,
        ["EAN8"] = Gs1Symbology.Ean8,
        ["GS1_128_CCA"] = Gs1Symbology.Gs1128CcA,
        ["GS1_128_CCC"] = Gs1Symbology.Gs1128CcC,
        ["QR"] = Gs1Symbology.QrCode,
        ["DM"] = Gs1Symbology.DataMatrix,
        ["DotCode"] = Gs1Symbology.DotCode,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScanData_VectorRow_MatchesExpectedResult(VectorCase vector)
    {
        var row = vector.Row;
        var input = row["input"]!.GetValue<string>();
        var options = VectorOptions.From(row);
        if (row["kind"]!.GetValue<string>() == "processScanData")
        {
            var ok = Gs1ScanData.TryParse(input, options, out var result, out var error);
            Assert.True(row["valid"]!.GetValue<bool>() == ok, error?.Message ?? "parsed unexpectedly");
            var symbology = ok ? Symbologies.Single(s => s.Value == result!.Symbology).Key : "NONE";
            Assert.Equal(row["expect_symbology"]!.GetValue<string>(), symbology);
            Assert.Equal(row["expect_data_string"]!.GetValue<string>(), ok ? result!.DataString : string.Empty);
            return;
        }

        var expected = row["expect_scan_data"]?.GetValue<string>();
        var name = row["symbology"]!.GetValue<string>();
        string? scan = null;
        Gs1ParseError? failure = null;
        var generated = Symbologies.TryGetValue(name, out var target) &&
            Gs1ScanData.TryGenerate(target, input, options, VectorText.Flag(row, "AddCheckDigit"), out scan, out failure);
        Assert.True((expected is not null) == generated, failure?.Message ?? "generated unexpectedly");
        Assert.Equal(expected, scan);
    }
}
