using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data.Access;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Features.Production;
using Tracewright.Web;

namespace Tracewright.Features.Access;

/// <summary>Sign in and out, the first-run setup page, and the admin page for users and API tokens.</summary>
public static class AccessPages
{
    private const string UnknownName = "(unknown name)";

    private static readonly StateConflict AlreadySetUp = new("already-set-up", "the first administrator has already been created; sign in instead", "user");

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/signin", SignInFormAsync).AllowAnonymous();
        pages.MapPost("/signin", SignInAsync).AllowAnonymous();
        pages.MapPost("/signout", SignOutAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/setup", SetupFormAsync).AllowAnonymous();
        pages.MapPost("/setup", SetupAsync).AllowAnonymous();
        pages.MapGet("/admin", AdminAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/users", AddUserAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/tokens", CreateTokenAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/gs1-prefix", SetGs1PrefixAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/tokens/{id}/revoke", RevokeTokenAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/users/{id}/disable", (string id, HttpContext context, Shop shop, CancellationToken ct) =>
            ChangeUserAsync(context, shop, id, "disabled", (actor, reason) => Users.DisableAsync(shop, actor, id, reason, ct), ct)).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/users/{id}/enable", (string id, HttpContext context, Shop shop, CancellationToken ct) =>
            ChangeUserAsync(context, shop, id, "enabled", (actor, reason) => Users.EnableAsync(shop, actor, id, reason, ct), ct)).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/users/{id}/role", (string id, HttpContext context, Shop shop, CancellationToken ct) =>
            ChangeUserAsync(context, shop, id, "given another role", (actor, reason) => Users.ChangeRoleAsync(shop, actor, id, Forms.Text(context.Request.Form, "role"), reason, ct), ct)).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/users/{id}/sessions/end", EndSessionAsync).RequireAuthorization(AccessPolicy.Admin);
    }

    public static async Task<IResult> SignInFormAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, string? returnUrl = null)
    {
        if (await NoUsersAsync(shop, cancellationToken))
        {
            return TypedResults.Redirect("/setup");
        }

        return SignInPage(null, LocalReturnUrl.Of(returnUrl), null);
    }

    public static async Task<IResult> SignInAsync(HttpContext context, Shop shop, SignInThrottle throttle, AccessRecorder access, Sessions sessions, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var name = Forms.Text(form, "user") ?? "";
        var returnUrl = Forms.Text(form, "returnUrl");
        var address = context.Connection.RemoteIpAddress;
        // Refused before any hashing or database work: a flood costs the server a dictionary lookup per attempt.
        if (throttle.RetryAfter(name, address) is { } wait)
        {
            // One summary a minute per address, whatever names it tries: a flood of made-up names adds no key and no row.
            await access.RecordAsync(context, AccessEvent.SignInThrottled, "sign-in", () => LoggedNameAsync(shop, name, CancellationToken.None));
            return TooMany(context, name, returnUrl, wait, "too many failed sign-ins for this name from this address");
        }

        StoredUser? user;
        using (var turn = await throttle.HashTurnAsync(cancellationToken))
        {
            if (turn is null)
            {
                await access.RecordFloodAsync(context, AccessEvent.SignInThrottled, "busy", "(any name)", "the server was busy checking other sign-ins");
                return TooMany(context, name, returnUrl, TimeSpan.FromSeconds(1), "the server is busy checking other sign-ins");
            }

            var password = Forms.Text(form, "password");
            user = await SignInThrottle.OffThePoolAsync(() => Users.CheckSignInAsync(shop, name, password, cancellationToken).GetAwaiter().GetResult());
        }

        if (user is null)
        {
            throttle.Failed(name, address);
            var logged = await LoggedNameAsync(shop, name, cancellationToken);
            if (logged == UnknownName)
            {
                // Made-up names are a flood's: counted, a row a minute. A real user's failed sign-in is a row each.
                await access.RecordFloodAsync(context, AccessEvent.SignInFailed, UnknownName, UnknownName, "names that are no user's");
            }
            else
            {
                await access.RecordAsync(context, AccessEvent.SignInFailed, logged);
            }

            return SignInPage(name, returnUrl, new InvalidInput("password", "that name and password do not match"), StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(name, address);
        if (user.Disabled)
        {
            // Said only to someone who knows the password: a stranger cannot learn from it which users are disabled.
            await access.RecordAsync(context, AccessEvent.SignInFailed, user.Name.Value, "the user is disabled");
            return SignInPage(name, returnUrl, new RuleViolated("user-disabled", "this user is disabled: ask an administrator to enable it", "user"), StatusCodes.Status403Forbidden);
        }

        await sessions.SignInAsync(context, user, cancellationToken);
        await access.RecordAsync(context, AccessEvent.SignedIn, user.Name.Value);
        // Only a local path: anything else would make the sign-in page an open redirect.
        return TypedResults.Redirect(LocalReturnUrl.Of(returnUrl));
    }

    private static IResult TooMany(HttpContext context, string name, string? returnUrl, TimeSpan wait, string why)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var when = seconds < 60 ? $"{seconds} second(s)" : $"{(seconds + 59) / 60} minute(s)";
        return SignInPage(name, returnUrl, new RuleViolated("too-many-attempts", $"{why}; try again in {when}"), StatusCodes.Status429TooManyRequests);
    }

    public static async Task<RedirectHttpResult> SignOutAsync(HttpContext context, ClaimsPrincipal user, AccessRecorder access, Sessions sessions)
    {
        await sessions.SignOutAsync(context);
        await access.RecordAsync(context, AccessEvent.SignedOut, AccessPolicy.ActorOf(user));
        return TypedResults.Redirect("/signin");
    }

    public static async Task<IResult> SetupFormAsync(HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        await NoUsersAsync(shop, cancellationToken) ? SetupPage(null, null, null) : TypedResults.Redirect("/signin");

    public static async Task<IResult> SetupAsync(HttpContext context, Shop shop, AccessRecorder access, Sessions sessions, CancellationToken cancellationToken)
    {
        // Once there is an administrator, an anonymous post is refused with a read: no password hashed, no write lock taken.
        if (!await NoUsersAsync(shop, cancellationToken))
        {
            return SetupPage(null, null, AlreadySetUp);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var name = Forms.Text(form, "user");
        var password = Forms.Text(form, "password");
        if (password != Forms.Text(form, "confirm"))
        {
            return SetupPage(name, Forms.Text(form, "display-name"), new InvalidInput("confirm", "the two passwords differ"));
        }

        var actor = UserName.Parse(name) is { IsSuccess: true } parsed ? parsed.Value.Value : "setup";
        var added = await Users.AddAsync(shop, actor, new Users.AddRequest(name, password, Role.Admin.Name(), Forms.Text(form, "display-name"), OnlyFirst: true), cancellationToken);
        if (!added.TryGet(out var admin, out var error))
        {
            return SetupPage(name, Forms.Text(form, "display-name"), error);
        }

        await sessions.SignInAsync(context, new StoredUser(UserName.Parse(admin.User).Value, Forms.Text(form, "display-name"), Role.Admin, "", admin.Sequence), cancellationToken);
        await access.RecordAsync(context, AccessEvent.SignedIn, admin.User, "the first administrator, created on /setup");
        return TypedResults.Redirect("/admin");
    }

    public static async Task<IResult> AdminAsync(HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        await AdminPageAsync(context, shop, null, null, null, cancellationToken);

    public static async Task<IResult> AddUserAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Users.AddRequest(Forms.Text(form, "user"), Forms.Text(form, "password"), Forms.Text(form, "role"), Forms.Text(form, "display-name"));
        var added = await Users.AddAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        var notice = added.IsSuccess ? new AdminNotice($"User {added.Value.User} added as {added.Value.Role.Name()}.") : null;
        return await AdminPageAsync(context, shop, added.Error, notice, added.IsSuccess ? null : request, cancellationToken);
    }

    public static async Task<IResult> CreateTokenAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var created = await ApiTokens.CreateAsync(shop, AccessPolicy.ActorOf(context.User), new ApiTokens.CreateRequest(Forms.Text(form, "name"), Forms.Text(form, "token-role")), cancellationToken);
        var notice = created.TryGet(out var token, out _)
            ? new AdminNotice($"Token {token.Token} ({token.Name}, {token.Role.Name()}) created. Copy it now — it is never shown again:", token.Secret)
            : null;
        return await AdminPageAsync(context, shop, created.Error, notice, null, cancellationToken);
    }

    public static async Task<IResult> SetGs1PrefixAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Gs1Prefix.Request(Forms.Text(form, "company-prefix"), Forms.Text(form, "reason"));
        var set = await Gs1Prefix.SetAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        var notice = set.IsSuccess ? new AdminNotice($"GS1 company prefix set to {set.Value.Prefix}; new containers' SSCCs use it.") : null;
        return await AdminPageAsync(context, shop, set.Error, notice, null, cancellationToken, typedPrefix: set.IsSuccess ? null : request);
    }

    public static async Task<IResult> RevokeTokenAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var revoked = await ApiTokens.RevokeAsync(shop, AccessPolicy.ActorOf(context.User), id, Forms.Text(form, "reason") ?? "revoked on the admin page", cancellationToken);
        var notice = revoked.IsSuccess ? new AdminNotice($"Token {revoked.Value.Token} revoked.") : null;
        return await AdminPageAsync(context, shop, revoked.Error, notice, null, cancellationToken);
    }

    /// <summary>Disable, enable or change the role of a user: a ledger record with the reason typed on the page.</summary>
    private static async Task<IResult> ChangeUserAsync(HttpContext context, Shop shop, string id, string done, Func<string, string?, Task<Result<Users.AddResponse>>> change, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var changed = await change(AccessPolicy.ActorOf(context.User), Forms.Text(form, "reason"));
        var notice = changed.TryGet(out var user, out _)
            ? new AdminNotice($"User {user.User} {done} ({user.Role.Name()}); their sessions have ended.")
            : null;
        return await AdminPageAsync(context, shop, null, notice, null, cancellationToken, changed.Error);
    }

    /// <summary>Ends one open session of the user (form field <c>session</c>), at once on every server.</summary>
    public static async Task<IResult> EndSessionAsync(string id, HttpContext context, Shop shop, Sessions sessions, AccessRecorder access, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var name = UserName.Parse(id);
        var session = Forms.Text(form, "session");
        Error? error = null;
        AdminNotice? notice = null;
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            if (!name.IsSuccess || await AccessQueries.FindUserAsync(connection, null, name.Value, cancellationToken) is null)
            {
                error = new Tracewright.Domain.Common.NotFound("user", id, "user");
            }
        }

        if (error is null && session is null)
        {
            error = new InvalidInput("session", "say which session to end");
        }
        else if (error is null && !await sessions.EndAsync(name.Value.Value, session!, AccessPolicy.ActorOf(context.User), cancellationToken))
        {
            error = new Tracewright.Domain.Common.NotFound("open session", $"{session} of {name.Value.Value}", "session");
        }
        else if (error is null)
        {
            await access.RecordAsync(context, AccessEvent.SignedOut, name.Value.Value, $"session ended on the admin page by {AccessPolicy.ActorOf(context.User)}");
            notice = new AdminNotice($"A session of {name.Value.Value} has ended.");
        }

        return await AdminPageAsync(context, shop, null, notice, null, cancellationToken, error);
    }

    /// <summary>What an admin action came to, said at the top of the page; a new token's secret is shown this once.</summary>
    private sealed record AdminNotice(string Text, string? Secret = null);

    /// <summary><paramref name="rowError"/> is a refused change to a user or session: said at the top, not next to the add form's fields.</summary>
    private static async Task<IResult> AdminPageAsync(HttpContext context, Shop shop, Error? error, AdminNotice? notice, Users.AddRequest? typed, CancellationToken cancellationToken, Error? rowError = null, Gs1Prefix.Request? typedPrefix = null)
    {
        var gs1 = await Gs1Prefix.CurrentAsync(shop, Environment.GetEnvironmentVariable(Gs1Prefix.EnvironmentVariable), cancellationToken);
        var users = (await Users.ListAsync(shop, cancellationToken)).Value;
        var tokens = (await ApiTokens.ListAsync(shop, cancellationToken)).Value;
        var open = await context.RequestServices.GetRequiredService<Sessions>().OpenAsync(null, cancellationToken);
        var recent = await AccessLog.ListAsync(shop.Database, null, 0, 20, cancellationToken);
        return Pages.Render<AdminPage>(
            new
            {
                People = users,
                TokenList = tokens,
                OpenSessions = open,
                RecentAccess = recent,
                Error = error,
                RowError = rowError,
                Notice = notice?.Text,
                NewTokenSecret = notice?.Secret,
                Typed = typed,
                Gs1 = gs1,
                TypedPrefix = typedPrefix,
            },
            Pages.StatusOf(error ?? rowError));
    }

    private static IResult SignInPage(string? name, string? returnUrl, Error? error, int status = StatusCodes.Status200OK) =>
        Pages.Render<SignInPage>(new { Name = name, ReturnUrl = returnUrl, Error = error }, status);

    private static IResult SetupPage(string? name, string? displayName, Error? error) =>
        Pages.Render<SetupPage>(new { Name = name, DisplayName = displayName, Error = error }, Pages.StatusOf(error));

    /// <summary>
    /// The name as the access log keeps it: a user's name, or "(unknown name)" — a name that is no user's may be a
    /// password typed into the name box, and passwords are never stored.
    /// </summary>
    private static async Task<string> LoggedNameAsync(Shop shop, string name, CancellationToken cancellationToken)
    {
        if (UserName.Parse(name) is not { IsSuccess: true } parsed)
        {
            return UnknownName;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return await AccessQueries.FindUserAsync(connection, null, parsed.Value, cancellationToken) is { } user ? user.Name.Value : UnknownName;
    }

    private static async Task<bool> NoUsersAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return await AccessQueries.CountUsersAsync(connection, null, cancellationToken) == 0;
    }
}
