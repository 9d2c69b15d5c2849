using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data.Materials;
using Tracewright.Domain.Materials;
using Tracewright.Web;

namespace Tracewright.Features.Suppliers;

public static class SuppliersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var suppliers = api.MapGroup("/suppliers").WithTags("Suppliers");
        suppliers.MapPost("", RegisterAsync).RequireAuthorization(AccessPolicy.Admin).WithSummary("Register a supplier");
        suppliers.MapGet("", ListAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Every supplier");
        suppliers.MapPost("/{id}/certificates", RequireAsync).RequireAuthorization(AccessPolicy.Admin).WithSummary("Set the certificates every delivery from a supplier must come with");
    }

    /// <summary>The body of <c>POST /api/suppliers/{name}/certificates</c>: the list (["none"] clears it) and why.</summary>
    public sealed record RequireBody(IReadOnlyList<string>? Certificates, string? Reason);

    public static async Task<Results<Ok<RequireSupplierCertificates.Response>, ProblemHttpResult>> RequireAsync(string id, RequireBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await RequireSupplierCertificates.HandleAsync(shop, AccessPolicy.ActorOf(user), new RequireSupplierCertificates.Request(id, body.Certificates, body.Reason), cancellationToken));

    public static async Task<Results<Created<RegisterSupplier.Response>, ProblemHttpResult>> RegisterAsync(RegisterSupplier.Request request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await RegisterSupplier.HandleAsync(shop, AccessPolicy.ActorOf(user), request, cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Name)}");

    public static async Task<Ok<IReadOnlyList<Supplier>>> ListAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(await MaterialsQueries.ListSuppliersAsync(connection, cancellationToken));
    }
}
