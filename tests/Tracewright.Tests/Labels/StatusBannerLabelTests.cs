using System.Text;
using System.Xml.Linq;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Labels;
using Tracewright.Features.Lots;
using Tracewright.Features.Receiving;
using Tracewright.Labels;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Labels;

/// <summary>
/// Issue 14: the label of a rejected, quarantined or blocked lot says so in large letters, in every format, and its QR code
/// still resolves to the lot's Digital Link. The files are read back by independent libraries (PdfPig, ZXing.Net).
/// </summary>
public abstract class StatusBannerLabelTests(DatabaseKind kind)
{
    private const string Gtin = "09506000134352";

    [Fact]
    public async Task A_rejected_lots_label_says_REJECTED_largest_and_its_QR_still_reads_as_its_Digital_Link()
    {
        await using var database = await kind.CreateAsync();
        var shop = await OpenAsync(database);
        // The certificate names another heat: rejected on receipt.
        var lot = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-7", "4", "ea", Certificate("MTR", "H-8")), default))).Lot;
        var link = $"https://id.gs1.org/01/{Gtin}/10/{lot}";

        var pdf = await RenderAsync(shop, lot, "pdf");
        using (var document = PdfDocument.Open(pdf))
        {
            var words = document.GetPage(1).GetWords().ToList();
            var banner = words.Single(w => w.Text == "REJECTED");
            var id = words.Single(w => w.Text == lot);
            Assert.True(banner.BoundingBox.Height > id.BoundingBox.Height, $"REJECTED ({banner.BoundingBox.Height:0.0} pt) should be taller than the id ({id.BoundingBox.Height:0.0} pt)");
            Assert.True(banner.BoundingBox.Top > id.BoundingBox.Top, "the banner stands above the id");
        }

        var zpl = Encoding.ASCII.GetString(await RenderAsync(shop, lot, "zpl"));
        Assert.Contains("^FDREJECTED^FS", zpl, StringComparison.Ordinal);
        Assert.Contains(link, zpl, StringComparison.Ordinal);

        var svg = XDocument.Parse(Encoding.UTF8.GetString(await RenderAsync(shop, lot, "svg")));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(t => t.Value).ToList();
        Assert.Equal(["REJECTED", lot], texts.Take(2));

        Assert.Equal(link, DecodeQr(await RenderAsync(shop, lot, "png")));
    }

    [Fact]
    public async Task A_quarantined_and_then_a_blocked_lot_say_so_and_an_available_lot_carries_no_banner()
    {
        await using var database = await kind.CreateAsync();
        var shop = await OpenAsync(database);
        // No certificate for an item that needs its MTR: quarantined.
        var held = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-9", "4", "ea"), default))).Lot;
        var fine = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-10", "4", "ea", Certificate("MTR", "H-10")), default))).Lot;

        Assert.Equal("QUARANTINE", PdfWords(await RenderAsync(shop, held, "pdf"))[0]);
        var available = PdfWords(await RenderAsync(shop, fine, "pdf"));
        Assert.Equal(fine, available[0]);
        Assert.DoesNotContain(available, w => w is "REJECTED" or "QUARANTINE" or "BLOCKED");

        await Ok(ChangeLotStatus.HandleAsync(shop, "quality", new ChangeLotStatus.Request(fine, ChangeLotStatus.Action.Block, "supplier notice"), default));
        Assert.Equal("BLOCKED", PdfWords(await RenderAsync(shop, fine, "pdf"))[0]);
        Assert.Equal($"https://id.gs1.org/01/{Gtin}/10/{fine}", DecodeQr(await RenderAsync(shop, fine, "png")));
    }

    private static async Task<byte[]> RenderAsync(Shop shop, string lot, string format) =>
        (await Ok(PrintLabel.RenderAsync(shop, new PrintLabel.Request(lot, format, Gtin: Gtin), default))).File.Content;

    private static List<string> PdfWords(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPage(1).GetWords().Select(w => w.Text).ToList();
    }

    /// <summary>The QR code in a PNG label, read by ZXing.Net from the decoded pixels.</summary>
    private static string DecodeQr(byte[] png)
    {
        var bitmap = new BinaryBitmap(new HybridBinarizer(LabelFiles.DecodePng(png).Luminance()));
        var result = new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true });
        Assert.NotNull(result);
        return result.Text;
    }
}

public sealed class SqliteStatusBannerLabelTests() : StatusBannerLabelTests(new SqliteKind());

public sealed class PostgresStatusBannerLabelTests() : StatusBannerLabelTests(new PostgresKind());
