using System.Text;
using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Features.Items;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// The pages in a real headless Chromium (Debian's /usr/bin/chromium; Playwright never downloads one) against
/// the real server on a free loopback port and a temporary SQLite file. Saves its screenshots in a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests : IAsyncLifetime
{
    private const string Password = "demo password 1";

    private static readonly string[] MainPages =
    [
        "/", "/lots", "/lots?status=quarantine&sort=item&dir=asc", "/units", "/units?test=failed", "/shipments", "/lots/PLY-0524-001", "/receive", "/make", "/customers", "/ship", "/returns", "/containers",
        "/trace?id=PLA-0424-01&direction=forward", "/recall?id=PLA-0424-01", "/compliance?id=PLA-0424-01&standard=RoHS",
        "/ncrs", "/capas", "/deviations", "/boms", "/admin", "/search?q=H-24-0117", "/api/recall/PLA-0424-01/report.html",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-browser-").FullName;
    private BrowserServer? _server;

    private IBrowser Browser => _server!.Browser;

    private string Base => _server!.Base;

    public async Task InitializeAsync() =>
        _server = await BrowserServer.StartAsync(new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", new ManualClock(Seed.May2024)), async shop =>
        {
            await Serve.LoadDemoAsync(shop, TextWriter.Null, default);
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("alex", Password, "admin"), default));
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("vic", Password, "viewer"), default));
            await Seed.Ok(RegisterItem.HandleAsync(shop, "test", new RegisterItem.Request("BRKT-01", "Motor bracket, machined", "ea", "metal", Tracking: "serial", RequiredCertificates: ["none"]), default));
        });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_clerk_receives_cuts_prints_labels_and_an_operator_records_a_run_in_the_browser()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, AcceptDownloads = true, BaseURL = Base });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await Screenshot(page, "signin");
        await page.FillAsync("#f-user", "alex");
        await page.FillAsync("#f-password", Password);
        await page.ClickAsync("form[action='/signin'] button");
        await BrowserWaits.SignedInAsync(page);
        await Screenshot(page, "home");

        // A delivery whose MTR covers its heat: accepted.
        var lot = await ReceiveAsync(page, "H-24-0300", "H-24-0300");
        Assert.Contains("available", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        await Screenshot(page, "receive-accepted");

        // A heat that is not on its certificate: rejected, and the page says why.
        await ReceiveAsync(page, "H-24-0301", "H-24-0399");
        var rejected = await page.InnerTextAsync("#outcome");
        Assert.Contains("rejected", rejected, StringComparison.Ordinal);
        Assert.Contains("H-24-0301", rejected, StringComparison.Ordinal);
        await Screenshot(page, "receive-rejected");

        // A quantity that is not a number comes back next to its field.
        await page.GotoAsync("/receive");
        await page.FillAsync("#f-heat", "H-24-0302");
        await page.FillAsync("#f-qty", "four");
        await page.FillAsync("#f-uom", "ea");
        await page.ClickAsync("form[action='/receive'] button");
        Assert.StartsWith("Quantity ", await page.InnerTextAsync("p.error[data-field='qty']"), StringComparison.Ordinal);
        await Screenshot(page, "receive-field-error");

        // Cut the accepted lot and download the pieces' labels.
        await page.GotoAsync($"/lots/{lot}");
        await page.FillAsync("#f-into", "1,1");
        await page.ClickAsync("form[action$='/split'] button");
        Assert.Contains($"{lot}.1", await page.InnerTextAsync("#cut-preview"), StringComparison.Ordinal);
        await page.ClickAsync("#confirm-cut");
        Assert.Contains($"{lot}.1", await page.InnerTextAsync("#split-done"), StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#piece-labels"));
        var labels = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(labels, 0, 4));
        await Screenshot(page, "lot");

        // A manufacture run, lots scanned into the text area, making one serialized unit.
        await page.GotoAsync("/make");
        await page.SelectOptionAsync("#f-item", "BRKT-01");
        await page.FillAsync("#f-use", $"{lot}.1:1");
        await page.FillAsync("#f-serials", "1");
        await page.FillAsync("#f-machine", "Twotrees TTC450 Pro");
        await Screenshot(page, "make");
        await page.ClickAsync("form[action='/make'] button");
        Assert.Contains("Recorded", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        await page.ClickAsync("#outcome a[href^='/units/']");
        Assert.StartsWith("Unit BRKT-01", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Contains($"{lot}.1", await page.InnerTextAsync(".tree"), StringComparison.Ordinal);
        Assert.Contains("H-24-0300", await page.InnerTextAsync(".tree"), StringComparison.Ordinal);
        await Screenshot(page, "unit");

        // The scan box jumps from a heat number to the lots that carry it, and from a lot id to its page.
        await page.FillAsync("input[name=q]", "H-24-0117");
        await page.PressAsync("input[name=q]", "Enter");
        Assert.Contains("/records/H-24-0117", page.Url, StringComparison.Ordinal);
        Assert.Contains("ALU-0524-001", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.FillAsync("input[name=q]", $"{lot}.2");
        await page.PressAsync("input[name=q]", "Enter");
        Assert.Contains($"/lots/{lot}.2", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/lots");
        await Screenshot(page, "lots");
        await context.CloseAsync();
    }

    /// <summary>
    /// Issue 16: the pages work under the Content-Security-Policy. The main pages of the demo shop report every CSP violation
    /// (the page's own <c>securitypolicyviolation</c> events and the console): there must be none, the policy must be the one
    /// served, and the stylesheet must be applied.
    /// </summary>
    [Fact]
    public async Task Regression_16_the_main_pages_work_under_the_content_security_policy_with_no_violation()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = Base });
        // Collected by the page itself: the browser fires this event for every blocked script, style, frame or form.
        await BrowserServer.WatchContentSecurityPolicyAsync(context);
        var page = await context.NewPageAsync();
        // Two cores shared with other builds: the waits are about the page, not about a starved machine.
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                console.Add($"{page.Url}: {message.Text}");
            }
        };

        var signIn = await page.GotoAsync("/signin");
        Assert.Contains("script-src 'self'", (await signIn!.AllHeadersAsync()).GetValueOrDefault("content-security-policy") ?? "", StringComparison.Ordinal);
        await page.FillAsync("#f-user", "alex");
        await page.FillAsync("#f-password", Password);
        await page.ClickAsync("form[action='/signin'] button");
        await BrowserWaits.SignedInAsync(page);

        var violations = new List<string>();
        foreach (var path in MainPages)
        {
            var answer = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load, Timeout = 90_000 });
            Assert.True(answer!.Ok, $"{path}: {answer.Status}");
            Assert.Contains("frame-ancestors 'none'", (await answer.AllHeadersAsync()).GetValueOrDefault("content-security-policy") ?? "", StringComparison.Ordinal);
            violations.AddRange((await BrowserServer.ContentSecurityPolicyViolationsAsync(page)).Select(v => $"{path}: {v}"));
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                // The served stylesheet applied: the header is laid out by app.css, not the browser's defaults.
                Assert.NotEqual("block", await page.EvalOnSelectorAsync<string>("header", "h => getComputedStyle(h).display"));
            }
        }

        // The scan box still works: a form submitted under form-action 'self'.
        await page.GotoAsync("/");
        await page.FillAsync("input[name=q]", "PLY-0524-001");
        await page.PressAsync("input[name=q]", "Enter");
        await page.WaitForURLAsync("**/lots/PLY-0524-001", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 });
        violations.AddRange(await BrowserServer.ContentSecurityPolicyViolationsAsync(page));

        Assert.Empty(violations);
        Assert.Empty(console);
    }

    [Fact]
    public async Task Issue14_errors_a_person_meets_are_pages_of_the_app_while_the_api_keeps_problem_details()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = Base });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#f-user", "vic");
        await page.FillAsync("#f-password", Password);
        await page.ClickAsync("form[action='/signin'] button");
        await BrowserWaits.SignedInAsync(page);

        // A viewer on the admin page: the app's page saying so, with its layout (the scan box, signing out), not JSON.
        var forbidden = await page.GotoAsync("/admin");
        Assert.Equal(403, forbidden!.Status);
        Assert.StartsWith("text/html", (await forbidden.AllHeadersAsync())["content-type"], StringComparison.Ordinal);
        Assert.Equal("Not allowed", await page.InnerTextAsync("h1"));
        Assert.Equal(1, await page.Locator("input[name=q]").CountAsync());

        var missing = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, missing!.Status);
        Assert.Equal("Not found", await page.InnerTextAsync("h1"));
        Assert.Contains("/no-such-page", await page.InnerTextAsync("p.banner"), StringComparison.Ordinal);

        // A form over the limit, sent as a browser sends one: a page saying what the limit is.
        var tooLarge = await context.APIRequest.PostAsync("/signin", new()
        {
            Headers = new Dictionary<string, string> { ["Accept"] = "text/html", ["Content-Type"] = "application/x-www-form-urlencoded" },
            DataByte = new byte[2 * 1024 * 1024],
        });
        Assert.Equal(413, tooLarge.Status);
        Assert.Contains("<h1>Too large</h1>", await tooLarge.TextAsync(), StringComparison.Ordinal);

        // A machine asking the API keeps its problem details.
        var api = await context.APIRequest.GetAsync("/api/no-such-endpoint", new() { Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
        Assert.Equal(404, api.Status);
        Assert.StartsWith("application/problem+json", api.Headers["content-type"], StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Issue14_a_quantity_finer_than_its_unit_allows_is_refused_beside_its_field_and_nothing_is_received()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = Base });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#f-user", "alex");
        await page.FillAsync("#f-password", Password);
        await page.ClickAsync("form[action='/signin'] button");
        await BrowserWaits.SignedInAsync(page);
        var shop = _server!.Shop;
        var before = await Seed.LedgerCountAsync(shop);

        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "PLA-175-BLK");
        await page.SelectOptionAsync("#f-supplier", "Midwest Aluminum Supply");
        await page.FillAsync("#f-heat", "F-0000001");
        await page.FillAsync("#f-qty", "0.0000001");
        await page.FillAsync("#f-uom", "g");
        await page.ClickAsync("form[action='/receive'] button");

        var error = await page.InnerTextAsync("p.error[data-field='qty']");
        Assert.Contains("0.0000001 g is finer than g allows 2 decimal places", error, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#outcome a").CountAsync());
        Assert.Equal(before, await Seed.LedgerCountAsync(shop));
        await context.CloseAsync();
    }

    private static async Task<string> ReceiveAsync(IPage page, string heat, string certificateHeat)
    {
        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "ALU-6061-PLATE");
        await page.SelectOptionAsync("#f-supplier", "Midwest Aluminum Supply");
        await page.FillAsync("#f-heat", heat);
        await page.FillAsync("#f-qty", "2");
        await page.FillAsync("#f-uom", "ea");
        await page.SetInputFilesAsync("#f-certificate", new FilePayload { Name = $"MTR-{certificateHeat}.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf($"MTR {certificateHeat}") });
        await page.SelectOptionAsync("#f-certificate-type", "MTR");
        await page.FillAsync("#f-certificate-heat", certificateHeat);
        await page.ClickAsync("form[action='/receive'] button");
        return await page.InnerTextAsync("#outcome a");
    }

    /// <summary>To a temporary folder: the pictures in docs/screenshots are the story test's (ShopStoryBrowserTests).</summary>
    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserServer.ShotsFolder("browser"), $"{name}.png"), FullPage = true });
}
