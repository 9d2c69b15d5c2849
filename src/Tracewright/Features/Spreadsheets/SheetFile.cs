using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Spreadsheets;

/// <summary>A data row as the user sees it: its row number in the sheet and its cells by (normalised) column name.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The trimmed cell, or null when the column is missing or the cell blank.</summary>
    public string? this[string column] => Cells.TryGetValue(column, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}

/// <summary>
/// Reads and writes the sheets as CSV (RFC 4180, UTF-8 with or without BOM) or XLSX (the first worksheet:
/// shared strings, inline strings, numbers, booleans; dates are the numbers Excel stores). Reading is bounded by
/// <see cref="MaxBytes"/> and <see cref="MaxRows"/> so a wrong file fails fast instead of filling memory.
/// </summary>
public static class SheetFile
{
    public const long MaxBytes = 50L * 1024 * 1024;

    public const int MaxRows = 100_000;

    /// <summary>
    /// What the parts of an .xlsx may expand to: a 100,000-row sheet is far below it, a zip bomb (a few MiB that inflate to
    /// gigabytes) far above. Checked from the zip's directory before anything is inflated.
    /// </summary>
    public const long MaxExpandedBytes = 256L * 1024 * 1024;

    /// <summary>Excel's last column, XFD: a cell reference beyond it is not a spreadsheet's.</summary>
    public const int MaxColumns = 16_384;

