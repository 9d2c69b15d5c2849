using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Tracewright.Cli;
using Tracewright.Data.Access;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;

namespace Tracewright.Features.Access;

/// <summary>
/// API tokens for machines (MES, ERP, scanners): 32 random bytes shown once, kept only as their SHA-256,
/// scoped to one role, revocable.
/// </summary>
public static class ApiTokens
{
    /// <summary>Every secret starts with this, so a leaked one is recognisable in logs and by secret scanners.</summary>
    public const string SecretPrefix = "twk_";

    public sealed record CreateRequest(string? Name, string? Role);

    /// <summary><see cref="Secret"/> is the only time the token is ever shown.</summary>
    public sealed record CreateResponse(string Token, string Name, Role Role, string Secret, long Sequence);

    public sealed record RevokeResponse(string Token, long Sequence);

    public sealed record TokenView(string Token, string Name, Role Role, string CreatedBy, bool Revoked);

    public static async Task<Result<CreateResponse>> CreateAsync(Shop shop, string actor, CreateRequest request, CancellationToken cancellationToken)
    {
        var name = Text.Required(request.Name, "name", 120);
        var role = Roles.Parse(request.Role);
        var firstError = name.Error ?? role.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        var secret = SecretPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var id = TokenId.FromNumber(await write.PeekCounterAsync(TokenId.Prefix, cancellationToken));
        var entries = await write.AppendAsync(new NewEvent(new ApiTokenCreated(id, name.Value, role.Value, Sha256Of(secret)), write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new CreateResponse(id.Value, name.Value, role.Value, secret, entries[0].Sequence);
    }

    public static async Task<Result<RevokeResponse>> RevokeAsync(Shop shop, string actor, string? token, string? reason, CancellationToken cancellationToken)
    {
        var id = TokenId.Parse(token);
        var why = Text.Required(reason, "reason", 500);
        var firstError = id.Error ?? why.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var found = await AccessQueries.FindTokenAsync(write.Connection, write.Transaction, id.Value, cancellationToken);
        if (found is null)
        {
            return new NotFound("token", id.Value.Value, "token");
        }

        if (found.Revoked)
        {
            return new StateConflict("already-revoked", $"token {found.Id} is already revoked", "token");
        }

        var entries = await write.AppendAsync(new NewEvent(new ApiTokenRevoked(found.Id), write.Now, why.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new RevokeResponse(found.Id.Value, entries[0].Sequence);
    }

    public static async Task<Result<IReadOnlyList<TokenView>>> ListAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var tokens = await AccessQueries.ListTokensAsync(connection, cancellationToken);
        return tokens.Select(t => new TokenView(t.Id.Value, t.Name, t.Role, t.CreatedBy, t.Revoked)).ToList();
    }

    /// <summary>The live token a presented secret belongs to, or null.</summary>
    public static async Task<StoredToken?> FindAsync(Shop shop, string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return await AccessQueries.FindLiveTokenAsync(connection, Sha256Of(secret), cancellationToken);
    }

    /// <summary>The revoked token a presented secret belongs to, or null (for the access log: which revoked token was tried).</summary>
    public static async Task<StoredToken?> FindRevokedAsync(Shop shop, string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return await AccessQueries.FindAnyTokenAsync(connection, Sha256Of(secret), cancellationToken) is { Revoked: true } revoked ? revoked : null;
    }

    /// <summary>
    /// A plain SHA-256 suffices here, unlike for passwords: the secret has 256 bits of entropy, so there is no
    /// dictionary to try, and a fast hash keeps every API request cheap.
    /// </summary>
    public static string Sha256Of(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static Command Verb(CliHost host)
    {
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. \"MES line 2\"", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, operator, quality or admin", Required = true };
        var create = new Command("create", "Create an API token (shown once)") { name, role };
        create.SetAction(host.Run(
            (p, shop, ct) => CreateAsync(shop, host.ActorOf(p), new CreateRequest(p.GetValue(name), p.GetValue(role)), ct),
            (o, r) =>
            {
                o.WriteLine($"token {r.Token} ({r.Name}, {r.Role.Name()}) created; it is shown only now:");
                o.WriteLine(r.Secret);
                o.WriteLine("send it as: Authorization: Bearer <token>");
            }));

        var id = new Argument<string>("token") { Description = "Token number, e.g. TOK-0001" };
        var reason = new Option<string>("--reason") { Description = "Why (required; kept in the ledger)", Required = true };
        var revoke = new Command("revoke", "Revoke an API token") { id, reason };
        revoke.SetAction(host.Run(
            (p, shop, ct) => RevokeAsync(shop, host.ActorOf(p), p.GetValue(id), p.GetValue(reason), ct),
            (o, r) => o.WriteLine($"token {r.Token} revoked")));

        var list = new Command("list", "List API tokens (never their secrets)");
        list.SetAction(host.Run(
            (p, shop, ct) => ListAsync(shop, ct),
            (o, r) =>
            {
                foreach (var t in r)
                {
                    o.WriteLine($"{t.Token}  {t.Role.Name(),-9} {(t.Revoked ? "revoked" : "live   ")}  {t.Name} (by {t.CreatedBy})");
                }
            }));
        return new Command("token", "API tokens for machines") { create, revoke, list };
    }
}
