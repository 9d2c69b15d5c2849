using System.Text;
using System.Text.Json;
using Tracewright.Tests.Cli;

namespace Tracewright.Tests.Labels;

/// <summary><c>tracewright label</c> against the demo shop's SQLite database.</summary>
public sealed class LabelCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task DemoAsync() => Assert.Equal(0, (await _cli.RunAsync("demo")).ExitCode);

    [Fact]
    public async Task Label_PieceAsPdf_WritesTheSheetWithItsIdAndHeat()
    {
        await DemoAsync();
        var file = Path.Combine(_cli.Folder, "piece.pdf");
        var run = await _cli.RunAsync("label", "alu-0524-001.2", "--out", file);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("label ALU-0524-001.2 (pdf, l7160)", run.Output, StringComparison.Ordinal);
        var pdf = LabelFiles.ReadPdf(await File.ReadAllBytesAsync(file));
        Assert.Equal(1, pdf.PageCount);
        Assert.Contains("ALU-0524-001.2", pdf.PageTexts[0]);
        Assert.Contains("Heat H-24-0117", pdf.PageTexts[0]);
        Assert.Contains("Cut from ALU-0524-001", pdf.PageTexts[0]);
    }

    [Fact]
    public async Task Label_LotWithGtinAsZpl_CarriesTheDigitalLinkAndJsonSaysSo()
    {
        await DemoAsync();
        var file = Path.Combine(_cli.Folder, "lot.zpl");
        var run = await _cli.RunAsync("--json", "label", "ALU-0524-001", "--out", file, "--gtin", "09506000134352");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("https://id.gs1.org/01/09506000134352/10/ALU-0524-001", json.RootElement.GetProperty("payload").GetString());
        Assert.Equal("zpl", json.RootElement.GetProperty("format").GetString());
        Assert.Equal("4x6", json.RootElement.GetProperty("sheet").GetString());
        var zpl = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
        Assert.Contains("^FDMA,https://id.gs1.org/01/09506000134352/10/ALU-0524-001^FS", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_Svg_ContainsTheItemDescription()
    {
        await DemoAsync();
        var file = Path.Combine(_cli.Folder, "ply.svg");
        Assert.Equal(0, (await _cli.RunAsync("label", "PLY-0524-001", "--format", "svg", "--sheet", "4x6", "--out", file)).ExitCode);
        var svg = await File.ReadAllTextAsync(file);
        Assert.Contains(">PLY-0524-001<", svg, StringComparison.Ordinal);
        Assert.Contains("Birch plywood 3 mm", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "label", "NOPE-1" }, 3, "lot 'NOPE-1' does not exist")]
    [InlineData(new[] { "label", "ALU-0524-001", "--sheet", "a4" }, 2, "sheet 'a4' is not one of")]
    [InlineData(new[] { "label", "ALU-0524-001", "--format", "bmp" }, 2, "format 'bmp' is not one of")]
    [InlineData(new[] { "label", "ALU-0524-001", "--gtin", "123" }, 2, "gtin '123' must be")]
    [InlineData(new[] { "label", "ALU-0524-001", "--out", "/nonexistent-folder/x.pdf" }, 2, "cannot write")]
    public async Task Label_BadInput_ExitsWithItsCodeAndMessage(string[] args, int exitCode, string message)
    {
        await DemoAsync();
        var run = await _cli.RunAsync(args);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }
}
