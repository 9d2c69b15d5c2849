using System.Data.Common;
using Dapper;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Access;

/// <summary>
/// A user as stored: the hash is for checking a password, never for showing. <see cref="LastSeq"/> is the latest record
/// about the user, which a session must have been started under to stay valid.
/// </summary>
public sealed record StoredUser(UserName Name, string? DisplayName, Role Role, string PasswordHash, long LastSeq = 0, bool Disabled = false);

/// <summary>An API token as stored (without its secret, which is never kept).</summary>
public sealed record StoredToken(TokenId Id, string Name, Role Role, string CreatedBy, bool Revoked);

/// <summary>Reads users and tokens for sign-in, bearer authentication and the admin lists.</summary>
public static class AccessQueries
{
    public static async Task<StoredUser?> FindUserAsync(DbConnection connection, DbTransaction? transaction, UserName name, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"{UserSelect} FROM users WHERE name = @name", new { name = name.Value }, transaction, cancellationToken: cancellationToken)))?.ToUser();

    public static async Task<IReadOnlyList<StoredUser>> ListUsersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<UserRow>(new CommandDefinition(
            $"{UserSelect} FROM users ORDER BY name", cancellationToken: cancellationToken))).Select(r => r.ToUser()).ToList();

    public static async Task<long> CountUsersAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// The live token whose secret hashes to <paramref name="sha256"/>: not revoked, and not created by a user who is now
    /// disabled (a disabled person's tokens stop with them).
    /// </summary>
    public static async Task<StoredToken?> FindLiveTokenAsync(DbConnection connection, string sha256, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"{TokenSelect} WHERE sha256 = @sha AND revoked_seq IS NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.name = api_tokens.created_by AND u.disabled_seq IS NOT NULL)",
            new { sha = sha256 },
            cancellationToken: cancellationToken)))?.ToToken();

    /// <summary>The token, live or revoked, whose secret hashes to <paramref name="sha256"/>: to say in the access log which revoked token was tried.</summary>
    public static async Task<StoredToken?> FindAnyTokenAsync(DbConnection connection, string sha256, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"{TokenSelect} WHERE sha256 = @sha", new { sha = sha256 }, cancellationToken: cancellationToken)))?.ToToken();

    public static async Task<StoredToken?> FindTokenAsync(DbConnection connection, DbTransaction? transaction, TokenId id, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"{TokenSelect} WHERE id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken)))?.ToToken();

    public static async Task<IReadOnlyList<StoredToken>> ListTokensAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<TokenRow>(new CommandDefinition($"{TokenSelect} ORDER BY id", cancellationToken: cancellationToken))).Select(r => r.ToToken()).ToList();

    private const string UserSelect = "SELECT name, display_name AS DisplayName, role, password_hash AS PasswordHash, last_seq AS LastSeq, disabled_seq AS DisabledSeq";

    private const string TokenSelect = "SELECT id, name, role, created_by AS CreatedBy, revoked_seq AS RevokedSeq FROM api_tokens";

    private sealed class UserRow
    {
        public string Name { get; set; } = "";
        public string? DisplayName { get; set; }
        public string Role { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public long LastSeq { get; set; }
        public long? DisabledSeq { get; set; }

        public StoredUser ToUser() => new(Identifier.FromStored<UserName>(Name), DisplayName, Enum.Parse<Role>(Role), PasswordHash, LastSeq, DisabledSeq is not null);
    }

    private sealed class TokenRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long? RevokedSeq { get; set; }

        public StoredToken ToToken() => new(Identifier.FromStored<TokenId>(Id), Name, Enum.Parse<Role>(Role), CreatedBy, RevokedSeq is not null);
    }
}
