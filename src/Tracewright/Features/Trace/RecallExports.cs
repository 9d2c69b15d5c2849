using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Tracewright.Features.Trace;

/// <summary>
/// A recall's affected shipment lines as a CSV file, a sortable XLSX spreadsheet and a printable HTML
/// report: one row per line, with the key data elements — traceability lot code, product, quantity and
/// unit, ship date, ship-from, recipient and reference documents.
/// </summary>
public static class RecallExports
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Traceability lot code", "Kind", "Item", "Product description", "Quantity", "Unit", "Ship date", "Ship from",
        "Shipment", "Shipment reference", "Order", "Customer PO", "Customer", "Recipient", "Contact", "Email", "Phone", "Address", "Path",
    ];

    private static IEnumerable<string?[]> Rows(Recall.Response recall) => recall.Shipped.Select(l => new string?[]
    {
        l.TraceabilityLotCode, l.Kind, l.Item, l.Description, l.Quantity.ToString("0.######", CultureInfo.InvariantCulture), l.Uom,
        l.ShipDate[..10], l.ShipFrom, l.Shipment, l.ShipmentReference, l.Order, l.OrderReference, l.Customer, l.Recipient,
        l.Contact, l.Email, l.Phone, l.Address, l.Sentence.Or(l.Path),
    });

    public static byte[] Csv(Recall.Response recall)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(Quote)).Append("\r\n");
        foreach (var row in Rows(recall))
        {
            text.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula (the sheets' one rule).</summary>
    private static string Quote(string? value) => Spreadsheets.SheetFile.CsvField(value);

    public static byte[] Xlsx(Recall.Response recall)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, Columns));
            var r = 2u;
            foreach (var row in Rows(recall))
            {
                data.Append(Row(r++, row, numericColumn: 4));
            }

            var lastColumn = ColumnName(Columns.Count - 1);
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                data,
                new AutoFilter { Reference = $"A1:{lastColumn}{Math.Max(1, r - 1)}" });
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Affected shipments" }));
            workbook.Workbook.AppendChild(new DefinedNames(new DefinedName($"'Affected shipments'!$A$1:${lastColumn}${Math.Max(1, r - 1)}") { Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(uint index, IReadOnlyList<string?> values, int numericColumn = -1)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            var reference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(i == numericColumn && decimal.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(values[i]!) }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(values[i] ?? "") { Space = SpaceProcessingModeValues.Preserve }) });
        }

        return row;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>The report's one inline style: the server's Content-Security-Policy allows exactly this text, by its hash.</summary>
    public const string Style = "body{font:11pt system-ui,sans-serif;margin:1.5cm}table{border-collapse:collapse;width:100%;margin-bottom:1em}th,td{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top}th{background:#eee}h1{font-size:16pt}h2{font-size:13pt}.path{font-size:8pt;color:#444}@media print{a{color:inherit}}";

    public static byte[] Html(Recall.Response recall)
    {
        static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Recall ").Append(E(recall.Start)).Append("</title>")
            .Append("<style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>Recall: ").Append(E(recall.Start)).Append("</h1>")
            .Append("<p>Starting lots: ").Append(E(string.Join(", ", recall.StartLots))).Append(". ")
            .Append(recall.Customers.Count).Append(" customers to contact, ").Append(recall.Shipped.Count).Append(" shipment lines, ")
            .Append(recall.ManufactureRecords.Count).Append(" manufacture records, ").Append(recall.InBuilding.Count).Append(" lots and units still in the building.</p>");
        html.Append("<h2>Customers to contact</h2><table><tr><th>Customer</th><th>Name</th><th>Contact</th><th>Email</th><th>Phone</th><th>Address</th><th>Shipments</th></tr>");
        foreach (var c in recall.Customers)
        {
            html.Append("<tr><td>").Append(E(c.Customer)).Append("</td><td>").Append(E(c.Name)).Append("</td><td>").Append(E(c.Contact)).Append("</td><td>").Append(E(c.Email))
                .Append("</td><td>").Append(E(c.Phone)).Append("</td><td>").Append(E(c.Address)).Append("</td><td>").Append(E(string.Join(", ", c.Shipments))).Append("</td></tr>");
        }

        html.Append("</table><h2>Affected shipment lines</h2><table><tr>");
        foreach (var column in Columns.Take(14))
        {
            html.Append("<th>").Append(E(column)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in Rows(recall))
        {
            html.Append("<tr>");
            foreach (var cell in row.Take(14))
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            html.Append("</tr><tr><td colspan=\"14\" class=\"path\">").Append(E(row[^1])).Append("</td></tr>");
        }

        html.Append("</table><h2>Still in the building</h2><table><tr><th>Kind</th><th>Id</th><th>Item</th><th>Status</th><th>Quantity</th><th>Path</th></tr>");
        foreach (var here in recall.InBuilding)
        {
            html.Append("<tr><td>").Append(E(here.Kind)).Append("</td><td>").Append(E(here.Id)).Append("</td><td>").Append(E(here.Item)).Append("</td><td>").Append(E(here.Status))
                .Append("</td><td>").Append(E(here.Quantity?.ToString("0.######", CultureInfo.InvariantCulture))).Append(' ').Append(E(here.Uom)).Append("</td><td class=\"path\">")
                .Append(E(here.Sentence.Or(here.Path))).Append("</td></tr>");
        }

        html.Append("</table><h2>Manufacture records</h2><table><tr><th>Record</th><th>Product</th><th>When</th><th>Path</th></tr>");
        foreach (var record in recall.ManufactureRecords)
        {
            html.Append("<tr><td>").Append(E(record.Id)).Append("</td><td>").Append(E(record.Description)).Append("</td><td>").Append(E(record.Status))
                .Append("</td><td class=\"path\">").Append(E(record.Sentence.Or(record.Path))).Append("</td></tr>");
        }

        html.Append("</table></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }
}
