using Dapper;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Access;

/// <summary>
/// A sign-in session as stored, with what decides whether it still holds: <see cref="UserSeq"/> against the user's
/// <see cref="UserLastSeq"/> (null when the user is gone), and whether the user is disabled.
/// </summary>
public sealed record StoredSession(
    string Id,
    string User,
    long UserSeq,
    string StartedAt,
    string ExpiresAt,
    string SeenAt,
    string? Remote,
    string? EndedAt,
    string? EndedWhy,
    long? UserLastSeq,
    bool UserDisabled)
{
    /// <summary>Open: not ended, not past its absolute lifetime, and its user unchanged and enabled since it started.</summary>
    public bool IsOpenAt(DateTimeOffset now) =>
        EndedAt is null && string.CompareOrdinal(ExpiresAt, Timestamp.ToText(now)) > 0 && UserLastSeq == UserSeq && !UserDisabled;
}

/// <summary>
/// The <c>sessions</c> table: operational state beside the ledger (see migration 0012). Written outside the ledger's
/// transactions — a sign-in never takes the ledger's write turn.
/// </summary>
public static class SessionStore
{
    private const string Select = """
        SELECT s.id AS Id, s.user_name AS "User", s.user_seq AS UserSeq, s.started_at AS StartedAt, s.expires_at AS ExpiresAt,
               s.seen_at AS SeenAt, s.remote AS Remote, s.ended_at AS EndedAt, s.ended_why AS EndedWhy,
               u.last_seq AS UserLastSeq, CASE WHEN u.disabled_seq IS NULL THEN 0 ELSE 1 END AS UserDisabledFlag
        FROM sessions s LEFT JOIN users u ON u.name = s.user_name
        """;

    public static async Task StartAsync(Database database, string id, string user, long userSeq, DateTimeOffset at, DateTimeOffset expires, string? remote, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sessions (id, user_name, user_seq, started_at, expires_at, seen_at, remote) VALUES (@id, @user, @userSeq, @at, @expires, @at, @remote)",
            new { id, user, userSeq, at = Timestamp.ToText(at), expires = Timestamp.ToText(expires), remote },
            cancellationToken: cancellationToken));
    }

    public static async Task<StoredSession?> FindAsync(Database database, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE s.id = @id", new { id }, cancellationToken: cancellationToken)))?.ToSession();
    }

    /// <summary>The user's sessions that are still open at <paramref name="now"/>, newest first.</summary>
    public static async Task<IReadOnlyList<StoredSession>> ListOpenAsync(Database database, string? user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var filter = user is null ? "" : "AND s.user_name = @user";
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE s.ended_at IS NULL AND s.expires_at > @now AND s.user_seq = u.last_seq AND u.disabled_seq IS NULL {filter} ORDER BY s.started_at DESC, s.id LIMIT 500",
            new { user, now = Timestamp.ToText(now) },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSession()).ToList();
    }

    /// <summary>Notes that the session was used (the caller asks at most once a minute).</summary>
    public static async Task SeenAsync(Database database, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET seen_at = @at WHERE id = @id AND ended_at IS NULL", new { id, at = Timestamp.ToText(at) }, cancellationToken: cancellationToken));
    }

    /// <summary>Ends one session; false when it was already ended (or never was).</summary>
    public static async Task<bool> EndAsync(Database database, string id, DateTimeOffset at, string why, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET ended_at = @at, ended_why = @why WHERE id = @id AND ended_at IS NULL",
            new { id, at = Timestamp.ToText(at), why },
            cancellationToken: cancellationToken)) == 1;
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string User { get; set; } = "";
        public long UserSeq { get; set; }
        public string StartedAt { get; set; } = "";
        public string ExpiresAt { get; set; } = "";
        public string SeenAt { get; set; } = "";
        public string? Remote { get; set; }
        public string? EndedAt { get; set; }
        public string? EndedWhy { get; set; }
        public long? UserLastSeq { get; set; }
        public long UserDisabledFlag { get; set; }

        public StoredSession ToSession() => new(Id, User, UserSeq, StartedAt, ExpiresAt, SeenAt, Remote, EndedAt, EndedWhy, UserLastSeq, UserDisabledFlag != 0);
    }
}
