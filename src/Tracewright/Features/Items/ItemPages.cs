using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Web;

namespace Tracewright.Features.Items;

/// <summary>The items (part numbers) pages: the list with the add form (admin, as <c>item add</c> and POST /api/items), and one item.</summary>
public static class ItemPages
{
    /// <summary>An item with the id of its current bill of materials (the latest defined for it), if any.</summary>
    public sealed record Row(Item Item, string? CurrentBom);

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/items", ListAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/items", RegisterAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapGet("/items/{id}", ShowAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/items/{id}/gtin", AssignGtinAsync).RequireAuthorization(AccessPolicy.Admin);
    }

    public static async Task<IResult> ListAsync(Shop shop, CancellationToken cancellationToken) =>
        Pages.Render<ItemsPage>(new { Items = await RowsAsync(shop, cancellationToken) });

    public static async Task<IResult> RegisterAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var ticked = form["requires"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        var request = new RegisterItem.Request(
            Forms.Text(form, "code"),
            Forms.Text(form, "description"),
            Forms.Text(form, "uom"),
            Forms.Text(form, "material"),
            Forms.Text(form, "tracking"),
            // Nothing ticked: the default for the material, as when `item add` is given no --requires.
            ticked.Count == 0 ? null : ticked,
            Forms.Text(form, "lot-prefix"),
            Forms.Text(form, "lot-pattern"),
            Forms.Text(form, "serial-pattern"),
            Forms.Text(form, "gtin"));
        var registered = await RegisterItem.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!registered.TryGet(out var item, out var error))
        {
            return Pages.Render<ItemsPage>(new { Items = await RowsAsync(shop, cancellationToken), Error = InPageTerms(error), Typed = form }, Pages.StatusOf(error));
        }

        return TypedResults.Redirect($"/items/{Uri.EscapeDataString(item.Code)}?registered=1", permanent: false, preserveMethod: false);
    }

    public static async Task<IResult> ShowAsync(string id, Shop shop, CancellationToken cancellationToken, string? registered = null, string? gtin = null)
    {
        var item = await RowAsync(shop, id, cancellationToken);
        if (item is null)
        {
            var error = new NotFound("item", id);
            return Pages.Render<ItemPage>(new { Error = (Error)error }, Pages.StatusOf(error));
        }

        return Pages.Render<ItemPage>(new { Row = item, Registered = registered is not null, GtinAssigned = gtin is not null });
    }

    /// <summary>The item page's GTIN form, as <c>item gtin</c> and POST /api/items/{code}/gtin; a refusal shows beside the field with what was typed.</summary>
    public static async Task<IResult> AssignGtinAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var assigned = await AssignGtin.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new AssignGtin.Request(id, Forms.Text(form, "gtin"), Forms.Text(form, "reason")), cancellationToken);
        if (!assigned.TryGet(out var done, out var error))
        {
            var row = await RowAsync(shop, id, cancellationToken);
            return row is null
                ? Pages.Render<ItemPage>(new { Error = error }, Pages.StatusOf(error))
                : Pages.Render<ItemPage>(new { Row = row, Error = error, Typed = form }, Pages.StatusOf(error));
        }

        return TypedResults.Redirect($"/items/{Uri.EscapeDataString(done.Item)}?gtin=1", permanent: false, preserveMethod: false);
    }

    private static async Task<Row?> RowAsync(Shop shop, string id, CancellationToken cancellationToken)
    {
        var parsed = ItemCode.Parse(id);
        return parsed.IsSuccess ? (await RowsAsync(shop, cancellationToken)).FirstOrDefault(r => r.Item.Code == parsed.Value) : null;
    }

    private static async Task<IReadOnlyList<Row>> RowsAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        // Latest first: a product's first BOM in the list is its current one.
        var current = new Dictionary<ItemCode, string>();
        foreach (var (id, product) in await ProductionQueries.ListBomsAsync(connection, null, cancellationToken))
        {
            current.TryAdd(product, id.Value);
        }

        return items.Select(i => new Row(i, current.GetValueOrDefault(i.Code))).ToList();
    }

    /// <summary>The handler names the part number "item" (its type's name); on this form it is the "code" field.</summary>
    private static Error InPageTerms(Error error) =>
        error is InvalidInput { Name: "item" } invalid
            ? new InvalidInput("code", invalid.Problem.StartsWith("item", StringComparison.Ordinal) ? "code" + invalid.Problem[4..] : invalid.Problem)
            : error;
}
