namespace Tracewright.Labels;

/// <summary>
/// An anti-aliased coverage mask drawn from closed outlines of straight and quadratic Bézier edges, in pixels with y down.
/// Each edge adds the signed area it sweeps to the pixels it crosses, and a running sum along each row turns those areas
/// into coverage, so an edge that crosses a pixel covers it by exactly its area — no supersampling. The winding rule is
/// non-zero for outlines that overlap at most once (coverage is the absolute sum, capped at 1), which TrueType glyphs are.
/// Anything outside the mask is clipped. Not thread-safe; one per image.
/// </summary>
public sealed class CoverageRaster
{
    // Quadratic edges are cut into lines no further than this from the curve, in pixels.
    private const double Flatness = 0.1;

    private readonly float[] _area;
    private readonly int _stride;

    public CoverageRaster(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        (Width, Height) = (width, height);
        // Two spare columns per row: an edge's area spills one pixel right of it, and an edge clamped to the right border lands there.
        _stride = width + 2;
        _area = new float[_stride * height];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>An edge from (x0, y0) to (x1, y1); its direction sets the winding.</summary>
    public void AddLine(double x0, double y0, double x1, double y1)
    {
        if (y0 == y1 || double.IsNaN(x0 + y0 + x1 + y1))
        {
            return;
        }

        // Cut where the edge leaves the mask sideways: the part beyond a side runs along that side, which keeps the winding
        // of everything inside without drawing outside.
        foreach (var side in new double[] { 0, Width })
        {
            if ((x0 - side) * (x1 - side) < 0)
            {
                var y = y0 + (y1 - y0) * (side - x0) / (x1 - x0);
                AddLine(x0, y0, side, y);
                AddLine(side, y, x1, y1);
                return;
            }
        }

        Accumulate(Math.Clamp(x0, 0, Width), y0, Math.Clamp(x1, 0, Width), y1);
    }

    /// <summary>A quadratic Bézier edge from p0 to p2 with control point p1, drawn as lines close enough to the curve.</summary>
    public void AddQuadratic(double x0, double y0, double cx, double cy, double x1, double y1)
    {
        // The curve is at most a quarter of |p0 − 2·p1 + p2| from its chord; n pieces cut that by n².
        var deviation = Math.Sqrt(Math.Pow(x0 - 2 * cx + x1, 2) + Math.Pow(y0 - 2 * cy + y1, 2)) / 4;
        var pieces = Math.Clamp((int)Math.Ceiling(Math.Sqrt(deviation / Flatness)), 1, 64);
        var (px, py) = (x0, y0);
        for (var i = 1; i <= pieces; i++)
        {
            var t = (double)i / pieces;
            var u = 1 - t;
            var (qx, qy) = (u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1);
            AddLine(px, py, qx, qy);
            (px, py) = (qx, qy);
        }
    }

    /// <summary>How much of each pixel the outlines cover, 0 to 1, row by row.</summary>
    public float[] Coverage()
    {
        var coverage = new float[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            var sum = 0f;
            for (var x = 0; x < Width; x++)
            {
                sum += _area[y * _stride + x];
                coverage[y * Width + x] = Math.Min(1f, Math.Abs(sum));
            }
        }

        return coverage;
    }

    /// <summary>Adds the signed area of an edge that lies within 0 ≤ x ≤ Width, row by row, clipped to the rows of the mask.</summary>
    private void Accumulate(double x0, double y0, double x1, double y1)
    {
        var direction = 1.0;
        if (y0 > y1)
        {
            (x0, y0, x1, y1) = (x1, y1, x0, y0);
            direction = -1;
        }

        var slope = (x1 - x0) / (y1 - y0);
        var top = Math.Max(y0, 0);
        var bottom = Math.Min(y1, Height);
        var x = x0 + slope * (top - y0);
        for (var row = (int)Math.Floor(top); row < bottom; row++)
        {
            var height = Math.Min(row + 1, bottom) - Math.Max(row, top);
            var next = x + slope * height;
            AddSpan(row * _stride, x, next, height * direction);
            x = next;
        }
    }

    /// <summary>One row's share of an edge that runs from x to <paramref name="next"/> while descending <paramref name="height"/> (signed).</summary>
    private void AddSpan(int rowStart, double x, double next, double height)
    {
        var (left, right) = x < next ? (x, next) : (next, x);
        var leftCell = (int)Math.Floor(left);
        var rightCell = (int)Math.Ceiling(right);
        if (rightCell <= leftCell + 1)
        {
            // Within one pixel: the part left of the edge's mean x stays in this pixel, the rest carries to the next.
            var inside = (x + next) / 2 - leftCell;
            _area[rowStart + leftCell] += (float)(height * (1 - inside));
            _area[rowStart + leftCell + 1] += (float)(height * inside);
            return;
        }

        // Across several pixels: the triangle in the first, equal strips in the middle, the rest in the last and the one after.
        var perPixel = 1 / (right - left);
        var leftFraction = left - leftCell;
        var first = 0.5 * perPixel * (1 - leftFraction) * (1 - leftFraction);
        var rightFraction = right - rightCell + 1;
        var last = 0.5 * perPixel * rightFraction * rightFraction;
        _area[rowStart + leftCell] += (float)(height * first);
        if (rightCell == leftCell + 2)
        {
            _area[rowStart + leftCell + 1] += (float)(height * (1 - first - last));
        }
        else
        {
            var second = perPixel * (1.5 - leftFraction);
            _area[rowStart + leftCell + 1] += (float)(height * (second - first));
            for (var cell = leftCell + 2; cell < rightCell - 1; cell++)
            {
                _area[rowStart + cell] += (float)(height * perPixel);
            }

            var beforeLast = second + (rightCell - leftCell - 3) * perPixel;
            _area[rowStart + rightCell - 1] += (float)(height * (1 - beforeLast - last));
        }

        _area[rowStart + rightCell] += (float)(height * last);
    }
}
