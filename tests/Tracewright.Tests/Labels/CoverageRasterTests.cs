using Tracewright.Labels;

namespace Tracewright.Tests.Labels;

/// <summary>The anti-aliasing rasteriser against shapes whose coverage is known exactly, and glyphs against their outlines.</summary>
public sealed class CoverageRasterTests
{
    private static void Polygon(CoverageRaster raster, params (double X, double Y)[] points)
    {
        for (var i = 0; i < points.Length; i++)
        {
            var (a, b) = (points[i], points[(i + 1) % points.Length]);
            raster.AddLine(a.X, a.Y, b.X, b.Y);
        }
    }

    private static float At(CoverageRaster raster, float[] coverage, int x, int y) => coverage[y * raster.Width + x];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_rectangle_covers_each_pixel_by_the_area_inside_it_whichever_way_it_winds(bool reversed)
    {
        var raster = new CoverageRaster(6, 5);
        (double, double)[] corners = [(1.25, 1), (3.75, 1), (3.75, 3.5), (1.25, 3.5)];
        Polygon(raster, reversed ? [.. corners.Reverse()] : corners);
        var coverage = raster.Coverage();

        float[,] expected =
        {
            { 0, 0, 0, 0, 0, 0 },
            { 0, 0.75f, 1, 0.75f, 0, 0 },
            { 0, 0.75f, 1, 0.75f, 0, 0 },
            { 0, 0.375f, 0.5f, 0.375f, 0, 0 },
            { 0, 0, 0, 0, 0, 0 },
        };
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                Assert.Equal(expected[y, x], At(raster, coverage, x, y), 4);
            }
        }
    }

    [Fact]
    public void A_triangle_covers_its_area_and_a_hole_wound_the_other_way_stays_empty()
    {
        var raster = new CoverageRaster(40, 40);
        Polygon(raster, (2.3, 3.1), (37.7, 9.4), (11.2, 35.9));
        Assert.Equal(Math.Abs((37.7 - 2.3) * (35.9 - 3.1) - (11.2 - 2.3) * (9.4 - 3.1)) / 2, raster.Coverage().Sum(), 2);

        var ring = new CoverageRaster(20, 20);
        Polygon(ring, (2, 2), (18, 2), (18, 18), (2, 18));
        Polygon(ring, (6, 6), (6, 14), (14, 14), (14, 6));
        var coverage = ring.Coverage();
        Assert.Equal(16 * 16 - 8 * 8, coverage.Sum(), 2);
        Assert.Equal(0, At(ring, coverage, 10, 10));
        Assert.Equal(1, At(ring, coverage, 3, 10));
    }

    [Fact]
    public void Outlines_past_the_edges_are_clipped_and_keep_their_coverage_inside()
    {
        var raster = new CoverageRaster(4, 4);
        Polygon(raster, (-5, 1), (2.5, 1), (2.5, 2), (-5, 2));
        Polygon(raster, (3.5, -3), (9, -3), (9, 9), (3.5, 9));
        var coverage = raster.Coverage();
        Assert.Equal([1, 1, 0.5f, 0.5f], Enumerable.Range(0, 4).Select(x => At(raster, coverage, x, 1)));
        Assert.Equal([0, 0, 0, 0.5f], Enumerable.Range(0, 4).Select(x => At(raster, coverage, x, 3)));
    }

    [Fact]
    public void Quadratic_edges_follow_the_curve()
    {
        // A circle of radius 20 from eight quadratic arcs (control points on the tangents): area within 0.5 % of π r².
        var raster = new CoverageRaster(50, 50);
        const double R = 20, Cx = 25, Cy = 25;
        var control = R / Math.Cos(Math.PI / 8);
        for (var i = 0; i < 8; i++)
        {
            double a0 = i * Math.PI / 4, a1 = (i + 1) * Math.PI / 4, am = (a0 + a1) / 2;
            raster.AddQuadratic(Cx + R * Math.Cos(a0), Cy + R * Math.Sin(a0), Cx + control * Math.Cos(am), Cy + control * Math.Sin(am), Cx + R * Math.Cos(a1), Cy + R * Math.Sin(a1));
        }

        Assert.InRange(raster.Coverage().Sum(), Math.PI * R * R * 0.995, Math.PI * R * R * 1.005);
    }

    /// <summary>Where a drawn string has ink: (left, top, right, bottom) of the pixels at least half covered.</summary>
    private static (int Left, int Top, int Right, int Bottom) Ink(string text, double size, out float[] coverage, out CoverageRaster raster)
    {
        raster = new CoverageRaster(400, 200);
        RasterText.Draw(raster, LabelFonts.Regular, text, 20, 150, size);
        coverage = raster.Coverage();
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var y = 0; y < raster.Height; y++)
        {
            for (var x = 0; x < raster.Width; x++)
            {
                if (coverage[y * raster.Width + x] >= 0.5f)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        return (left, top, right, bottom);
    }

    [Fact]
    public void A_glyph_is_drawn_within_its_outline_upright_at_the_pen_on_the_baseline()
    {
        const double Size = 100;
        var font = LabelFonts.Regular;
        var points = font.Outline(font.GlyphOf('L')).SelectMany(c => c).ToList();
        Assert.NotEmpty(points);
        var scale = Size / font.UnitsPerEm;

        var ink = Ink("L", Size, out var coverage, out var raster);

        // The outline's box, y flipped: the stem's foot on the baseline (150), the top at the cap height above it.
        Assert.Equal(20 + points.Min(p => p.X) * scale, ink.Left, 1.0);
        Assert.Equal(20 + points.Max(p => p.X) * scale, ink.Right + 1, 1.0);
        Assert.Equal(150 - points.Max(p => p.Y) * scale, ink.Top, 1.0);
        Assert.Equal(150 - points.Min(p => p.Y) * scale, ink.Bottom + 1, 1.0);
        // An L: its stem runs the full height on the left, its foot the full width at the bottom, the rest is empty.
        Assert.Equal(1, At(raster, coverage, ink.Left + 2, (ink.Top + ink.Bottom) / 2));
        Assert.Equal(1, At(raster, coverage, ink.Right - 2, ink.Bottom - 2));
        Assert.Equal(0, At(raster, coverage, ink.Right - 2, ink.Top + 2));
    }

    [Fact]
    public void Curved_glyphs_keep_their_counters_and_composite_glyphs_get_their_accents()
    {
        var o = Ink("O", 100, out var coverage, out var raster);
        Assert.Equal(0, At(raster, coverage, (o.Left + o.Right) / 2, (o.Top + o.Bottom) / 2));
        Assert.Equal(1, At(raster, coverage, o.Left + 3, (o.Top + o.Bottom) / 2));

        var e = Ink("e", 100, out _, out _);
        var accented = Ink("é", 100, out _, out _);
        Assert.Equal(e.Bottom, accented.Bottom);
        Assert.True(accented.Top < e.Top - 15, "the acute accent sits above the e");
        Assert.Equal(e.Left, accented.Left, 2.0);
    }
}
