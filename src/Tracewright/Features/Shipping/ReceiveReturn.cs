using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Features.Production;

namespace Tracewright.Features.Shipping;

/// <summary>
/// Receive a return (RMA) against the shipment it left on: units become returned and their history goes
/// on; a lot quantity comes back on hold for inspection.
/// </summary>
public static class ReceiveReturn
{
    /// <summary><see cref="Preview"/>: check it and say what it would record (the page's first post), writing nothing.</summary>
    public sealed record Request(string? Shipment, string? Reason, IReadOnlyList<string>? Units = null, IReadOnlyList<string>? Lots = null, bool Preview = false);

    /// <summary>What was recorded; or with <see cref="Recorded"/> false (a preview), what would be, under the return number it would get.</summary>
    public sealed record Response(string Return, string Shipment, IReadOnlyList<string> Units, IReadOnlyList<ReturnedLot> Lots, long Sequence, bool Recorded = true);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var shipmentId = ShipmentId.Parse(request.Shipment);
        var reason = Text.Required(request.Reason, "reason", 500);
        var error = shipmentId.Error ?? reason.Error;
        if (error is not null)
        {
            return error;
        }

        if ((request.Units?.Count ?? 0) + (request.Lots?.Count ?? 0) == 0)
        {
            return new InvalidInput("unit", "name what came back: --unit SN or --lot LOT:QTY");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var shipment = await ShippingQueries.FindShipmentAsync(write.Connection, write.Transaction, shipmentId.Value, cancellationToken);
        if (shipment is null)
        {
            return new NotFound("shipment", shipmentId.Value.Value, "shipment");
        }

        var units = new List<UnitId>();
        foreach (var text in request.Units ?? [])
        {
            var found = await Lookup.UnitAsync(write.Connection, write.Transaction, text, "unit", cancellationToken);
            if (!found.TryGet(out var unit, out var unitError))
            {
                return unitError;
            }

            if (!shipment.Lines.Any(l => l.Kind == "unit" && l.Id == unit.Id.Value))
            {
                return new RuleViolated("not-on-shipment", $"unit {unit.Id} did not leave on {shipment.Id}", "unit");
            }

            if (unit.Status != UnitStatus.Shipped)
            {
                return new RuleViolated("illegal-status", $"unit {unit.Id} is {Unit.Describe(unit.Status)}, not shipped; it cannot come back", "unit");
            }

            units.Add(unit.Id);
        }

        var lots = new List<ReturnedLot>();
        foreach (var text in request.Lots ?? [])
        {
            var found = await Lookup.LotWithQuantityAsync(write.Connection, write.Transaction, text, "lot", cancellationToken);
            if (!found.TryGet(out var use, out var lotError))
            {
                return lotError;
            }

            var lot = use.Lot;

            var shipped = shipment.Lines.Where(l => l.Kind == "lot" && l.Id == lot.Id.Value).Sum(l => l.Quantity ?? 0);
            if (shipped == 0)
            {
                return new RuleViolated("not-on-shipment", $"lot {lot.Id} did not leave on {shipment.Id}", "lot");
            }

            if (use.Quantity > shipped)
            {
                return new RuleViolated("insufficient-quantity", $"{Lookup.Format(shipped)} {lot.Uom} of lot {lot.Id} left on {shipment.Id}; {Lookup.Format(use.Quantity)} cannot come back", "lot");
            }

            if (lots.Any(l => l.Lot == lot.Id))
            {
                return new InvalidInput("lot", $"lot {lot.Id} is listed twice; give the whole quantity that came back on one line");
            }

            // The returned quantity comes back as a piece of its own (the lot's next piece number, like a cut): the stock
            // that never left is not blocked with it.
            var certificates = await MaterialsQueries.CertificatesOfLotAsync(write.Connection, write.Transaction, lot.Id, cancellationToken);
            lots.Add(new ReturnedLot(lot.Id, use.Quantity, lot.Quantity, lot.Id.Piece(lot.PiecesCut + 1), certificates.Select(c => c.Id).ToList()));
        }

        var id = ReturnId.FromNumber(await write.PeekCounterAsync(NumberedId.Scope(ReturnId.Prefix), cancellationToken));
        if (request.Preview)
        {
            return new Response(id.Value, shipment.Id.Value, units.Select(u => u.Value).ToList(), lots, 0, Recorded: false);
        }

        var entries = await write.AppendAsync(new NewEvent(new ReturnReceived(id, shipment.Id, units, lots), write.Now, reason.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(id.Value, shipment.Id.Value, units.Select(u => u.Value).ToList(), lots, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var shipment = new Option<string>("--shipment") { Description = "The shipment it left on (SHP-…)", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it came back", Required = true };
        var unit = new Option<string[]>("--unit") { Description = "Returned units", AllowMultipleArgumentsPerToken = true };
        var lot = new Option<string[]>("--lot") { Description = "Returned LOT:QTY", AllowMultipleArgumentsPerToken = true };
        var command = new Command("return", "Receive a return (RMA) against a shipment") { shipment, reason, unit, lot };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(shipment), p.GetValue(reason), RecordManufacture.Split(p.GetValue(unit)), RecordManufacture.Split(p.GetValue(lot))), ct),
            (o, r) => o.WriteLine($"{r.Return} against {r.Shipment}: {string.Join(", ", r.Units.Concat(r.Lots.Select(l => $"{Lookup.Format(l.Quantity)} of {l.Lot} as {l.Piece} (blocked)")))}")));
        return command;
    }
}
