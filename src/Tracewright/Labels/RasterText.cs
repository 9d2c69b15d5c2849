namespace Tracewright.Labels;

/// <summary>
/// Draws a line of text into a <see cref="CoverageRaster"/> from the glyph outlines of a TrueType font: each glyph at the
/// pen position, the pen moved by its advance width (no kerning, as in the SVG and PDF labels), all in pixels.
/// </summary>
public static class RasterText
{
    /// <summary>Draws <paramref name="text"/> with its left edge at <paramref name="x"/> on <paramref name="baseline"/>, <paramref name="size"/> pixels to the em.</summary>
    public static void Draw(CoverageRaster raster, TrueTypeFont font, string text, double x, double baseline, double size)
    {
        ArgumentNullException.ThrowIfNull(raster);
        ArgumentNullException.ThrowIfNull(font);
        var scale = size / font.UnitsPerEm;
        var pen = x;
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = font.GlyphOf(rune.Value);
            foreach (var contour in font.Outline(glyph))
            {
                DrawContour(raster, contour, p => (pen + p.X * scale, baseline - p.Y * scale));
            }

            pen += font.Advance(rune.Value) * scale;
        }
    }

    /// <summary>
    /// One closed contour: on-curve points joined by lines, an off-curve point making a quadratic curve between its
    /// neighbours, and between two off-curve points the on-curve point midway that TrueType leaves implied.
    /// </summary>
    private static void DrawContour(CoverageRaster raster, GlyphPoint[] contour, Func<GlyphPoint, (double X, double Y)> place)
    {
        if (contour.Length < 2)
        {
            return;
        }

        var points = contour.Select(p => (Point: place(p), p.OnCurve)).ToArray();
        var first = Array.FindIndex(points, p => p.OnCurve);
        // A contour of only off-curve points starts at the implied point between its last and first.
        var start = first >= 0 ? points[first].Point : Midpoint(points[^1].Point, points[0].Point);
        var from = first >= 0 ? first + 1 : 0;
        var current = start;
        (double X, double Y)? control = null;
        for (var i = 0; i < points.Length - (first >= 0 ? 1 : 0); i++)
        {
            var (point, onCurve) = points[(from + i) % points.Length];
            if (onCurve)
            {
                Segment(raster, current, control, point);
                current = point;
                control = null;
            }
            else if (control is { } previous)
            {
                var implied = Midpoint(previous, point);
                Segment(raster, current, previous, implied);
                current = implied;
                control = point;
            }
            else
            {
                control = point;
            }
        }

        Segment(raster, current, control, start);
    }

    private static void Segment(CoverageRaster raster, (double X, double Y) from, (double X, double Y)? control, (double X, double Y) to)
    {
        if (control is { } c)
        {
            raster.AddQuadratic(from.X, from.Y, c.X, c.Y, to.X, to.Y);
        }
        else
        {
            raster.AddLine(from.X, from.Y, to.X, to.Y);
        }
    }

    private static (double X, double Y) Midpoint((double X, double Y) a, (double X, double Y) b) => ((a.X + b.X) / 2, (a.Y + b.Y) / 2);
}
