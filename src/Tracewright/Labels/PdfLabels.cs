using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Tracewright.Labels;

/// <summary>
/// Many labels on sheets of a <see cref="LabelSheet"/> grid, as one PDF to print at 100 % ("actual size", never
/// "fit to page", or the labels drift off the die-cut grid). Written directly rather than with PDFsharp, whose
/// 6.5 release refuses to run until the program adopts the AGPL or loads a commercial key: a label sheet is
/// rectangles and a few lines of text, which PDF expresses in a page of code. Text is WinAnsi-encoded and set in
/// the embedded DejaVu Sans Condensed (subset to the characters used), so ids stay searchable and copyable.
/// </summary>
public static class PdfLabels
{
    private const double PointsPerMillimetre = 72 / 25.4;

    public static byte[] Render(IReadOnlyList<LabelData> labels, LabelSheet sheet)
    {
        var pdf = new PdfFile();
        var catalog = pdf.Reserve();
        var pages = pdf.Reserve();
        var regular = pdf.Reserve();
        var bold = pdf.Reserve();

        var pageWidth = sheet.PageWidth * PointsPerMillimetre;
        var pageHeight = sheet.PageHeight * PointsPerMillimetre;
        var used = new[] { new HashSet<int>(), new HashSet<int>() };
        var pageIds = new List<int>();
        for (var p = 0; p < sheet.PagesFor(labels.Count); p++)
        {
            var content = new StringBuilder();
            var first = p * sheet.LabelsPerPage;
            for (var i = first; i < Math.Min(labels.Count, first + sheet.LabelsPerPage); i++)
            {
                var (x, y) = sheet.Origin(i);
                Draw(content, labels[i], x, y, sheet, used);
            }

            var contentId = pdf.AddStream("", Encoding.ASCII.GetBytes(content.ToString()));
            pageIds.Add(pdf.Add(
                $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {N(pageWidth)} {N(pageHeight)}] " +
                $"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> /Contents {contentId} 0 R >>"));
        }

        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{string.Join(" ", pageIds.Select(id => $"{id} 0 R"))}] /Count {pageIds.Count} >>");
        AddFont(pdf, regular, LabelFonts.Regular, "DejaVuSansCondensed", used[0]);
        AddFont(pdf, bold, LabelFonts.Bold, "DejaVuSansCondensed-Bold", used[1]);
        var title = labels.Count == 1 ? $"Label {labels[0].Id}" : $"{labels.Count} labels";
        var info = pdf.Add($"<< /Title {PdfFile.Literal(WinAnsi.Encode(title))} /Creator (Tracewright) >>");
        return pdf.Write(catalog, info);
    }

    private static void Draw(StringBuilder content, LabelData label, double left, double top, LabelSheet sheet, HashSet<int>[] used)
    {
        var layout = LabelLayout.For(label, sheet.LabelWidth, sheet.LabelHeight);
        var symbol = QrSymbol.Encode(label.QrPayload);
        var module = layout.QrSide / symbol.Size;
        var pageHeight = sheet.PageHeight;

        // All runs filled as one path: separate fills leave hairline seams between modules in some viewers.
        content.Append("0 g\n");
        foreach (var (row, column, length) in symbol.DarkRuns())
        {
            var x = left + layout.QrX + column * module;
            var y = pageHeight - (top + layout.QrY + (row + 1) * module);
            content.Append(CultureInfo.InvariantCulture, $"{N(x * PointsPerMillimetre)} {N(y * PointsPerMillimetre)} {N(length * module * PointsPerMillimetre)} {N(module * PointsPerMillimetre)} re\n");
        }

        if (layout.Barcode is { } band)
        {
            var linear = Gs1128Symbol.Encode(band.Data);
            var width = band.ModuleWidth(linear.Modules);
            var barsLeft = left + band.X + (band.Width - width * linear.Modules) / 2;
            var y = pageHeight - (top + band.Y + band.Height);
            foreach (var (start, length) in linear.Bars())
            {
                content.Append(CultureInfo.InvariantCulture, $"{N((barsLeft + start * width) * PointsPerMillimetre)} {N(y * PointsPerMillimetre)} {N(length * width * PointsPerMillimetre)} {N(band.Height * PointsPerMillimetre)} re\n");
            }
        }

        content.Append("f\n");
        foreach (var run in layout.Text)
        {
            var bytes = WinAnsi.Encode(run.Text);
            foreach (var b in bytes)
            {
                used[run.Bold ? 1 : 0].Add(WinAnsi.Decode(b));
            }

            content.Append(CultureInfo.InvariantCulture,
                $"BT /{(run.Bold ? "F2" : "F1")} {N(run.Size * PointsPerMillimetre)} Tf {N((left + run.X) * PointsPerMillimetre)} {N((pageHeight - top - run.Baseline) * PointsPerMillimetre)} Td {PdfFile.Literal(bytes)} Tj ET\n");
        }
    }

    private static void AddFont(PdfFile pdf, int id, TrueTypeFont font, string name, HashSet<int> used)
    {
        double Scale(int units) => units * 1000.0 / font.UnitsPerEm;
        var subset = font.Subset(used);
        var file = pdf.AddStream($"/Length1 {subset.Length}", subset);
        var (xMin, yMin, xMax, yMax) = font.BoundingBox;
        // Flags 32: non-symbolic, so viewers map the WinAnsi codes through the font's Unicode cmap.
        var descriptor = pdf.Add(
            $"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{N(Scale(xMin))} {N(Scale(yMin))} {N(Scale(xMax))} {N(Scale(yMax))}] " +
            $"/ItalicAngle 0 /Ascent {N(Scale(font.Ascent))} /Descent {N(Scale(font.Descent))} /CapHeight {N(Scale(font.CapHeight))} /StemV 80 /FontFile2 {file} 0 R >>");
        var widths = string.Join(" ", Enumerable.Range(32, 224).Select(code => N(Scale(font.Advance(WinAnsi.Decode((byte)code))))));
        pdf.Set(id, $"<< /Type /Font /Subtype /TrueType /BaseFont /{name} /FirstChar 32 /LastChar 255 /Widths [{widths}] /Encoding /WinAnsiEncoding /FontDescriptor {descriptor} 0 R >>");
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The objects of one PDF file, numbered from 1, written with a classic cross-reference table.</summary>
    private sealed class PdfFile
    {
        private readonly List<byte[]?> _objects = [];

        public int Reserve()
        {
            _objects.Add(null);
            return _objects.Count;
        }

        public int Add(string dictionary)
        {
            var id = Reserve();
            Set(id, dictionary);
            return id;
        }

        public void Set(int id, string dictionary) => _objects[id - 1] = Encoding.ASCII.GetBytes(dictionary);

        public int AddStream(string entries, byte[] data)
        {
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(data);
            }

            var id = Reserve();
            _objects[id - 1] = [.. Encoding.ASCII.GetBytes($"<< /Length {compressed.Length} /Filter /FlateDecode {entries} >>\nstream\n"), .. compressed.ToArray(), .. "\nendstream"u8];
            return id;
        }

        public byte[] Write(int root, int info)
        {
            using var output = new MemoryStream();
            // The binary comment line tells transfer tools the file is binary (PDF 32000-1, 7.5.2).
            byte[] header = [.. "%PDF-1.4\n%"u8, 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n'];
            output.Write(header);
            var offsets = new long[_objects.Count];
            for (var i = 0; i < _objects.Count; i++)
            {
                offsets[i] = output.Position;
                output.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
                output.Write(_objects[i] ?? throw new InvalidOperationException($"PDF object {i + 1} was reserved but never written."));
                output.Write("\nendobj\n"u8);
            }

            var xref = output.Position;
            var table = new StringBuilder();
            table.Append(CultureInfo.InvariantCulture, $"xref\n0 {_objects.Count + 1}\n0000000000 65535 f \n");
            foreach (var offset in offsets)
            {
                table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
            }

            table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {_objects.Count + 1} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            output.Write(Encoding.ASCII.GetBytes(table.ToString()));
            return output.ToArray();
        }

        /// <summary>A PDF literal string: bytes as they are, with the three special characters escaped.</summary>
        public static string Literal(byte[] bytes)
        {
            var text = new StringBuilder("(");
            foreach (var b in bytes)
            {
                _ = b switch
                {
                    (byte)'(' or (byte)')' or (byte)'\\' => text.Append('\\').Append((char)b),
                    < 32 or > 126 => text.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0')),
                    _ => text.Append((char)b),
                };
            }

            return text.Append(')').ToString();
        }
    }
}
