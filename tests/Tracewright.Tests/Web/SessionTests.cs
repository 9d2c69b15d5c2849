using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracewright.Cli;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>The real server (Kestrel on a loopback port) on a fresh database of one kind, with an admin and an operator.</summary>
public sealed class SessionServer : IAsyncDisposable
{
    public const string Password = "session password 1";

    private readonly TestDatabase _database;

    private readonly Dictionary<HttpClient, CookieContainer> _cookies = [];

    private SessionServer(TestDatabase database, WebApplication app, Uri address, ManualClock clock)
    {
        _database = database;
        App = app;
        Base = address;
        Clock = clock;
    }

    public WebApplication App { get; }

    public Uri Base { get; }

    /// <summary>The server's clock: moving it moves sessions' and cookies' time.</summary>
    public ManualClock Clock { get; }

    public Shop Shop => App.Services.GetRequiredService<Shop>();

    public string Target => _database.Target;

    public static async Task<SessionServer> StartAsync(DatabaseKind kind)
    {
        var database = await kind.CreateAsync();
        var clock = new ManualClock(Seed.May2024);
        var keys = Directory.CreateTempSubdirectory("tracewright-session-keys-").FullName;
        var app = WebApp.Build(new WebOptions(database.Target, "http://127.0.0.1:0", clock, keys, RequestsPerMinute: 0), b => b.Logging.ClearProviders());
        await WebApp.MigrateAsync(app, default);
        var shop = app.Services.GetRequiredService<Shop>();
        foreach (var (user, role) in new[] { ("ada", "admin"), ("otto", "operator"), ("olive", "operator") })
        {
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest(user, Password, role), default));
        }

        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var server = new SessionServer(database, app, address, clock) { _keysFolder = keys };
        return server;
    }

    private string _keysFolder = "";

    /// <summary>A browser-like client (its own cookies, redirects not followed).</summary>
    public HttpClient Browser()
    {
        var cookies = new CookieContainer();
        var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = Base };
        _cookies[browser] = cookies;
        return browser;
    }

    public async Task<HttpClient> SignedInAsync(string user, string password = Password)
    {
        var browser = Browser();
        var signedIn = await PostFormAsync(browser, "/signin", "/signin", new() { ["user"] = user, ["password"] = password });
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"{user} did not sign in: {signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        return browser;
    }

    /// <summary>Another client holding a copy of <paramref name="browser"/>'s cookies, as a stolen cookie would be.</summary>
    public HttpClient Copy(HttpClient browser)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Base };
        var header = _cookies[browser].GetCookieHeader(Base);
        Assert.Contains("tracewright=", header, StringComparison.Ordinal);
        client.DefaultRequestHeaders.Add("Cookie", header);
        return client;
    }

    /// <summary>Runs a <c>tracewright</c> verb on the server's database, as an operator at the shop's terminal would.</summary>
    public async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await TracewrightCli.RunAsync(["--db", Target, "--as", "ada", .. args], output, error, Clock, _ => null);
        return (exit, output.ToString(), error.ToString());
    }

    public async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(formPage);
        fields["__csrf"] = Regex.Match(page, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_keysFolder, recursive: true);
    }
}

/// <summary>
/// Issue 16, item 2: sessions that can be ended. Each test failed before: a copied cookie kept working after sign-out and
/// after a password change (<c>GET /api/me</c> → 200), slid for ever, and no user could be disabled. Run on SQLite and
/// PostgreSQL.
/// </summary>
public abstract class SessionTests(DatabaseKind kind) : IAsyncLifetime
{
    private SessionServer _server = null!;

    public async Task InitializeAsync() => _server = await SessionServer.StartAsync(kind);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<HttpStatusCode> MeAsync(HttpClient client) => (await client.GetAsync("/api/me")).StatusCode;

    private static async Task AssertSentToSignInAsync(HttpClient client)
    {
        var page = await client.GetAsync("/lots");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regression_16_signing_out_ends_the_session_so_a_copied_cookie_gets_401_and_pages_send_it_to_sign_in()
    {
        var otto = await _server.SignedInAsync("otto");
        var stolen = _server.Copy(otto);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(stolen));
        var elsewhere = await _server.SignedInAsync("otto");

        var signedOut = await _server.PostFormAsync(otto, "/", "/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(stolen));
        await AssertSentToSignInAsync(stolen);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(otto));
        // Only that session ended: otto signed in on another machine stays signed in.
        Assert.Equal(HttpStatusCode.OK, await MeAsync(elsewhere));
    }

    public static TheoryData<string> Changes() => ["password", "role", "disable"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Regression_16_a_password_change_a_role_change_or_disabling_ends_every_session_of_that_user_at_once(string change)
    {
        var first = await _server.SignedInAsync("otto");
        var second = await _server.SignedInAsync("otto");
        var stolen = _server.Copy(first);
        var olive = await _server.SignedInAsync("olive");
        Assert.Equal(HttpStatusCode.OK, await MeAsync(stolen));

        var (exit, output, error) = change switch
        {
            "password" => await _server.CliAsync("user", "password", "otto", "--password", "a new password 2"),
            "role" => await _server.CliAsync("user", "role", "otto", "--role", "viewer", "--reason", "moved to inspection"),
            _ => await _server.CliAsync("user", "disable", "otto", "--reason", "left the company"),
        };
        Assert.True(exit == 0, $"{output}{error}");

        foreach (var client in new[] { first, second, stolen })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(client));
        }

