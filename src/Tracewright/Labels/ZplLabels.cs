using System.Globalization;
using System.Text;

namespace Tracewright.Labels;

/// <summary>
/// Labels as ZPL II for Zebra thermal printers: one <c>^XA … ^XZ</c> format per label, sized to the sheet's label
/// (4 × 6 in by default) at the printer's resolution. The QR code is the printer's own (<c>^BQN</c>, model 2,
/// error correction M), so it prints at the printer's full sharpness, and so is a container's GS1-128 SSCC (<c>^BC</c> with
/// FNC1); text uses the scalable font 0.
/// Send the file raw to the printer (for example <c>lp -o raw labels.zpl</c>).
/// </summary>
public static class ZplLabels
{
    public static string Render(IReadOnlyList<LabelData> labels, LabelSheet sheet, int dpi = 203)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 100);
        var zpl = new StringBuilder();
        foreach (var label in labels)
        {
            Append(zpl, label, sheet.LabelWidth, sheet.LabelHeight, dpi);
        }

        return zpl.ToString();
    }

    private static void Append(StringBuilder zpl, LabelData label, double width, double height, int dpi)
    {
        int Dots(double millimetres) => (int)Math.Round(millimetres / 25.4 * dpi);

        var layout = LabelLayout.For(label, width, height);
        var symbol = QrSymbol.Encode(label.QrPayload);
        // The printer draws no quiet zone, so the code starts four modules into the space the layout reserved.
        var magnification = Math.Clamp(Dots(layout.QrSide) / symbol.Size, 1, 10);
        var quiet = 4 * magnification;

        zpl.Append("^XA\n");
        zpl.Append("^CI28\n"); // field data is UTF-8
        zpl.Append(CultureInfo.InvariantCulture, $"^PW{Dots(width)}\n^LL{Dots(height)}\n^LH0,0\n");
        zpl.Append(CultureInfo.InvariantCulture, $"^FO{Dots(layout.QrX) + quiet},{Dots(layout.QrY) + quiet}^BQN,2,{magnification}");
        AppendField(zpl, "MA,", label.QrPayload);
        if (layout.Barcode is { } band)
        {
            // The printer's own Code 128 (^BC), its interpretation line off (ours is printed below as text): >; starts in
            // subset C and >8 is FNC1, which makes it GS1-128 — the form every ZPL II firmware takes (ZPL II Programming
            // Guide, ^BC, "UCC/EAN-128").
            var modules = Gs1128Symbol.Encode(band.Data).Modules;
            var module = Math.Clamp((int)Math.Floor(Dots(band.Width) / (double)(modules + 2 * Gs1128Symbol.QuietZone)), 1, 10);
            var left = Dots(band.X) + (Dots(band.Width) - module * modules) / 2;
            zpl.Append(CultureInfo.InvariantCulture, $"^FO{left},{Dots(band.Y)}^BY{module}^BCN,{Dots(band.Height)},N,N,N^FD>;>8{band.Data}^FS\n");
        }

        foreach (var run in layout.Text)
        {
            var size = Math.Max(10, Dots(run.Size));
            zpl.Append(CultureInfo.InvariantCulture, $"^FT{Dots(run.X)},{Dots(run.Baseline)}^A0N,{size},{size}");
            AppendField(zpl, "", run.Text);
        }

        zpl.Append("^XZ\n");
    }

    private static void AppendField(StringBuilder zpl, string prefix, string data)
    {
        // ^ and ~ would start a command inside the data; ^FH lets them travel as _5E / _7E hex escapes.
        if (data.Contains('^', StringComparison.Ordinal) || data.Contains('~', StringComparison.Ordinal))
        {
            var escaped = data.Replace("_", "_5F", StringComparison.Ordinal).Replace("^", "_5E", StringComparison.Ordinal).Replace("~", "_7E", StringComparison.Ordinal);
            zpl.Append("^FH_^FD").Append(prefix).Append(escaped).Append("^FS\n");
        }
        else
        {
            zpl.Append("^FD").Append(prefix).Append(data).Append("^FS\n");
        }
    }
}
