using Tracewright.Domain.Access;

namespace Tracewright.Data.Access;

/// <summary>Derived tables for users and API tokens.</summary>
internal static class AccessProjection
{
    public static Task ApplyAsync(ProjectionContext c, UserAdded e) =>
        c.ExecuteAsync(c.Command(
            "INSERT INTO users (name, display_name, role, password_hash, added_seq, last_seq) VALUES (@name, @display, @role, @hash, @seq, @seq)",
            new { name = e.User.Value, display = e.DisplayName, role = e.Role.ToString(), hash = e.PasswordHash, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, UserPasswordChanged e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE users SET password_hash = @hash, last_seq = @seq WHERE name = @name",
            new { name = e.User.Value, hash = e.PasswordHash, seq = c.Entry.Sequence }));

    // Every record about a user moves last_seq, which is what a session was started under (Sessions): so a password
    // change, a role change or disabling ends all of that user's sessions without touching any session.
    public static Task ApplyAsync(ProjectionContext c, UserDisabled e) =>
        c.ExecuteAsync(c.Command("UPDATE users SET disabled_seq = @seq, last_seq = @seq WHERE name = @name", new { name = e.User.Value, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, UserEnabled e) =>
        c.ExecuteAsync(c.Command("UPDATE users SET disabled_seq = NULL, last_seq = @seq WHERE name = @name", new { name = e.User.Value, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, UserRoleChanged e) =>
        c.ExecuteAsync(c.Command("UPDATE users SET role = @role, last_seq = @seq WHERE name = @name", new { name = e.User.Value, role = e.Role.ToString(), seq = c.Entry.Sequence }));

    public static async Task ApplyAsync(ProjectionContext c, ApiTokenCreated e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO api_tokens (id, name, role, sha256, created_by, created_seq, revoked_seq) VALUES (@id, @name, @role, @sha, @by, @seq, NULL)",
            new { id = e.Id.Value, name = e.Name, role = e.Role.ToString(), sha = e.Sha256, by = c.Entry.RecordedBy, seq = c.Entry.Sequence }));
        await Materials.MaterialsProjection.SetCounterAsync(c, TokenId.Prefix, long.Parse(e.Id.Value.AsSpan(TokenId.Prefix.Length), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static Task ApplyAsync(ProjectionContext c, ApiTokenRevoked e) =>
        c.ExecuteAsync(c.Command("UPDATE api_tokens SET revoked_seq = @seq WHERE id = @id", new { id = e.Id.Value, seq = c.Entry.Sequence }));
}
