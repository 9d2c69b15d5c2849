using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>Register a serialized unit from a scan: a bought-in component, or one made before Tracewright.</summary>
public static class CaptureSerial
{
    public sealed record Request(string? Item, string? Serial, string? Lot = null, string? Source = null);

    public sealed record Response(string Unit, string? Lot, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var item = ItemCode.Parse(request.Item);
        var serial = SerialNumber.Parse(request.Serial);
        var source = Text.Optional(request.Source, "source", 200);
        var firstError = item.Error ?? serial.Error ?? source.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var known = await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, item.Value, cancellationToken);
        if (known is null)
        {
            return new NotFound("item", item.Value.Value, "item");
        }

        if (known.Tracking == TrackingMode.Lot)
        {
            return new RuleViolated("not-serialized", $"item {known.Code} is tracked by lot only; register it with --tracking serial or lot-and-serial to give its units serials", "item");
        }

        var id = UnitId.Of(known.Code, serial.Value);
        if (await ProductionQueries.FindUnitAsync(write.Connection, write.Transaction, id, cancellationToken) is not null)
        {
            return new AlreadyExists("unit", id.Value, "serial");
        }

        LotId? lotId = null;
        if (request.Lot is not null)
        {
            var lot = await Lookup.LotAsync(write.Connection, write.Transaction, request.Lot, "lot", cancellationToken);
            if (!lot.TryGet(out var found, out var lotError))
            {
                return lotError;
            }

            if (found.Item != known.Code)
            {
                return new RuleViolated("item-mismatch", $"lot {found.Id} is {found.Item}, not {known.Code}", "lot");
            }

            lotId = found.Id;
        }

        var entries = await write.AppendAsync(new NewEvent(new SerialCaptured(id, lotId, source.Value), write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(id.Value, lotId?.Value, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var item = new Option<string>("--item") { Description = "Part number", Required = true };
        var serial = new Option<string>("--serial") { Description = "Serial number as scanned", Required = true };
        var lot = new Option<string?>("--lot") { Description = "The lot the unit belongs to (lot-and-serial items)" };
        var source = new Option<string?>("--source") { Description = "Where it came from (supplier, delivery note)" };
        var capture = new Command("capture", "Register a serialized unit from a scan") { item, serial, lot, source };
        capture.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(item), p.GetValue(serial), p.GetValue(lot), p.GetValue(source)), ct),
            (o, r) => o.WriteLine($"unit {r.Unit} registered{(r.Lot is null ? "" : $" in lot {r.Lot}")}")));
        return capture;
    }
}
