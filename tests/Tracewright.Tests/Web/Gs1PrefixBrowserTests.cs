using Tracewright.Domain.Production;

namespace Tracewright.Tests.Web;

/// <summary>
/// The shop's GS1 company prefix on /admin in headless Chromium on an EMPTY database (issue 15 item 3): a wrong value is
/// refused beside the field with what was typed kept; the right one is set, and a new container on /containers gets an
/// SSCC of extension digit 0 then the prefix. Screenshots go to a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Gs1PrefixBrowserTests : IAsyncLifetime
{
    private readonly string _shots = Directory.CreateTempSubdirectory("tracewright-gs1-prefix-shots-").FullName;
    private AdminOnEmptyShop? _shop;

    public async Task InitializeAsync() => _shop = await AdminOnEmptyShop.StartAsync("gs1-prefix", new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    public async Task DisposeAsync()
    {
        if (_shop is not null)
        {
            await _shop.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_admin_sets_the_prefix_on_the_admin_page_and_a_new_container_gets_an_SSCC_under_it()
    {
        var page = await _shop!.SignedInPageAsync();
        await page.GotoAsync("/admin");
        Assert.Contains("(from: none (GS1's example prefix))", await page.InnerTextAsync("#gs1-prefix-current"), StringComparison.Ordinal);

        // Too short: refused beside the field, what was typed kept, nothing recorded.
        await page.FillAsync("#f-company-prefix", "95011");
        await page.FillAsync("#f-reason", "our GS1 membership");
        await page.ClickAsync("#gs1-prefix-form button");
        var refusal = page.Locator("#gs1-prefix-form .field.invalid p.error[data-field='company-prefix']");
        await refusal.WaitForAsync();
        Assert.Equal("GS1 company prefix '95011' must be 6 to 12 digits", await refusal.InnerTextAsync());
        Assert.Equal("95011", await page.InputValueAsync("#f-company-prefix"));
        Assert.Equal("our GS1 membership", await page.InputValueAsync("#f-reason"));
        Assert.Contains("(from: none", await page.InnerTextAsync("#gs1-prefix-current"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, "gs1-prefix-refused.png"), FullPage = true });

        await page.FillAsync("#f-company-prefix", "9501101");
        await page.ClickAsync("#gs1-prefix-form button");
        await page.Locator("#gs1-prefix-current", new() { HasText = "9501101 (from: setting)" }).WaitForAsync();
        Assert.Contains("GS1 company prefix set to 9501101", await page.InnerTextAsync("p.banner.ok"), StringComparison.Ordinal);

        await page.GotoAsync("/containers");
        await page.ClickAsync("form[action='/containers'] button");
        await page.WaitForURLAsync("**/containers/*");
        var sscc = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath["/containers/".Length..]);
        Assert.StartsWith("0" + "9501101", sscc, StringComparison.Ordinal);
        Assert.True(ContainerId.Parse(sscc).IsSuccess);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, "gs1-prefix-container.png"), FullPage = true });
    }
}
