namespace Tracewright.Tests.Web;

/// <summary>
/// The browser tests run on their own, after the rest: a real server and Chromium share two cores badly with
/// the property tests, and their waits are about the page, not about a starved machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
