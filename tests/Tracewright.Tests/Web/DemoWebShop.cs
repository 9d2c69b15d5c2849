using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// One <see cref="WebShop"/> with the demo shop (a year of production, 420 customers, the recalled spool) loaded
/// once for a test class: loading it takes seconds, and the tests that share it each work on their own records.
/// </summary>
public sealed class DemoWebShop : IAsyncLifetime
{
    public WebShop Web { get; } = new();

    public async Task InitializeAsync() => await Serve.LoadDemoAsync(Web.Shop, TextWriter.Null, default);

    public async Task DisposeAsync() => await Web.DisposeAsync();
}
