using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Tracewright.Data.Access;
using Tracewright.Domain.Access;

namespace Tracewright.Web;

/// <summary>
/// Sign-in sessions that can be ended (issue 16). The cookie names a row of <c>sessions</c> (<see cref="SessionStore"/>),
/// and every cookie-authenticated request checks it: a session is refused — and the cookie cleared — once it was ended
/// (sign-out, or an administrator ending it), past its absolute lifetime (<see cref="Lifetime"/>, beside the cookie's
/// 12 h sliding one), or once any record about its user was written (a password or role change, disabling), so a copied
/// cookie stops working when its owner signs out or changes their password.
/// </summary>
public sealed class Sessions(Shop shop, TimeSpan lifetime, ILogger<Sessions> logger)
{
    public const string ClaimType = "tracewright:session";

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    /// <summary>How often a session's "last seen" is written: not on every request.</summary>
    private static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(1);

    /// <summary>Sessions started on this server whose row is not written yet (the database's write lock was busy).</summary>
    private readonly ConcurrentDictionary<string, (StoredSession Session, Task Write)> _pending = new();

    public TimeSpan Lifetime => lifetime;

    /// <summary>
    /// Starts a session for <paramref name="user"/> and signs the browser in to it. On SQLite the row shares the database's
    /// one write lock with the ledger; while a long write holds it the answer waits at most a second, and the session is
    /// honoured from memory until its row is written — a sign-in never queues behind the ledger.
    /// </summary>
    public async Task SignInAsync(HttpContext context, StoredUser user, CancellationToken cancellationToken)
    {
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var now = shop.Clock.GetUtcNow();
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var pending = new StoredSession(id, user.Name.Value, user.LastSeq, Domain.Common.Timestamp.ToText(now), Domain.Common.Timestamp.ToText(now + lifetime), Domain.Common.Timestamp.ToText(now), remote, null, null, user.LastSeq, user.Disabled);
        var write = Task.Run(() => SessionStore.StartAsync(shop.Database, id, user.Name.Value, user.LastSeq, now, now + lifetime, remote, CancellationToken.None), CancellationToken.None);
        _pending[id] = (pending, write);
        _ = write.ContinueWith(
            done =>
            {
                _pending.TryRemove(id, out _);
                if (done.Exception is { } failure)
                {
                    logger.LogError(failure, "session of {User} not written", user.Name.Value);
                }
            },
            TaskScheduler.Default);
        await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
        var principal = AccessPolicy.Principal(user.Name.Value, user.Role, WebApp.CookieScheme, user.DisplayName);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimType, id));
        await context.SignInAsync(WebApp.CookieScheme, principal);
    }

    /// <summary>Ends the request's own session (sign-out) and clears the cookie.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(ClaimType) is { } id)
        {
            if (_pending.TryGetValue(id, out var pending))
            {
                await pending.Write;
            }

            await SessionStore.EndAsync(shop.Database, id, shop.Clock.GetUtcNow(), "signed out", CancellationToken.None);
        }

        await context.SignOutAsync(WebApp.CookieScheme);
    }

    /// <summary>Ends one of <paramref name="user"/>'s sessions (the admin page); false when it was not theirs or not open.</summary>
    public async Task<bool> EndAsync(string user, string id, string endedBy, CancellationToken cancellationToken)
    {
        var session = await SessionStore.FindAsync(shop.Database, id, cancellationToken);
        return session is not null && session.User == user && session.IsOpenAt(shop.Clock.GetUtcNow())
            && await SessionStore.EndAsync(shop.Database, id, shop.Clock.GetUtcNow(), $"ended by {endedBy}", cancellationToken);
    }

    public Task<IReadOnlyList<StoredSession>> OpenAsync(string? user, CancellationToken cancellationToken) =>
        SessionStore.ListOpenAsync(shop.Database, user, shop.Clock.GetUtcNow(), cancellationToken);

    /// <summary>The cookie handler's check on every request that carries the cookie.</summary>
    public static Task ValidateAsync(CookieValidatePrincipalContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<Sessions>().CheckAsync(context);

    private async Task CheckAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimType);
        var now = shop.Clock.GetUtcNow();
        var session = id is null ? null : await SessionStore.FindAsync(shop.Database, id, context.HttpContext.RequestAborted);
        if (session is null && id is not null && _pending.TryGetValue(id, out var pending))
        {
            // Not written yet: honoured as it was started, as long as nothing about its user has changed since.
            var user = Domain.Access.UserName.Parse(pending.Session.User);
            await using var connection = await shop.Database.OpenConnectionAsync(context.HttpContext.RequestAborted);
            var stored = await AccessQueries.FindUserAsync(connection, null, user.Value, context.HttpContext.RequestAborted);
            session = pending.Session with { UserLastSeq = stored?.LastSeq, UserDisabled = stored?.Disabled ?? true };
        }

        if (session is null || !session.IsOpenAt(now))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(WebApp.CookieScheme);
            return;
        }

        if (now - Domain.Common.Timestamp.FromText(session.SeenAt) >= SeenEvery)
        {
            // Not awaited and not cancelled with the request: "last seen" must not slow the answer or fail it.
            _ = Task.Run(async () =>
            {
                try
                {
                    await SessionStore.SeenAsync(shop.Database, session.Id, now, CancellationToken.None);
                }
                catch (Exception failure) when (failure is System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
                {
                    logger.LogWarning(failure, "last seen of a session of {User} not written", session.User);
                }
            });
        }
    }
}
