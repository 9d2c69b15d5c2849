using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// The real server on a free loopback port and one headless Chromium (Debian's /usr/bin/chromium; Playwright never
/// downloads one): what every browser test class starts before its tests and stops after them. The class keeps what it
/// owns besides (its temporary folder or database).
/// </summary>
public sealed class BrowserServer : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly WebApplication _app;
    private readonly IPlaywright _playwright;

    private BrowserServer(WebApplication app, IPlaywright playwright, IBrowser browser, string address)
    {
        _app = app;
        _playwright = playwright;
        Browser = browser;
        Base = address;
    }

    public IBrowser Browser { get; }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Base { get; }

    public Shop Shop => _app.Services.GetRequiredService<Shop>();

    /// <summary>Builds and migrates the server, lets <paramref name="before"/> fill the shop, starts it and Chromium.</summary>
    public static async Task<BrowserServer> StartAsync(WebOptions options, Func<Shop, Task>? before = null)
    {
        var app = WebApp.Build(options, b => b.Logging.ClearProviders());
        await WebApp.MigrateAsync(app, default);
        if (before is not null)
        {
            await before(app.Services.GetRequiredService<Shop>());
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var playwright = await Playwright.CreateAsync();
        return new BrowserServer(app, playwright, await LaunchAsync(playwright), address);
    }

    /// <summary>A headless Chromium with the arguments every test uses, and <paramref name="extra"/> ones (a fake camera…).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extra) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = [.. ChromiumArgs, .. extra] });

    /// <summary>
    /// A page in a browser context of its own (a person: their cookies, downloads allowed, the server as base address),
    /// watching the Content-Security-Policy, with long timeouts for two busy cores; <paramref name="viewport"/> as given.
    /// </summary>
    public async Task<IPage> NewPersonAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = viewport, AcceptDownloads = true, BaseURL = Base });
        await WatchContentSecurityPolicyAsync(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        return page;
    }

    /// <summary>Signs <paramref name="user"/> in on <paramref name="page"/> through the sign-in form, as a person does.</summary>
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#f-user", user);
        await page.FillAsync("#f-password", password);
        await page.ClickAsync("form[action='/signin'] button");
        await BrowserWaits.SignedInAsync(page);
    }

    /// <summary>
    /// Every page of <paramref name="context"/> collects its Content-Security-Policy violations itself: the browser fires
    /// <c>securitypolicyviolation</c> for every blocked script, style, frame or form.
    /// </summary>
    public static Task WatchContentSecurityPolicyAsync(IBrowserContext context) =>
        context.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
            """);

    /// <summary>What the page has collected since it loaded (<see cref="WatchContentSecurityPolicyAsync"/>).</summary>
    public static Task<string[]> ContentSecurityPolicyViolationsAsync(IPage page) => page.EvaluateAsync<string[]>("window.__csp");

    /// <summary>Clicks a submit button and waits for the page it leads to.</summary>
    public static async Task SubmitAsync(IPage page, string selector)
    {
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(selector), r => r.Request.IsNavigationRequest);
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Where an action first shows what it will change (a <c>section.confirm</c>), confirms it; else does nothing.</summary>
    public static async Task ConfirmIfAskedAsync(IPage page)
    {
        const string confirm = "section.confirm button[type=submit]";
        if (await page.Locator(confirm).CountAsync() > 0)
        {
            await SubmitAsync(page, confirm);
        }
    }

    /// <summary>A temporary folder for a test class's screenshots, kept after the run to look at.</summary>
    public static string ShotsFolder(string name) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"tracewright-{name}-shots")).FullName;

    /// <summary>The repository's folder (the one holding Tracewright.slnx) above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Tracewright.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Tracewright.slnx not found above the test binaries");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
