namespace Tracewright.Labels;

/// <summary>One line of text on a label: its left edge and baseline in millimetres from the label's top-left, and its font size in millimetres.</summary>
public readonly record struct TextRun(string Text, double X, double Baseline, double Size, bool Bold);

/// <summary>
/// Where things go on one label, in millimetres from its top-left corner, computed once and drawn by every format
/// (SVG, PDF, ZPL) so they agree. Wide labels put the QR code on the left and the text beside it; tall labels
/// (4 × 6 in) put it on top. The id is set as large as fits; the other lines share what height is left, and a
/// line that is still too wide is cut with an ellipsis rather than run off the label. A label with a linear barcode (a
/// container's GS1-128 SSCC) gives it a band across the bottom, its human-readable line under the bars, and lays the rest out above.
/// </summary>
public sealed record LabelLayout(double Width, double Height, double QrX, double QrY, double QrSide, IReadOnlyList<TextRun> Text, BarcodeBand? Barcode = null)
{
    private const double LineSpacing = 1.2;
    private const string Ellipsis = "\u2026";

    public static LabelLayout For(LabelData label, double width, double height)
    {
        if (label.Barcode is not { } barcode)
        {
            return Above(label, width, height);
        }

        // The bars take about a quarter of the label's height (at most 32 mm, the height GS1 logistic labels use), the
        // line under them what fits the width; the QR code and the text share what is left above.
        var padding = Math.Clamp(Math.Min(width, height) * 0.05, 1.2, 5);
        var barHeight = Math.Min(height * 0.24, 32);
        var textSize = Math.Min(Math.Min(barHeight * 0.3, 4), FitSize(barcode.Text, width - 2 * padding, bold: false));
        var bandTop = height - padding - textSize * LineSpacing - barHeight;
        var above = Above(label, width, bandTop);
        var runs = above.Text.Append(new TextRun(barcode.Text, (width - LabelFonts.Measure(barcode.Text, textSize, false)) / 2, height - padding - textSize * 0.25, textSize, Bold: false)).ToList();
        return above with { Height = height, Text = runs, Barcode = new BarcodeBand(barcode.Data, padding, bandTop, width - 2 * padding, barHeight) };
    }

    private static LabelLayout Above(LabelData label, double width, double height)
    {
        var padding = Math.Clamp(Math.Min(width, height) * 0.05, 1.2, 5);
        double qrX, qrY, qrSide, textX, textTop, textWidth, textHeight;
        if (width >= height)
        {
            // The QR matrix carries its own quiet zone, so it can sit near the edge and needs no gap before the text.
            qrSide = Math.Min(height - padding, width * 0.45);
            qrX = padding / 2;
            qrY = (height - qrSide) / 2;
            textX = qrX + qrSide;
            textTop = padding;
            textWidth = width - textX - padding;
            textHeight = height - 2 * padding;
        }
        else
        {
            qrSide = Math.Min(width - padding, height * 0.55);
            qrX = (width - qrSide) / 2;
            qrY = padding / 2;
            textX = padding;
            textTop = qrY + qrSide;
            textWidth = width - 2 * padding;
            textHeight = height - textTop - padding;
        }

        var runs = new List<TextRun>();
        if (label.Banner is { } banner)
        {
            // The warning first and largest: a label of rejected or held material says so from across the bench.
            var bannerSize = Math.Min(textHeight * 0.3, FitSize(banner, textWidth, bold: true));
            runs.Add(new TextRun(banner, textX, textTop + bannerSize * 0.85, bannerSize, Bold: true));
            textTop += bannerSize * LineSpacing;
            textHeight -= bannerSize * LineSpacing;
        }

        var details = label.DetailLines();
        var idSize = Math.Min(Math.Min(textHeight * 0.24, 9), FitSize(label.Id, textWidth, bold: true));
        var detailSize = Math.Min(idSize * 0.72, (textHeight - idSize * LineSpacing) / (details.Count * LineSpacing));
        detailSize = Math.Max(detailSize, 1.2);

        var used = idSize * LineSpacing + details.Count * detailSize * LineSpacing;
        // Wide labels centre the text beside the code; tall ones start it right under the code.
        var y = width >= height ? textTop + Math.Max(0, (textHeight - used) / 2) : textTop;
        y += idSize * 0.85;
        runs.Add(new TextRun(Fit(label.Id, textWidth, idSize, bold: true), textX, y, idSize, Bold: true));
        y += idSize * (LineSpacing - 0.85) + detailSize * 0.85;
        foreach (var line in details)
        {
            runs.Add(new TextRun(Fit(line, textWidth, detailSize, bold: false), textX, y, detailSize, Bold: false));
            y += detailSize * LineSpacing;
        }

        return new LabelLayout(width, height, qrX, qrY, qrSide, runs);
    }

    private static double FitSize(string text, double width, bool bold)
    {
        var perUnit = LabelFonts.Measure(text, 1, bold);
        return perUnit <= 0 ? double.MaxValue : width / perUnit;
    }

    /// <summary><paramref name="text"/>, or as much of it as fits followed by an ellipsis.</summary>
    private static string Fit(string text, double width, double size, bool bold)
    {
        if (LabelFonts.Measure(text, size, bold) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && LabelFonts.Measure(text[..length].TrimEnd() + Ellipsis, size, bold) > width)
        {
            length--;
        }

        return text[..length].TrimEnd() + Ellipsis;
    }
}

/// <summary>
/// Where a label's linear barcode goes, in millimetres from the label's top-left: the box the bars and their quiet zones are
/// centred in (renderers pick the module width, whole dots where the format has dots) and the GS1 data it encodes.
/// </summary>
public sealed record BarcodeBand(string Data, double X, double Y, double Width, double Height)
{
    /// <summary>The module width that fits <paramref name="modules"/> bars and both quiet zones in the band.</summary>
    public double ModuleWidth(int modules) => Width / (modules + 2 * Gs1128Symbol.QuietZone);
}
