using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// Items' GTINs in headless Chromium on an EMPTY database (issue 14/15): an admin registers an item with its GTIN on /items,
/// gives another one its GTIN on the item page after a wrong check digit is refused beside the field, and the scan box opens
/// the item from its GTIN. Screenshots go to a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ItemGtinBrowserTests : IAsyncLifetime
{
    private const string Password = "gtin password 1";

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-gtin-").FullName;
    private readonly string _shots = Directory.CreateTempSubdirectory("tracewright-gtin-shots-").FullName;
    private BrowserServer? _server;

    public async Task InitializeAsync() =>
        _server = await BrowserServer.StartAsync(
            new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", new ManualClock(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero))),
            shop => Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("owner", Password, "admin"), default)));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_admin_gives_items_GTINs_on_the_pages_and_the_scan_box_opens_an_item_by_its_GTIN()
    {
        var context = await _server!.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = _server.Base });
        var page = await context.NewPageAsync();
        await BrowserServer.SignInAsync(page, "owner", Password);

        // Registered with a GTIN-13 on the items page: kept and shown as 14 digits.
        await RegisterAsync(page, "PLY-BIRCH-3MM", "Birch plywood 3 mm", "9501101530003");
        Assert.Equal("/items/PLY-BIRCH-3MM", new Uri(page.Url).AbsolutePath);
        Assert.Equal("09501101530003", await page.InnerTextAsync("#gtin"));
        await RegisterAsync(page, "PLY-6MM", "Birch plywood 6 mm", null);
        Assert.Equal("none", await page.InnerTextAsync("#gtin"));

        // A wrong check digit on the item page: refused beside the field, what was typed kept, nothing recorded.
        await page.FillAsync("#f-gtin", "09506000134353");
        await page.FillAsync("#f-reason", "supplier's barcode");
        await page.ClickAsync("#gtin-form button");
        var refusal = page.Locator("#gtin-form .field.invalid p.error[data-field='gtin']");
        await refusal.WaitForAsync();
        Assert.Equal("GTIN '09506000134353' has a wrong check digit (the last digit should be 2)", await refusal.InnerTextAsync());
        Assert.Equal("09506000134353", await page.InputValueAsync("#f-gtin"));
        Assert.Equal("supplier's barcode", await page.InputValueAsync("#f-reason"));
        Assert.Equal("none", await page.InnerTextAsync("#gtin"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, "item-gtin-refused.png"), FullPage = true });

        // The other item's GTIN is refused by name, then the right one is recorded.
        await page.FillAsync("#f-gtin", "09501101530003");
        await page.ClickAsync("#gtin-form button");
        await refusal.WaitForAsync();
        Assert.Equal("GTIN 09501101530003 is already item PLY-BIRCH-3MM's", await refusal.InnerTextAsync());
        await page.FillAsync("#f-gtin", "09506000134352");
        await page.ClickAsync("#gtin-form button");
        await page.Locator("#outcome", new() { HasText = "PLY-6MM has GTIN 09506000134352." }).WaitForAsync();
        Assert.Equal("09506000134352", await page.InnerTextAsync("#gtin"));

        await page.GotoAsync("/items");
        Assert.Equal(["09506000134352", "09501101530003"], await page.Locator("#items td.gtin").AllInnerTextsAsync());

        // Listed by part number: PLY-6MM first. The scan box, as a wedge scanner types a GTIN-13: opens that item.
        await page.FillAsync("form.scan input[name='q']", "9506000134352");
        await page.ClickAsync("form.scan button");
        await page.Locator("main h1", new() { HasText = "PLY-6MM" }).WaitForAsync();
        Assert.Equal("/records/PLY-6MM", new Uri(page.Url).AbsolutePath);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, "item-by-gtin.png"), FullPage = true });
    }

    private static async Task RegisterAsync(IPage page, string code, string description, string? gtin)
    {
        await page.GotoAsync("/items");
        await page.FillAsync("#f-code", code);
        await page.FillAsync("#f-description", description);
        await page.FillAsync("#f-uom", "sheet");
        await page.SelectOptionAsync("#f-material", "wood");
        if (gtin is not null)
        {
            await page.FillAsync("#item-form #f-gtin", gtin);
        }

        await page.ClickAsync("#item-form button[type='submit']");
        await page.Locator("#outcome", new() { HasText = $"Registered {code}:" }).WaitForAsync();
    }
}
