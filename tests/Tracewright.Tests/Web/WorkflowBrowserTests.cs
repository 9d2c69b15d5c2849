using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Data.Production;
using Tracewright.Features.Demo;
using Tracewright.Features.Records;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>The demo shop served on a loopback port with one headless Chromium, shared by <see cref="WorkflowBrowserTests"/>.</summary>
public sealed class DemoBrowserShop : IAsyncLifetime
{
    public const string User = "alex";

    public const string Password = "demo password 1";

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-browser-").FullName;
    private BrowserServer? _server;

    public IBrowser Browser => _server!.Browser;

    public string Base => _server!.Base;

    public Shop Shop => _server!.Shop;

    /// <summary>The server's clock: it stands still unless a test moves it.</summary>
    public ManualClock Clock { get; } = new(new DateTimeOffset(2024, 9, 2, 8, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() =>
        _server = await BrowserServer.StartAsync(new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", Clock), async shop =>
        {
            await Serve.LoadDemoAsync(shop, TextWriter.Null, default);
            await Seed.Ok(Features.Access.Users.AddAsync(shop, "test", new Features.Access.Users.AddRequest(User, Password, "admin"), default));
        });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A fresh browser context (tablet-sized) signed in as the administrator.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignedInAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, AcceptDownloads = true, BaseURL = Base });
        var page = await context.NewPageAsync();
        await BrowserServer.SignInAsync(page, User, Password);
        return (context, page);
    }

    /// <summary>The batch lot a demo run made.</summary>
    public async Task<string> OutputLotAsync(int run)
    {
        var record = await Seed.Ok(ShowRecord.HandleAsync(Shop, $"MFG-{run:0000}", default));
        return ((ManufactureRecord)record.Record).OutputLot!.Value.Value;
    }
}

