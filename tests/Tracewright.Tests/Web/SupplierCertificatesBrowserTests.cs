using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Features.Items;
using Tracewright.Features.Suppliers;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 14, suppliers "with their certificate requirements", on an EMPTY database in headless Chromium: the admin sets
/// on the supplier page what every delivery from it must come with; an operator's delivery through /receive without it
/// waits in quarantine naming it and who requires it, on the lot and on the home page, until it is attached.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupplierCertificatesBrowserTests : IAsyncLifetime
{
    private const string Password = "supplier password 1";

    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 };

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-supplier-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private BrowserServer? _server;

    public static string Shots { get; } = Directory.CreateTempSubdirectory("tracewright-supplier-shots-").FullName;

    private string Base => _server!.Base;

    public async Task InitializeAsync()
    {
        _server = await BrowserServer.StartAsync(new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", _clock), async shop =>
        {
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("owner", Password, "admin"), default));
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("olga", Password, "operator"), default));
            // Plywood needs no certificate as an item: whatever the delivery waits for is the supplier's.
            await Seed.Ok(RegisterItem.HandleAsync(shop, "test", new("PLY-6MM", "Birch plywood 6 mm", "sheet", "wood", LotPrefix: "PLY"), default));
            await Seed.Ok(RegisterSupplier.HandleAsync(shop, "test", new("Nordic Timber"), default));
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
    public async Task Issue14_a_delivery_without_the_certificate_its_supplier_requires_waits_in_quarantine_until_it_is_attached()
    {
        // The admin: a requirement with a blank reason is refused under the field, and nothing is recorded.
        var admin = await SignInAsync("owner");
        await admin.GotoAsync("/suppliers/Nordic%20Timber");
        Assert.Equal("Nothing beyond what each item requires.", await admin.InnerTextAsync("#supplier-requires"));
        await admin.CheckAsync("#certificates input[value='CofC']");
        await admin.FillAsync("#f-reason", "   "); // blank to the server; the browser itself stops an empty required field
        await admin.ClickAsync("#require-form button");
        await admin.Locator("#require-form .field.invalid").WaitForAsync();
        Assert.Contains("Reason is required", await admin.InnerTextAsync("#require-form"), StringComparison.Ordinal);
        Assert.Equal(0, await admin.Locator("#requirement-history").CountAsync());
        Assert.True(await admin.IsCheckedAsync("#certificates input[value='CofC']"));

        await admin.FillAsync("#f-reason", "chain of custody for the furniture customer");
        await admin.ClickAsync("#require-form button");
        await admin.WaitForURLAsync(new Regex("/suppliers/Nordic%20Timber\\?required=\\d+$"), Loaded);
        Assert.Equal("CofC", await admin.InnerTextAsync("#supplier-requires"));
        var history = await admin.InnerTextAsync("#requirement-history tbody tr");
        Assert.Contains("CofC", history, StringComparison.Ordinal);
        Assert.Contains("owner", history, StringComparison.Ordinal);
        Assert.Contains("chain of custody for the furniture customer", history, StringComparison.Ordinal);
        await admin.ScreenshotAsync(new() { Path = Path.Combine(Shots, "supplier-requirements.png"), FullPage = true });
        await admin.Context.CloseAsync();

        // The operator receives without it: quarantined, naming the certificate and who requires it.
        var page = await SignInAsync("olga");
        await page.GotoAsync("/suppliers/Nordic%20Timber");
        Assert.Equal("CofC", await page.InnerTextAsync("#supplier-requires"));
        Assert.Equal(0, await page.Locator("#require-form").CountAsync());
        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "PLY-6MM");
        await page.SelectOptionAsync("#f-supplier", "Nordic Timber");
        await page.FillAsync("#f-heat", "NT-2612");
        await page.FillAsync("#f-qty", "10");
        await page.FillAsync("#f-uom", "sheet");
        await page.ClickAsync("form[action='/receive'] button");
        var outcome = await page.InnerTextAsync("#outcome");
        var lot = await page.InnerTextAsync("#outcome a");
        Assert.Contains("quarantine", outcome, StringComparison.Ordinal);
        Assert.Contains("awaiting CofC (required by supplier Nordic Timber)", outcome, StringComparison.Ordinal);

        await page.GotoAsync("/");
        var quarantine = page.Locator("#todo-quarantine");
        Assert.Equal("1", await quarantine.Locator("a.count").InnerTextAsync());
        Assert.Contains($"{lot} PLY-6MM from Nordic Timber: awaiting CofC (required by supplier Nordic Timber)", await quarantine.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "home-supplier-quarantine.png"), FullPage = true });

        // The CofC arrives: attached on the lot page, the lot is released and leaves the home page.
        await page.GotoAsync($"/lots/{lot}");
        await page.SetInputFilesAsync("#attach-form #f-file", new FilePayload { Name = "CofC-NT-2612.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf("CofC NT-2612") });
        await page.SelectOptionAsync("#attach-form #f-file-type", "CofC");
        await page.FillAsync("#attach-form #f-file-heat", "NT-2612");
        await NewPagesBrowserTests.SubmitAsync(page, "#attach-form button");
        var released = await page.InnerTextAsync("main");
        Assert.True(page.Url == $"{Base}/lots/{lot}", $"attaching ended at {page.Url}: {released}");
        Assert.Contains("quarantine → available", released, StringComparison.Ordinal);
        await page.GotoAsync("/");
        Assert.Equal("0", await page.InnerTextAsync("#todo-quarantine a.count"));
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string user)
    {
        var context = await _server!.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = Base });
        var page = await context.NewPageAsync();
        await BrowserServer.SignInAsync(page, user, Password);
        return page;
    }
}
