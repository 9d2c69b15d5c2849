using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Tracewright.Domain.Access;

namespace Tracewright.Web;

/// <summary>
/// The authorization policies, one per role, and how a request's principal maps to the ledger's
/// <c>recorded_by</c>. Endpoints name the least role they need; <see cref="Roles.Allows"/> decides.
/// </summary>
public static class AccessPolicy
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Quality = "quality";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            options.AddPolicy(role.Name(), p => p.RequireAuthenticatedUser().RequireAssertion(c => RoleOf(c.User) is { } held && held.Allows(role)));
        }

        // An endpoint that forgets to say who may call it is closed, not open.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    public static Role? RoleOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Role) is { } text && Enum.TryParse<Role>(text, ignoreCase: true, out var role) ? role : null;

    /// <summary>Who the ledger records: the user's sign-in name, or <c>token:TOK-0001</c> for an API token.</summary>
    public static string ActorOf(ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("an authorized endpoint ran without a signed-in principal");

    public static bool May(ClaimsPrincipal user, Role needed) => RoleOf(user) is { } held && held.Allows(needed);

    public static ClaimsPrincipal Principal(string name, Role role, string scheme, string? displayName = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role.Name()) };
        if (displayName is not null)
        {
            claims.Add(new Claim(ClaimTypes.GivenName, displayName));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
