using System.Text;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Production;
using Tracewright.Web;
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

    public static Task<IResult> CustomersAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int? page = null, string? q = null) =>
        RenderCustomersAsync(context, shop, Paging.Lenient(page), q, null, null, cancellationToken);

    public static async Task<IResult> RegisterAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Customers.CustomerRequest(Forms.Text(form, "name"), Forms.Text(form, "contact"), Forms.Text(form, "email"), Forms.Text(form, "phone"), Forms.Text(form, "address"));
        var registered = await Customers.RegisterAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return registered.TryGet(out var customer, out var error)
            ? TypedResults.Redirect($"/customers/{U(customer.Customer)}")
            : await RenderCustomersAsync(context, shop, Paging.Lenient(1), null, error, form, cancellationToken);
    }

    private static async Task<IResult> RenderCustomersAsync(HttpContext context, Shop shop, Paging paging, string? q, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await ShippingLists.CustomersAsync(connection, q, paging.Skip, paging.Take, cancellationToken));
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = new StringBuilder(Banner(error, "name", "contact", "email", "phone", "address"));
        body.Append($"""
            <form method="get" action="/customers" class="card search">
              {Field("q", "Find a customer (name or CUS-…)", q, null)}
              <button type="submit">Find</button>
            </form>
            """);
        body.Append(Table(
            ["Customer", "Name", "Contact", "Email", "Phone", "Orders"],
            list.Items.Select(c => (IReadOnlyList<string>)[Link(c.Id), E(c.Name), E(c.ContactName), E(c.Email), E(c.Phone), c.Orders.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            "No customers yet.",
            "customers"));
        body.Append(Pager("/customers", list.Page, list.HasMore, q is null ? null : $"q={U(q)}"));
        if (AccessPolicy.May(context.User, Role.Admin))
        {
            body.Append($"""
                <form method="post" action="/customers" class="card" id="new-customer">{Csrf(context)}
                  <h2>New customer</h2>
                  <div class="grid">
                    {Field("name", "Name", V("name"), error, required: true)}
                    {Field("contact", "Contact person", V("contact"), error, hint: "who a recall notice goes to")}
                    {Field("email", "Email", V("email"), error, "email")}
                    {Field("phone", "Phone", V("phone"), error, "tel")}
                  </div>
                  {Field("address", "Address", V("address"), error)}
                  <button type="submit">Register customer</button>
                </form>
                """);
        }

        return Page(context, "Customers", body.ToString(), Pages.StatusOf(error));
    }

    public static Task<IResult> CustomerAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderCustomerAsync(id, context, shop, null, null, cancellationToken);

    public static async Task<IResult> PlaceAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var customer = Forms.Text(form, "customer");
        var request = new Customers.OrderRequest(customer, Lines(Forms.Text(form, "line")), Forms.Text(form, "reference"), Forms.Text(form, "ordered-on"));
        var placed = await Customers.PlaceAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return placed.TryGet(out var order, out var error)
            ? TypedResults.Redirect($"/orders/{U(order.Order)}")
            : await RenderCustomerAsync(customer ?? "", context, shop, error, form, cancellationToken);
    }

    private static async Task<IResult> RenderCustomerAsync(string id, HttpContext context, Shop shop, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await ShippingApi.FindCustomerAsync(connection, id, cancellationToken);
        if (!found.TryGet(out var customer, out var missing))
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing.Message)}</p>""", Pages.StatusOf(missing));
        }

        var orders = await ShippingLists.OrdersAsync(connection, customer.Id.Value, 0, Paging.MaxSize, cancellationToken);
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = new StringBuilder(Banner(error, "line", "reference", "ordered-on"));
        body.Append($"""
            <dl class="facts">
              <dt>Contact</dt><dd>{E(customer.ContactName)}</dd>
              <dt>Email</dt><dd>{(customer.Email is null ? "" : $"""<a href="mailto:{E(customer.Email)}">{E(customer.Email)}</a>""")}</dd>
              <dt>Phone</dt><dd>{E(customer.Phone)}</dd>
              <dt>Address</dt><dd>{E(customer.Address)}</dd>
            </dl>
            <h2>Orders</h2>
            """);
        body.Append(Table(
            ["Order", "Their PO", "Ordered", "Lines", "Shipments"],
            orders.Select(o => (IReadOnlyList<string>)[Link(o.Id), E(o.Reference), E(o.OrderedAt[..10]), o.Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Shipments.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            "No orders yet."));
        if (AccessPolicy.May(context.User, Role.Operator))
        {
            var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
            body.Append($"""
                <form method="post" action="/orders" class="card" id="new-order">{Csrf(context)}
                  <h2>New order</h2>
                  <input type="hidden" name="customer" value="{E(customer.Id.Value)}">
                  {Field("line", "Lines", V("line"), error, "textarea", $"one ITEM:QTY per line, e.g. {items.FirstOrDefault()?.Code.Value ?? "ITEM"}:10", required: true)}
                  <div class="grid">
                    {Field("reference", "Customer's PO", V("reference"), error)}
                    {Field("ordered-on", "Ordered on", V("ordered-on"), error, "date")}
                  </div>
                  <button type="submit">Take order</button>
                </form>
                """);
        }

        return Page(context, $"{customer.Name} ({customer.Id.Value})", body.ToString(), Pages.StatusOf(error));
    }

    public static async Task<IResult> OrderAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await ShippingApi.FindOrderAsync(connection, id, cancellationToken);
        if (!found.TryGet(out var order, out var missing))
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing.Message)}</p>""", Pages.StatusOf(missing));
        }

        var customer = (await ShippingQueries.FindCustomerAsync(connection, null, order.Customer, cancellationToken))!;
        var shipments = await ShippingLists.ShipmentsAsync(connection, order.Id.Value, 0, Paging.MaxSize, cancellationToken);
        var body = new StringBuilder($"""
            <dl class="facts">
              <dt>Customer</dt><dd>{Link(customer.Id.Value)} {E(customer.Name)}</dd>
              <dt>Their PO</dt><dd>{E(order.Reference)}</dd>
              <dt>Ordered</dt><dd>{E(order.OrderedAt)}</dd>
            </dl>
            <h2>Lines</h2>
            """);
        body.Append(Table(["Item", "Quantity"], order.Lines.Select(l => (IReadOnlyList<string>)[E(l.Item.Value), $"{E(l.Quantity)} {E(l.Uom.Value)}"])));
        body.Append("<h2>Shipments</h2>");
        body.Append(Table(
            ["Shipment", "Shipped", "From", "Delivery note", "Lines"],
            shipments.Select(s => (IReadOnlyList<string>)[Link(s.Id), E(s.ShippedAt[..10]), E(s.ShipFrom), E(s.Reference), s.Lines.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            "Nothing shipped yet."));
        if (AccessPolicy.May(context.User, Role.Operator))
        {
            body.Append($"""<p><a class="button" href="/ship?order={U(order.Id.Value)}" id="ship-order">Ship against this order</a></p>""");
        }

        return Page(context, $"Order {order.Id.Value}", body.ToString());
    }

    public static Task<IResult> ShipFormAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, string? order = null) =>
        RenderShipAsync(context, shop, order, null, null, cancellationToken);

    public static async Task<IResult> ShipAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var order = Forms.Text(form, "order");
        var (lots, units, containers) = await SortScansAsync(shop, Lines(Forms.Text(form, "scan")), cancellationToken);
        var request = new Ship.Request(order, lots, units, containers, Forms.Text(form, "ship-from"), Forms.Text(form, "reference"));
        var shipped = await Ship.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!shipped.TryGet(out var shipment, out var error))
        {
            return await RenderShipAsync(context, shop, order, Onto(error, "scan", "lot", "unit", "container"), form, cancellationToken);
        }

        var rows = shipment.Lots.Select(l => (IReadOnlyList<string>)[$"""lot <a href="/lots/{U(l.Lot.Value)}">{E(l.Lot.Value)}</a>""", E(l.Item.Value), $"{E(l.Quantity)} {E(l.Uom.Value)}", E(l.Container?.Value)])
            .Concat(shipment.Units.Select(u => (IReadOnlyList<string>)[$"""unit <a href="/units/{U(u.Unit.Value)}">{E(u.Unit.Value)}</a>""", "", "1", E(u.Container?.Value)]));
        var body = $"""
            <div class="outcome" id="outcome">
              <p>Shipped {Link(shipment.Shipment)} to {Link(shipment.Customer)} against {Link(shipment.Order)}.</p>
            </div>
            {Table(["What", "Item", "Quantity", "In container"], rows)}
            <p><a href="/ship">Ship another order</a></p>
            """;
        return Page(context, $"Shipped {shipment.Shipment}", body, StatusCodes.Status201Created);
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

    private static async Task<IResult> RenderShipAsync(HttpContext context, Shop shop, string? order, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var about = "";
        if (order is not null)
        {
            await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
            if ((await ShippingApi.FindOrderAsync(connection, order, cancellationToken)).TryGet(out var found, out _))
            {
                var customer = (await ShippingQueries.FindCustomerAsync(connection, null, found.Customer, cancellationToken))!;
                about = $"""<p class="card">Order {Link(found.Id.Value)} for {Link(customer.Id.Value)} {E(customer.Name)}: {E(string.Join(", ", found.Lines.Select(l => $"{Lookup.Format(l.Quantity)} {l.Uom} {l.Item}")))}</p>""";
            }
        }

        var body = $"""
            {Banner(error, "order", "scan", "ship-from", "reference")}
            {about}
            <form method="post" action="/ship" class="card">{Csrf(context)}
              {Field("order", "Order", V("order") ?? order, error, required: true, hint: "SO-…", extra: "autocapitalize=\"characters\"")}
              {Field("scan", "Scan what leaves", V("scan"), error, "textarea", "one per line: a lot label (LOT for all of it, LOT:QTY for part), a unit serial, or a box / pallet SSCC", required: true)}
              <div class="grid">
                {Field("ship-from", "Ship from", V("ship-from") ?? "main warehouse", error)}
                {Field("reference", "Delivery note / waybill", V("reference"), error)}
              </div>
              <button type="submit">Ship</button>
            </form>
            """;
        return Page(context, "Ship against an order", body, Pages.StatusOf(error));
    }

    public static Task<IResult> ShipmentAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderShipmentAsync(id, context, shop, null, null, null, cancellationToken);

    private static async Task<IResult> RenderShipmentAsync(string id, HttpContext context, Shop shop, Error? error, string? notice, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await ShippingApi.FindShipmentAsync(connection, id, cancellationToken);
        if (!found.TryGet(out var shipment, out var missing))
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing.Message)}</p>""", Pages.StatusOf(missing));
        }

        var customer = (await ShippingQueries.FindCustomerAsync(connection, null, shipment.Customer, cancellationToken))!;
        var returns = await ShippingLists.ReturnsAsync(connection, shipment.Id.Value, 0, Paging.MaxSize, cancellationToken);
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = new StringBuilder(notice);
        body.Append(Banner(error, "reason", "unit", "lot"));
        body.Append($"""
            <dl class="facts">
              <dt>Customer</dt><dd>{Link(customer.Id.Value)} {E(customer.Name)}</dd>
              <dt>Order</dt><dd>{Link(shipment.Order.Value)}</dd>
              <dt>Shipped</dt><dd>{E(shipment.ShippedAt)} from {E(shipment.ShipFrom)}</dd>
              <dt>Delivery note</dt><dd>{E(shipment.Reference)}</dd>
            </dl>
            <h2>What left</h2>
            """);
        body.Append(Table(
            ["Kind", "Id", "Item", "Quantity", "In container"],
            shipment.Lines.Select(l => (IReadOnlyList<string>)[E(l.Kind), l.Kind switch
            {
                "lot" => $"""<a href="/lots/{U(l.Id)}">{E(l.Id)}</a>""",
                "unit" => $"""<a href="/units/{U(l.Id)}">{E(l.Id)}</a>""",
                _ => $"""<a href="/records/{U(l.Id)}">{E(l.Id)}</a>""",
            }, E(l.Item), l.Quantity is null ? "" : $"{E(l.Quantity.Value)} {E(l.Uom)}", E(l.ViaContainer)])));
        body.Append("<h2>Returns</h2>");
        body.Append(Table(["Return", "Received", "Reason", "Lines"], returns.Select(r => (IReadOnlyList<string>)[E(r.Id), E(r.ReceivedAt[..10]), E(r.Reason), r.Lines.ToString(System.Globalization.CultureInfo.InvariantCulture)]), "Nothing came back."));
        if (AccessPolicy.May(context.User, Role.Operator))
        {
            body.Append(ReturnForm(context, shipment.Id.Value, error, V));
        }

        return Page(context, $"Shipment {shipment.Id.Value}", body.ToString(), Pages.StatusOf(error));
    }

    private static string ReturnForm(HttpContext context, string? shipment, Error? error, Func<string, string?> value) => $"""
        <form method="post" action="/returns" class="card" id="return-form">{Csrf(context)}
          <h2>Receive a return</h2>
          {(shipment is null ? Field("shipment", "Shipment it left on", value("shipment"), error, required: true, hint: "SHP-…") : $"""<input type="hidden" name="shipment" value="{E(shipment)}">""")}
          {Field("reason", "Why it came back", value("reason"), error, required: true)}
          <div class="grid">
            {Field("unit", "Units returned", value("unit"), error, "textarea", "one serial per line")}
            {Field("lot", "Lot quantities returned", value("lot"), error, "textarea", "one LOT:QTY per line")}
          </div>
          <button type="submit">Receive return</button>
        </form>
        """;

    public static Task<IResult> ReturnsAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int? page = null) =>
        RenderReturnsAsync(context, shop, Paging.Lenient(page), null, null, cancellationToken);

    public static async Task<IResult> ReturnAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var shipment = Forms.Text(form, "shipment");
        var request = new ReceiveReturn.Request(shipment, Forms.Text(form, "reason"), Lines(Forms.Text(form, "unit")), Lines(Forms.Text(form, "lot")));
        var received = await ReceiveReturn.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!received.TryGet(out var done, out var error))
        {
            // Back where the return was entered: the shipment's page, or the returns page when the shipment itself is wrong.
            return error.Field == "shipment" || shipment is null
                ? await RenderReturnsAsync(context, shop, Paging.Lenient(1), error, form, cancellationToken)
                : await RenderShipmentAsync(shipment, context, shop, error, null, form, cancellationToken);
        }

        var notice = $"""<p class="banner ok" id="return-done">{E(done.Return)} received: {E(string.Join(", ", done.Units.Concat(done.Lots.Select(l => $"{l.Lot} {Lookup.Format(l.Quantity)}"))))}. Returned units and lot quantities are held for inspection.</p>""";
        return await RenderShipmentAsync(done.Shipment, context, shop, null, notice, null, cancellationToken);
    }

    private static async Task<IResult> RenderReturnsAsync(HttpContext context, Shop shop, Paging paging, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await ShippingLists.ReturnsAsync(connection, null, paging.Skip, paging.Take, cancellationToken));
        var body = new StringBuilder(Banner(error, "shipment", "reason", "unit", "lot"));
        body.Append(Table(
            ["Return", "Shipment", "Received", "Reason", "Lines"],
            list.Items.Select(r => (IReadOnlyList<string>)[E(r.Id), Link(r.Shipment), E(r.ReceivedAt[..10]), E(r.Reason), r.Lines.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            "No returns yet."));
        body.Append(Pager("/returns", list.Page, list.HasMore));
        if (AccessPolicy.May(context.User, Role.Operator))
        {
            body.Append(ReturnForm(context, null, error, name => typed is null ? null : Forms.Text(typed, name)));
        }

        return Page(context, "Returns", body.ToString(), Pages.StatusOf(error));
    }
}
