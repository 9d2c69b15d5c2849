using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Web;

namespace Tracewright.Features.Suppliers;

/// <summary>The suppliers pages: the list with the add form (admin, as <c>supplier add</c> and POST /api/suppliers), and one supplier.</summary>
public static class SupplierPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/suppliers", ListAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/suppliers", RegisterAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapGet("/suppliers/{id}", ShowAsync).RequireAuthorization(AccessPolicy.Viewer);
    }

    public static async Task<IResult> ListAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return Pages.Render<SuppliersPage>(new { Suppliers = await MaterialsQueries.ListSuppliersAsync(connection, cancellationToken) });
    }

    public static async Task<IResult> RegisterAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new RegisterSupplier.Request(Forms.Text(form, "name"), Forms.Text(form, "contact"), Forms.Text(form, "email"), Forms.Text(form, "phone"), Forms.Text(form, "address"));
        var registered = await RegisterSupplier.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!registered.TryGet(out var supplier, out var error))
        {
            await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
            return Pages.Render<SuppliersPage>(new { Suppliers = await MaterialsQueries.ListSuppliersAsync(connection, cancellationToken), Error = error, Typed = form }, Pages.StatusOf(error));
        }

        return TypedResults.Redirect($"/suppliers/{Uri.EscapeDataString(supplier.Name)}?registered=1");
    }

    public static async Task<IResult> ShowAsync(string id, Shop shop, CancellationToken cancellationToken, string? registered = null)
    {
        var parsed = SupplierName.Parse(id);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var supplier = parsed.IsSuccess ? await MaterialsQueries.FindSupplierAsync(connection, null, parsed.Value, cancellationToken) : null;
        if (supplier is null)
        {
            Error error = new NotFound("supplier", id);
            return Pages.Render<SupplierPage>(new { Error = error }, Pages.StatusOf(error));
        }

        // What a delivery must come with is set per item and holds for every supplier's deliveries of it (ReceiveLot checks it).
        var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        return Pages.Render<SupplierPage>(new { Supplier = supplier, Items = items, Registered = registered is not null });
    }
}
