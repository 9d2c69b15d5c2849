using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Features.Items;
using Tracewright.Features.Suppliers;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 14, "spreadsheet import" in the browser with the certificate files a receipts sheet names, on an EMPTY database
/// in headless Chromium: a file the sheet names but that was not chosen is named by row and column and nothing is
/// recorded; with both files the check is clean, Import records both lots, and each lot's page lists its certificate.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportCertificatesBrowserTests : IAsyncLifetime
{
    private const string Password = "import password 1";

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-import-web-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private BrowserServer? _server;

    public static string Shots { get; } = Directory.CreateTempSubdirectory("tracewright-import-shots-").FullName;

    public async Task InitializeAsync()
    {
        _server = await BrowserServer.StartAsync(new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", _clock), async shop =>
        {
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("olga", Password, "operator"), default));
            await Seed.Ok(RegisterItem.HandleAsync(shop, "test", new("ALU-6061-PLATE", "6061-T6 aluminum plate, 10 mm", "ea", "metal", LotPrefix: "ALU"), default));
            await Seed.Ok(RegisterSupplier.HandleAsync(shop, "test", new("Midwest Aluminum Supply"), default));
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Issue14_a_receipts_sheet_is_imported_in_the_browser_with_the_certificate_files_it_names()
    {
        var context = await _server!.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = _server.Base });
        var page = await context.NewPageAsync();
        await BrowserServer.SignInAsync(page, "olga", Password);
        await page.GotoAsync("/import");
        Assert.DoesNotContain("cannot be uploaded here", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // The sheet names two certificates; only one is chosen: the other is named by row and column, nothing recorded.
        var sheet = NewPagesBrowserTests.Csv("receipts.csv",
            "item,supplier,heat,qty,uom,certificate file,certificate type,certificate heat",
            "ALU-6061-PLATE,Midwest Aluminum Supply,H-26-0001,2,ea,receipts-certificates/MTR-H-26-0001.pdf,MTR,H-26-0001",
            "ALU-6061-PLATE,Midwest Aluminum Supply,H-26-0002,3,ea,MTR-H-26-0002.pdf,MTR,H-26-0002");
        await page.SelectOptionAsync("#f-sheet", "receipts");
        await page.SetInputFilesAsync("#f-file", sheet);
        await page.SetInputFilesAsync("#f-certificates", [Mtr("H-26-0001")]);
        var bad = await NewPagesBrowserTests.SubmitAsync(page, "#import-form button");
        Assert.Equal(400, bad.Status);
        Assert.Contains("Nothing imported", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        var problems = await page.Locator("#problems tbody tr").AllInnerTextsAsync();
        var problem = Assert.Single(problems);
        Assert.StartsWith("3\tcertificate file\t", problem, StringComparison.Ordinal);
        Assert.Contains("'MTR-H-26-0002.pdf' was not uploaded", problem, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#apply-form").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "import-missing-certificate.png"), FullPage = true });
        await page.GotoAsync("/lots");
        Assert.DoesNotContain("H-26-0001", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // Both files, and one no row names: the check is clean, warns of the extra one, and still records nothing.
        await page.GotoAsync("/import");
        await page.SelectOptionAsync("#f-sheet", "receipts");
        await page.SetInputFilesAsync("#f-file", sheet);
        await page.SetInputFilesAsync("#f-certificates", [Mtr("H-26-0001"), Mtr("H-26-0002"), Mtr("H-26-0099")]);
        await NewPagesBrowserTests.SubmitAsync(page, "#import-form button");
        Assert.Contains("all 2 rows are good", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        Assert.Contains("'MTR-H-26-0099.pdf' was uploaded but no row's certificate file names it", await page.InnerTextAsync("#warnings"), StringComparison.Ordinal);
        Assert.Contains("MTR-H-26-0001.pdf", await page.InnerTextAsync("#kept-files"), StringComparison.Ordinal);
        var other = await context.NewPageAsync();
        await other.GotoAsync("/lots");
        Assert.DoesNotContain("H-26-0001", await other.InnerTextAsync("main"), StringComparison.Ordinal);
        await other.CloseAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "import-checked.png"), FullPage = true });

        // Import, with no file chosen again: both lots received, each with its certificate.
        var imported = await NewPagesBrowserTests.SubmitAsync(page, "#apply-form button");
        Assert.Equal(201, imported.Status);
        Assert.Contains("2 rows recorded", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        var lots = await page.Locator("#created tbody tr a").AllInnerTextsAsync();
        Assert.Equal(2, lots.Count);
        foreach (var (lot, heat) in lots.Zip(["H-26-0001", "H-26-0002"]))
        {
            await page.GotoAsync($"/lots/{lot}");
            var main = await page.InnerTextAsync("main");
            Assert.Contains($"MTR — MTR-{heat}.pdf, covers {heat}", main, StringComparison.Ordinal);
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "import-lot.png"), FullPage = true });
        await context.CloseAsync();
    }

    private static FilePayload Mtr(string heat) =>
        new() { Name = $"MTR-{heat}.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf($"MTR {heat}") };
}
