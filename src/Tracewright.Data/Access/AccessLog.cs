using Dapper;

namespace Tracewright.Data.Access;

/// <summary>What the access log records.</summary>
public enum AccessEvent
{
    /// <summary>A person signed in.</summary>
    SignedIn,
    /// <summary>A name and password did not match.</summary>
    SignInFailed,
    /// <summary>A sign-in was refused because the name had too many failures (not checked against the password).</summary>
    SignInThrottled,
    /// <summary>A person signed out.</summary>
    SignedOut,
    /// <summary>An API token was used (the first request of each minute in which it was used).</summary>
    TokenUsed,
    /// <summary>A bearer secret that names no live token (unknown or revoked).</summary>
    TokenRefused,
}

/// <summary>One entry: when (server time, UTC), what, who (a user's name or <c>token:TOK-0001</c>), from where, and a detail.</summary>
public sealed record AccessEntry(long Id, string At, string Event, string Who, string? Remote, string? Detail);

/// <summary>
/// The append-only access log (<c>access_log</c>): sign-ins, failures, sign-outs and token use. Written outside the ledger's
/// transactions, so recording an access never waits for, or holds up, a record being written.
/// </summary>
public static class AccessLog
{
    /// <summary>Names as the log stores them: <c>signed-in</c>, <c>sign-in-failed</c>, <c>token-used</c>, …</summary>
    public static string Name(AccessEvent e) => e switch
    {
        AccessEvent.SignedIn => "signed-in",
        AccessEvent.SignInFailed => "sign-in-failed",
        AccessEvent.SignInThrottled => "sign-in-throttled",
        AccessEvent.SignedOut => "signed-out",
        AccessEvent.TokenUsed => "token-used",
        AccessEvent.TokenRefused => "token-refused",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    public static async Task AppendAsync(Database database, DateTimeOffset at, AccessEvent e, string who, string? remote, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO access_log (at, event, who, remote, detail) VALUES (@at, @event, @who, @remote, @detail)",
            new { at = Domain.Common.Timestamp.ToText(at), @event = Name(e), who = Clip(who), remote, detail = detail is null ? null : Clip(detail) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Newest first; <paramref name="who"/> narrows to one user or token.</summary>
    public static async Task<IReadOnlyList<AccessEntry>> ListAsync(Database database, string? who, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var filter = who is null ? "" : "WHERE who = @who";
        return (await connection.QueryAsync<AccessEntry>(new CommandDefinition(
            $"SELECT id AS Id, at AS At, event AS Event, who AS Who, remote AS Remote, detail AS Detail FROM access_log {filter} ORDER BY id DESC LIMIT @take OFFSET @skip",
            new { who, skip, take },
            cancellationToken: cancellationToken))).ToList();
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200];
}
