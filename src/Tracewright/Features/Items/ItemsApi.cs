using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data.Materials;
using Tracewright.Domain.Materials;
using Tracewright.Web;

namespace Tracewright.Features.Items;

public static class ItemsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var items = api.MapGroup("/items").WithTags("Items");
        items.MapPost("", RegisterAsync).RequireAuthorization(AccessPolicy.Admin).WithSummary("Register an item (part number)");
        items.MapGet("", ListAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Every item");
        items.MapPost("/{code}/gtin", AssignGtinAsync).RequireAuthorization(AccessPolicy.Admin).WithSummary("Give an item its GS1 GTIN, or a new one, with a reason");
    }

    /// <summary>The body of POST /api/items/{code}/gtin.</summary>
    public sealed record GtinBody(string? Gtin, string? Reason);

    public static async Task<Results<Ok<AssignGtin.Response>, ProblemHttpResult>> AssignGtinAsync(string code, GtinBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await AssignGtin.HandleAsync(shop, AccessPolicy.ActorOf(user), new AssignGtin.Request(code, body.Gtin, body.Reason), cancellationToken));

    public static async Task<Results<Created<RegisterItem.Response>, ProblemHttpResult>> RegisterAsync(RegisterItem.Request request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await RegisterItem.HandleAsync(shop, AccessPolicy.ActorOf(user), request, cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Code)}");

    public static async Task<Ok<IReadOnlyList<Item>>> ListAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(await MaterialsQueries.ListItemsAsync(connection, cancellationToken));
    }
}
