namespace Tracewright.Labels;

/// <summary>
/// The one typeface labels use, DejaVu Sans Condensed (regular and bold), embedded in this assembly so a PDF label
/// looks the same on every machine and needs no system font. Text is measured with it for every format, so what
/// fits on a PDF label fits on the SVG and ZPL ones (ZPL's font 0 is narrower still).
/// </summary>
public static class LabelFonts
{
    /// <summary>The family name SVG asks for first.</summary>
    public const string Family = "DejaVu Sans Condensed";

    private static readonly Lazy<TrueTypeFont> RegularFont = new(() => Load("DejaVuSansCondensed"));
    private static readonly Lazy<TrueTypeFont> BoldFont = new(() => Load("DejaVuSansCondensed-Bold"));

    public static TrueTypeFont Regular => RegularFont.Value;

    public static TrueTypeFont Bold => BoldFont.Value;

    public static TrueTypeFont Of(bool bold) => bold ? Bold : Regular;

    /// <summary>The width of <paramref name="text"/> at a font size of <paramref name="size"/>, in the unit of the size.</summary>
    public static double Measure(string text, double size, bool bold) => Of(bold).Measure(text) * size;

    private static TrueTypeFont Load(string face)
    {
        using var stream = typeof(LabelFonts).Assembly.GetManifestResourceStream($"Tracewright.Labels.{face}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {face}.ttf is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return TrueTypeFont.Load(copy.ToArray());
    }
}
