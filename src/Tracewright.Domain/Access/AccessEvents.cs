using Tracewright.Domain.Ledger;

namespace Tracewright.Domain.Access;

/// <summary>
/// A person was given a sign-in. <see cref="PasswordHash"/> is a salted, slow hash (ASP.NET Core's
/// PasswordHasher, PBKDF2); the password itself is never stored. Subjects are prefixed so a user named like a
/// lot or supplier never mixes into that record's history.
/// </summary>
public sealed record UserAdded(UserName User, string? DisplayName, Role Role, string PasswordHash) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [$"user:{User.Value}"];
}

/// <summary>A user's password was set again (by an admin or the user).</summary>
public sealed record UserPasswordChanged(UserName User, string PasswordHash) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [$"user:{User.Value}"];
}

/// <summary>
/// An API token was issued for a machine. Only the SHA-256 of the secret is kept: the secret is shown once,
/// and whoever reads the database cannot use the token.
/// </summary>
public sealed record ApiTokenCreated(TokenId Id, string Name, Role Role, string Sha256) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [$"token:{Id.Value}"];
}

/// <summary>An API token was revoked; it authenticates nothing from this record on.</summary>
public sealed record ApiTokenRevoked(TokenId Id) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [$"token:{Id.Value}"];
}

/// <summary>
/// A user may no longer sign in (the reason is the record's); their sessions end, and the API tokens they created
/// authenticate nothing while they stay disabled. Nothing about them is removed: their records keep their name.
/// </summary>
public sealed record UserDisabled(UserName User) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [$"user:{User.Value}"];
}

/// <summary>A disabled user may sign in again (with the password they had), and the tokens they created work again.</summary>
public sealed record UserEnabled(UserName User) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [$"user:{User.Value}"];
}

/// <summary>A user was given another role; the sessions they had, signed in under the old one, end.</summary>
public sealed record UserRoleChanged(UserName User, Role Role) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [$"user:{User.Value}"];
}
