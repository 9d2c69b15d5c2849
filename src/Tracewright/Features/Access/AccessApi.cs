using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data.Access;
using Tracewright.Domain.Access;
using Tracewright.Web;

namespace Tracewright.Features.Access;

/// <summary>Who am I; users and API tokens (admin).</summary>
public static class AccessApi
{
    public sealed record Me(string Name, Role Role, bool IsToken);

    public sealed record RevokeBody(string? Reason);

    public sealed record AntiforgeryToken(string HeaderName, string Token);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new Me(AccessPolicy.ActorOf(user), AccessPolicy.RoleOf(user) ?? Role.Viewer, user.Identity?.AuthenticationType == TokenAuthenticationHandler.SchemeName)))
            .RequireAuthorization(AccessPolicy.Viewer).WithName("Me").WithTags("Access").WithSummary("Who the request is signed in as, and the role");

        api.MapGet("/antiforgery", (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
                TypedResults.Ok(new AntiforgeryToken(CookieWrites.HeaderName, antiforgery.GetAndStoreTokens(context).RequestToken ?? "")))
            .RequireAuthorization(AccessPolicy.Viewer).WithTags("Access")
            .WithSummary("The anti-forgery token a browser signed in by cookie sends with every API write, in the RequestVerificationToken header");

        var users = api.MapGroup("/users").WithTags("Access").RequireAuthorization(AccessPolicy.Admin);
        users.MapGet("", ListUsersAsync).WithSummary("People who sign in");
        users.MapPost("", AddUserAsync).WithSummary("Add a person with a role and password");

        api.MapGet("/access-log", AccessLogAsync).RequireAuthorization(AccessPolicy.Admin).WithTags("Access")
            .WithSummary("Sign-ins, failed sign-ins, sign-outs and API token use, newest first (who: one user or token:TOK-0001)");

        var tokens = api.MapGroup("/tokens").WithTags("Access").RequireAuthorization(AccessPolicy.Admin);
        tokens.MapGet("", ListTokensAsync).WithSummary("API tokens (never their secrets)");
        tokens.MapPost("", CreateTokenAsync).WithSummary("Create an API token; the secret is in this response only");
        tokens.MapPost("/{id}/revoke", RevokeTokenAsync).WithSummary("Revoke an API token");
    }

    public static async Task<Results<Ok<IReadOnlyList<Users.UserView>>, ProblemHttpResult>> ListUsersAsync(Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Users.ListAsync(shop, cancellationToken));

    public static async Task<Results<Created<Users.AddResponse>, ProblemHttpResult>> AddUserAsync(Users.AddRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await Users.AddAsync(shop, AccessPolicy.ActorOf(user), request with { OnlyFirst = false }, cancellationToken), r => "/api/users");

    public static async Task<Results<Ok<PageOf<AccessEntry>>, ProblemHttpResult>> AccessLogAsync(Shop shop, CancellationToken cancellationToken, string? who = null, int? page = null, int? pageSize = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        return TypedResults.Ok(paging.Cut(await AccessLog.ListAsync(shop.Database, who, paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Ok<IReadOnlyList<ApiTokens.TokenView>>, ProblemHttpResult>> ListTokensAsync(Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await ApiTokens.ListAsync(shop, cancellationToken));

    public static async Task<Results<Created<ApiTokens.CreateResponse>, ProblemHttpResult>> CreateTokenAsync(ApiTokens.CreateRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await ApiTokens.CreateAsync(shop, AccessPolicy.ActorOf(user), request, cancellationToken), r => "/api/tokens");

    public static async Task<Results<Ok<ApiTokens.RevokeResponse>, ProblemHttpResult>> RevokeTokenAsync(string id, RevokeBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await ApiTokens.RevokeAsync(shop, AccessPolicy.ActorOf(user), id, body.Reason, cancellationToken));
}
