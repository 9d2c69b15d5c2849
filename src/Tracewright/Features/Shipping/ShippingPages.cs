using Tracewright.Data.Materials;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Web;
using Tracewright.Web.Components;
using static Tracewright.Web.Html;
using static Tracewright.Web.PageParts;

namespace Tracewright.Features.Shipping;

/// <summary>Customers and their orders, shipping against an order by scanning what leaves, shipments and returns.</summary>
public static class ShippingPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/customers", CustomersAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/customers", RegisterAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapGet("/customers/{id}", CustomerAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/orders", PlaceAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/orders/{id}", OrderAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/ship", ShipFormAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/ship", ShipAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/shipments", ShipmentsAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/shipments/{id}", ShipmentAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/returns", ReturnsAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/returns", ReturnAsync).RequireAuthorization(AccessPolicy.Operator);
    }

    /// <summary>Where the scan box sends a customer, order or shipment number (<c>show</c> does not know them), or null.</summary>
    public static async Task<string?> PathOfAsync(Shop shop, string? query, CancellationToken cancellationToken)
    {
        var text = query?.Trim() ?? "";
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        if ((await ShippingApi.FindCustomerAsync(connection, text, cancellationToken)).TryGet(out var customer, out _))
        {
            return $"/customers/{U(customer.Id.Value)}";
        }

        if ((await ShippingApi.FindOrderAsync(connection, text, cancellationToken)).TryGet(out var order, out _))
        {
            return $"/orders/{U(order.Id.Value)}";
        }

        return (await ShippingApi.FindShipmentAsync(connection, text, cancellationToken)).TryGet(out var shipment, out _) ? $"/shipments/{U(shipment.Id.Value)}" : null;
    }

    public static Task<IResult> CustomersAsync(HttpContext context, Shop shop, ShopTime time, CancellationToken cancellationToken) =>
        RenderCustomersAsync(context, shop, time, null, null, cancellationToken);

    public static async Task<IResult> RegisterAsync(HttpContext context, Shop shop, ShopTime time, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Customers.CustomerRequest(Forms.Text(form, "name"), Forms.Text(form, "contact"), Forms.Text(form, "email"), Forms.Text(form, "phone"), Forms.Text(form, "address"));
        var registered = await Customers.RegisterAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return registered.TryGet(out var customer, out var error)
            ? TypedResults.Redirect($"/customers/{U(customer.Customer)}")
            : await RenderCustomersAsync(context, shop, time, error, form, cancellationToken);
    }

    private static async Task<IResult> RenderCustomersAsync(HttpContext context, Shop shop, ShopTime time, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var query = ListParams.Read(context.Request);
        var (filter, filterError) = query.ToFilter(time, null);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = query.Paging.Cut(await ShippingLists.CustomersAsync(connection, filter, query.Paging.Skip, query.Paging.Take, cancellationToken));
        var items = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).Select(i => i.Code.Value).ToList();
        return Pages.Render<CustomersPage>(new { Customers = list, Params = query, Items = items, Error = error ?? filterError, Typed = typed }, Pages.StatusOf(error));
    }

    public static Task<IResult> CustomerAsync(string id, Shop shop, CancellationToken cancellationToken) =>
        RenderCustomerAsync(id, shop, null, null, cancellationToken);

    public static async Task<IResult> PlaceAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var customer = Forms.Text(form, "customer");
        var request = new Customers.OrderRequest(customer, Lines(Forms.Text(form, "line")), Forms.Text(form, "reference"), Forms.Text(form, "ordered-on"));
        var placed = await Customers.PlaceAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return placed.TryGet(out var order, out var error)
            ? TypedResults.Redirect($"/orders/{U(order.Order)}")
            : await RenderCustomerAsync(customer ?? "", shop, error, form, cancellationToken);
    }

    private static async Task<IResult> RenderCustomerAsync(string id, Shop shop, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        if (!(await ShippingApi.FindCustomerAsync(connection, id, cancellationToken)).TryGet(out var customer, out var missing))
        {
            return NotFound(missing);
        }

        var orders = await ShippingLists.OrdersAsync(connection, customer.Id.Value, 0, Paging.MaxSize, cancellationToken);
        var example = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).FirstOrDefault()?.Code.Value;
        return Pages.Render<CustomerPage>(new { Customer = customer, Orders = orders, ExampleItem = example, Error = error, Typed = typed }, Pages.StatusOf(error));
    }

    public static async Task<IResult> OrderAsync(string id, Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        if (!(await ShippingApi.FindOrderAsync(connection, id, cancellationToken)).TryGet(out var order, out var missing))
        {
            return NotFound(missing);
        }

        var customer = (await ShippingQueries.FindCustomerAsync(connection, null, order.Customer, cancellationToken))!;
        var shipments = await ShippingLists.ShipmentsAsync(connection, order.Id.Value, 0, Paging.MaxSize, cancellationToken);
        var shipped = await ShippingLists.ShippedOfOrderAsync(connection, order.Id.Value, cancellationToken);
        return Pages.Render<OrderPage>(new { Order = order, Customer = customer, Shipments = shipments, Shipped = shipped });
    }

    public static Task<IResult> ShipFormAsync(Shop shop, CancellationToken cancellationToken, string? order = null) =>
        RenderShipAsync(shop, order, null, null, cancellationToken);

    public static async Task<IResult> ShipAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var order = Forms.Text(form, "order");
        var (lots, units, containers) = await SortScansAsync(shop, Lines(Forms.Text(form, "scan")), cancellationToken);
        // The first post shows what will leave; only the confirmation (confirm=true) records the shipment.
        var request = new Ship.Request(order, lots, units, containers, Forms.Text(form, "ship-from"), Forms.Text(form, "reference"), Preview: !Forms.Flag(form, "confirm"));
        var shipped = await Ship.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!shipped.TryGet(out var shipment, out var error))
        {
            return await RenderShipAsync(shop, order, Onto(error, "scan", "lot", "unit", "container"), form, cancellationToken);
        }

        return shipment.Recorded
            ? Pages.Render<ShipPage>(new { Shipped = shipment }, StatusCodes.Status201Created)
            : await RenderShipAsync(shop, order, null, form, cancellationToken, shipment);
    }

    /// <summary>
    /// What was scanned into the text area, sorted into the handler's three lists: an SSCC is a container, a
    /// known lot (LOT or LOT:QTY) is a lot, anything else a unit (SERIAL or ITEM:SERIAL), which the handler
    /// then looks up and names in its error if it is not one.
    /// </summary>
    public static async Task<(List<string> Lots, List<string> Units, List<string> Containers)> SortScansAsync(Shop shop, IReadOnlyList<string> scans, CancellationToken cancellationToken)
    {
        var (lots, units, containers) = (new List<string>(), new List<string>(), new List<string>());
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        foreach (var scan in scans)
        {
            if (ContainerId.Parse(scan).IsSuccess)
            {
                containers.Add(scan);
                continue;
            }

            var colon = scan.LastIndexOf(':');
            var lotPart = colon > 0 && decimal.TryParse(scan[(colon + 1)..], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _) ? scan[..colon] : scan;
            if (LotId.Parse(lotPart) is { IsSuccess: true } lot && await MaterialsQueries.FindLotAsync(connection, null, lot.Value, cancellationToken) is not null)
            {
                lots.Add(scan);
            }
            else
            {
                units.Add(scan);
            }
        }

        return (lots, units, containers);
    }

    private static async Task<IResult> RenderShipAsync(
        Shop shop, string? order, Error? error, IFormCollection? typed, CancellationToken cancellationToken, Ship.Response? pending = null)
    {
        (Order, Customer)? about = null;
        if (order is not null)
        {
            await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
            if ((await ShippingApi.FindOrderAsync(connection, order, cancellationToken)).TryGet(out var found, out _))
            {
                about = (found, (await ShippingQueries.FindCustomerAsync(connection, null, found.Customer, cancellationToken))!);
            }
        }

        return Pages.Render<ShipPage>(new { Order = order, About = about, Error = error, Typed = typed, Shipped = pending }, Pages.StatusOf(error));
    }

    public static async Task<IResult> ShipmentsAsync(HttpContext context, Shop shop, ShopTime time, CancellationToken cancellationToken)
    {
        var query = ListParams.Read(context.Request);
        var (filter, error) = query.ToFilter(time, null);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = query.Paging.Cut(await ShippingLists.ShipmentsAsync(connection, filter, query.Paging.Skip, query.Paging.Take, cancellationToken));
        var items = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).Select(i => i.Code.Value).ToList();
        return Pages.Render<ShipmentsPage>(new { Shipments = list, Params = query, Items = items, Error = error });
    }

    public static Task<IResult> ShipmentAsync(string id, Shop shop, CancellationToken cancellationToken) =>
        RenderShipmentAsync(id, shop, null, null, null, cancellationToken);

    private static async Task<IResult> RenderShipmentAsync(string id, Shop shop, Error? error, ReceiveReturn.Response? returned, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        if (!(await ShippingApi.FindShipmentAsync(connection, id, cancellationToken)).TryGet(out var shipment, out var missing))
        {
            return NotFound(missing);
        }

        var customer = (await ShippingQueries.FindCustomerAsync(connection, null, shipment.Customer, cancellationToken))!;
        var returns = await ShippingLists.ReturnsAsync(connection, shipment.Id.Value, 0, Paging.MaxSize, cancellationToken);
        return Pages.Render<ShipmentPage>(new { Shipment = shipment, Customer = customer, Returns = returns, Returned = returned, Error = error, Typed = typed }, Pages.StatusOf(error));
    }

    public static Task<IResult> ReturnsAsync(Shop shop, CancellationToken cancellationToken, int? page = null) =>
        RenderReturnsAsync(shop, Paging.Lenient(page), null, null, cancellationToken);

    public static async Task<IResult> ReturnAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var shipment = Forms.Text(form, "shipment");
        // The first post shows what the return will record; only the confirmation (confirm=true) records it.
        var request = new ReceiveReturn.Request(shipment, Forms.Text(form, "reason"), Lines(Forms.Text(form, "unit")), Lines(Forms.Text(form, "lot")), Preview: !Forms.Flag(form, "confirm"));
        var received = await ReceiveReturn.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!received.TryGet(out var done, out var error))
        {
            // Back where the return was entered: the shipment's page, or the returns page when the shipment itself is wrong.
            return error.Field == "shipment" || shipment is null
                ? await RenderReturnsAsync(shop, Paging.Lenient(1), error, form, cancellationToken)
                : await RenderShipmentAsync(shipment, shop, error, null, form, cancellationToken);
        }

        return await RenderShipmentAsync(done.Shipment, shop, null, done, done.Recorded ? null : form, cancellationToken);
    }

    private static async Task<IResult> RenderReturnsAsync(Shop shop, Paging paging, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await ShippingLists.ReturnsAsync(connection, null, paging.Skip, paging.Take, cancellationToken));
        return Pages.Render<ReturnsPage>(new { Returns = list, Error = error, Typed = typed }, Pages.StatusOf(error));
    }

    private static IResult NotFound(Error missing) => Pages.Render<MessagePage>(new { Title = "Not found", missing.Message }, Pages.StatusOf(missing));
}
