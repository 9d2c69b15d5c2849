using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Features.Epcis;
using Tracewright.Features.Items;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Tests.Support;
using Tracewright.Web;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Web;

/// <summary>
/// A unit known only from captured EPCIS events, in headless Chromium (issue 15): another shop's export, captured into an EMPTY
/// database as an MES would send it, and a person opens the unit's page, sees what it is made of now (after a rework) and at a
/// moment before it, and a moment typed wrong is refused beside the field. Screenshots go to a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CapturedUnitBrowserTests : IAsyncLifetime
{
    private const string Password = "captured password 1";

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-captured-").FullName;
    private readonly string _shots = Directory.CreateTempSubdirectory("tracewright-captured-shots-").FullName;
    private BrowserServer? _server;

    public async Task InitializeAsync() =>
        _server = await BrowserServer.StartAsync(
            new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", new ManualClock(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero))),
            shop => Ok(Users.AddAsync(shop, "test", new Users.AddRequest("owner", Password, "admin"), default)));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_person_opens_a_captured_units_page_and_sees_what_it_was_made_of_now_and_before_its_rework()
    {
        // The other shop: two motors of one plywood lot, M2 built into actuator A2 on 1 June, swapped for a clean one on 2 June.
        var file = Path.Combine(_folder, "other-shop.jsonld");
        await using (var other = await new SqliteKind().CreateAsync())
        {
            var clock = new ManualClock(May2024);
            var shop = await OpenAsync(other, clock);
            await Ok(RegisterItem.HandleAsync(shop, "eng", new("MOT-20", "Stepper motor", "ea", "other", "serial", ["none"], "MOT"), default));
            await Ok(RegisterItem.HandleAsync(shop, "eng", new("ACT-100", "Linear actuator", "ea", "other", "serial", ["none"], "ACT"), default));
            var lot = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-77", "10", "sheet"), default))).Lot;
            await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{lot}:2"], Serials: ["M2", "CLEAN"]), default));
            await Ok(CaptureSerial.HandleAsync(shop, "op", new("ACT-100", "A2"), default));
            clock.Now = new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);
            await Ok(Assembly.InstallAsync(shop, "op", new("A2", Component: "M2"), default));
            clock.Now = new DateTimeOffset(2024, 6, 2, 8, 0, 0, TimeSpan.Zero);
            await Ok(Assembly.RemoveAsync(shop, "op", new("A2", Component: "M2", Reason: "rework"), default));
            await Ok(Assembly.InstallAsync(shop, "op", new("A2", Component: "CLEAN"), default));
            await Ok(ExportEpcis.HandleAsync(shop, file, null, default));
        }

        await Ok(CaptureEpcis.HandleAsync(_server!.Shop, "mes", new(await File.ReadAllTextAsync(file)), default));

        var page = await _server.NewPersonAsync();
        await BrowserServer.SignInAsync(page, "owner", Password);
        await page.GotoAsync("/units/ACT-100:A2");
        Assert.Equal("Unit ACT-100:A2", await page.InnerTextAsync("main h1"));
        Assert.Contains("captured EPCIS events", await page.InnerTextAsync("main p.outcome"), StringComparison.Ordinal);
        var tree = await page.InnerTextAsync("#as-built");
        Assert.Contains("MOT-20:CLEAN", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("MOT-20:M2", tree, StringComparison.Ordinal);
        Assert.Contains("PLY-0524-001", tree, StringComparison.Ordinal); // the lot the clean motor was made of, with its heat
        Assert.Contains("T-77", tree, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, "captured-unit-now.png"), FullPage = true });

        // As of 1 June noon: the motor that was taken out later.
        await page.FillAsync("#f-asOf", "2024-06-01T12:00");
        await BrowserServer.SubmitAsync(page, "#asof-form button");
        await page.Locator("main h2", new() { HasText = "As built on" }).WaitForAsync();
        tree = await page.InnerTextAsync("#as-built");
        Assert.Contains("MOT-20:M2", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("MOT-20:CLEAN", tree, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, "captured-unit-before.png"), FullPage = true });

        // A moment that is not one: refused beside the field, the tree as it is now.
        await page.GotoAsync("/units/ACT-100:A2?asOf=" + Uri.EscapeDataString("last Tuesday"));
        var refusal = page.Locator("#asof-form .field.invalid p.error");
        await refusal.WaitForAsync();
        Assert.Contains("as-of", await refusal.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("MOT-20:CLEAN", await page.InnerTextAsync("#as-built"), StringComparison.Ordinal);

        // A unit no event names is still "not found".
        await page.GotoAsync("/units/ACT-100:A9");
        Assert.DoesNotContain("captured EPCIS events", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }
}
