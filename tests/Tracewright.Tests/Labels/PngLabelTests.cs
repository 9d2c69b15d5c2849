using Tracewright.Labels;
using static Tracewright.Tests.Labels.LabelRenderingTests;

namespace Tracewright.Tests.Labels;

/// <summary>
/// PNG labels, read back with the test's own PNG decoder: the whole label at 300 dpi, the QR code module for module the
/// payload's, and the text lines drawn from the font outlines where the layout puts them.
/// </summary>
public sealed class PngLabelTests
{
    private const string Payload = "https://id.gs1.org/01/09506000134352/21/ALU-0524-001.2";
    private const double PixelsPerMillimetre = 300 / 25.4;

    private static (LabelFiles.Png Png, PngLabel.Geometry Geometry) RenderPng(LabelData label, LabelSheet sheet)
    {
        var png = LabelFiles.DecodePng(Render([label], LabelFormat.Png, sheet).Content);
        return (png, PngLabel.GeometryOf(label, sheet.LabelWidth, sheet.LabelHeight));
    }

    private static bool InQr(PngLabel.Geometry g, int x, int y) =>
        x >= g.QrLeft && x < g.QrLeft + g.Modules * g.ModulePixels && y >= g.QrTop && y < g.QrTop + g.Modules * g.ModulePixels;

    /// <summary>
    /// The dark pixels of a text run between its baseline and 0.6 em above it (where every letter has ink, and the lines
    /// above and below have none), as (left, right) ink columns; null when none.
    /// </summary>
    private static (int Left, int Right)? InkColumns(LabelFiles.Png png, TextRun run)
    {
        var top = (int)Math.Floor((run.Baseline - run.Size * 0.6) * PixelsPerMillimetre);
        var bottom = (int)Math.Ceiling((run.Baseline - run.Size * 0.05) * PixelsPerMillimetre);
        int? left = null, right = null;
        for (var y = Math.Max(0, top); y < Math.Min(png.Height, bottom); y++)
        {
            for (var x = (int)Math.Floor(run.X * PixelsPerMillimetre); x < png.Width; x++)
            {
                if (png.Dark[y, x])
                {
                    left = Math.Min(left ?? x, x);
                    right = Math.Max(right ?? x, x);
                }
            }
        }

        return left is null ? null : (left.Value, right!.Value);
    }

    [Theory]
    [InlineData("l7160", 750, 450)]
    [InlineData("5160", 788, 300)]
    [InlineData("4x6", 1200, 1800)]
    public void Png_IsTheWholeLabelAt300DpiWithExactlyThePayloadsQrModules(string sheetName, int width, int height)
    {
        var sheet = LabelSheet.Parse(sheetName).Value;
        var (png, geometry) = RenderPng(Piece(payload: Payload), sheet);
        Assert.Equal((width, height), (png.Width, png.Height));

        var reference = Reference(Payload);
        Assert.Equal(reference.GetLength(0), geometry.Modules);
        Assert.True(geometry.ModulePixels >= 4, "modules of at least 4 pixels");
        for (var r = 0; r < geometry.Modules; r++)
        {
            for (var c = 0; c < geometry.Modules; c++)
            {
                // Every pixel of a module, not just its centre: the code is drawn on whole pixels, without grey edges.
                var expected = reference[r, c] ? 0 : 255;
                for (var y = 0; y < geometry.ModulePixels; y++)
                {
                    for (var x = 0; x < geometry.ModulePixels; x++)
                    {
                        Assert.True(expected == png.Grey[geometry.QrTop + r * geometry.ModulePixels + y, geometry.QrLeft + c * geometry.ModulePixels + x], $"module ({r},{c})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Png_TextIsTheLayoutsLinesDrawnFromTheFontOutlines()
    {
        var label = Piece(payload: Payload);
        var (png, geometry) = RenderPng(label, LabelSheet.L7160);
        var runs = geometry.Layout.Text;
        Assert.Equal(["ALU-0524-001.2", "ALU-6061-PLATE"], runs.Take(2).Select(r => r.Text));

        // Outside the code, every pixel is the text drawn on its own: nothing else is painted, nothing is lost.
        var coverage = PngLabel.TextCoverage(runs, png.Width, png.Height);
        var grey = 0;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                if (!InQr(geometry, x, y))
                {
                    var expected = (byte)Math.Round(255 * (1 - coverage[y * png.Width + x]));
                    Assert.True(expected == png.Grey[y, x], $"pixel ({x},{y})");
                    grey += expected is > 0 and < 255 ? 1 : 0;
                }
            }
        }

        Assert.True(grey > 1000, "glyph edges are anti-aliased (grey pixels between black and white)");

        // Each line's ink starts at its left edge and is as wide as the font's advance widths say, less the side bearings.
        foreach (var run in runs)
        {
            var ink = InkColumns(png, run);
            Assert.True(ink is not null, $"no ink for '{run.Text}'");
            var measured = LabelFonts.Measure(run.Text, run.Size, run.Bold) * PixelsPerMillimetre;
            var left = run.X * PixelsPerMillimetre;
            Assert.InRange(ink.Value.Left, left, left + run.Size * PixelsPerMillimetre * 0.15);
            Assert.InRange(ink.Value.Right, left + measured - run.Size * PixelsPerMillimetre * 0.2, left + measured + 1);
        }
    }

    [Fact]
    public void Png_DifferentIdsGiveDifferentTextPixelsAndTheSameOtherLines()
    {
        var (first, geometry) = RenderPng(Piece("ALU-0524-001.2", Payload), LabelSheet.L7160);
        var (second, _) = RenderPng(Piece("ALU-0524-001.3", Payload), LabelSheet.L7160);
        var idRun = geometry.Layout.Text[0];
        var idBottom = (int)Math.Ceiling((idRun.Baseline + idRun.Size * 0.25) * PixelsPerMillimetre);

        int differentInId = 0, differentElsewhere = 0;
        for (var y = 0; y < first.Height; y++)
        {
            for (var x = 0; x < first.Width; x++)
            {
                if (first.Grey[y, x] != second.Grey[y, x])
                {
                    if (y < idBottom && !InQr(geometry, x, y))
                    {
                        differentInId++;
                    }
                    else
                    {
                        differentElsewhere++;
                    }
                }
            }
        }

        Assert.True(differentInId > 50, $"{differentInId} pixels differ in the id line");
        Assert.Equal(0, differentElsewhere);
    }
}
