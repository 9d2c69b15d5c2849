using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracewright.Data.Access;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Access;
using Tracewright.Features.Access;
using Tracewright.Tests.Support;
using Tracewright.Web;

namespace Tracewright.Tests.Web;

/// <summary>
/// Who got in and how: sign-in throttling, API tokens kept only as their SHA-256, every sign-in (and failure, and sign-out)
/// and token use in the append-only access log, and passwords in no log line, no answer and no table.
/// </summary>
public sealed class AccessRecordsTests : IAsyncLifetime
{
    private const string Good = "correct horse battery";

    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public void The_throttle_counts_failures_per_name_within_five_minutes_and_a_success_clears_them()
    {
        var clock = new ManualClock(Seed.May2024);
        var throttle = new SignInThrottle(clock);
        for (var i = 0; i < SignInThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed("sam", null);
        }

        Assert.Null(throttle.RetryAfter("sam", null));
        throttle.Failed(" SAM ", null);
        Assert.InRange(throttle.RetryAfter("sam", null) ?? TimeSpan.Zero, SignInThrottle.Window - TimeSpan.FromSeconds(1), SignInThrottle.Window);
        Assert.Null(throttle.RetryAfter("kim", null));

        clock.Now += TimeSpan.FromMinutes(2);
        Assert.InRange(throttle.RetryAfter("Sam", null) ?? TimeSpan.Zero, TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(3));
        clock.Now += TimeSpan.FromMinutes(3);
        Assert.Null(throttle.RetryAfter("sam", null));

        for (var i = 0; i < SignInThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed("kim", null);
        }

        throttle.Succeeded("kim", null);
        throttle.Failed("kim", null);
        Assert.Null(throttle.RetryAfter("kim", null));
    }

