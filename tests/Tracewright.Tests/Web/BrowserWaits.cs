using Microsoft.Playwright;

namespace Tracewright.Tests.Web;

/// <summary>
/// Waits on what the page itself shows, never on the clock: on two cores shared with builds a page may take long, and
/// the wait ends as soon as the page is in the state the test needs, or says why it is not.
/// </summary>
public static class BrowserWaits
{
    /// <summary>
    /// Only a backstop, so a server that never answers fails this test instead of holding the run until the hang timeout;
    /// every wait here ends on the page's own state long before it.
    /// </summary>
    private const float Backstop = 180_000;

    /// <summary>
    /// After the sign-in form was sent: waits until the page is the signed-in layout (its sign-out form, which only a
    /// signed-in page has; attached is enough, so neither the stylesheet nor the deferred script is waited for) or the
    /// sign-in form's error. A refusal fails at once with the page's own words instead of waiting out a redirect that
    /// will not come. Signed in, the page must be <paramref name="path"/>, where the sign-in sends a person.
    /// </summary>
    public static async Task SignedInAsync(IPage page, string path = "/")
    {
        var signedIn = page.Locator("form.signout");
        var refused = page.Locator("form[action='/signin'] .error, main .banner.error");
        await signedIn.Or(refused).First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Backstop });
        if (await signedIn.CountAsync() == 0)
        {
            Assert.Fail($"sign-in refused at {page.Url}: {string.Join(" / ", await refused.AllInnerTextsAsync())}");
        }

        Assert.Equal(path, new Uri(page.Url).AbsolutePath);
    }
}