        await AssertSentToSignInAsync(second);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(olive));
    }

    [Fact]
    public async Task Regression_16_a_session_ends_after_its_absolute_lifetime_however_active_it_is()
    {
        var otto = await _server.SignedInAsync("otto");
        var started = _server.Clock.Now;
        // Used every 11 hours, so the 12-hour sliding cookie never lapses; only the 7-day lifetime can end it.
        while (_server.Clock.Now + TimeSpan.FromHours(11) < started + Sessions.DefaultLifetime)
        {
            _server.Clock.Now += TimeSpan.FromHours(11);
            Assert.Equal(HttpStatusCode.OK, await MeAsync(otto));
        }

        _server.Clock.Now = started + Sessions.DefaultLifetime + TimeSpan.FromMinutes(1);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(otto));
        // Signing in again starts a new one.
        Assert.Equal(HttpStatusCode.OK, await MeAsync(await _server.SignedInAsync("otto")));
    }

    [Fact]
    public async Task Regression_16_a_disabled_user_cannot_sign_in_and_their_api_tokens_stop_until_they_are_enabled_again()
    {
        var ada = await _server.SignedInAsync("ada");
        var created = await ada.PostAsync("/api/tokens", Json(new { name = "MES line 2", role = "operator" }, await TokenAsync(ada)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        using var machine = new HttpClient { BaseAddress = _server.Base };
        machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(machine));

        var disabled = await _server.CliAsync("user", "disable", "ada", "--reason", "on leave");
        Assert.True(disabled.Exit == 0, disabled.Error);
        Assert.Contains("user ada disabled", disabled.Output, StringComparison.Ordinal);

        var refused = await _server.PostFormAsync(_server.Browser(), "/signin", "/signin", new() { ["user"] = "ada", ["password"] = SessionServer.Password });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("this user is disabled: ask an administrator to enable it", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A wrong password says only that: the page tells a stranger nothing about who is disabled.
        var wrong = await _server.PostFormAsync(_server.Browser(), "/signin", "/signin", new() { ["user"] = "ada", ["password"] = "not the password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain("disabled", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(machine));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(ada));

        // Both are ledger records with their reasons, and verify stays clean.
        var enabled = await _server.CliAsync("user", "enable", "ada", "--reason", "back from leave");
        Assert.True(enabled.Exit == 0, enabled.Error);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(machine));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(await _server.SignedInAsync("ada")));
        await using (var connection = await _server.Shop.Database.OpenConnectionAsync(default))
        {
            var records = (await connection.QueryAsync<(string Kind, string Reason)>("SELECT kind, reason FROM ledger WHERE kind IN ('UserDisabled', 'UserEnabled') ORDER BY seq")).ToList();
            Assert.Equal([("UserDisabled", "on leave"), ("UserEnabled", "back from leave")], records);
        }

        Assert.Equal(0, (await _server.CliAsync("verify")).Exit);
        var twice = await _server.CliAsync("user", "enable", "ada", "--reason", "twice");
        Assert.NotEqual(0, twice.Exit);
        Assert.Contains("user ada is not disabled", twice.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regression_16_an_admin_sees_a_users_open_sessions_and_ends_one_and_disables_a_user_on_the_admin_page()
    {
        var ada = await _server.SignedInAsync("ada");
        var onTablet = await _server.SignedInAsync("otto");
        _server.Clock.Now += TimeSpan.FromMinutes(5);
        var onDesk = await _server.SignedInAsync("otto");
        var page = await ada.GetStringAsync("/admin");
        var rows = Regex.Matches(page, "<tr class=\"session\"><td>otto</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>.*?name=\"session\" value=\"([^\"]+)\"", RegexOptions.Singleline);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("127.0.0.1", r.Groups[3].Value));
        Assert.NotEqual(rows[0].Groups[1].Value, rows[1].Groups[1].Value);

        // The newest first: ending it ends the desk's session, not the tablet's.
        var ended = await _server.PostFormAsync(ada, "/admin", "/admin/users/otto/sessions/end", new() { ["session"] = rows[0].Groups[4].Value });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Contains("A session of otto has ended.", await ended.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(onDesk));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(onTablet));
        var again = await _server.PostFormAsync(ada, "/admin", "/admin/users/otto/sessions/end", new() { ["session"] = rows[0].Groups[4].Value });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        // A reason is required, and is what the ledger keeps.
        var noReason = await _server.PostFormAsync(ada, "/admin", "/admin/users/otto/disable", []);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(onTablet));
        var disabled = await _server.PostFormAsync(ada, "/admin", "/admin/users/otto/disable", new() { ["reason"] = "tablet lost" });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(onTablet));
        Assert.Contains("status-disabled", await ada.GetStringAsync("/admin"), StringComparison.Ordinal);
        Assert.DoesNotContain("<tr class=\"session\"><td>otto", await ada.GetStringAsync("/admin"), StringComparison.Ordinal);
        var role = await _server.PostFormAsync(ada, "/admin", "/admin/users/olive/role", new() { ["role"] = "quality", ["reason"] = "joined quality" });
        Assert.Equal(HttpStatusCode.OK, role.StatusCode);
        Assert.Contains("<td>olive</td><td>quality</td>", await ada.GetStringAsync("/admin"), StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(HttpClient browser) =>
        (await browser.GetFromJsonAsync<JsonElement>("/api/antiforgery")).GetProperty("token").GetString()!;

    private static HttpContent Json(object body, string token)
    {
        var content = JsonContent.Create(body);
        content.Headers.Add(CookieWrites.HeaderName, token);
        return content;
    }
}

public sealed class SqliteSessionTests() : SessionTests(new SqliteKind());

public sealed class PostgresSessionTests() : SessionTests(new PostgresKind());
