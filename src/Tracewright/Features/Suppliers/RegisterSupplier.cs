using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Features.Suppliers;

/// <summary>Register a supplier with the contact to call about a delivery.</summary>
public static class RegisterSupplier
{
    public sealed record Request(string? Name, string? ContactName = null, string? Email = null, string? Phone = null, string? Address = null);

    public sealed record Response(string Name, string? ContactName, string? Email, string? Phone, string? Address, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var name = SupplierName.Parse(request.Name);
        var contact = Text.Optional(request.ContactName, "contact");
        var email = Supplier.ParseEmail(request.Email);
        var phone = Text.Optional(request.Phone, "phone", 40);
        var address = Text.Optional(request.Address, "address", 500);
        var error = new[] { name.Error, contact.Error, email.Error, phone.Error, address.Error }.FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            return error;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (await MaterialsQueries.FindSupplierAsync(write.Connection, write.Transaction, name.Value, cancellationToken) is { } existing)
        {
            return new AlreadyExists("supplier", existing.Name.Value, "name");
        }

        var registered = new SupplierRegistered(name.Value, contact.Value, email.Value, phone.Value, address.Value);
        var entries = await write.AppendAsync(new NewEvent(registered, write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(name.Value.Value, contact.Value, email.Value, phone.Value, address.Value, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var name = new Option<string>("--name") { Description = "Supplier name", Required = true };
        var contact = new Option<string?>("--contact") { Description = "Contact person" };
        var email = new Option<string?>("--email") { Description = "Contact e-mail" };
        var phone = new Option<string?>("--phone") { Description = "Contact phone" };
        var address = new Option<string?>("--address") { Description = "Postal address" };
        var add = new Command("add", "Register a supplier") { name, contact, email, phone, address };
        add.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(name), p.GetValue(contact), p.GetValue(email), p.GetValue(phone), p.GetValue(address)), ct),
            (o, r) => o.WriteLine($"supplier {r.Name} registered{(r.ContactName is null ? "" : $", contact {r.ContactName}")}")));
        return new Command("supplier", "Suppliers") { add, RequireSupplierCertificates.Verb(host) };
    }
}
