using Microsoft.Playwright;
using SkiaSharp;
using ZXing;
using ZXing.Datamatrix;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 14, phones and tablets: every page fits a 390 px wide phone, and the scan box reads a QR code or a GS1 Data
/// Matrix with the device camera. The camera is Chromium's own fake capture device playing a file of JPEG frames made
/// from what a camera would see (the product's own PNG label; a Data Matrix drawn by ZXing.Net), so the page's real
/// code path runs: getUserMedia, the bundled reader, the scan box's form.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneBrowserTests(DemoBrowserShop shop) : IClassFixture<DemoBrowserShop>
{
    private const int PhoneWidth = 390;

    /// <summary>Pages not in the menu that a person reaches from it: one of each kind of record.</summary>
    private static readonly string[] RecordPages =
    [
        "/lots/PLY-0524-001", "/lots/PLA-0424-01", "/search?q=H-24-0117", "/trace?id=PLA-0424-01&direction=forward",
        "/trace?id=PLA-0424-01&direction=backward", "/recall?id=PLA-0424-01", "/compliance?id=PLA-0424-01&standard=RoHS",
        "/records/MFG-0056", "/customers/CUS-0001", "/capas", "/deviations", "/signin",
    ];

    [Fact]
    public async Task Every_page_fits_a_phone_390_px_wide_with_nothing_to_scroll_sideways()
    {
        var (context, page) = await shop.SignedInAsync();
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await page.GotoAsync("/");
        var menu = await page.EvalOnSelectorAllAsync<string[]>("header nav a", "links => links.map(a => a.getAttribute('href'))");
        Assert.True(menu.Length >= 10, $"the menu has {menu.Length} links");
        var lines = await MenuLinesAsync(page);
        Assert.True(lines <= 4, $"the menu takes {lines} lines at {PhoneWidth} px");

        // The first unit and shipment of the demo, reached as a person would: from the lists.
        await page.GotoAsync("/search?q=SHP-0001");
        var shipment = new Uri(page.Url).PathAndQuery;
        var pages = menu.Concat(RecordPages).Append(shipment).Distinct().ToList();

        var folder = Directory.CreateTempSubdirectory("tracewright-phone-").FullName;
        var tooWide = new List<string>();
        foreach (var path in pages)
        {
            var answer = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
            Assert.True(answer!.Ok, $"{path} answered {answer.Status}");
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (width > PhoneWidth)
            {
                // Which element sticks out, so the failure says what to fix.
                var culprit = await page.EvaluateAsync<string>(
                    $"[...document.querySelectorAll('main *, header *')].filter(e => e.getBoundingClientRect().right > {PhoneWidth} && !e.closest('table')).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).slice(0, 3).join(', ')");
                tooWide.Add($"{path}: {width} px ({culprit})");
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"too-wide-{tooWide.Count}.png"), FullPage = true });
            }
        }

        Assert.True(tooWide.Count == 0, $"pages wider than {PhoneWidth} px (screenshots in {folder}): {string.Join("; ", tooWide)}");
        await page.GotoAsync("/lots/PLY-0524-001");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "lot.png"), FullPage = true });
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_menu_is_one_line_of_groups_on_a_phone_and_a_tap_opens_one_group_at_a_time()
    {
        var (context, page) = await shop.SignedInAsync();
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await page.GotoAsync("/");
        Assert.Equal(1, await MenuLinesAsync(page));
        Assert.False(await page.Locator("header nav a[href='/items']").IsVisibleAsync());

        var folder = Directory.CreateTempSubdirectory("tracewright-menu-").FullName;
        await page.ClickAsync("#menu-setup > summary");
        await page.Locator("header nav a[href='/items']").WaitForAsync();
        Assert.Equal(PhoneWidth, await page.EvaluateAsync<int>("document.documentElement.scrollWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "phone-setup-open.png") });

        // Opening another group closes the first (one name for all groups), with no script on the page.
        await page.ClickAsync("#menu-work > summary");
        await page.Locator("header nav a[href='/receive']").WaitForAsync();
        Assert.False(await page.Locator("header nav a[href='/items']").IsVisibleAsync());
        await page.ClickAsync("header nav a[href='/receive']");
        await page.WaitForURLAsync("**/receive");

        // Wider, every group shows its links after its name.
        await page.SetViewportSizeAsync(1024, 768);
        await page.GotoAsync("/");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "desktop.png") });
        Assert.True(await page.Locator("header nav a[href='/items']").IsVisibleAsync());
        Assert.True(await page.Locator("header nav a[href='/receive']").IsVisibleAsync());
        var lines = await MenuLinesAsync(page);
        Assert.True(lines <= 4, $"the menu takes {lines} lines at 1024 px");
        await context.CloseAsync();
    }

    /// <summary>How many lines the menu's names and links take (items whose middles differ by more than a few pixels are on different lines).</summary>
    private static Task<int> MenuLinesAsync(IPage page) => page.EvaluateAsync<int>(
        """
        () => {
          const tops = [...document.querySelectorAll('header nav > a, header nav > details > summary, header nav .links a')]
            .filter(e => e.checkVisibility() && getComputedStyle(e.closest('.links') ?? e).position !== 'absolute')
            .map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; }).sort((a, b) => a - b);
          return tops.filter((t, i) => i === 0 || t - tops[i - 1] > 12).length;
        }
        """);

    [Theory]
    [InlineData("qr")]
    [InlineData("datamatrix")]
    public async Task The_scan_box_reads_a_label_with_the_camera_and_opens_what_it_names_as_a_wedge_scanner_would(string symbol)
    {
        var (context, page) = await shop.SignedInAsync();
        // The lot's own label, and the lot as a GS1 Data Matrix (FNC1 first, GTIN and batch) as a supplier would print it.
        var label = await (await context.APIRequest.GetAsync("/api/lots/PLY-0524-001/labels?format=png")).BodyAsync();
        var link = Decoded(label);
        const string elementString = "01" + "09506000134352" + "10PLY-0524-001";
        var picture = symbol == "qr" ? label : DataMatrix("\u001d" + elementString);
        await context.CloseAsync();

        var folder = Directory.CreateTempSubdirectory("tracewright-camera-").FullName;
        var video = Path.Combine(folder, "camera.mjpeg");
        await File.WriteAllBytesAsync(video, CameraFrames(picture, frames: 20));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserServer.LaunchAsync(
            playwright, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-video-capture={video}");
        var phone = await browser.NewContextAsync(new() { ViewportSize = new() { Width = PhoneWidth, Height = 844 }, BaseURL = shop.Base, Permissions = ["camera"] });
        var tab = await phone.NewPageAsync();
        await BrowserServer.SignInAsync(tab, DemoBrowserShop.User, DemoBrowserShop.Password);

        Assert.False(await tab.EvaluateAsync<bool>("'BarcodeDetector' in window"), "this Chromium has a BarcodeDetector: the bundled reader is not what this test runs");
        await tab.ClickAsync("#scan-camera");
        await tab.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/lots/PLY-0524-001$"), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
        Assert.Contains("PLY-0524-001", await tab.InnerTextAsync("h1"), StringComparison.Ordinal);
        await tab.ScreenshotAsync(new() { Path = Path.Combine(folder, $"after-{symbol}.png"), FullPage = true });

        // What the camera read is what a wedge scanner types: the same page as typing it into the box.
        var typed = await tab.GotoAsync("/search?q=" + Uri.EscapeDataString(symbol == "qr" ? link : "]d2" + elementString));
        Assert.EndsWith("/lots/PLY-0524-001", new Uri(tab.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.True(typed!.Ok);
        await phone.CloseAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A GS1 Data Matrix of the element string (FNC1 first), as ZXing.Net draws it, as PNG.</summary>
    private static byte[] DataMatrix(string content)
    {
        var writer = new BarcodeWriterPixelData
        {
            Format = BarcodeFormat.DATA_MATRIX,
            Options = new DatamatrixEncodingOptions { Width = 320, Height = 320, Margin = 4, GS1Format = true },
        };
        var pixels = writer.Write(content);
        var info = new SKImageInfo(pixels.Width, pixels.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(pixels.Pixels, 0, bitmap.GetPixels(), pixels.Pixels.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The QR payload of a picture, read with ZXing.Net: what a wedge scanner would type.</summary>
    private static string Decoded(byte[] png)
    {
        using var decoded = SKBitmap.Decode(png);
        using var bitmap = decoded.Copy(SKColorType.Bgra8888);
        var luminance = new RGBLuminanceSource(bitmap.Bytes, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.BGRA32);
        var result = new BarcodeReaderGeneric { Options = { TryHarder = true, PossibleFormats = [BarcodeFormat.QR_CODE] } }.Decode(luminance);
        Assert.NotNull(result);
        return result.Text;
    }

    /// <summary>
    /// Motion JPEG (JPEG frames one after another), which Chromium's fake capture device plays in a loop: the picture
    /// centred on a grey 640×480 frame, a little smaller each frame, as a hand brings a label towards the camera.
    /// </summary>
    private static byte[] CameraFrames(byte[] picture, int frames)
    {
        using var source = SKBitmap.Decode(picture);
        using var output = new MemoryStream();
        for (var i = 0; i < frames; i++)
        {
            using var surface = SKSurface.Create(new SKImageInfo(640, 480));
            surface.Canvas.Clear(new SKColor(200, 200, 200));
            var scale = Math.Min(600f / source.Width, 440f / source.Height) * (1f - (i % 5 * 0.05f));
            var width = source.Width * scale;
            var height = source.Height * scale;
            using var image = SKImage.FromBitmap(source);
            surface.Canvas.DrawImage(image, SKRect.Create((640 - width) / 2, (480 - height) / 2, width, height), new SKSamplingOptions(SKFilterMode.Linear));
            using var snapshot = surface.Snapshot();
            using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 92);
            jpeg.SaveTo(output);
        }

        return output.ToArray();
    }
}
