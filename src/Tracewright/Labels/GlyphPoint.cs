namespace Tracewright.Labels;

/// <summary>
/// One point of a TrueType glyph contour, in font units with y up. Consecutive off-curve points imply an on-curve point
/// midway between them; a contour is closed (its last point joins its first).
/// </summary>
public readonly record struct GlyphPoint(double X, double Y, bool OnCurve);
