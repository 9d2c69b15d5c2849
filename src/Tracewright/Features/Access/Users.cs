using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Access;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;

namespace Tracewright.Features.Access;

/// <summary>
/// People who sign in to the web application: add one, list them, set a password, change a role, disable and enable one,
/// check a sign-in. Every change to a user is a ledger record, and every one ends the sessions that user had (Sessions).
/// </summary>
public static class Users
{
    /// <summary><see cref="OnlyFirst"/> is the setup page's request: it succeeds only while there are no users at all.</summary>
    public sealed record AddRequest(string? User, string? Password, string? Role, string? DisplayName = null, bool OnlyFirst = false);

    public sealed record UserView(string User, string? DisplayName, Role Role, bool Disabled = false);

    public sealed record AddResponse(string User, Role Role, long Sequence);

    public static async Task<Result<AddResponse>> AddAsync(Shop shop, string actor, AddRequest request, CancellationToken cancellationToken)
    {
        var name = UserName.Parse(request.User);
        var password = Passwords.Check(request.Password);
        var role = Roles.Parse(request.Role);
        var display = Text.Optional(request.DisplayName, "display-name", 120);
        var firstError = new[] { name.Error, password.Error, role.Error, display.Error }.FirstOrDefault(e => e is not null);
        if (firstError is not null)
        {
            return firstError;
        }

        // Hash before taking the write lock: PBKDF2 is deliberately slow.
        var hash = Passwords.Hash(password.Value);
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (request.OnlyFirst && await AccessQueries.CountUsersAsync(write.Connection, write.Transaction, cancellationToken) > 0)
        {
            return new StateConflict("already-set-up", "the first administrator has already been created; sign in instead", "user");
        }

        if (await AccessQueries.FindUserAsync(write.Connection, write.Transaction, name.Value, cancellationToken) is not null)
        {
            return new AlreadyExists("user", name.Value.Value, "user");
        }

        var entries = await write.AppendAsync(new NewEvent(new UserAdded(name.Value, display.Value, role.Value, hash), write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new AddResponse(name.Value.Value, role.Value, entries[0].Sequence);
    }

    public static async Task<Result<AddResponse>> SetPasswordAsync(Shop shop, string actor, string? user, string? newPassword, CancellationToken cancellationToken)
    {
        var name = UserName.Parse(user);
        var password = Passwords.Check(newPassword);
        var firstError = name.Error ?? password.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        var hash = Passwords.Hash(password.Value);
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var found = await AccessQueries.FindUserAsync(write.Connection, write.Transaction, name.Value, cancellationToken);
        if (found is null)
        {
            return new NotFound("user", name.Value.Value, "user");
        }

        var entries = await write.AppendAsync(new NewEvent(new UserPasswordChanged(name.Value, hash), write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new AddResponse(found.Name.Value, found.Role, entries[0].Sequence);
    }

    /// <summary>The user may no longer sign in, their sessions end and the tokens they created stop working.</summary>
    public static Task<Result<AddResponse>> DisableAsync(Shop shop, string actor, string? user, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(shop, actor, user, reason, (found, name) =>
            found.Disabled ? (null, new StateConflict("already-disabled", $"user {name.Value} is already disabled", "user")) : (new UserDisabled(name), null), cancellationToken);

    public static Task<Result<AddResponse>> EnableAsync(Shop shop, string actor, string? user, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(shop, actor, user, reason, (found, name) =>
            found.Disabled ? (new UserEnabled(name), null) : (null, new StateConflict("not-disabled", $"user {name.Value} is not disabled", "user")), cancellationToken);

    /// <summary>The role is checked after the user is found: a user that does not exist is "not found" whatever the role says.</summary>
    public static Task<Result<AddResponse>> ChangeRoleAsync(Shop shop, string actor, string? user, string? role, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(shop, actor, user, reason, (found, name) =>
        {
            if (!Roles.Parse(role).TryGet(out var newRole, out var error))
            {
                return (null, error);
            }

            return found.Role == newRole ? (null, new StateConflict("same-role", $"user {name.Value} is already {newRole.Name()}", "role")) : (new UserRoleChanged(name, newRole), null);
        }, cancellationToken);

    /// <summary>One record about an existing user, with its reason; <paramref name="decide"/> gives the event or why not.</summary>
    private static async Task<Result<AddResponse>> ChangeAsync(Shop shop, string actor, string? user, string? reason, Func<StoredUser, UserName, (ILedgerEvent? Event, Error? Refused)> decide, CancellationToken cancellationToken)
    {
        var name = UserName.Parse(user);
        var why = Text.Required(reason, "reason", 500);
        var firstError = name.Error ?? why.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var found = await AccessQueries.FindUserAsync(write.Connection, write.Transaction, name.Value, cancellationToken);
        if (found is null)
        {
            return new NotFound("user", name.Value.Value, "user");
        }

        var (e, refused) = decide(found, name.Value);
        if (e is null)
        {
            return refused ?? throw new InvalidOperationException("a user change decided neither an event nor a refusal");
        }

        var entries = await write.AppendAsync(new NewEvent(e, write.Now, why.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new AddResponse(found.Name.Value, e is UserRoleChanged changed ? changed.Role : found.Role, entries[0].Sequence);
    }

    public static async Task<Result<IReadOnlyList<UserView>>> ListAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var users = await AccessQueries.ListUsersAsync(connection, cancellationToken);
        return users.Select(u => new UserView(u.Name.Value, u.DisplayName, u.Role, u.Disabled)).ToList();
    }

    /// <summary>
    /// The user when the password is right. A wrong password and an unknown user give the same answer, so the
    /// sign-in page does not tell a stranger which names exist — neither by its words nor by its time.
    /// </summary>
    public static async Task<StoredUser?> CheckSignInAsync(Shop shop, string? user, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
        {
            return null;
        }

        var name = UserName.Parse(user);
        StoredUser? found = null;
        if (name.IsSuccess)
        {
            await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
            found = await AccessQueries.FindUserAsync(connection, null, name.Value, cancellationToken);
        }

        // An unknown name costs the same hash as a known one, so the time of the answer does not tell which names exist.
        var verified = Passwords.Verify(found?.PasswordHash ?? Passwords.DummyHash, password);
        return found is not null && verified ? found : null;
    }

    public static Command Verb(CliHost host)
    {
        var name = new Option<string>("--name") { Description = "Sign-in name (lower-case letters, digits, . - _ @)", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, operator, quality or admin", Required = true };
        var display = new Option<string?>("--display-name") { Description = "Full name shown in the application" };
        var password = new Option<string?>("--password") { Description = $"Password (at least {Passwords.MinimumLength} characters); default: $TRACEWRIGHT_PASSWORD" };
        var add = new Command("add", "Add a person who signs in to the web application") { name, role, display, password };
        add.SetAction(host.Run(
            (p, shop, ct) => AddAsync(shop, host.ActorOf(p), new AddRequest(p.GetValue(name), p.GetValue(password) ?? host.Environment("TRACEWRIGHT_PASSWORD"), p.GetValue(role), p.GetValue(display)), ct),
            (o, r) => o.WriteLine($"user {r.User} added ({r.Role.Name()})")));

        var list = new Command("list", "List the people who sign in");
        list.SetAction(host.Run(
            (p, shop, ct) => ListAsync(shop, ct),
            (o, r) =>
            {
                foreach (var u in r)
                {
                    o.WriteLine($"{u.User,-24} {u.Role.Name(),-9} {(u.Disabled ? "disabled " : "")}{u.DisplayName}");
                }
            }));

        var who = new Argument<string>("name") { Description = "Sign-in name" };
        var newPassword = new Option<string?>("--password") { Description = "New password; default: $TRACEWRIGHT_PASSWORD" };
        var passwd = new Command("password", "Set a user's password") { who, newPassword };
        passwd.SetAction(host.Run(
            (p, shop, ct) => SetPasswordAsync(shop, host.ActorOf(p), p.GetValue(who), p.GetValue(newPassword) ?? host.Environment("TRACEWRIGHT_PASSWORD"), ct),
            (o, r) => o.WriteLine($"password of {r.User} changed")));

        var reason = new Option<string>("--reason") { Description = "Why (required; kept in the ledger)", Required = true };
        var disable = new Command("disable", "Stop a user signing in: their sessions end and the API tokens they created stop working") { who, reason };
        disable.SetAction(host.Run(
            (p, shop, ct) => DisableAsync(shop, host.ActorOf(p), p.GetValue(who), p.GetValue(reason), ct),
            (o, r) => o.WriteLine($"user {r.User} disabled (record #{r.Sequence})")));
        var enable = new Command("enable", "Let a disabled user sign in again") { who, reason };
        enable.SetAction(host.Run(
            (p, shop, ct) => EnableAsync(shop, host.ActorOf(p), p.GetValue(who), p.GetValue(reason), ct),
            (o, r) => o.WriteLine($"user {r.User} enabled (record #{r.Sequence})")));
        var newRole = new Option<string>("--role") { Description = "viewer, operator, quality or admin", Required = true };
        var changeRole = new Command("role", "Give a user another role; their sessions end") { who, newRole, reason };
        changeRole.SetAction(host.Run(
            (p, shop, ct) => ChangeRoleAsync(shop, host.ActorOf(p), p.GetValue(who), p.GetValue(newRole), p.GetValue(reason), ct),
            (o, r) => o.WriteLine($"user {r.User} is now {r.Role.Name()} (record #{r.Sequence})")));
        return new Command("user", "People who sign in to the web application") { add, list, passwd, changeRole, disable, enable };
    }
}
