using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Features.Suppliers;

/// <summary>
/// Set what every delivery from a supplier must come with (on top of what its item requires), with the reason. A
/// change is a new ledger record; deliveries received before keep what was required when they came.
/// </summary>
public static class RequireSupplierCertificates
{
    /// <param name="Certificates">Certificate types; an empty list or "none" clears the requirement.</param>
    public sealed record Request(string? Supplier, IReadOnlyList<string>? Certificates, string? Reason);

    public sealed record Response(string Supplier, IReadOnlyList<CertificateType> Certificates, IReadOnlyList<CertificateType> Before, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var name = SupplierName.Parse(request.Supplier);
        var certificates = ParseCertificates(request.Certificates);
        var reason = Text.Required(request.Reason, "reason", 500);
        var error = new[] { name.Error, certificates.Error, reason.Error }.FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            return error;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var supplier = await MaterialsQueries.FindSupplierAsync(write.Connection, write.Transaction, name.Value, cancellationToken);
        if (supplier is null)
        {
            return new NotFound("supplier", name.Value.Value, "supplier");
        }

        if (supplier.RequiredCertificates.Order().SequenceEqual(certificates.Value.Order()))
        {
            return new StateConflict(
                "unchanged",
                $"supplier {supplier.Name} already requires {Words(certificates.Value)} of every delivery; nothing was recorded",
                "certificates");
        }

        var required = new SupplierCertificatesRequired(supplier.Name, certificates.Value);
        var entries = await write.AppendAsync(new NewEvent(required, write.Now, reason.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(supplier.Name.Value, certificates.Value, supplier.RequiredCertificates, entries[0].Sequence);
    }

    /// <summary>"CofC, RoHS" or "no certificate".</summary>
    public static string Words(IReadOnlyList<CertificateType> certificates) =>
        certificates.Count == 0 ? "no certificate" : string.Join(", ", certificates);

    private static Result<IReadOnlyList<CertificateType>> ParseCertificates(IReadOnlyList<string>? texts)
    {
        if (texts is null || texts.Count == 0)
        {
            return new InvalidInput("certificates", $"certificates is required: a list of {string.Join(", ", Enum.GetNames<CertificateType>())}, or none");
        }

        // In the enum's order, so the same list is always written and read back alike.
        return CertificateRequirement.ParseList(texts, "certificates").Map(l => (IReadOnlyList<CertificateType>)l.Order().ToList());
    }

    public static Command Verb(CliHost host)
    {
        var supplier = new Argument<string>("supplier") { Description = "Supplier name" };
        var certificates = new Option<string>("--certificates") { Description = "Certificates every delivery from it must come with, comma-separated (MTR, CofC, RoHS, REACH, SDS, TestReport, Other), or 'none' to clear", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger)", Required = true };
        var command = new Command("require", "Set the certificates every delivery from a supplier must come with") { supplier, certificates, reason };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(supplier), Text.List(p.GetValue(certificates)), p.GetValue(reason)), ct),
            (o, r) => o.WriteLine($"supplier {r.Supplier} now requires {Words(r.Certificates)} of every delivery (was {Words(r.Before)}); record {r.Sequence}")));
        return command;
    }
}