    [Fact]
    public async Task A_locked_name_is_refused_even_with_its_password_while_another_name_signs_in_and_the_log_says_which_was_which()
    {
        await AddUserAsync("sam", Role.Viewer);
        await AddUserAsync("kim", Role.Viewer);
        var browser = Browser();
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(browser, "sam", $"wrong password {i}")).StatusCode);
        }

        var locked = await SignInAsync(browser, "sam", Good);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), SignInThrottle.Window);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Browser(), "kim", Good)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(Browser(), "nobody-here", "some password 1")).StatusCode);

        var log = await LogAsync();
        Assert.Equal(SignInThrottle.MaxFailures, log.Count(e => e is { Event: "sign-in-failed", Who: "sam" }));
        Assert.Single(log, e => e is { Event: "sign-in-throttled", Who: "sam" });
        Assert.Single(log, e => e is { Event: "signed-in", Who: "kim" });
        Assert.Single(log, e => e is { Event: "sign-in-failed", Who: "(unknown name)" });
        // When, by the server's clock, in UTC.
        Assert.All(log, e => Assert.InRange(DateTimeOffset.Parse(e.At, System.Globalization.CultureInfo.InvariantCulture), Seed.May2024, _web.Clock.Now));
        Assert.All(log, e => Assert.EndsWith("Z", e.At, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_is_stored_only_as_its_sha256_and_its_use_is_logged_once_a_minute()
    {
        var admin = await _web.ClientAsync(Role.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/tokens", new { name = "MES line 2", role = "operator" })).Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("token").GetString()!;
        Assert.StartsWith(ApiTokens.SecretPrefix, secret, StringComparison.Ordinal);

        var text = await EveryCellAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[ApiTokens.SecretPrefix.Length..], text, StringComparison.Ordinal);
        await using (var connection = await _web.Shop.Database.OpenConnectionAsync(default))
        {
            Assert.Equal(ApiTokens.Sha256Of(secret), await connection.ExecuteScalarAsync<string>("SELECT sha256 FROM api_tokens WHERE id = @id", new { id }));
        }

        var machine = _web.CreateClient();
        machine.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/items")).StatusCode);
        _web.Clock.Now += TimeSpan.FromSeconds(61);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/lots")).StatusCode);
        var used = (await LogAsync()).Where(e => e.Who == $"token:{id}").ToList();
        Assert.Equal(["token-used", "token-used"], used.Select(e => e.Event));
        // The second row counts the use of the minute before that was not written one by one (GET /api/items).
        Assert.Equal(["GET /api/me", "GET /api/lots; and 1 more in the minute before, counted here rather than written one by one"], used.Select(e => e.Detail).Reverse());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/tokens/{id}/revoke", new { reason = "line retired" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync("/api/me")).StatusCode);
        var stranger = _web.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", ApiTokens.SecretPrefix + "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/me")).StatusCode);
        var log = await LogAsync();
        Assert.Single(log, e => e is { Event: "token-refused", Detail: "revoked" } && e.Who == $"token:{id}");
        Assert.Single(log, e => e is { Event: "token-refused", Who: "(unknown token)" });

        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/access-log?who=token:{id}");
        Assert.Equal(3, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Sign_in_and_sign_out_are_logged_and_the_admin_page_shows_them()
    {
        var admin = await _web.SignedInAsync("alex", Role.Admin);
        var page = await admin.GetStringAsync("/admin");
        Assert.Contains("signed-in", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await WebShop.PostFormAsync(admin, "/", "/signout", [])).StatusCode);
        var log = await LogAsync();
        Assert.Equal(["signed-in", "signed-out"], log.Where(e => e.Who == "alex").Select(e => e.Event).Reverse());

        // The access log is beside the ledger, not derived from it: verify still finds every derived table as the ledger says.
        var verified = await (await _web.ClientAsync(Role.Quality)).GetFromJsonAsync<JsonElement>("/api/ledger/verify");
        Assert.True(verified.GetProperty("isIntact").GetBoolean(), verified.ToString());
    }

    [Fact]
    public async Task Passwords_appear_in_no_log_line_no_answer_and_no_table()
    {
        var logs = new CapturingLogger();
        await using var web = new WebShop { LogTo = logs };
        string[] passwords = ["Pw-setup-41cafe-first", "Pw-page-7d1e-added", "Pw-api-92ab-added", "Pw-wrong-0c55-attempt", "Pw-change-e3f1-new", "Qz7sh"];
        var answers = new StringBuilder();

        var owner = web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        answers.Append(await Read(await WebShop.PostFormAsync(owner, "/setup", "/setup", new() { ["user"] = "owner", ["password"] = passwords[0], ["confirm"] = passwords[0] })));
        answers.Append(await Read(await WebShop.PostFormAsync(owner, "/admin", "/admin/users", new() { ["user"] = "dana", ["password"] = passwords[1], ["role"] = "operator" })));
        answers.Append(await Read(await WebShop.PostFormAsync(owner, "/admin", "/admin/users", new() { ["user"] = "shorty", ["password"] = passwords[5], ["role"] = "viewer" })));
        var admin = await web.ClientAsync(Role.Admin);
        answers.Append(await Read(await admin.PostAsJsonAsync("/api/users", new { user = "kim", password = passwords[2], role = "viewer" })));
        answers.Append(await Read(await admin.PostAsJsonAsync("/api/users", new { user = "lee", password = passwords[5], role = "viewer" })));
        var dana = web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        answers.Append(await Read(await WebShop.PostFormAsync(dana, "/signin", "/signin", new() { ["user"] = "dana", ["password"] = passwords[3] })));
        // A password typed into the name box: the page shows the person what they typed, but the log and the database must not keep it.
        const string TypedAsName = "Pw-in-the-name-box-5b";
        await WebShop.PostFormAsync(dana, "/signin", "/signin", new() { ["user"] = TypedAsName, ["password"] = passwords[3] });
        answers.Append(await Read(await WebShop.PostFormAsync(dana, "/signin", "/signin", new() { ["user"] = "dana", ["password"] = passwords[1] })));
        await Seed.Ok(Users.SetPasswordAsync(web.Shop, "owner", "dana", passwords[4], default));
        answers.Append(await Read(await WebShop.PostFormAsync(Browser(web), "/signin", "/signin", new() { ["user"] = "dana", ["password"] = passwords[4] })));
        answers.Append(await owner.GetStringAsync("/admin"));

        var logged = logs.Text();
        Assert.Contains("POST", logged, StringComparison.Ordinal);
        Assert.Contains("/signin", logged, StringComparison.Ordinal);
        var stored = await EveryCellAsync(web.Shop);
        foreach (var password in passwords)
        {
            Assert.False(logged.Contains(password, StringComparison.Ordinal), $"the log holds the password {password}");
            Assert.False(stored.Contains(password, StringComparison.Ordinal), $"the database holds the password {password}");
            Assert.False(answers.ToString().Contains(password, StringComparison.Ordinal), $"an answer holds the password {password}");
        }

        Assert.DoesNotContain(TypedAsName, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(TypedAsName, stored, StringComparison.Ordinal);

        // The sign-in that used a password as its name was logged, without that name.
        await web.Services.GetRequiredService<AccessRecorder>().WrittenAsync();
        Assert.Contains((await AccessLog.ListAsync(web.Shop.Database, null, 0, 100, default)), e => e is { Event: "sign-in-failed", Who: "(unknown name)" });
    }

    private async Task AddUserAsync(string name, Role role) => await Seed.Ok(Users.AddAsync(_web.Shop, "test", new Users.AddRequest(name, Good, role.Name()), default));

    private HttpClient Browser() => Browser(_web);

    private static HttpClient Browser(WebShop web) => web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password) =>
        WebShop.PostFormAsync(browser, "/signin", "/signin", new() { ["user"] = user, ["password"] = password });

    private static async Task<string> Read(HttpResponseMessage response) => $"{response.Headers}{await response.Content.ReadAsStringAsync()}";

    private async Task<IReadOnlyList<AccessEntry>> LogAsync()
    {
        // A failed sign-in is answered before its row is written.
        await _web.Services.GetRequiredService<AccessRecorder>().WrittenAsync();
        return await AccessLog.ListAsync(_web.Shop.Database, null, 0, 1000, default);
    }

    private Task<string> EveryCellAsync() => EveryCellAsync(_web.Shop);

    /// <summary>Every value of every table (blobs as UTF-8), as one text to search.</summary>
    private static async Task<string> EveryCellAsync(Shop shop)
    {
        var text = new StringBuilder();
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        foreach (var table in await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u001f');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Every log entry a server writes, whatever its category or level, with its state and exception.</summary>
    private sealed class CapturingLogger : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text() => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            _lines.Enqueue($"scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            _lines.Enqueue($"{logLevel} {formatter(state, exception)} {values} {exception}");
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>The access log refuses UPDATE and DELETE at the database, like the ledger, on both databases.</summary>
public abstract class AccessLogAppendOnlyTests(DatabaseKind kind)
{
    [Fact]
    public async Task An_entry_cannot_be_changed_or_removed()
    {
        await using var test = await kind.CreateAsync();
        await AccessLog.AppendAsync(test.Database, Seed.May2024, AccessEvent.SignedIn, "dana", "10.0.0.5", null, default);
        await using var connection = await test.Database.OpenConnectionAsync(default);
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE access_log SET who = 'someone else'"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM access_log"));
        Assert.Equal("dana", await connection.ExecuteScalarAsync<string>("SELECT who FROM access_log"));
    }
}

public sealed class SqliteAccessLogAppendOnlyTests() : AccessLogAppendOnlyTests(new SqliteKind());

public sealed class PostgresAccessLogAppendOnlyTests() : AccessLogAppendOnlyTests(new PostgresKind());