/// <summary>
/// Shipping, the recall, compliance and an NCR done the way a person does them: in headless Chromium against the
/// real server, on the demo shop. Saves its screenshots in a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkflowBrowserTests(DemoBrowserShop shop) : IClassFixture<DemoBrowserShop>
{
    [Fact]
    public async Task A_clerk_registers_a_customer_takes_an_order_and_ships_it_by_scanning_the_batch()
    {
        var (context, page) = await shop.SignedInAsync();
        var lot = await shop.OutputLotAsync(98);

        await page.GotoAsync("/customers");
        await page.FillAsync("#new-customer #f-name", "Fjord Robotics");
        await page.FillAsync("#new-customer #f-contact", "Ida Berg");
        await page.FillAsync("#new-customer #f-email", "ida@fjord.example");
        await page.ClickAsync("#new-customer button");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/customers/CUS-0421$"), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 });
        Assert.Contains("Fjord Robotics", await page.InnerTextAsync("h1"), StringComparison.Ordinal);

        await page.FillAsync("#f-line", "ENCL-10:2");
        await page.FillAsync("#f-reference", "PO-FJ-7");
        await page.ClickAsync("#new-order button");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/orders/SO-"), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 });
        await page.ClickAsync("#ship-order");
        Assert.Contains("Fjord Robotics", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // Too many scanned: the refusal is shown next to the scan box and nothing leaves.
        await page.FillAsync("#f-scan", $"{lot}:5");
        await page.ClickAsync("form[action='/ship'] button");
        Assert.Contains("cannot be shipped", await page.InnerTextAsync("p.error[data-field='scan']"), StringComparison.Ordinal);

        await page.FillAsync("#f-scan", $"{lot}:2");
        await page.FillAsync("#f-reference", "DN-FJ-7");
        await Screenshot(page, "ship");
        await page.ClickAsync("form[action='/ship'] button");
        Assert.Contains($"lot {lot}", await page.InnerTextAsync("#ship-preview"), StringComparison.Ordinal);
        await page.ClickAsync("#confirm-ship");
        var outcome = await page.InnerTextAsync("#outcome");
        Assert.Contains("Shipped SHP-", outcome, StringComparison.Ordinal);
        Assert.Contains("CUS-0421", outcome, StringComparison.Ordinal);

        await page.ClickAsync("#outcome a[href^='/shipments/']");
        Assert.Contains(lot, await page.InnerTextAsync("main table"), StringComparison.Ordinal);
        await Screenshot(page, "shipment");
        await page.GotoAsync("/customers");
        await Screenshot(page, "customers", fullPage: false);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Quality_runs_the_recall_from_the_spool_downloads_the_spreadsheet_and_blocks_what_is_left()
    {
        var (context, page) = await shop.SignedInAsync();
        await page.GotoAsync("/recall");
        await page.FillAsync("#f-id", DemoYear.RecalledLot);
        await page.ClickAsync("form[action='/recall'] button");
        Assert.Contains($"{DemoYear.RecalledCustomers} customers to contact", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        Assert.Equal(DemoYear.RecalledCustomers, await page.Locator("#recall-customers tbody tr").CountAsync());
        Assert.Contains("@", await page.InnerTextAsync("#recall-customers tbody tr:first-child"), StringComparison.Ordinal);
        Assert.Contains(DemoYear.RecalledLot, await page.InnerTextAsync("#recall-here"), StringComparison.Ordinal);
        await Screenshot(page, "recall", fullPage: false);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-xlsx"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        using (var document = SpreadsheetDocument.Open((await download.PathAsync())!, false))
        {
            var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
            var header = rows[0].Elements<Cell>().Select(c => c.InnerText).ToList();
            var column = header.IndexOf("Customer");
            Assert.Equal(DemoYear.RecalledCustomers, rows.Skip(1).Select(r => r.Elements<Cell>().ElementAt(column).InnerText).Distinct().Count());
        }

        await page.FillAsync("#block-form #f-reason", "FilaWorks notice FW-N-0907: moisture in spool");
        await page.ClickAsync("#block-form button");
        // First what it will block (nothing recorded yet), then the confirm.
        Assert.Contains(DemoYear.RecalledLot, await page.InnerTextAsync("#block-preview"), StringComparison.Ordinal);
        Assert.Contains("→ blocked", await page.InnerTextAsync("#block-preview"), StringComparison.Ordinal);
        await page.ClickAsync("#confirm-block");
        Assert.Contains(DemoYear.RecalledLot, await page.InnerTextAsync("#blocked"), StringComparison.Ordinal);
        Assert.Contains("blocked", await page.InnerTextAsync("#recall-here"), StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_customer_question_about_RoHS_is_answered_with_the_reason_and_the_certificates()
    {
        var (context, page) = await shop.SignedInAsync();
        var batch = await shop.OutputLotAsync(56);
        await page.GotoAsync("/compliance");
        await page.FillAsync("#f-id", batch);
        await page.SelectOptionAsync("#f-standard", "RoHS");
        await page.ClickAsync("form[action='/compliance'] button");
        var outcome = await page.InnerTextAsync("#outcome");
        Assert.Contains("RoHS: unknown", outcome, StringComparison.Ordinal);
        Assert.Contains($"lot {DemoYear.RecalledLot}", outcome, StringComparison.Ordinal);
        var certificate = await page.GetAttributeAsync("#compliance-inputs a[href^='/api/certificates/']", "href");
        Assert.Matches("^/api/certificates/CERT-[0-9]+/file$", certificate);
        await Screenshot(page, "compliance");

        var dossier = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#dossier"));
        using var zip = new System.IO.Compression.ZipArchive(File.OpenRead((await dossier.PathAsync())!));
        Assert.Contains("index.html", zip.Entries.Select(e => e.FullName));

        await page.GotoAsync($"/trace?id={DemoYear.RecalledLot}&direction=forward");
        Assert.Contains("records", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        await Screenshot(page, "trace", fullPage: false);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Quality_opens_an_ncr_against_a_batch_and_records_its_disposition()
    {
        var (context, page) = await shop.SignedInAsync();
        var lot = await shop.OutputLotAsync(97);
        await page.GotoAsync("/ncrs");

        // Nothing named: the handler's refusal comes back on the form.
        await page.FillAsync("#f-description", "Lid hinge cracked on 2 of 3 enclosures");
        await page.FillAsync("#f-detected-at", "final inspection");
        await page.ClickAsync("#new-ncr button");
        Assert.Equal(1, await page.Locator("[role=alert], p.error").CountAsync());

        await page.FillAsync("#f-lot", lot);
        await page.ClickAsync("#new-ncr button");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/ncrs/NCR-"), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 });
        Assert.Contains("open", await page.InnerTextAsync(".outcome"), StringComparison.Ordinal);
        Assert.Contains(lot, await page.InnerTextAsync("dl.facts"), StringComparison.Ordinal);
        await page.SelectOptionAsync("#f-disposition", "rework");
        await page.FillAsync("#f-approved-by", "R. Quality");
        await page.FillAsync("#disposition-form #f-reason", "re-drill hinge holes");
        await page.ClickAsync("#disposition-form button");
        await page.ClickAsync("#confirm-disposition");
        Assert.Contains("rework", await page.InnerTextAsync("#done"), StringComparison.Ordinal);
        await Screenshot(page, "ncr");
        await page.GotoAsync("/ncrs");
        Assert.Contains(lot, await page.InnerTextAsync("#ncrs"), StringComparison.Ordinal);
        await Screenshot(page, "ncrs");
        await context.CloseAsync();
    }

    /// <summary>To a temporary folder (the pictures in docs/screenshots are the story test's); long answers to the screen's height.</summary>
    private static Task Screenshot(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserServer.ShotsFolder("workflow"), $"{name}.png"), FullPage = fullPage });
}
