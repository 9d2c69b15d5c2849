using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using QRCoder;
using Tracewright.Domain.Common;
using Tracewright.Labels;

namespace Tracewright.Tests.Labels;

/// <summary>Labels carry exactly their payload's QR code and their text, in every format and on every sheet.</summary>
public sealed class LabelRenderingTests
{
    private const string Gtin = "09506000134352";

    internal static LabelData Piece(string id = "ALU-0524-001.2", string? payload = null) =>
        new(LabelKind.Piece, id, "ALU-6061-PLATE", "6061-T6 aluminum plate 300x300x10 mm", payload ?? id, "H-24-0117", "ALU-0524-001", 1m, "ea");

    /// <summary>QRCoder's own matrix for the payload, quiet zone included: the reference every format is compared with.</summary>
    internal static bool[,] Reference(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var size = data.ModuleMatrix.Count;
        var matrix = new bool[size, size];
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                matrix[r, c] = data.ModuleMatrix[r][c];
            }
        }

        return matrix;
    }

    internal static LabelFile Render(IReadOnlyList<LabelData> labels, LabelFormat format, LabelSheet sheet)
    {
        var file = LabelRenderer.Render(labels, format, sheet);
        Assert.True(file.IsSuccess, file.Error?.ToString());
        return file.Value;
    }

    [Fact]
    public void Payload_WithoutGtin_IsTheIdItself() =>
        Assert.Equal("ALU-0524-001.2", QrPayload.For(LabelKind.Piece, "ALU-0524-001.2", null).Value);

    [Fact]
    public void Payload_LotWithGtin_IsADigitalLinkWithBatch() =>
        Assert.Equal("https://id.gs1.org/01/09506000134352/10/ALU-0524-001", QrPayload.For(LabelKind.Lot, "ALU-0524-001", Gtin).Value);

    [Fact]
    public void Payload_PieceWithGtin13_IsPaddedAndSerialised() =>
        Assert.Equal("https://id.gs1.org/01/09506000134352/21/ALU-0524-001.2", QrPayload.For(LabelKind.Piece, "ALU-0524-001.2", "9506000134352").Value);

    [Fact]
    public void Payload_CustomDomain_KeepsItsPathAndDropsTheTrailingSlash() =>
        Assert.Equal("https://trace.example.com/dl/01/09506000134352/21/PLA-0424-01", QrPayload.For(LabelKind.Unit, "PLA-0424-01", Gtin, "https://trace.example.com/dl/").Value);

    [Fact]
    public void Payload_CharactersOutsideTheUriSet_ArePercentEncoded() =>
        Assert.Equal("https://id.gs1.org/01/09506000134352/10/ACR%2F05", QrPayload.For(LabelKind.Lot, "ACR/05", Gtin).Value);

    [Theory]
    [InlineData("09506000134353", null, "gtin")]
    [InlineData("95060001343", null, "gtin")]
    [InlineData(Gtin, "ftp://id.example.com", "domain")]
    [InlineData(null, "https://id.example.com", "domain")]
    public void Payload_BadGtinOrDomain_IsInvalidInputNamingTheField(string? gtin, string? domain, string field)
    {
        var error = QrPayload.For(LabelKind.Lot, "ALU-0524-001", gtin, domain).Error;
        Assert.IsType<InvalidInput>(error);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Payload_IdLongerThanGs1Allows_IsInvalidInput()
    {
        var error = QrPayload.For(LabelKind.Lot, "ALU-0524-001.1.2.3.4.5.6", Gtin).Error;
        Assert.Equal("id", error?.Field);
    }

    [Fact]
    public void Svg_IsWellFormed_HasExactlyTheQrModulesAndTheReadableText()
    {
        var label = Piece();
        var svg = Encoding.UTF8.GetString(Render([label], LabelFormat.Svg, LabelSheet.L7160).Content);
        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        Assert.Equal("63.5mm", document.Root.Attribute("width")!.Value);

        var path = document.Descendants(ns + "path").Single(p => p.Attribute("class")?.Value == "qr").Attribute("d")!.Value;
        var reference = Reference(label.QrPayload);
        var drawn = new bool[reference.GetLength(0), reference.GetLength(1)];
        var runs = Regex.Matches(path, @"M(\d+),(\d+)h(\d+)v1h-\3z");
        Assert.Equal(path.Length, runs.Sum(m => m.Length)); // nothing in the path but module runs
        foreach (Match run in runs)
        {
            var (column, row, length) = (int.Parse(run.Groups[1].Value), int.Parse(run.Groups[2].Value), int.Parse(run.Groups[3].Value));
            for (var c = column; c < column + length; c++)
            {
                Assert.False(drawn[row, c], $"module ({row},{c}) drawn twice");
                drawn[row, c] = true;
            }
        }

        Assert.Equal(reference, drawn);
        var texts = document.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Equal("ALU-0524-001.2", texts[0]);
        Assert.Contains("Heat H-24-0117", texts);
        Assert.Contains("Cut from ALU-0524-001", texts);
        Assert.Contains("Qty 1 ea", texts);
    }

    [Fact]
    public void Svg_EscapesMarkupInText()
    {
        var label = Piece() with { Description = "Plate <10 mm> & \"cut\"" };
        var document = XDocument.Parse(Encoding.UTF8.GetString(Render([label], LabelFormat.Svg, LabelSheet.Thermal4x6).Content));
        Assert.Contains(document.Descendants().Where(e => e.Name.LocalName == "text"), t => t.Value == "Plate <10 mm> & \"cut\"");
    }

    public static TheoryData<string, int, int> SheetPages => new()
    {
        { "l7160", 1, 1 },
        { "l7160", 21, 1 },
        { "l7160", 22, 2 },
        { "5160", 30, 1 },
        { "5160", 31, 2 },
        { "4x6", 3, 3 },
    };

    [Theory]
    [MemberData(nameof(SheetPages))]
    public void Pdf_HasOnePagePerSheetfulAndEveryIdAsText(string sheetName, int count, int pages)
    {
        var sheet = LabelSheet.Parse(sheetName).Value;
        var labels = Enumerable.Range(1, count).Select(i => Piece($"ALU-0524-001.{i}")).ToList();
        var pdf = LabelFiles.ReadPdf(Render(labels, LabelFormat.Pdf, sheet).Content);
        Assert.Equal(pages, pdf.PageCount);
        for (var i = 0; i < count; i++)
        {
            Assert.Contains($"ALU-0524-001.{i + 1}", pdf.PageTexts[i / sheet.LabelsPerPage]);
        }
    }

    [Fact]
    public void Pdf_PageIsTheSheetsPaperSize()
    {
        var content = Encoding.Latin1.GetString(Render([Piece()], LabelFormat.Pdf, LabelSheet.Avery5160).Content);
        Assert.Contains("/MediaBox [0 0 612 792]", content, StringComparison.Ordinal); // US Letter in points
    }

    [Fact]
    public void Pdf_TextOutsideWinAnsi_DoesNotBreakTheFile()
    {
        var label = Piece() with { Description = "Płyta (ø 10) \\ Ω" };
        var pdf = LabelFiles.ReadPdf(Render([label], LabelFormat.Pdf, LabelSheet.Thermal4x6).Content);
        Assert.Contains("P?yta (\u00f8 10) \\ ?", pdf.PageTexts[0]);
    }

    [Fact]
    public void Zpl_HasOneFormatPerLabelWithThePayloadInTheQrField()
    {
        var labels = new[]
        {
            Piece("ALU-0524-001.1", "https://id.gs1.org/01/09506000134352/21/ALU-0524-001.1"),
            Piece("ALU-0524-001.2", "https://id.gs1.org/01/09506000134352/21/ALU-0524-001.2"),
            Piece("ALU-0524-001.3"),
        };
        var zpl = Encoding.UTF8.GetString(Render(labels, LabelFormat.Zpl, LabelSheet.Thermal4x6).Content);
        Assert.StartsWith("^XA", zpl, StringComparison.Ordinal);
        Assert.EndsWith("^XZ", zpl.TrimEnd(), StringComparison.Ordinal);
        var blocks = Regex.Matches(zpl, @"\^XA(.*?)\^XZ", RegexOptions.Singleline);
        Assert.Equal(3, blocks.Count);
        Assert.Equal(3, Regex.Matches(zpl, @"\^XA").Count);
        for (var i = 0; i < labels.Length; i++)
        {
            var block = blocks[i].Groups[1].Value;
            Assert.Contains($"^BQN,2,", block, StringComparison.Ordinal);
            Assert.Contains($"^FDMA,{labels[i].QrPayload}^FS", block, StringComparison.Ordinal);
            Assert.Contains($"^FD{labels[i].Id}^FS", block, StringComparison.Ordinal);
            Assert.Contains("^FDHeat H-24-0117^FS", block, StringComparison.Ordinal);
            Assert.Contains("^PW812", block, StringComparison.Ordinal); // 4 in at 203 dpi
        }
    }

    [Fact]
    public void Zpl_CaretAndTildeInText_TravelAsHexEscapes()
    {
        var zpl = Encoding.UTF8.GetString(Render([Piece() with { Description = "A^B~C_D" }], LabelFormat.Zpl, LabelSheet.Thermal4x6).Content);
        Assert.Contains("^FH_^FDA_5EB_7EC_5FD^FS", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression_16_a_file_holds_at_most_a_thousand_labels()
    {
        var labels = Enumerable.Range(1, LabelRenderer.MaxLabelsPerFile + 1).Select(i => Piece($"ALU-0524-001.{i}")).ToList();

        var refused = LabelRenderer.Render(labels, LabelFormat.Pdf, LabelSheet.L7160);

        Assert.Equal("labels", refused.Error?.Field);
        Assert.True(LabelRenderer.Render(labels.Take(LabelRenderer.MaxLabelsPerFile).ToList(), LabelFormat.Zpl, LabelSheet.Thermal4x6).IsSuccess);
    }

    [Fact]
    public void Render_ManyLabelsAsSvg_IsRefused()
    {
        var result = LabelRenderer.Render([Piece(), Piece("ALU-0524-001.3")], LabelFormat.Svg, LabelSheet.L7160);
        Assert.Equal("format", result.Error?.Field);
    }

    [Fact]
    public void Layout_LongTextIsCutToFitTheLabel()
    {
        var label = Piece() with { Description = new string('W', 200) };
        var layout = LabelLayout.For(label, LabelSheet.Avery5160.LabelWidth, LabelSheet.Avery5160.LabelHeight);
        Assert.All(layout.Text, run => Assert.True(run.X + LabelFonts.Measure(run.Text, run.Size, run.Bold) <= layout.Width + 1e-9, run.Text));
        Assert.All(layout.Text, run => Assert.True(run.Baseline <= layout.Height, run.Text));
        Assert.EndsWith("\u2026", layout.Text.Single(t => t.Text.StartsWith('W')).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "out.zpl", LabelFormat.Zpl)]
    [InlineData(null, "labels.PNG", LabelFormat.Png)]
    [InlineData(null, null, LabelFormat.Pdf)]
    [InlineData("svg", "x.pdf", LabelFormat.Svg)]
    public void Format_ComesFromTheOptionThenTheFileExtension(string? format, string? path, LabelFormat expected) =>
        Assert.Equal(expected, LabelRenderer.ParseFormat(format, path).Value);
}
