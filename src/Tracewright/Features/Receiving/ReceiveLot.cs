using System.CommandLine;
using System.Globalization;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Features.Certificates;

namespace Tracewright.Features.Receiving;

/// <summary>
/// Receive a delivery (source 000, step 2): record the source, the specification and the number marked on
/// the material; assign our lot number; check the number against the certificate before accepting.
/// </summary>
public static class ReceiveLot
{
    public sealed record Request(
        string? Item,
        string? Supplier,
        string? Heat,
        string? Quantity,
        string? Uom,
        string? SupplierLot = null,
        string? PurchaseOrder = null,
        string? Grade = null,
        IReadOnlyList<string>? CertificationsClaimed = null,
        string? ReceivedOn = null,
        CertificateInput? Certificate = null,
        bool AllowDuplicate = false);

    public sealed record Response(
        string Lot,
        LotStatus Status,
        string? Reason,
        string Checked,
        string Item,
        string Supplier,
        string Heat,
        string? SupplierLot,
        decimal Quantity,
        string Uom,
        string? Certificate,
        IReadOnlyList<string> Warnings,
        long Sequence);

    /// <summary>The code of the refusal of a delivery that looks recorded already.</summary>
    public const string DuplicateDelivery = "duplicate-delivery";

    /// <summary>How the refusal ends, in the CLI's and the API's terms; the page says it in its own.</summary>
    public const string DuplicateAdvice = "if it really is a second delivery, receive it again with allow-duplicate";

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var result = await HandleAsync(write, request, cancellationToken);
        if (result.IsSuccess)
        {
            await write.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// The same receipt inside a transaction the caller owns and commits: a sheet import runs every row through
    /// here in one transaction, so the rules live in one place and a bad row leaves nothing behind.
    /// </summary>
    public static async Task<Result<Response>> HandleAsync(WriteTransaction write, Request request, CancellationToken cancellationToken)
    {
        var item = ItemCode.Parse(request.Item);
        var supplier = SupplierName.Parse(request.Supplier);
        var heat = HeatNumber.Parse(request.Heat);
        var quantity = Text.Quantity(request.Quantity, "qty");
        var uom = UnitOfMeasure.Parse(request.Uom);
        var supplierLot = Text.Optional(request.SupplierLot, "supplier-lot", 64);
        var po = Text.Optional(request.PurchaseOrder, "po", 64);
        var grade = Text.Optional(request.Grade, "grade", 120);
        Result<DateTimeOffset>? receivedOn = request.ReceivedOn is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(request.ReceivedOn, "received-on");
        var certificate = request.Certificate?.Validate("certificate");
        var firstError = new[] { item.Error, supplier.Error, heat.Error, quantity.Error, uom.Error, supplierLot.Error, po.Error, grade.Error, receivedOn?.Error, certificate?.Error }
            .FirstOrDefault(e => e is not null);
        firstError ??= QuantityPrecision.Check(quantity.Value, uom.Value, "qty").Error;
        if (firstError is not null)
        {
            return firstError;
        }

        var knownItem = await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, item.Value, cancellationToken);
        if (knownItem is null)
        {
            return new NotFound("item", item.Value.Value, "item");
        }

        var knownSupplier = await MaterialsQueries.FindSupplierAsync(write.Connection, write.Transaction, supplier.Value, cancellationToken);
        if (knownSupplier is null)
        {
            return new NotFound("supplier", supplier.Value.Value, "supplier");
        }

        var unit = knownItem.CheckUnit(uom.Value);
        if (!unit.IsSuccess)
        {
            return unit.Error!;
        }

        var when = receivedOn?.Value ?? write.Now;
        var earlier = await MaterialsQueries.FindDeliveriesAsync(write.Connection, write.Transaction, knownSupplier.Name, knownItem.Code, heat.Value, cancellationToken);
        var sameDelivery = earlier.FirstOrDefault(l => l.PurchaseOrder == po.Value && l.ReceivedQuantity == quantity.Value);
        if (sameDelivery is not null && !request.AllowDuplicate)
        {
            return new StateConflict(
                DuplicateDelivery,
                $"this looks like a delivery recorded twice: lot {sameDelivery.Id} already holds heat {heat.Value} of {knownItem.Code} from {knownSupplier.Name} with the same PO and quantity; {DuplicateAdvice}",
                "heat");
        }

        var warnings = earlier.Count == 0
            ? new List<string>()
            : [$"heat {heat.Value} of {knownItem.Code} from {knownSupplier.Name} was received before as {string.Join(", ", earlier.Select(l => l.Id))}"];

        var presented = certificate is null ? [] : new[] { certificate.Value.Value.Presented };
        var required = new CertificateRequirement(knownItem.RequiredCertificates, knownSupplier.Name, knownSupplier.RequiredCertificates);
        var verification = CertificateCheck.OnReceipt(required, heat.Value, presented);

        var events = new List<NewEvent>();
        CertificateFiled? filed = null;
        if (certificate is not null)
        {
            filed = await certificate.Value.Value.FileAsync(write, cancellationToken);
            events.Add(new NewEvent(filed, when));
        }

        var date = DateOnly.FromDateTime(when.UtcDateTime);
        var scope = knownItem.LotPattern.Scope(knownItem.LotPrefix, date);
        var counter = await write.PeekCounterAsync(scope, cancellationToken);
        var lot = Identifier.FromStored<LotId>(knownItem.LotPattern.Format(knownItem.LotPrefix, date, counter));
        while (await MaterialsQueries.FindLotAsync(write.Connection, write.Transaction, lot, cancellationToken) is not null)
        {
            // Only possible when an item's pattern produces numbers another pattern already used.
            lot = Identifier.FromStored<LotId>(knownItem.LotPattern.Format(knownItem.LotPrefix, date, ++counter));
        }

        events.Add(new NewEvent(
            new LotReceived(lot, knownItem.Code, knownSupplier.Name, heat.Value, supplierLot.Value, grade.Value, request.CertificationsClaimed ?? [], quantity.Value, unit.Value, po.Value, scope, counter, verification.Status, verification.Reason,
                knownSupplier.RequiredCertificates.Count == 0 ? null : knownSupplier.RequiredCertificates),
            when,
            verification.Reason));
        if (filed is not null && verification.Status != LotStatus.Rejected)
        {
            events.Add(new NewEvent(new CertificateAttached(lot, filed.Id), when));
        }

        var entries = await write.AppendAsync(events, cancellationToken);
        return new Response(lot.Value, verification.Status, verification.Reason, verification.Checked, knownItem.Code.Value, knownSupplier.Name.Value, heat.Value.Value, supplierLot.Value, quantity.Value, unit.Value.Value, filed?.Id.Value, warnings, entries[^1].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var item = new Option<string>("--item") { Description = "Item code (part number)", Required = true };
        var supplier = new Option<string>("--supplier") { Description = "Supplier name", Required = true };
        var heat = new Option<string>("--heat") { Description = "Heat / batch / lot number as marked on the material", Required = true };
        var qty = new Option<string>("--qty") { Description = "Quantity received", Required = true };
        var uom = new Option<string>("--uom") { Description = "Unit of the quantity (must be the item's unit)", Required = true };
        var supplierLot = new Option<string?>("--supplier-lot") { Description = "The supplier's own lot number, if different from the heat" };
        var po = new Option<string?>("--po") { Description = "Purchase order reference" };
        var grade = new Option<string?>("--grade") { Description = "Material specification / grade, e.g. 6061-T6" };
        var claimed = new Option<string?>("--certifications") { Description = "Certifications the supplier claims, comma-separated (e.g. RoHS, REACH)" };
        var receivedOn = new Option<string?>("--received-on") { Description = "When it arrived (yyyy-MM-dd or ISO date-time; default now)" };
        var allowDuplicate = new Option<bool>("--allow-duplicate") { Description = "Record it although an identical delivery (same heat, PO, quantity) exists" };
        var certificate = new CertificateOptions("certificate", fileRequired: false);
        var command = new Command("receive", "Receive a delivery as a new lot, checking its certificate") { item, supplier, heat, qty, uom, supplierLot, po, grade, claimed, receivedOn, allowDuplicate };
        foreach (var option in certificate.All)
        {
            command.Add(option);
        }

        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var input = certificate.Read(p, "certificate");
                if (!input.IsSuccess)
                {
                    return input.Error!;
                }

                return await HandleAsync(shop, host.ActorOf(p), new Request(
                    p.GetValue(item), p.GetValue(supplier), p.GetValue(heat), p.GetValue(qty), p.GetValue(uom),
                    p.GetValue(supplierLot), p.GetValue(po), p.GetValue(grade), Text.List(p.GetValue(claimed)), p.GetValue(receivedOn),
                    input.Value, p.GetValue(allowDuplicate)), ct);
            },
            (o, r) =>
            {
                o.WriteLine($"{r.Lot} {r.Status.Describe()}{(r.Reason is null ? "" : $": {r.Reason}")}");
                o.WriteLine($"  {r.Quantity.ToString("0.######", CultureInfo.InvariantCulture)} {r.Uom} of {r.Item} from {r.Supplier}, heat {r.Heat}{(r.Certificate is null ? "" : $", certificate {r.Certificate}")}");
                o.WriteLine($"  checked: {r.Checked}");
                foreach (var warning in r.Warnings)
                {
                    o.WriteLine($"  warning: {warning}");
                }
            }));
        return command;
    }
}
