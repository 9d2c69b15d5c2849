using Microsoft.Playwright;
using Tracewright.Data.Production;
using Tracewright.Features.Items;
using Tracewright.Features.Quality;
using Tracewright.Features.Receiving;
using Tracewright.Features.Records;
using Tracewright.Features.Shipping;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 14, "the shop runs its whole day in the browser": receiving with every declaration field, a declaration
/// that arrives after the material was used, what an acceptance says was checked, a likely double delivery, and a
/// manufacture run held to its bill of materials — each in headless Chromium against the real server and the demo shop.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShopDayBrowserTests(DemoBrowserShop shop) : IClassFixture<DemoBrowserShop>
{
    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 };

    [Fact]
    public async Task Issue14_a_RoHS_declaration_attached_to_a_consumed_lot_makes_the_shipment_compliant_since_it_was_recorded()
    {
        await Seed.Ok(RegisterItem.HandleAsync(shop.Shop, "test", new("BRKT-14", "Motor bracket, machined", "ea", "metal", Tracking: "serial", RequiredCertificates: ["none"]), default));
        var order = await Seed.Ok(Customers.PlaceAsync(shop.Shop, "test", new("CUS-0001", ["BRKT-14:1"]), default));
        var (context, page) = await shop.SignedInAsync();

        // Received with its MTR but no RoHS declaration, made into a unit, shipped.
        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "ALU-6061-PLATE");
        await page.SelectOptionAsync("#f-supplier", "Midwest Aluminum Supply");
        await page.FillAsync("#f-heat", "H-24-1401");
        await page.FillAsync("#f-qty", "1");
        await page.FillAsync("#f-uom", "ea");
        await page.SetInputFilesAsync("#f-certificate", new FilePayload { Name = "MTR-H-24-1401.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf("MTR H-24-1401") });
        await page.SelectOptionAsync("#f-certificate-type", "MTR");
        await page.FillAsync("#f-certificate-heat", "H-24-1401");
        await page.FillAsync("#f-certificate-issued", "2024-08-20");
        await page.FillAsync("#f-certificate-standards", "ASTM B209");
        await page.ClickAsync("form[action='/receive'] button");
        var lot = await page.InnerTextAsync("#outcome a");

        await page.GotoAsync("/make");
        await page.SelectOptionAsync("#f-item", "BRKT-14");
        await page.FillAsync("#f-use", $"{lot}:1");
        await page.FillAsync("#f-serials", "1");
        await page.ClickAsync("form[action='/make'] button");
        var unit = await page.InnerTextAsync("#outcome a[href^='/units/']");

        await page.GotoAsync($"/ship?order={order.Order}");
        await page.FillAsync("#f-scan", unit);
        await page.ClickAsync("form[action='/ship'] button");
        await page.ClickAsync("#confirm-ship");
        var shipment = await page.InnerTextAsync("#outcome a[href^='/shipments/']");

        await page.GotoAsync($"/compliance?id={shipment}&standard=RoHS");
        Assert.Contains("RoHS: unknown", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);

        // A week later (yesterday's sign-in has expired) the supplier's RoHS declaration arrives; the lot is long consumed.
        await context.CloseAsync();
        shop.Clock.Now = new DateTimeOffset(2024, 9, 9, 14, 30, 0, TimeSpan.Zero);
        (context, page) = await shop.SignedInAsync();
        await page.GotoAsync($"/lots/{lot}");
        Assert.Contains("consumed", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.SetInputFilesAsync("#attach-form #f-file", new FilePayload { Name = "RoHS-H-24-1401.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf("RoHS H-24-1401") });
        await page.SelectOptionAsync("#attach-form #f-file-type", "RoHS");
        await page.FillAsync("#attach-form #f-file-heat", "H-24-1401");
        await page.FillAsync("#attach-form #f-file-issuer", "Midwest Aluminum Supply");
        await page.FillAsync("#attach-form #f-file-issued", "2024-09-06");
        await page.FillAsync("#attach-form #f-file-standards", "RoHS 2011/65/EU");
        await page.ClickAsync("#attach-form button");
        await page.WaitForURLAsync($"{shop.Base}/lots/{lot}", Loaded);
        Assert.Contains("RoHS", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await page.GotoAsync($"/compliance?id={shipment}&standard=RoHS");
        var outcome = await page.InnerTextAsync("#outcome");
        Assert.Contains("RoHS: compliant", outcome, StringComparison.Ordinal);
        // In the shop's zone (the machine's here) to the minute, as every time on a page.
        Assert.Contains($"compliant since {new ShopTime(TimeZoneInfo.Local).Format(shop.Clock.Now)}", outcome, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Issue14_a_delivery_that_needs_no_certificate_says_so_instead_of_claiming_a_heat_match()
    {
        var (context, page) = await shop.SignedInAsync();
        await ReceivePlywoodAsync(page, "NT-1404");
        Assert.Equal("Accepted: no certificate is required for this item. The lot is available.", await page.InnerTextAsync("#verdict"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Issue14_a_likely_double_delivery_offers_the_checkbox_keeps_what_was_typed_and_records_it_when_ticked()
    {
        var (context, page) = await shop.SignedInAsync();
        var first = await ReceivePlywoodAsync(page, "NT-1405");

        await ReceivePlywoodAsync(page, "NT-1405", sds: true);
        var warning = await page.InnerTextAsync("p.error[data-field='heat']");
        Assert.Contains($"lot {first} already holds heat NT-1405", warning, StringComparison.Ordinal);
        Assert.Contains("tick", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-duplicate", warning, StringComparison.Ordinal);
        Assert.Equal("NT-1405", await page.InputValueAsync("#f-heat"));
        Assert.Equal("PO-1405", await page.InputValueAsync("#f-po"));
        Assert.Equal("NT-1405", await page.InputValueAsync("#f-certificate-heat"));
        Assert.Contains("SDS-NT-1405.pdf", await page.InnerTextAsync("#certificate-kept"), StringComparison.Ordinal);

        await page.CheckAsync("#f-allow-duplicate");
        await page.ClickAsync("form[action='/receive'] button");
        var outcome = await page.InnerTextAsync("#outcome");
        Assert.Contains("available", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain(first, await page.InnerTextAsync("#outcome a"), StringComparison.Ordinal);
        Assert.Contains("CERT-", await page.InnerTextAsync("dl.facts"), StringComparison.Ordinal);
        Assert.Contains($"was received before as {first}", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Issue14_the_make_page_holds_a_run_to_the_products_current_BOM_and_takes_a_deviation_operator_and_times()
    {
        var plywood = await Seed.Ok(ReceiveLot.HandleAsync(shop.Shop, "test", new("PLY-BIRCH-3MM", "Nordic Timber", "NT-1406", "5", "sheet"), default));
        var (context, page) = await shop.SignedInAsync();

        await page.GotoAsync("/make");
        await page.SelectOptionAsync("#f-item", "ENCL-10");
        await page.FillAsync("#f-use", $"{plywood.Lot}:1");
        await page.FillAsync("#f-batch-qty", "1");
        await page.ClickAsync("form[action='/make'] button");
        var refused = await page.InnerTextAsync("p.error[data-field='use']");
        Assert.Contains("not on BOM-0001", refused, StringComparison.Ordinal);
        Assert.Contains("needs a deviation", refused, StringComparison.Ordinal);

        var deviation = await Seed.Ok(GrantDeviation.HandleAsync(shop.Shop, "quality", new([plywood.Lot], "1", "2024-09-01", "2024-09-30", "birch in place of acrylic for a trial", "QM"), default));
        await page.FillAsync("#f-deviation", deviation.Deviation);
        await page.FillAsync("#f-operator", "Sam Ortiz");
        await page.FillAsync("#f-started", "2024-09-02T07:15");
        await page.FillAsync("#f-finished", "2024-09-02T07:45");
        await page.ClickAsync("form[action='/make'] button");
        var outcome = await page.InnerTextAsync("#outcome");
        Assert.Contains("to BOM-0001", outcome, StringComparison.Ordinal);
        Assert.Contains($"under {deviation.Deviation}", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        var record = (ManufactureRecord)(await Seed.Ok(ShowRecord.HandleAsync(shop.Shop, await page.InnerTextAsync("#outcome a[href^='/records/MFG-']"), default))).Record;
        Assert.Equal(("Sam Ortiz", "BOM-0001"), (record.Operator, record.Bom?.Value));
        Assert.StartsWith("2024-09-02T07:15:00", record.StartedAt, StringComparison.Ordinal);
        Assert.StartsWith("2024-09-02T07:45:00", record.FinishedAt, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    /// <summary>Birch plywood needs no certificate; with <paramref name="sds"/> its SDS is attached all the same.</summary>
    private static async Task<string> ReceivePlywoodAsync(IPage page, string heat, bool sds = false)
    {
        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "PLY-BIRCH-3MM");
        await page.SelectOptionAsync("#f-supplier", "Nordic Timber");
        await page.FillAsync("#f-heat", heat);
        await page.FillAsync("#f-qty", "10");
        await page.FillAsync("#f-uom", "sheet");
        await page.FillAsync("#f-po", $"PO-{heat[3..]}");
        if (sds)
        {
            await page.SetInputFilesAsync("#f-certificate", new FilePayload { Name = $"SDS-{heat}.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf($"SDS {heat}") });
            await page.SelectOptionAsync("#f-certificate-type", "SDS");
            await page.FillAsync("#f-certificate-heat", heat);
        }

        await page.ClickAsync("form[action='/receive'] button");
        return sds ? "" : await page.InnerTextAsync("#outcome a");
    }
}
