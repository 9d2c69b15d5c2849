using System.Text;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Labels;
using Tracewright.Features.Production;
using Tracewright.Standards.Gs1;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Labels;

/// <summary>
/// Issue 14: a box or pallet label carries its SSCC as a GS1-128 barcode (FNC1, AI 00) with the human-readable line under it,
/// beside its QR code, in every format. The files are read back by libraries independent of the writers' settings: ZXing.Net's
/// Code 128 reader (told only the format), PdfPig, and the ZPL text itself.
/// </summary>
public abstract class ContainerBarcodeLabelTests(DatabaseKind kind)
{
    private static async Task<byte[]> RenderAsync(Shop shop, string id, string format, string? sheet = null, string of = "container") =>
        (await Ok(LabelTargets.RenderAsync(shop, of, id, format, sheet, default))).File.Content;

    private static async Task<(Shop Shop, string Sscc)> PalletAsync(TestDatabase test)
    {
        var shop = await OpenAsync(test);
        await Ok(Containers.CreateAsync(shop, "clerk", new("box"), default));
        var pallet = await Ok(Containers.CreateAsync(shop, "clerk", new("pallet"), default));
        return (shop, pallet.Container);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("4x6")]
    public async Task The_PNG_label_has_a_GS1_128_barcode_that_reads_as_AI_00_with_the_SSCC_and_its_QR_still_reads(string? sheet)
    {
        await using var test = await kind.CreateAsync();
        var (shop, sscc) = await PalletAsync(test);

        var png = LabelFiles.DecodePng(await RenderAsync(shop, sscc, "png", sheet));
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.CODE_128 }, [DecodeHintType.TRY_HARDER] = true };
        var linear = new MultiFormatReader().decode(new BinaryBitmap(new GlobalHistogramBinarizer(png.Luminance())), hints);

        Assert.NotNull(linear);
        Assert.Equal(BarcodeFormat.CODE_128, linear.BarcodeFormat);
        // "]C1": the symbol's first character after the start is FNC1, so it is GS1-128 and its data is an element string.
        Assert.Equal("]C1", linear.ResultMetadata[ResultMetadataType.SYMBOLOGY_IDENTIFIER]);
        Assert.True(Gs1ElementString.TryParse("]C1" + linear.Text, out var parsed, out var error), error?.Message);
        Assert.Equal([("00", sscc)], parsed.Elements.Select(e => (e.Ai, e.Value)));
        var qr = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(png.Luminance())), new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true });
        Assert.Equal($"https://id.gs1.org/00/{sscc}", qr?.Text);
    }

    [Fact]
    public async Task The_PDF_label_prints_the_SSCC_under_the_bars_with_the_company_prefix_set_apart()
    {
        await using var test = await kind.CreateAsync();
        var (shop, sscc) = await PalletAsync(test);

        using var document = PdfDocument.Open(await RenderAsync(shop, sscc, "pdf"));
        var text = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));

        // Numbered under the shop's company prefix 0614141: extension digit, prefix, serial reference, check digit.
        Assert.StartsWith("00614141", sscc, StringComparison.Ordinal);
        Assert.Contains($"(00) {sscc[0]} 0614141 {sscc[8..17]} {sscc[17]}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ZPL_label_uses_the_printers_GS1_128_command_and_the_SVG_draws_the_bars()
    {
        await using var test = await kind.CreateAsync();
        var (shop, sscc) = await PalletAsync(test);

        var zpl = Encoding.UTF8.GetString(await RenderAsync(shop, sscc, "zpl"));
        var svg = Encoding.UTF8.GetString(await RenderAsync(shop, sscc, "svg"));

        // ^BC (Code 128) with >; (start in subset C) and >8 (FNC1): GS1-128 drawn by the printer, then (00) and the SSCC.
        Assert.Matches($@"\^BY[1-9]\^BCN,[0-9]+,N,N,N\^FD>;>800{sscc}\^FS", zpl);
        Assert.Contains($"^FD(00) {sscc[0]} 0614141 {sscc[8..17]} {sscc[17]}^FS", zpl, StringComparison.Ordinal);
        Assert.Contains($"https://id.gs1.org/00/{sscc}", zpl, StringComparison.Ordinal);
        Assert.Contains("class=\"gs1-128\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lot_label_has_no_linear_barcode()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var lot = (await Ok(Features.Receiving.ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-1", "5", "sheet"), default))).Lot;

        var zpl = Encoding.UTF8.GetString(await RenderAsync(shop, lot, "zpl", of: "lot"));

        Assert.DoesNotContain("^BC", zpl, StringComparison.Ordinal);
    }
}

public sealed class SqliteContainerBarcodeLabelTests() : ContainerBarcodeLabelTests(new SqliteKind());

public sealed class PostgresContainerBarcodeLabelTests() : ContainerBarcodeLabelTests(new PostgresKind());
