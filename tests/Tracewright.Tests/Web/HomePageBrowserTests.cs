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
/// Issue 14, "a home page that tells the shop what needs doing", on an EMPTY database in headless Chromium: a delivery
/// that awaits its certificate shows on the home page until the certificate comes; the counts open the filtered lists;
/// times are in the shop's zone to the minute; records are named as people say them; an order shows ordered, shipped and
/// open per line and its shipment names every line's item. Screenshots go to a temporary folder named in the output.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HomePageBrowserTests : IAsyncLifetime
{
    private const string Password = "home password 1";

    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 };

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-home-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 22, 2, 0, TimeSpan.Zero));
    private BrowserServer? _server;

    public static string Shots { get; } = Directory.CreateTempSubdirectory("tracewright-home-shots-").FullName;

    private string Base => _server!.Base;

    public async Task InitializeAsync()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        _server = await BrowserServer.StartAsync(new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", _clock, TimeZone: berlin), async shop =>
        {
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("owner", Password, "admin"), default));
            // The item and supplier pages are another part of issue 14; the delivery itself comes through /receive.
            await Seed.Ok(RegisterItem.HandleAsync(shop, "test", new("ALU-6061-PLATE", "6061-T6 aluminum plate, 10 mm", "ea", "metal", LotPrefix: "ALU", RequiredCertificates: ["MTR"]), default));
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
    public async Task Issue14_the_home_page_shows_a_delivery_in_quarantine_awaiting_its_certificate_until_the_certificate_comes()
    {
        var page = await SignInAsync();
        Assert.Equal("0", await page.InnerTextAsync("#todo-quarantine a.count"));

        // Received through the page with no certificate: the item requires an MTR, so it waits in quarantine.
        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "ALU-6061-PLATE");
        await page.SelectOptionAsync("#f-supplier", "Midwest Aluminum Supply");
        await page.FillAsync("#f-heat", "H-26-1201");
        await page.FillAsync("#f-qty", "4");
        await page.FillAsync("#f-uom", "ea");
        await page.ClickAsync("form[action='/receive'] button");
        var lot = await page.InnerTextAsync("#outcome a");
        Assert.Contains("quarantine", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);

        await page.GotoAsync("/");
        var quarantine = page.Locator("#todo-quarantine");
        Assert.Equal("1", await quarantine.Locator("a.count").InnerTextAsync());
        Assert.Contains($"{lot} ALU-6061-PLATE from Midwest Aluminum Supply: awaiting MTR", await quarantine.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("1", await page.InnerTextAsync("#todo-receipts a.count"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "home-quarantine.png"), FullPage = true });

        // The count opens the filtered list: only quarantined lots, the filter shown in the form, the time in Berlin to the minute.
        await quarantine.Locator("a.count").ClickAsync();
        await page.WaitForURLAsync(new Regex("/lots\\?status=quarantine$"), Loaded);
        Assert.Equal("quarantine", await page.InputValueAsync("#f-status"));
        var rows = page.Locator("#lots tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains(lot, await rows.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("1 Dec 2026 23:02", await rows.Locator("time").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "lots-quarantine.png"), FullPage = true });

        // The lot's history in people's words.
        await page.GotoAsync($"/lots/{lot}");
        Assert.Contains("Received into quarantine", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // The MTR arrives: attached on the lot page, the lot is released and leaves the home page.
        await page.SetInputFilesAsync("#attach-form #f-file", new FilePayload { Name = "MTR-H-26-1201.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf("MTR H-26-1201") });
        await page.SelectOptionAsync("#attach-form #f-file-type", "MTR");
        await page.FillAsync("#attach-form #f-file-heat", "H-26-1201");
        await page.ClickAsync("#attach-form button");
        await page.WaitForURLAsync($"{Base}/lots/{lot}", Loaded);
        Assert.Contains("quarantine → available", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await page.GotoAsync("/");
        Assert.Equal("0", await page.InnerTextAsync("#todo-quarantine a.count"));
        Assert.DoesNotContain(lot, await page.InnerTextAsync("#todo-quarantine"), StringComparison.Ordinal);
        await page.GotoAsync("/lots?status=quarantine");
        Assert.Equal("No lots match.", await page.InnerTextAsync("main > p:last-of-type"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "home-after-certificate.png"), FullPage = true });

        // An order for 3, one shipped: ordered, shipped and open per line; the shipment names the item of its line.
        await page.GotoAsync("/customers");
        await page.FillAsync("#new-customer #f-name", "ACME Robotics");
        await page.ClickAsync("#new-customer button");
        await page.WaitForURLAsync(new Regex("/customers/CUS-0001$"), Loaded);
        await page.FillAsync("#f-line", "ALU-6061-PLATE:3");
        await page.ClickAsync("#new-order button");
        await page.WaitForURLAsync(new Regex("/orders/SO-"), Loaded);
        await page.ClickAsync("#ship-order");
        await page.FillAsync("#f-scan", $"{lot}:1");
        await page.ClickAsync("form[action='/ship'] button");
        await page.ClickAsync("#confirm-ship");
        var shipment = await page.InnerTextAsync("#outcome a[href^='/shipments/']");
        await page.ClickAsync("#outcome a[href^='/orders/']");
        Assert.Equal("ALU-6061-PLATE\t3 ea\t1 ea\t2 ea", await page.InnerTextAsync("#order-lines tbody tr"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "order.png"), FullPage = true });
        await page.GotoAsync($"/shipments/{shipment}");
        Assert.Contains("ALU-6061-PLATE", await page.InnerTextAsync("#shipment-lines tbody tr"), StringComparison.Ordinal);
        await page.GotoAsync($"/lots/{lot}");
        Assert.Contains($"Shipped to CUS-0001 on {shipment}", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // The shipments list, filtered by item and by text.
        await page.GotoAsync("/shipments?item=ALU-6061-PLATE");
        Assert.Equal(1, await page.Locator("#shipments tbody tr").CountAsync());
        await page.GotoAsync("/shipments?q=nobody");
        Assert.Equal(0, await page.Locator("#shipments tbody tr").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Serve_refuses_an_unknown_time_zone_in_one_line_and_never_starts()
    {
        using var cli = new Cli.CliRunner();

        var run = await cli.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--time-zone", "Mars/Olympus_Mons");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("--time-zone: time zone \"Mars/Olympus_Mons\" is unknown; use a name like Europe/Berlin, America/Chicago or UTC", run.Error.Trim());
        Assert.DoesNotContain("is serving", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_time_is_written_in_the_shops_zone_to_the_minute_and_a_day_as_the_day()
    {
        var berlin = new ShopTime(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var chicago = new ShopTime(TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));

        Assert.Equal("1 Dec 2026 23:02", berlin.Format("2026-12-01T22:02:31.0000000Z"));
        Assert.Equal("1 Dec 2026 16:02", chicago.Format("2026-12-01T22:02:31.0000000Z"));
        Assert.Equal("1 Jul 2026 00:30", berlin.Format("2026-06-30T22:30:00.0000000Z"));
        Assert.Equal("30 Jun 2026", chicago.Day("2026-07-01T03:00:00.0000000Z"));
        Assert.Equal("5 Mar 2026", berlin.Format("2026-03-05"));
        Assert.Equal("not a time", berlin.Format("not a time"));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), berlin.StartOf(new DateOnly(2026, 12, 1)));
        Assert.False(ShopTime.Find("Mars/Olympus_Mons").IsSuccess);
        Assert.Equal(TimeZoneInfo.Local, ShopTime.Find(null).Value);
    }

    private async Task<IPage> SignInAsync()
    {
        var context = await _server!.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = Base });
        var page = await context.NewPageAsync();
        await BrowserServer.SignInAsync(page, "owner", Password);
        return page;
    }
}
