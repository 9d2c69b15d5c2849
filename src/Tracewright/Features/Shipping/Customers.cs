using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;

namespace Tracewright.Features.Shipping;

/// <summary>Customers (with the contact a recall must reach) and their orders.</summary>
public static class Customers
{
    public sealed record CustomerRequest(string? Name, string? ContactName = null, string? Email = null, string? Phone = null, string? Address = null);

    public sealed record CustomerResponse(string Customer, string Name, long Sequence);

    public sealed record OrderRequest(string? Customer, IReadOnlyList<string> Lines, string? Reference = null, string? OrderedOn = null);

    public sealed record OrderResponse(string Order, string Customer, IReadOnlyList<OrderLine> Lines, long Sequence);

    public static async Task<Result<CustomerResponse>> RegisterAsync(Shop shop, string actor, CustomerRequest request, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var result = await RegisterAsync(write, request, cancellationToken);
        if (result.IsSuccess)
        {
            await write.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>The same, inside a transaction the caller owns and commits (a shipments sheet creates customers and orders).</summary>
    public static async Task<Result<CustomerResponse>> RegisterAsync(WriteTransaction write, CustomerRequest request, CancellationToken cancellationToken)
    {
        var name = Text.Required(request.Name, "name", 200);
        var contact = Text.Optional(request.ContactName, "contact");
        var email = Supplier.ParseEmail(request.Email);
        var phone = Text.Optional(request.Phone, "phone", 40);
        var address = Text.Optional(request.Address, "address", 500);
        var error = new[] { name.Error, contact.Error, email.Error, phone.Error, address.Error }.FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            return error;
        }

        var id = CustomerId.FromNumber(await write.PeekCounterAsync(NumberedId.Scope(CustomerId.Prefix), cancellationToken));
        var entries = await write.AppendAsync(new NewEvent(new CustomerRegistered(id, name.Value, contact.Value, email.Value, phone.Value, address.Value), write.Now), cancellationToken);
        return new CustomerResponse(id.Value, name.Value, entries[0].Sequence);
    }

    public static async Task<Result<OrderResponse>> PlaceAsync(Shop shop, string actor, OrderRequest request, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var result = await PlaceAsync(write, request, cancellationToken);
        if (result.IsSuccess)
        {
            await write.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>The same, inside a transaction the caller owns and commits (a shipments sheet creates customers and orders).</summary>
    public static async Task<Result<OrderResponse>> PlaceAsync(WriteTransaction write, OrderRequest request, CancellationToken cancellationToken)
    {
        var customer = CustomerId.Parse(request.Customer);
        var reference = Text.Optional(request.Reference, "reference", 64);
        Result<DateTimeOffset>? orderedOn = request.OrderedOn is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(request.OrderedOn, "ordered-on");
        var error = customer.Error ?? reference.Error ?? orderedOn?.Error;
        if (error is not null)
        {
            return error;
        }

        if (request.Lines.Count == 0)
        {
            return new InvalidInput("line", "an order needs at least one line ITEM:QTY");
        }

        if (await ShippingQueries.FindCustomerAsync(write.Connection, write.Transaction, customer.Value, cancellationToken) is null)
        {
            return new NotFound("customer", customer.Value.Value, "customer");
        }

        var lines = new List<OrderLine>();
        foreach (var text in request.Lines)
        {
            var colon = text.LastIndexOf(':');
            var item = colon > 0 ? ItemCode.Parse(text[..colon]) : new InvalidInput("line", $"line '{text}' must be ITEM:QTY");
            var quantity = colon > 0 ? Text.Quantity(text[(colon + 1)..], "line") : 0m;
            var lineError = item.Error ?? quantity.Error;
            if (lineError is not null)
            {
                return new InvalidInput("line", $"line '{text}': {lineError.Message}");
            }

            var known = await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, item.Value, cancellationToken);
            if (known is null)
            {
                return new NotFound("item", item.Value.Value, "line");
            }

            lines.Add(new OrderLine(known.Code, quantity.Value, known.Uom));
        }

        var id = OrderId.FromNumber(await write.PeekCounterAsync(NumberedId.Scope(OrderId.Prefix), cancellationToken));
        var entries = await write.AppendAsync(new NewEvent(new OrderPlaced(id, customer.Value, reference.Value, lines), orderedOn?.Value ?? write.Now), cancellationToken);
        return new OrderResponse(id.Value, customer.Value.Value, lines, entries[0].Sequence);
    }

    public static IEnumerable<Command> Verbs(CliHost host)
    {
        var name = new Option<string>("--name") { Description = "Customer name", Required = true };
        var contact = new Option<string?>("--contact") { Description = "Contact person" };
        var email = new Option<string?>("--email") { Description = "Contact e-mail" };
        var phone = new Option<string?>("--phone") { Description = "Contact phone" };
        var address = new Option<string?>("--address") { Description = "Address" };
        var add = new Command("add", "Register a customer") { name, contact, email, phone, address };
        add.SetAction(host.Run(
            (p, shop, ct) => RegisterAsync(shop, host.ActorOf(p), new CustomerRequest(p.GetValue(name), p.GetValue(contact), p.GetValue(email), p.GetValue(phone), p.GetValue(address)), ct),
            (o, r) => o.WriteLine($"customer {r.Customer} {r.Name} registered")));
        yield return new Command("customer", "Customers") { add };

        var customer = new Option<string>("--customer") { Description = "Customer (CUS-…)", Required = true };
        var line = new Option<string[]>("--line") { Description = "ITEM:QTY; repeat or comma-separate", Required = true, AllowMultipleArgumentsPerToken = true };
        var reference = new Option<string?>("--reference") { Description = "The customer's PO number" };
        var orderedOn = new Option<string?>("--ordered-on") { Description = "Order date (default now)" };
        var place = new Command("add", "Take a customer order") { customer, line, reference, orderedOn };
        place.SetAction(host.Run(
            (p, shop, ct) => PlaceAsync(shop, host.ActorOf(p), new OrderRequest(p.GetValue(customer), Production.RecordManufacture.Split(p.GetValue(line)), p.GetValue(reference), p.GetValue(orderedOn)), ct),
            (o, r) => o.WriteLine($"order {r.Order} for {r.Customer}: {string.Join(", ", r.Lines.Select(l => $"{l.Quantity} {l.Uom} {l.Item}"))}")));
        yield return new Command("order", "Customer orders") { place };
    }
}
