using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 16, item 4, in Chromium: a page on another port of the same host — the same site, so SameSite=Strict lets the
/// browser send the sign-in cookie — tries to receive a lot as the signed-in operator, by <c>fetch</c> and by a posted
/// form. Before the fix the lot was received; now both are refused 403 (the browser's Origin is not the server's) and
/// nothing is written.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossOriginBrowserTests : IAsyncLifetime
{
    private const string Password = "operator password 1";

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-crossorigin-").FullName;
    private readonly ReceiptsSeen _seen = new();
    private WebApplication? _app;
    private WebApplication? _attacker;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _base = "";
    private string _evil = "";

    public async Task InitializeAsync()
    {
        _app = WebApp.Build(
            new WebOptions(Path.Combine(_folder, "shop.db"), "http://127.0.0.1:0", new ManualClock(Seed.May2024)),
            b =>
            {
                b.Logging.ClearProviders();
                b.Services.AddSingleton<IStartupFilter>(_seen);
            });
        await WebApp.MigrateAsync(_app, default);
        var shop = _app.Services.GetRequiredService<Shop>();
        await Serve.LoadDemoAsync(shop, TextWriter.Null, default);
        await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("otto", Password, "operator"), default));
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        // The attacker: another program on another loopback port of the same host, serving two pages.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _attacker = builder.Build();
        var fields = string.Join("", new[] { ("item", "PLY-BIRCH-3MM"), ("supplier", "Nordic Timber"), ("heat", "EVIL-1"), ("qty", "2"), ("uom", "sheet"), ("allow-duplicate", "true") }
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"<input name=\"{f.Item1}\" value=\"{f.Item2}\">")));
        _attacker.MapGet("/fetch", () => Results.Content($$"""
            <!doctype html><title>waiting</title>
            <form id="f">{{fields}}</form>
            <script>
            fetch('{{_base}}/api/lots/receive', { method: 'POST', body: new FormData(document.getElementById('f')), credentials: 'include', mode: 'no-cors' })
              .then(() => document.title = 'sent', e => document.title = 'failed ' + e);
            </script>
            """, "text/html"));
        _attacker.MapGet("/form", () => Results.Content($$"""
            <!doctype html><title>form</title>
            <form id="f" method="post" enctype="multipart/form-data" action="{{_base}}/api/lots/receive">{{fields}}</form>
            <script>document.getElementById('f').submit();</script>
            """, "text/html"));
        await _attacker.StartAsync();
        _evil = _attacker.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserServer.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var app in new[] { _attacker, _app })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Regression_16_a_page_on_another_port_of_this_host_cannot_receive_a_lot_as_the_signed_in_operator()
    {
        Assert.NotEqual(new Uri(_base).Port, new Uri(_evil).Port);
        var context = await _browser!.NewContextAsync(new() { BaseURL = _base });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#f-user", "otto");
        await page.FillAsync("#f-password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        var shop = _app!.Services.GetRequiredService<Shop>();
        var before = await Seed.LedgerCountAsync(shop);

        await page.GotoAsync($"{_evil}/fetch");
        await page.WaitForFunctionAsync("() => document.title !== 'waiting'");
        Assert.Equal("sent", await page.TitleAsync());

        var answer = await page.RunAndWaitForResponseAsync(() => page.GotoAsync($"{_evil}/form"), r => r.Url.Contains("/api/lots/receive", StringComparison.Ordinal));
        Assert.Equal(403, answer.Status);
        Assert.Contains("cross-origin", await answer.TextAsync(), StringComparison.Ordinal);

        Assert.Equal(before, await Seed.LedgerCountAsync(shop));
        var seen = _seen.Receipts.ToList();
        Assert.Equal(2, seen.Count);
        // The browser did send the sign-in cookie (the same site): what refused the writes is the server's origin check.
        Assert.All(seen, r => Assert.Equal((403, true, _evil), (r.Status, r.SignedIn, r.Origin)));
        Assert.All(seen, r => Assert.Equal("same-site", r.FetchSite));
    }

    /// <summary>What the server answered to each receipt posted to it, and whether the request was signed in.</summary>
    private sealed class ReceiptsSeen : IStartupFilter
    {
        public ConcurrentQueue<(int Status, bool SignedIn, string Origin, string FetchSite)> Receipts { get; } = new();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                await following(context);
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/lots/receive"))
                {
                    Receipts.Enqueue((context.Response.StatusCode, context.User.Identity?.IsAuthenticated == true, context.Request.Headers.Origin.ToString(), context.Request.Headers["Sec-Fetch-Site"].ToString()));
                }
            });
            next(app);
        };
    }
}
