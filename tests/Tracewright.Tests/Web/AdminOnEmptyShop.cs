using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// An EMPTY SQLite shop with one administrator, "owner", served for a browser test; the database folder is removed on
/// dispose. <see cref="SignedInPageAsync"/> gives a 1024×768 page signed in as the administrator.
/// </summary>
public sealed class AdminOnEmptyShop : IAsyncDisposable
{
    private const string Password = "empty shop password 1";

    private readonly string _folder;

    private AdminOnEmptyShop(string folder, BrowserServer server) => (_folder, Server) = (folder, server);

    public BrowserServer Server { get; }

    public static async Task<AdminOnEmptyShop> StartAsync(string name, DateTimeOffset now)
    {
        var folder = Directory.CreateTempSubdirectory($"tracewright-{name}-").FullName;
        var server = await BrowserServer.StartAsync(
            new WebOptions(Path.Combine(folder, "shop.db"), "http://127.0.0.1:0", new ManualClock(now)),
            shop => Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("owner", Password, "admin"), default)));
        return new AdminOnEmptyShop(folder, server);
    }

    public async Task<IPage> SignedInPageAsync()
    {
        var context = await Server.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, BaseURL = Server.Base });
        var page = await context.NewPageAsync();
        await BrowserServer.SignInAsync(page, "owner", Password);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
