using QRCoder;

namespace Tracewright.Labels;

/// <summary>
/// The label's QR code as a PNG, quiet zone included: the picture a label designer (BarTender, gLabels, Word)
/// places next to its own text fields. No text is drawn, because this build has no raster text engine
/// (System.Drawing does not run on Linux and SkiaSharp is not available); SVG, PDF and ZPL carry the full label.
/// </summary>
public static class PngLabel
{
    /// <summary>The PNG of <paramref name="label"/>'s code; each module is <paramref name="pixelsPerModule"/> pixels square.</summary>
    public static byte[] Render(LabelData label, int pixelsPerModule = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(label.QrPayload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, drawQuietZones: true);
    }
}
