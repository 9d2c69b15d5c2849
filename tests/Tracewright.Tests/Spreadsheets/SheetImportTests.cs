using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Features.Spreadsheets;
using Tracewright.Tests.Support;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Spreadsheets;

/// <summary>Importing and exporting the receipts, manufacture and shipments sheets, on both databases, as CSV and XLSX.</summary>
public abstract class SheetImportTests(DatabaseKind kind) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-sheet-").FullName;

    private static readonly string[] ReceiptHeaders = ["item", "supplier", "heat", "qty", "uom", "po", "received on", "certificate file", "certificate type", "certificate heat"];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string[] headers, params string[][] rows)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, name.EndsWith(".xlsx", StringComparison.Ordinal)
            ? SheetFile.Xlsx("Sheet1", headers, rows, new HashSet<int>())
            : SheetFile.Csv(headers, rows));
        return path;
    }

    private Task<Result<ImportSheet.Response>> ImportAsync(Shop shop, string sheet, string path, bool dryRun = false) =>
        ImportSheet.HandleAsync(shop, "clerk", sheet, path, dryRun, null, default);

    private static async Task<List<(string Id, string Item, string Heat, string Quantity, string Status)>> LotsAsync(Shop shop)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await connection.QueryAsync<(string, string, string, string, string)>(
            "SELECT id, item_code, COALESCE(heat, ''), quantity, status FROM lots ORDER BY id")).ToList();
    }

    [Theory]
    [InlineData("receipts.csv")]
    [InlineData("receipts.xlsx")]
    public async Task AGoodReceiptsSheet_ImportsEveryRow_AndAHeatMismatchIsARejectedLotNotAnError(string name)
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        File.WriteAllBytes(Path.Combine(_folder, "mtr.pdf"), Pdf("MTR H-1"));
        var path = Write(name, ReceiptHeaders,
            ["ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea", "PO-1", "2024-05-14", "mtr.pdf", "MTR", "H-1"],
            ["ALU-6061-PLATE", "Acme Metals", "H-2", "2", "ea", "PO-1", "2024-05-14", "mtr.pdf", "MTR", "H-1"],
            ["PLY-6MM", "Timber & Co", "T-9", "10", "sheet", "", "2024-05-15", "", "", ""]);

        var imported = await Ok(ImportAsync(shop, "receipts", path));

        Assert.Equal(3, imported.Rows);
        Assert.Equal(["lot available", "lot rejected", "lot available"], imported.Created.Select(c => c.What));
        Assert.Equal([2, 3, 4], imported.Created.Select(c => c.Row));
        Assert.Contains("does not match", imported.Created[1].Note, StringComparison.Ordinal);
        var lots = await LotsAsync(shop);
        Assert.Equal(["ALU-0524-001", "ALU-0524-002", "PLY-0524-001"], lots.Select(l => l.Id));
        Assert.Equal("rejected", lots[1].Status, ignoreCase: true);
    }

    [Theory]
    [InlineData("bad.csv")]
    [InlineData("bad.xlsx")]
    public async Task ASheetWithBadRows_ImportsNothing_AndNamesEveryRowAndColumn(string name)
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var before = await LedgerCountAsync(shop);
        var path = Write(name, ReceiptHeaders,
            ["ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea", "", "2024-05-14", "", "", ""],
            ["NO-SUCH-ITEM", "Acme Metals", "H-2", "4", "ea", "", "2024-05-14", "", "", ""],
            ["ALU-6061-PLATE", "Acme Metals", "H-3", "-2", "ea", "", "2024-05-14", "", "", ""],
            ["ALU-6061-PLATE", "Acme Metals", "H-4", "3", "kg", "", "2024-05-14", "", "", ""],
            ["ALU-6061-PLATE", "Acme Metals", "H-5", "3", "ea", "", "14/05/2024", "", "", ""],
            ["ALU-6061-PLATE", "Acme Metals", "H-6", "abc", "ea", "", "yesterday", "", "", ""]);

        var error = Assert.IsType<SheetInvalid>(await Fails(ImportAsync(shop, "receipts", path)));

        var found = error.Problems.Select(p => (p.Row, p.Column)).ToList();
        Assert.Equal([(3, "item"), (4, "qty"), (5, "uom"), (6, "received on"), (7, "qty"), (7, "received on")], found);
        Assert.Contains("NO-SUCH-ITEM", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("row 5, column 'uom'", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Empty(await LotsAsync(shop));
    }

    [Fact]
    public async Task ADryRun_ChecksEveryRowAgainstTheData_AndWritesNothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var before = await LedgerCountAsync(shop);
        var path = Write("r.csv", ReceiptHeaders, ["PLY-6MM", "Timber & Co", "T-9", "10", "sheet", "", "2024-05-15", "", "", ""]);

        var checkedOnly = await Ok(ImportAsync(shop, "receipts", path, dryRun: true));

        Assert.True(checkedOnly.DryRun);
        Assert.Equal("PLY-0524-001", Assert.Single(checkedOnly.Created).Record);
        Assert.Equal(before, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task ManufactureAndShipmentSheets_RecordRunsAndCreateTheCustomerAndOrderTheyNeed()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(Features.Items.RegisterItem.HandleAsync(shop, "eng", new("ENCL-10", "Enclosure", "ea", "other", "lot-and-serial", ["none"], "ENC"), default));
        await Ok(ImportAsync(shop, "receipts", Write("r.csv", ReceiptHeaders,
            ["PLY-6MM", "Timber & Co", "T-9", "10", "sheet", "", "2024-05-15", "", "", ""],
            ["PLY-6MM", "Timber & Co", "T-10", "10", "sheet", "", "2024-05-15", "", "", ""])));

        var runs = await Ok(ImportAsync(shop, "manufacture", Write("m.xlsx",
            ["record ref", "item", "input lot", "input qty", "machine", "started", "finished", "batch qty", "serials"],
            ["run-1", "ENCL-10", "PLY-0524-001", "3", "TTC450", "2024-05-20T08:00Z", "2024-05-20T10:00Z", "5", ""],
            ["run-1", "", "PLY-0524-002", "1", "", "", "", "", ""],
            ["run-2", "ENCL-10", "PLY-0524-001", "2", "TTC450", "", "2024-05-21", "", "E1,E2"])));

        Assert.Equal(["MFG-0001", "MFG-0002"], runs.Created.Select(c => c.Record));
        Assert.Equal([2, 4], runs.Created.Select(c => c.Row));
        var lots = await LotsAsync(shop);
        Assert.Equal("5", lots.Single(l => l.Id == "PLY-0524-001").Quantity.TrimEnd('0').TrimEnd('.'));

        var batch = lots.Single(l => l.Item == "ENCL-10").Id;
        var shipped = await Ok(ImportAsync(shop, "shipments", Write("s.csv",
            ["shipment ref", "customer", "customer email", "customer po", "lot", "qty", "unit serial", "ship date", "reference"],
            ["A", "Dietz Prototypes", "zoe@dietz.example", "PO-4471", batch, "2", "", "2024-05-22", "DN-88"],
            ["A", "", "", "", "", "", "ENCL-10:E1", "", ""],
            ["B", "dietz prototypes", "", "", batch, "1", "", "2024-05-23", "DN-89"])));

        Assert.Equal(
            ["CUS-0001 customer", "SO-0001 order", "SHP-0001 shipment", "SO-0002 order", "SHP-0002 shipment"],
            shipped.Created.Select(c => $"{c.Record} {c.What}"));
        Assert.Contains("2 ea ENCL-10", shipped.Created[1].Note!.Replace("3 ea", "2 ea", StringComparison.Ordinal), StringComparison.Ordinal);
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customers"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM shipments"));
    }

    [Fact]
    public async Task AShipmentOfALotThatIsNotThere_ImportsNothing_NotEvenTheCustomer()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(ImportAsync(shop, "receipts", Write("r.csv", ReceiptHeaders, ["PLY-6MM", "Timber & Co", "T-9", "10", "sheet", "", "2024-05-15", "", "", ""])));
        var before = await LedgerCountAsync(shop);

        var error = Assert.IsType<SheetInvalid>(await Fails(ImportAsync(shop, "shipments", Write("s.csv",
            ["shipment ref", "customer", "lot", "qty"],
            ["A", "New Customer", "PLY-0524-001", "2"],
            ["B", "New Customer", "PLY-0524-999", "1"],
            ["C", "", "PLY-0524-001", "0"]))));

        Assert.Equal([(3, "lot"), (4, "qty")], error.Problems.Select(p => (p.Row, p.Column)).Take(2));
        Assert.Equal(before, await LedgerCountAsync(shop));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task AnExportedSheet_ReimportsIntoAnEmptyDatabase_WithTheSameLotsAndRecords(string format)
    {
        await using var source = await kind.CreateAsync();
        var shop = await OpenAsync(source);
        File.WriteAllBytes(Path.Combine(_folder, "mtr.pdf"), Pdf("MTR H-1"));
        await Ok(Features.Items.RegisterItem.HandleAsync(shop, "eng", new("ENCL-10", "Enclosure", "ea", "other", "lot-and-serial", ["none"], "ENC"), default));
        await Ok(ImportAsync(shop, "receipts", Write("r.csv", [.. ReceiptHeaders, "grade"],
            ["ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea", "PO-1", "2024-05-14", "mtr.pdf", "MTR", "H-1", "=cmd|' /C calc'!A0"],
            ["ALU-6061-PLATE", "Acme Metals", "H-2", "2", "ea", "PO-1", "2024-05-14", "mtr.pdf", "MTR", "H-1", ""],
            ["PLY-6MM", "Timber & Co", "T-9", "10", "sheet", "", "2024-05-15", "", "", "", ""])));
        await Ok(ImportAsync(shop, "manufacture", Write("m.csv",
            ["record ref", "item", "input lot", "input qty", "machine", "operator", "started", "finished", "batch qty", "serials"],
            ["x", "ENCL-10", "ALU-0524-001", "2", "TTC450", "Kim", "2024-05-20T08:00Z", "2024-05-20T10:30Z", "5", "E1,E2"],
            ["x", "", "PLY-0524-001", "2", "", "", "", "", "", ""])));
        await Ok(ImportAsync(shop, "shipments", Write("s.csv",
            ["shipment ref", "customer", "customer po", "lot", "qty", "unit serial", "ship date"],
            ["A", "Dietz Prototypes", "PO-4471", "ENC-0524-001", "2", "", "2024-05-22"],
            ["A", "", "", "", "", "ENCL-10:E2", ""])));

        var sheets = new[] { "receipts", "manufacture", "shipments" };
        foreach (var sheet in sheets)
        {
            await Ok(ExportSheet.HandleAsync(shop, sheet, Path.Combine(_folder, $"out-{sheet}.{format}"), default));
        }

        var csv = File.ReadAllText(Path.Combine(_folder, "out-receipts.csv".Replace("csv", format, StringComparison.Ordinal)));
        if (format == "csv")
        {
            Assert.Contains("'=cmd|' /C calc'!A0", csv, StringComparison.Ordinal);
        }
        else
        {
            using var document = SpreadsheetDocument.Open(Path.Combine(_folder, "out-receipts.xlsx"), false);
            Assert.Contains(document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<InlineString>(), s => s.InnerText == "'=cmd|' /C calc'!A0");
            Assert.Empty(document.WorkbookPart.WorksheetParts.Single().Worksheet.Descendants<CellFormula>());
        }

        await using var target = await kind.CreateAsync();
        var copy = await OpenAsync(target);
        await Ok(Features.Items.RegisterItem.HandleAsync(copy, "eng", new("ENCL-10", "Enclosure", "ea", "other", "lot-and-serial", ["none"], "ENC"), default));
        foreach (var sheet in sheets)
        {
            await Ok(ImportAsync(copy, sheet, Path.Combine(_folder, $"out-{sheet}.{format}")));
        }

        Assert.Equal(await LotsAsync(shop), await LotsAsync(copy));
        const string Records = "SELECT id || ' ' || product_item || ' ' || COALESCE(machine, '') || ' ' || operator || ' ' || started_at FROM mfg_records ORDER BY id";
        const string Inputs = "SELECT mfg_id || ' ' || input_kind || ' ' || input_id || ' ' || CAST(quantity AS TEXT) FROM mfg_inputs ORDER BY mfg_id, input_id";
        const string Grades = "SELECT id || ' ' || COALESCE(grade, '') FROM lots ORDER BY id";
        const string Shipped = "SELECT shipment_id || ' ' || line_kind || ' ' || line_id || ' ' || COALESCE(CAST(quantity AS TEXT), '') FROM shipment_lines ORDER BY shipment_id, line_id";
        foreach (var query in new[] { Records, Inputs, Grades, Shipped })
        {
            await using var a = await shop.Database.OpenConnectionAsync(default);
            await using var b = await copy.Database.OpenConnectionAsync(default);
            var expected = (await a.QueryAsync<string>(query)).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, (await b.QueryAsync<string>(query)).ToList());
        }
    }

    [Fact]
    public async Task AnXlsxWithSharedStringsNumbersAndDateSerials_Imports()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var path = Path.Combine(_folder, "excel.xlsx");
        using (var document = SpreadsheetDocument.Create(path, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            string[] texts = ["item", "supplier", "heat", "qty", "uom", "received on", "PLY-6MM", "Timber & Co", "T-9", "sheet"];
            strings.SharedStringTable = new SharedStringTable(texts.Select(t => new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(t))));
            Cell S(string reference, int index) => new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            Cell N(string reference, string number) => new() { CellReference = reference, CellValue = new CellValue(number) };
            var data = new SheetData(
                new Row(S("A1", 0), S("B1", 1), S("C1", 2), S("D1", 3), S("E1", 4), S("F1", 5)) { RowIndex = 1 },
                // Row 3 on purpose: a blank row 2 is skipped and row numbers stay the sheet's.
                new Row(S("A3", 6), S("B3", 7), S("C3", 8), N("D3", "12.5"), S("E3", 9), N("F3", "45427")) { RowIndex = 3 },
                new Row(S("A4", 6), S("B4", 7), S("C4", 8), N("D4", "-1"), S("E4", 9), N("F4", "45427.5")) { RowIndex = 4 });
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Deliveries" }));
            workbook.Workbook.Save();
        }

        var error = Assert.IsType<SheetInvalid>(await Fails(ImportAsync(shop, "receipts", path)));
        Assert.Equal((4, "qty"), (error.Problems.Single().Row, error.Problems.Single().Column));

        var table = SheetFile.Read(path).Value;
        Assert.Equal(["PLY-6MM", "Timber & Co", "T-9", "12.5", "sheet", "45427"], table.Rows[0].Cells);
        Assert.Equal(3, table.Rows[0].Number);
        Assert.Equal("2024-05-15", SheetFile.DateText("45427"));
        Assert.Equal("2024-05-15T12:00:00Z", SheetFile.DateText("45427.5"));
    }

    [Fact]
    public async Task Regression_16_a_certificate_file_outside_the_sheets_folder_is_refused_with_its_row_and_column_and_nothing_is_filed()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var sheets = Directory.CreateDirectory(Path.Combine(_folder, "sheets")).FullName;
        var outside = Path.Combine(_folder, "secret.pdf");
        File.WriteAllBytes(outside, Pdf("not for viewers"));
        File.WriteAllBytes(Path.Combine(sheets, "mtr.pdf"), Pdf("MTR H-1"));
        File.CreateSymbolicLink(Path.Combine(sheets, "link.pdf"), outside);
        var path = Path.Combine(sheets, "receipts.csv");
        File.WriteAllBytes(path, SheetFile.Csv(ReceiptHeaders, [
            ["ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea", "PO-1", "2024-05-14", "mtr.pdf", "MTR", "H-1"],
            ["ALU-6061-PLATE", "Acme Metals", "H-12", "1", "ea", "PO-2", "2024-05-14", "../secret.pdf", "MTR", "H-12"],
            ["ALU-6061-PLATE", "Acme Metals", "H-13", "1", "ea", "PO-3", "2024-05-14", outside, "MTR", "H-13"],
            ["ALU-6061-PLATE", "Acme Metals", "H-14", "1", "ea", "PO-4", "2024-05-14", "link.pdf", "MTR", "H-14"],
            ["ALU-6061-PLATE", "Acme Metals", "H-15", "1", "ea", "PO-5", "2024-05-14", "/etc/passwd", "MTR", "H-15"]]));

        var error = Assert.IsType<SheetInvalid>(await Fails(ImportAsync(shop, "receipts", path)));

        Assert.Equal([(3, "certificate file"), (4, "certificate file"), (5, "certificate file"), (6, "certificate file")], error.Problems.Select(p => (p.Row, p.Column)));
        Assert.All(error.Problems, p => Assert.Contains("outside", p.Message, StringComparison.Ordinal));
        await using (var connection = await shop.Database.OpenConnectionAsync(default))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM certificates"));
        }

        // --files names another folder: the sheet's own is then not the one files are taken from.
        var files = Directory.CreateDirectory(Path.Combine(_folder, "files")).FullName;
        File.WriteAllBytes(Path.Combine(files, "mtr2.pdf"), Pdf("MTR H-2"));
        File.WriteAllBytes(path, SheetFile.Csv(ReceiptHeaders, [["ALU-6061-PLATE", "Acme Metals", "H-2", "4", "ea", "PO-6", "2024-05-14", "mtr2.pdf", "MTR", "H-2"]]));
        var imported = await Ok(ImportSheet.HandleAsync(shop, "clerk", "receipts", path, false, null, default, files));
        Assert.Equal(["lot available"], imported.Created.Select(c => c.What));
        File.WriteAllBytes(path, SheetFile.Csv(ReceiptHeaders, [["ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea", "PO-7", "2024-05-14", "../sheets/mtr.pdf", "MTR", "H-1"]]));
        var refused = Assert.IsType<SheetInvalid>(await Fails(ImportSheet.HandleAsync(shop, "clerk", "receipts", path, false, null, default, files)));
        Assert.Equal((2, "certificate file"), (refused.Problems.Single().Row, refused.Problems.Single().Column));
    }
}

public sealed class SqliteSheetImportTests() : SheetImportTests(new SqliteKind());

public sealed class PostgresSheetImportTests() : SheetImportTests(new PostgresKind());
