using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Access;
using Tracewright.Features.Access;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// The web application on a real SQLite file in a temporary folder, through <see cref="WebApplicationFactory{TEntryPoint}"/>.
/// The executable's entry point is the CLI, so the factory is handed the app that <see cref="WebApp.Build"/>
/// makes, with the test server in place of Kestrel, instead of discovering one.
/// </summary>
public sealed class WebShop : WebApplicationFactory<WebOptions>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-web-").FullName;
    private readonly Dictionary<Role, string> _tokens = [];
    private readonly string? _database;
    private readonly string? _keys;

    public WebShop()
    {
    }

    /// <summary>A server on an existing database (another server may share it) with the given key folder.</summary>
    public WebShop(string database, string keys)
    {
        _database = database;
        _keys = keys;
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2024, 5, 14, 9, 0, 0, TimeSpan.Zero));

    public string DbPath => Path.Combine(_folder, "shop.db");

    /// <summary>Each caller's requests a minute; 0 (the default) is none: the fake clock stands still, so any limit would end a long test.</summary>
    public int RequestsPerMinute { get; init; }

    /// <summary>Where the server logs (the default: nowhere), for tests that read what a server writes to its log.</summary>
    public ILoggerProvider? LogTo { get; init; }

    public Shop Shop => Services.GetRequiredService<Shop>();

    protected override IHostBuilder CreateHostBuilder() => new HostBuilder();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var app = WebApp.Build(new WebOptions(_database ?? DbPath, "http://127.0.0.1:0", Clock, _keys, RequestsPerMinute), b =>
        {
            b.WebHost.UseTestServer();
            b.Logging.ClearProviders();
            if (LogTo is not null)
            {
                // Everything, at every level: a test that looks for a secret in the log must see all of it.
                b.Logging.AddProvider(LogTo);
                b.Services.Configure<LoggerFilterOptions>(o =>
                {
                    o.Rules.Clear();
                    o.MinLevel = LogLevel.Trace;
                });
            }
        });
        WebApp.MigrateAsync(app, CancellationToken.None).GetAwaiter().GetResult();
        app.Start();
        return app;
    }

    /// <summary>A client that sends a live API token of <paramref name="role"/>, or nothing when null.</summary>
    public async Task<HttpClient> ClientAsync(Role? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (role is { } r)
        {
            if (!_tokens.TryGetValue(r, out var secret))
            {
                secret = (await Support.Seed.Ok(ApiTokens.CreateAsync(Shop, "test-admin", new ApiTokens.CreateRequest($"test {r}", r.Name()), default))).Secret;
                _tokens[r] = secret;
            }

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return client;
    }

    /// <summary>A browser-like client (cookies, no redirects followed) signed in as a new user of <paramref name="role"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string user, Role role, string password = "correct horse battery")
    {
        await Support.Seed.Ok(Users.AddAsync(Shop, "test-admin", new Users.AddRequest(user, password, role.Name()), default));
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signedIn = await PostFormAsync(client, "/signin", "/signin", new() { ["user"] = user, ["password"] = password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>Posts a form the way a browser does: reads the anti-forgery field from <paramref name="formPage"/> first.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(formPage);
        var token = Regex.Match(page, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no anti-forgery field on {formPage}");
        fields["__csrf"] = token;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
