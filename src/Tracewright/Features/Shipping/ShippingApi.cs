using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Shipping;
using Tracewright.Web;

namespace Tracewright.Features.Shipping;

/// <summary>Customers (admin keeps the contacts a recall relies on), orders, shipments and returns (operator).</summary>
public static class ShippingApi
{
    public sealed record OrderBody(string? Customer, IReadOnlyList<string>? Lines, string? Reference = null, string? OrderedOn = null);

    public sealed record CustomerDetail(Customer Customer, IReadOnlyList<OrderSummary> Orders);

    public sealed record OrderDetail(Order Order, Customer Customer, IReadOnlyList<ShipmentSummary> Shipments);

    public sealed record ShipmentDetail(Shipment Shipment, IReadOnlyList<ReturnSummary> Returns);

    public static void Map(RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Shipping");
        customers.MapGet("", CustomersAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Customers, newest first; q filters by name or id");
        customers.MapPost("", RegisterAsync).RequireAuthorization(AccessPolicy.Admin).WithSummary("Register a customer with the contact a recall reaches");
        customers.MapGet("/{id}", CustomerAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("A customer and its latest orders");

        var orders = api.MapGroup("/orders").WithTags("Shipping");
        orders.MapGet("", OrdersAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Orders, newest first; customer filters");
        orders.MapPost("", PlaceAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Take a customer order: lines ITEM:QTY");
        orders.MapGet("/{id}", OrderAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("An order, its customer and its shipments");

        var shipments = api.MapGroup("/shipments").WithTags("Shipping");
        shipments.MapGet("", ShipmentsAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Shipments, newest first; order filters");
        shipments.MapPost("", ShipAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Ship lots (LOT:QTY), units and containers against an order");
        shipments.MapGet("/{id}", ShipmentAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("A shipment: exactly what left, and what came back");

        var returns = api.MapGroup("/returns").WithTags("Shipping");
        returns.MapGet("", ReturnsAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("Returns (RMAs), newest first");
        returns.MapPost("", ReturnAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Receive a return against the shipment it left on");
    }

    public static async Task<Results<Ok<PageOf<CustomerSummary>>, ProblemHttpResult>> CustomersAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null, string? q = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(paging.Cut(await ShippingLists.CustomersAsync(connection, q, paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Created<Customers.CustomerResponse>, ProblemHttpResult>> RegisterAsync(Customers.CustomerRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await Customers.RegisterAsync(shop, AccessPolicy.ActorOf(user), request, cancellationToken), r => $"/api/customers/{Uri.EscapeDataString(r.Customer)}");

    public static async Task<Results<Ok<CustomerDetail>, ProblemHttpResult>> CustomerAsync(string id, Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await FindCustomerAsync(connection, id, cancellationToken);
        if (!found.TryGet(out var customer, out var error))
        {
            return Problems.ToHttp(error);
        }

        return TypedResults.Ok(new CustomerDetail(customer, await ShippingLists.OrdersAsync(connection, customer.Id.Value, 0, Paging.DefaultSize, cancellationToken)));
    }

    public static async Task<Results<Ok<PageOf<OrderSummary>>, ProblemHttpResult>> OrdersAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null, string? customer = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(paging.Cut(await ShippingLists.OrdersAsync(connection, customer?.Trim().ToUpperInvariant(), paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Created<Customers.OrderResponse>, ProblemHttpResult>> PlaceAsync(OrderBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(
            await Customers.PlaceAsync(shop, AccessPolicy.ActorOf(user), new Customers.OrderRequest(body.Customer, body.Lines ?? [], body.Reference, body.OrderedOn), cancellationToken),
            r => $"/api/orders/{Uri.EscapeDataString(r.Order)}");

    public static async Task<Results<Ok<OrderDetail>, ProblemHttpResult>> OrderAsync(string id, Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await FindOrderAsync(connection, id, cancellationToken);
        if (!found.TryGet(out var order, out var error))
        {
            return Problems.ToHttp(error);
        }

        var customer = (await ShippingQueries.FindCustomerAsync(connection, null, order.Customer, cancellationToken))!;
        return TypedResults.Ok(new OrderDetail(order, customer, await ShippingLists.ShipmentsAsync(connection, order.Id.Value, 0, Paging.MaxSize, cancellationToken)));
    }

    public static async Task<Results<Ok<PageOf<ShipmentSummary>>, ProblemHttpResult>> ShipmentsAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null, string? order = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(paging.Cut(await ShippingLists.ShipmentsAsync(connection, order?.Trim().ToUpperInvariant(), paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Created<Ship.Response>, ProblemHttpResult>> ShipAsync(Ship.Request request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        // The API records at once (201 names what was created); the confirmation step is the page's.
        ApiResults.Created(await Ship.HandleAsync(shop, AccessPolicy.ActorOf(user), request with { Preview = false }, cancellationToken), r => $"/api/shipments/{Uri.EscapeDataString(r.Shipment)}");

    public static async Task<Results<Ok<ShipmentDetail>, ProblemHttpResult>> ShipmentAsync(string id, Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await FindShipmentAsync(connection, id, cancellationToken);
        if (!found.TryGet(out var shipment, out var error))
        {
            return Problems.ToHttp(error);
        }

        return TypedResults.Ok(new ShipmentDetail(shipment, await ShippingLists.ReturnsAsync(connection, shipment.Id.Value, 0, Paging.MaxSize, cancellationToken)));
    }

    public static async Task<Results<Ok<PageOf<ReturnSummary>>, ProblemHttpResult>> ReturnsAsync(Shop shop, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        if (!Paging.Of(page, pageSize).TryGet(out var paging, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(paging.Cut(await ShippingLists.ReturnsAsync(connection, null, paging.Skip, paging.Take, cancellationToken)));
    }

    public static async Task<Results<Created<ReceiveReturn.Response>, ProblemHttpResult>> ReturnAsync(ReceiveReturn.Request request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await ReceiveReturn.HandleAsync(shop, AccessPolicy.ActorOf(user), request with { Preview = false }, cancellationToken), r => $"/api/shipments/{Uri.EscapeDataString(r.Shipment)}");

    public static async Task<Result<Customer>> FindCustomerAsync(System.Data.Common.DbConnection connection, string id, CancellationToken cancellationToken)
    {
        var parsed = CustomerId.Parse(id);
        if (!parsed.TryGet(out var customerId, out var error))
        {
            return error;
        }

        return await ShippingQueries.FindCustomerAsync(connection, null, customerId, cancellationToken) is { } customer ? customer : new Domain.Common.NotFound("customer", customerId.Value, "id");
    }

    public static async Task<Result<Order>> FindOrderAsync(System.Data.Common.DbConnection connection, string id, CancellationToken cancellationToken)
    {
        var parsed = OrderId.Parse(id);
        if (!parsed.TryGet(out var orderId, out var error))
        {
            return error;
        }

        return await ShippingQueries.FindOrderAsync(connection, null, orderId, cancellationToken) is { } order ? order : new Domain.Common.NotFound("order", orderId.Value, "id");
    }

    public static async Task<Result<Shipment>> FindShipmentAsync(System.Data.Common.DbConnection connection, string id, CancellationToken cancellationToken)
    {
        var parsed = ShipmentId.Parse(id);
        if (!parsed.TryGet(out var shipmentId, out var error))
        {
            return error;
        }

        return await ShippingQueries.FindShipmentAsync(connection, null, shipmentId, cancellationToken) is { } shipment ? shipment : new Domain.Common.NotFound("shipment", shipmentId.Value, "id");
    }
}
