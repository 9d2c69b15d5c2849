using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tracewright.Data.Access;
using Tracewright.Features.Access;

namespace Tracewright.Web;

/// <summary>
/// <c>Authorization: Bearer twk_…</c> for machines: the secret's SHA-256 must name a live token, whose role
/// becomes the principal's role and whose number is recorded as <c>token:TOK-0001</c>.
/// </summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Shop shop, AccessRecorder access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        var token = await ApiTokens.FindAsync(shop, secret, Context.RequestAborted);
        if (token is null)
        {
            var tried = await ApiTokens.FindRevokedAsync(shop, secret, Context.RequestAborted);
            await access.RecordAsync(Context, AccessEvent.TokenRefused, tried is null ? "(unknown token)" : tried.Id.Actor, tried is null ? null : "revoked");
            return AuthenticateResult.Fail("unknown or revoked API token");
        }

        await access.RecordAsync(Context, AccessEvent.TokenUsed, token.Id.Actor, $"{Request.Method} {Request.Path}");

        var principal = AccessPolicy.Principal(token.Id.Actor, token.Role, SchemeName, token.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