    /// <summary>CSV or XLSX by the file name; anything else is refused naming <paramref name="field"/>.</summary>
    public static Result<bool> IsXlsx(string path, string field) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => false,
            ".xlsx" => true,
            _ => new InvalidInput(field, $"{field} '{path}' must end in .csv or .xlsx"),
        };

    /// <summary>The header row and every data row as raw text (one list per row, in column order).</summary>
    public static Result<(IReadOnlyList<string> Headers, IReadOnlyList<(int Number, IReadOnlyList<string> Cells)> Rows)> Read(string path)
    {
        var xlsx = IsXlsx(path, "file");
        if (!xlsx.IsSuccess)
        {
            return xlsx.Error!;
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return new InvalidInput("file", $"file '{path}' does not exist");
        }

        if (info.Length > MaxBytes)
        {
            return new InvalidInput("file", $"'{info.Name}' is {info.Length:N0} bytes; the limit is {MaxBytes:N0} bytes (50 MiB): split the sheet");
        }

        List<(int Number, IReadOnlyList<string> Cells)> rows;
        try
        {
            var read = xlsx.Value ? ReadXlsx(path) : ReadCsv(File.ReadAllBytes(path));
            if (!read.TryGet(out var ok, out var error))
            {
                return error;
            }

            rows = ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new InvalidInput("file", $"'{path}' cannot be read: {e.Message}");
        }
        catch (Exception e) when (xlsx.Value && e is not OutOfMemoryException)
        {
            // A damaged workbook makes the packaging and OpenXML libraries throw a dozen undocumented exception types
            // (a missing part, a bad relationship, broken XML, a corrupt zip); each means the same thing to the person
            // importing, and the reading above has no state to leave half-done.
            return new InvalidInput("file", $"'{info.Name}' is not a readable .xlsx workbook: {e.Message}");
        }

        if (rows.Count == 0)
        {
            return new InvalidInput("file", $"'{info.Name}' is empty: the first row must name the columns");
        }

        return (rows[0].Cells, rows.Skip(1).ToList());
    }

    private static Result<List<(int, IReadOnlyList<string>)>> ReadCsv(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new InvalidInput("file", "the CSV file is not UTF-8: save it as \"CSV UTF-8\"");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var rows = new List<(int, IReadOnlyList<string>)>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var cellStarted = false;
        var afterQuote = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                    afterQuote = true;
                }
                else
                {
                    cell.Append(c);
                }

                continue;
            }

            if (afterQuote && c is not (',' or '\r' or '\n'))
            {
                return new InvalidInput("file", $"CSV record {rows.Count + 1}: a quoted field is followed by '{c}'; inside quotes, write a quote twice (\"\")");
            }

            afterQuote = false;
            switch (c)
            {
                case '"' when cell.Length == 0 && !cellStarted:
                    quoted = true;
                    cellStarted = true;
                    break;
                case ',':
                    row.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    row.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    if (!Add(rows, row))
                    {
                        return TooMany();
                    }

                    row = [];
                    break;
                default:
                    cell.Append(c);
                    cellStarted = true;
                    break;
            }
        }

        if (quoted)
        {
            return new InvalidInput("file", $"CSV record {rows.Count + 1}: a quoted field is not closed");
        }

        if (cell.Length > 0 || row.Count > 0 || cellStarted)
        {
            row.Add(cell.ToString());
            if (!Add(rows, row))
            {
                return TooMany();
            }
        }

        return rows;

        static bool Add(List<(int, IReadOnlyList<string>)> rows, List<string> row)
        {
            rows.Add((rows.Count + 1, row));
            return rows.Count <= MaxRows + 1;
        }
    }

    private static InvalidInput TooMany() => new("file", $"the sheet has more than {MaxRows:N0} rows: split it into several files");

    private static Result<List<(int, IReadOnlyList<string>)>> ReadXlsx(string path)
    {
        using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
        {
            var expanded = zip.Entries.Sum(e => e.Length);
            if (expanded > MaxExpandedBytes)
            {
                return new InvalidInput("file", $"'{Path.GetFileName(path)}' would expand to {expanded:N0} bytes; the limit is {MaxExpandedBytes:N0} bytes: split the sheet");
            }
        }

        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("the workbook part is missing");
        var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("the workbook has no worksheet");
        if (first.Id?.Value is not { } id || !workbook.TryGetPartById(id, out var found) || found is not WorksheetPart part || part.Worksheet is null)
        {
            throw new InvalidDataException("the first sheet is not a worksheet in this workbook");
        }

        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = new List<(int, IReadOnlyList<string>)>();
        var data = part.Worksheet.GetFirstChild<SheetData>();
        foreach (var row in data?.Elements<Row>() ?? [])
        {
            var number = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1));
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                // Cells may skip blanks; the reference says which column each one is in.
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                if (column >= MaxColumns)
                {
                    return new InvalidInput("file", $"cell {cell.CellReference?.Value} is beyond the last column a spreadsheet has (XFD)");
                }

                while (cells.Count < column)
                {
                    cells.Add("");
                }

                cells.Add(CellText(cell, shared));
            }

            rows.Add((number, cells));
            if (rows.Count > MaxRows + 1)
            {
                return TooMany();
            }
        }

        return rows;
    }

    private static string CellText(Cell cell, IReadOnlyList<string> shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index] : "";
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "yes" : "no";
        }

        if (type is null || type == CellValues.Number)
        {
            // Excel stores 2.5 as "2.5" but also writes "1E-3" or 15 significant digits; decimal gives the plain text.
            return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString(CultureInfo.InvariantCulture) : raw;
        }

        return raw;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            // Saturates instead of overflowing: anything past XFD is refused by the caller.
            index = Math.Min((index * 26) + (char.ToUpperInvariant(c) - 'A' + 1), MaxColumns + 1);
        }

        return Math.Max(0, index - 1);
    }

    /// <summary>
    /// A date cell: a date or ISO date-time as typed, or the serial number a spreadsheet stores for a date
    /// (days since 1899-12-30; a fraction is the time of day, taken as UTC).
    /// </summary>
    public static string? DateText(string? cell)
    {
        // NaN passes both range checks (every comparison with it is false), and no day has its serial number.
        if (cell is null || !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) || !double.IsFinite(serial) || serial is < 1 or > 2958465)
        {
            return cell;
        }

        var when = DateTime.FromOADate(serial);
        return when.TimeOfDay == TimeSpan.Zero
            ? when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What export did to keep a cell from running as a formula is undone on import: a leading apostrophe before
    /// = + - @ is dropped.
    /// </summary>
    public static string Unneutralise(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' ? cell[1..] : cell;

    /// <summary>
    /// A cell that starts with = + - @ (and is not a number) gets a leading apostrophe, so a spreadsheet shows it
    /// as text instead of running it as a formula (CSV injection).
    /// </summary>
    public static string Neutralise(string? value)
    {
        var text = value ?? "";
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + text
            : text;
    }

    /// <summary>One CSV field: neutralised, then quoted per RFC 4180 when it holds a comma, quote or line break.</summary>
    public static string CsvField(string? value)
    {
        var text = Neutralise(value);
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF line ends.</summary>
    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', headers.Select(CsvField)).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(CsvField)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>One worksheet with a frozen header row; cells in <paramref name="numeric"/> columns that are numbers are written as numbers.</summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, ISet<int> numeric)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(XlsxRow(1, headers, new HashSet<int>()));
            var r = 2u;
            foreach (var row in rows)
            {
                data.Append(XlsxRow(r++, row, numeric));
            }

            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row XlsxRow(uint index, IReadOnlyList<string?> values, ISet<int> numeric)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            var reference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(numeric.Contains(i) && decimal.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(values[i]!) }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(Neutralise(values[i])) { Space = SpaceProcessingModeValues.Preserve }) });
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
}
