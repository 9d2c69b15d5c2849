using System.CommandLine;
using Dapper;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Production;

namespace Tracewright.Features.Lots;

/// <summary>
/// Correct what was typed at receipt (supplier lot, PO, grade). The receipt record stays as it was; the
/// correction is a new record that names it.
/// </summary>
public static class CorrectReceipt
{
    public sealed record Request(string? Lot, string? Reason, string? SupplierLot = null, string? PurchaseOrder = null, string? Grade = null);

    public sealed record Response(string Lot, long Corrects, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var lotId = LotId.Parse(request.Lot);
        var reason = Text.Required(request.Reason, "reason", 500);
        var supplierLot = Text.Optional(request.SupplierLot, "supplier-lot", 64);
        var po = Text.Optional(request.PurchaseOrder, "po", 64);
        var grade = Text.Optional(request.Grade, "grade", 120);
        var firstError = new[] { lotId.Error, reason.Error, supplierLot.Error, po.Error, grade.Error }.FirstOrDefault(e => e is not null);
        if (firstError is not null)
        {
            return firstError;
        }

        if (supplierLot.Value is null && po.Value is null && grade.Value is null)
        {
            return new InvalidInput("supplier-lot", "name at least one field to correct: supplier-lot, po or grade");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var lot = await MaterialsQueries.FindLotAsync(write.Connection, write.Transaction, lotId.Value, cancellationToken);
        if (lot is null)
        {
            return new NotFound("lot", lotId.Value.Value, "lot");
        }

        var receipt = await write.Connection.ExecuteScalarAsync<long>(write.Command("SELECT created_seq FROM lots WHERE id = @id", new { id = lot.Id.Value }, cancellationToken));
        var corrected = new LotReceiptCorrected(lot.Id, supplierLot.Value, po.Value, grade.Value);
        var entries = await write.AppendAsync(new NewEvent(corrected, write.Now, reason.Value, receipt), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(lot.Id.Value, receipt, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "The lot whose receipt to correct, or the manufacture record (MFG-…) whose inputs to correct" };
        var reason = new Option<string>("--reason") { Description = "Why (required)", Required = true };
        var supplierLot = new Option<string?>("--supplier-lot") { Description = "Lot: corrected supplier lot number" };
        var po = new Option<string?>("--po") { Description = "Lot: corrected purchase order reference" };
        var grade = new Option<string?>("--grade") { Description = "Lot: corrected grade / specification" };
        var use = new Option<string[]>("--use") { Description = "Manufacture record: the LOT:QTY really consumed", AllowMultipleArgumentsPerToken = true };
        var useSerial = new Option<string[]>("--use-serial") { Description = "Manufacture record: the units really consumed", AllowMultipleArgumentsPerToken = true };
        var command = new Command("correct", "Correct a record: a new record pointing at the one it corrects") { id, reason, supplierLot, po, grade, use, useSerial };
        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                if (ManufactureId.Parse(p.GetValue(id)).IsSuccess)
                {
                    var run = await CorrectManufacture.HandleAsync(shop, host.ActorOf(p), new CorrectManufacture.Request(
                        p.GetValue(id), p.GetValue(reason), RecordManufacture.Split(p.GetValue(use)), RecordManufacture.Split(p.GetValue(useSerial))), ct);
                    return run.Map(r => new Response(r.Record, r.Corrects, r.Sequence));
                }

                return await HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(id), p.GetValue(reason), p.GetValue(supplierLot), p.GetValue(po), p.GetValue(grade)), ct);
            },
            (o, r) => o.WriteLine($"{r.Lot}: record {r.Sequence} corrects record {r.Corrects}")));
        return command;
    }
}
