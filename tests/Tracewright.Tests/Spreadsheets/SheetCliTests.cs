using DocumentFormat.OpenXml.Packaging;
using Tracewright.Features.Spreadsheets;
using Tracewright.Tests.Cli;

namespace Tracewright.Tests.Spreadsheets;

/// <summary>The sheet verbs end to end through the command line, on a SQLite file.</summary>
public sealed class SheetCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task ShopAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "PLY-6MM", "--description", "Birch plywood", "--uom", "sheet", "--material", "wood", "--lot-prefix", "PLY")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("supplier", "add", "--name", "Timber & Co")).ExitCode);
    }

    [Theory]
    [InlineData("receipts", "csv")]
    [InlineData("receipts", "xlsx")]
    [InlineData("manufacture", "csv")]
    [InlineData("manufacture", "xlsx")]
    [InlineData("shipments", "csv")]
    [InlineData("shipments", "xlsx")]
    public async Task Template_OpensWithTheLayoutsHeaders_AndImportsNothingUntilFilledIn(string sheet, string format)
    {
        var path = Path.Combine(_cli.Folder, $"{sheet}.{format}");

        var run = await _cli.RunAsync("template", sheet, "--out", path);

        Assert.Equal(0, run.ExitCode);
        if (format == "xlsx")
        {
            using var document = SpreadsheetDocument.Open(path, false);
            Assert.Single(document.WorkbookPart!.WorksheetParts);
        }

        var table = SheetFile.Read(path).Value;
        var kind = Enum.Parse<SheetKind>(sheet, ignoreCase: true);
        Assert.Equal(SheetLayout.Columns(kind).Where(c => !c.ExportOnly).Select(c => c.Name), table.Headers);
        Assert.StartsWith("#", Assert.Single(table.Rows).Cells[0], StringComparison.Ordinal);
        var imported = await _cli.RunAsync("import-sheet", sheet, path);
        Assert.Equal(2, imported.ExitCode);
        Assert.Contains("no data rows", imported.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportSheet_PrintsEveryProblemWithRowAndColumn_AndExits2()
    {
        await ShopAsync();
        var path = _cli.WriteFile("r.csv", System.Text.Encoding.UTF8.GetBytes(
            "Item,Supplier,Heat,Qty,UOM,Received_On\r\nPLY-6MM,Timber & Co,T-1,10,sheet,2024-05-14\r\nPLY-6MM,Nobody Ltd,T-2,1,sheet,2024-05-14\r\n\"PLY-6MM\",Timber & Co,T-3,0,sheet,2024-05-14\r\n"));

        var run = await _cli.RunAsync("import-sheet", "receipts", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("row 3, column 'supplier': supplier 'Nobody Ltd' does not exist", run.Error, StringComparison.Ordinal);
        Assert.Contains("row 4, column 'qty'", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing imported", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await _cli.RunAsync("show", "PLY-0524-001")).ExitCode);
    }

    [Fact]
    public async Task ImportThenExportLedger_WritesOneRowPerRecord()
    {
        await ShopAsync();
        var path = _cli.WriteFile("r.csv", System.Text.Encoding.UTF8.GetBytes("\uFEFFitem,supplier,heat,qty,uom,grade\nPLY-6MM,Timber & Co,T-1,10,sheet,\"=1+2, birch\"\n"));
        var imported = await _cli.RunAsync("import-sheet", "receipts", path);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("row 2: PLY-0524-001 lot available", imported.Output, StringComparison.Ordinal);

        var ledger = Path.Combine(_cli.Folder, "ledger.csv");
        var run = await _cli.RunAsync("export-ledger", "--out", ledger);

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(ledger);
        Assert.Equal("seq,kind,occurred,recorded,by,reason,corrects,payload,hash", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("3,LotReceived,", lines[3], StringComparison.Ordinal);

        var receipts = Path.Combine(_cli.Folder, "receipts.csv");
        Assert.Equal(0, (await _cli.RunAsync("export-sheet", "receipts", "--out", receipts)).ExitCode);
        Assert.Contains("\"'=1+2, birch\"", File.ReadAllText(receipts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportSheet_RefusesAnUnknownColumnAndAFileOfAnotherKind()
    {
        await ShopAsync();
        var bad = _cli.WriteFile("r.csv", System.Text.Encoding.UTF8.GetBytes("item,supplier,heat,qty,uom,colour\nPLY-6MM,Timber & Co,T-1,10,sheet,red\n"));
        var run = await _cli.RunAsync("import-sheet", "receipts", bad);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("row 1, column 'colour': unknown column", run.Error, StringComparison.Ordinal);

        var text = _cli.WriteFile("r.txt", [1, 2, 3]);
        Assert.Equal(2, (await _cli.RunAsync("import-sheet", "receipts", text)).ExitCode);
    }
}
