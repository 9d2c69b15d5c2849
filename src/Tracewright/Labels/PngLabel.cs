namespace Tracewright.Labels;

/// <summary>
/// One label as a greyscale PNG at <see cref="DotsPerInch"/>, laid out like the SVG, PDF and ZPL labels
/// (<see cref="LabelLayout"/>): the QR code with its quiet zone, drawn on whole pixels so every module is a crisp square, and
/// the id, item and heat lines drawn from the embedded DejaVu outlines with anti-aliasing (<see cref="RasterText"/>), and a
/// container's GS1-128 bars on whole pixels per module.
/// </summary>
public static class PngLabel
{
    /// <summary>The resolution of a PNG label: that of office printers and 300 dpi thermal printers.</summary>
    public const double DotsPerInch = 300;

    private const double PixelsPerMillimetre = DotsPerInch / 25.4;

    /// <summary>Where a PNG label's pixels go: its size and the QR code's top-left pixel, module size and modules per side.</summary>
    public sealed record Geometry(int Width, int Height, int QrLeft, int QrTop, int ModulePixels, int Modules, LabelLayout Layout);

    /// <summary>
    /// The pixel geometry of <paramref name="label"/> on a label of <paramref name="width"/> × <paramref name="height"/> mm:
    /// the largest whole number of pixels per module that fits the layout's code square, centred in it.
    /// </summary>
    public static Geometry GeometryOf(LabelData label, double width, double height)
    {
        var layout = LabelLayout.For(label, width, height);
        var modules = QrSymbol.Encode(label.QrPayload).Size;
        var side = layout.QrSide * PixelsPerMillimetre;
        var modulePixels = Math.Max(1, (int)Math.Floor(side / modules));
        var margin = (side - modulePixels * modules) / 2;
        return new Geometry(
            Pixels(width), Pixels(height),
            (int)Math.Round(layout.QrX * PixelsPerMillimetre + margin), (int)Math.Round(layout.QrY * PixelsPerMillimetre + margin),
            modulePixels, modules, layout);
    }

    public static byte[] Render(LabelData label, double width, double height)
    {
        var geometry = GeometryOf(label, width, height);
        var (w, h) = (geometry.Width, geometry.Height);
        var grey = new byte[w * h];
        Array.Fill(grey, (byte)255);

        var symbol = QrSymbol.Encode(label.QrPayload);
        foreach (var (row, column, length) in symbol.DarkRuns())
        {
            var top = geometry.QrTop + row * geometry.ModulePixels;
            var left = geometry.QrLeft + column * geometry.ModulePixels;
            for (var y = Math.Max(top, 0); y < Math.Min(top + geometry.ModulePixels, h); y++)
            {
                var from = Math.Clamp(left, 0, w);
                grey.AsSpan(y * w + from, Math.Clamp(left + length * geometry.ModulePixels, 0, w) - from).Clear();
            }
        }

        if (geometry.Layout.Barcode is { } band)
        {
            // Whole pixels per module, so every bar and space is the same width and a scanner reads the ratios exactly.
            var linear = Gs1128Symbol.Encode(band.Data);
            var bandWidth = band.Width * PixelsPerMillimetre;
            var module = Math.Max(1, (int)Math.Floor(bandWidth / (linear.Modules + 2 * Gs1128Symbol.QuietZone)));
            var left = (int)Math.Round(band.X * PixelsPerMillimetre + (bandWidth - module * linear.Modules) / 2);
            var top = (int)Math.Round(band.Y * PixelsPerMillimetre);
            var bottom = Math.Min(h, (int)Math.Round((band.Y + band.Height) * PixelsPerMillimetre));
            foreach (var (start, length) in linear.Bars())
            {
                var from = Math.Clamp(left + start * module, 0, w);
                var to = Math.Clamp(left + (start + length) * module, 0, w);
                for (var y = Math.Max(top, 0); y < bottom; y++)
                {
                    grey.AsSpan(y * w + from, to - from).Clear();
                }
            }
        }

        var text = TextCoverage(geometry.Layout.Text, w, h);
        for (var i = 0; i < grey.Length; i++)
        {
            grey[i] = Math.Min(grey[i], (byte)Math.Round(255 * (1 - text[i])));
        }

        return PngWriter.Greyscale(w, h, grey, DotsPerInch);
    }

    /// <summary>How much of each pixel of a <paramref name="width"/> × <paramref name="height"/> label the text runs cover.</summary>
    public static float[] TextCoverage(IEnumerable<TextRun> runs, int width, int height)
    {
        var raster = new CoverageRaster(width, height);
        foreach (var run in runs)
        {
            RasterText.Draw(raster, LabelFonts.Of(run.Bold), run.Text, run.X * PixelsPerMillimetre, run.Baseline * PixelsPerMillimetre, run.Size * PixelsPerMillimetre);
        }

        return raster.Coverage();
    }

    private static int Pixels(double millimetres) => Math.Max(1, (int)Math.Round(millimetres * PixelsPerMillimetre));
}
