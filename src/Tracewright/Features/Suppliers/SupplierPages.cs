using Tracewright.Data;
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
        pages.MapPost("/suppliers/{id}/certificates", RequireAsync).RequireAuthorization(AccessPolicy.Admin);
    }

    /// <summary>One change of what the supplier requires, as the ledger holds it.</summary>
    public sealed record Requirement(long Sequence, string OccurredAt, string RecordedBy, string? Reason, IReadOnlyList<CertificateType> Certificates);

    /// <summary>The supplier page's form, as <c>supplier require</c> and POST /api/suppliers/{name}/certificates.</summary>
    public static async Task<IResult> RequireAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var ticked = form["certificates"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        var required = await RequireSupplierCertificates.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new RequireSupplierCertificates.Request(id, ticked, Forms.Text(form, "reason")), cancellationToken);
        if (!required.TryGet(out var done, out var error))
        {
            return await RenderAsync(id, shop, cancellationToken, error: error, typed: form);
        }

        return TypedResults.Redirect($"/suppliers/{Uri.EscapeDataString(done.Supplier)}?required={done.Sequence}");
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

    public static async Task<IResult> ShowAsync(string id, Shop shop, CancellationToken cancellationToken, string? registered = null, long? required = null) =>
        await RenderAsync(id, shop, cancellationToken, registered is not null, required);

    private static async Task<IResult> RenderAsync(string id, Shop shop, CancellationToken cancellationToken, bool registered = false, long? required = null, Error? error = null, IFormCollection? typed = null)
    {
        var parsed = SupplierName.Parse(id);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var supplier = parsed.IsSuccess ? await MaterialsQueries.FindSupplierAsync(connection, null, parsed.Value, cancellationToken) : null;
        if (supplier is null)
        {
            Error notFound = new NotFound("supplier", id);
            return Pages.Render<SupplierPage>(new { Error = notFound }, Pages.StatusOf(notFound));
        }

        // Items require certificates of every supplier's deliveries; the supplier's own list comes on top (ReceiveLot checks both).
        var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        var history = (await LedgerRows.HistoryAsync(connection, supplier.Name.Value, cancellationToken))
            .Where(e => e.Kind == nameof(SupplierCertificatesRequired))
            .Select(e => new Requirement(e.Sequence, e.OccurredAt, e.RecordedBy, e.Reason, ((SupplierCertificatesRequired)e.Event).Certificates))
            .Reverse()
            .ToList();
        return Pages.Render<SupplierPage>(
            new { Supplier = supplier, Items = items, History = history, Registered = registered, Required = required, Error = error, Typed = typed },
            Pages.StatusOf(error));
    }
}
