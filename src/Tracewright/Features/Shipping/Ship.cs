using System.CommandLine;
using System.Data.Common;
using Tracewright.Cli;
using Tracewright.Data;
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
/// Ship against an order (source 000, step 4): exactly what left — lots with quantities, serialized units,
/// and containers (which ship everything inside them at that moment).
/// </summary>
public static class Ship
{
    /// <summary><see cref="Preview"/>: check the shipment and say what would leave (the page's first post), writing nothing.</summary>
    public sealed record Request(
        string? Order, IReadOnlyList<string>? Lots = null, IReadOnlyList<string>? Units = null, IReadOnlyList<string>? Containers = null, string? ShipFrom = null,
        string? Reference = null, string? ShippedOn = null, bool Preview = false);

    /// <summary>What left; with <see cref="Recorded"/> false (a preview), what would leave, under the shipment number it would get.</summary>
    public sealed record Response(
        string Shipment, string Order, string Customer, IReadOnlyList<ShippedLot> Lots, IReadOnlyList<ShippedUnit> Units, IReadOnlyList<string> Containers, long Sequence,
        bool Recorded = true);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var result = await HandleAsync(write, request, cancellationToken);
        if (result.IsSuccess && !request.Preview)
        {
            await write.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>The same shipment inside a transaction the caller owns and commits (a sheet import).</summary>
    public static async Task<Result<Response>> HandleAsync(WriteTransaction write, Request request, CancellationToken cancellationToken)
    {
        var orderId = OrderId.Parse(request.Order);
        var shipFrom = Text.Required(request.ShipFrom ?? "main warehouse", "ship-from", 120);
        var reference = Text.Optional(request.Reference, "reference", 64);
        Result<DateTimeOffset>? shippedOn = request.ShippedOn is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(request.ShippedOn, "shipped-on");
        var error = orderId.Error ?? shipFrom.Error ?? reference.Error ?? shippedOn?.Error;
        if (error is not null)
        {
            return error;
        }

        if ((request.Lots?.Count ?? 0) + (request.Units?.Count ?? 0) + (request.Containers?.Count ?? 0) == 0)
        {
            return new InvalidInput("lot", "a shipment needs at least one lot (LOT:QTY), unit or container");
        }

        var order = await ShippingQueries.FindOrderAsync(write.Connection, write.Transaction, orderId.Value, cancellationToken);
        if (order is null)
        {
            return new NotFound("order", orderId.Value.Value, "order");
        }

        var onOrder = order.Lines.Select(l => l.Item).ToHashSet();
        var remaining = new Dictionary<LotId, decimal>();
        var lots = new List<ShippedLot>();
        var units = new List<ShippedUnit>();
        var containers = new List<ContainerId>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        async Task<Error?> AddLotAsync(string lotText, decimal? quantity, ContainerId? via, string field)
        {
            var found = await Lookup.LotAsync(write.Connection, write.Transaction, lotText, field, cancellationToken);
            if (!found.TryGet(out var lot, out var lotError))
            {
                return lotError;
            }

            if (lot.Status != LotStatus.Available)
            {
                return new RuleViolated("not-available", $"lot {lot.Id} is {lot.Status.Describe()}{(lot.StatusReason is null ? "" : $" ({lot.StatusReason})")} and cannot be shipped", field);
            }

            if (!onOrder.Contains(lot.Item))
            {
                return new RuleViolated("not-on-order", $"lot {lot.Id} is {lot.Item}, which is not on order {order.Id}", field);
            }

            // One line per lot and shipment (the shipment's lines are keyed so): a lot named twice would otherwise reach the
            // database as a duplicate key instead of an answer the person can act on.
            if (!seen.Add("lot " + lot.Id.Value))
            {
                return new InvalidInput(field, $"lot {lot.Id} is listed twice (directly or inside a container); ship it on one line with the total quantity");
            }

            if (quantity is { } asked && QuantityPrecision.Check(asked, lot.Uom, field, cut: lot.Origin == LotOrigin.Split).Error is { } tooFine)
            {
                return tooFine;
            }

            var left = remaining.GetValueOrDefault(lot.Id, lot.Quantity);
            var shipped = quantity ?? left;
            if (shipped <= 0 || shipped > left)
            {
                return new RuleViolated("insufficient-quantity", $"lot {lot.Id} holds {Lookup.Format(left)} {lot.Uom}; {Lookup.Format(shipped)} {lot.Uom} cannot be shipped", field);
            }

            remaining[lot.Id] = left - shipped;
            lots.Add(new ShippedLot(lot.Id, lot.Item, shipped, lot.Uom, left - shipped, via));
            return null;
        }

        async Task<Error?> AddUnitAsync(string unitText, ContainerId? via, string field)
        {
            var found = await Lookup.UnitAsync(write.Connection, write.Transaction, unitText, field, cancellationToken);
            if (!found.TryGet(out var unit, out var unitError))
            {
                return unitError;
            }

            if (unit.Status is not (UnitStatus.Available or UnitStatus.Returned))
            {
                return new RuleViolated("not-available", $"unit {unit.Id} is {Unit.Describe(unit.Status)}{(unit.StatusReason is null ? "" : $" ({unit.StatusReason})")} and cannot be shipped", field);
            }

            if (unit.Parent is { } parent)
            {
                return new RuleViolated("installed", $"unit {unit.Id} is installed in {parent}; ship {parent}", field);
            }

            if (!onOrder.Contains(unit.Item))
            {
                return new RuleViolated("not-on-order", $"unit {unit.Id} is {unit.Item}, which is not on order {order.Id}", field);
            }

            if (!seen.Add(unit.Id.Value))
            {
                return new InvalidInput(field, $"unit {unit.Id} is listed twice (directly or inside a container)");
            }

            if (Domain.Quality.ShippingHold.Refuse(unit.Id, await Data.Quality.QualityHolds.OfUnitAsync(write.Connection, write.Transaction, unit.Id, cancellationToken), field) is { } held)
            {
                return held;
            }

            units.Add(new ShippedUnit(unit.Id, via));
            return null;
        }

        async Task<Error?> AddContainerAsync(ContainerId container, ContainerId top, int depth)
        {
            if (depth > 50 || !seen.Add(container.Value))
            {
                return new InvalidInput("container", $"container {container} is listed twice");
            }

            foreach (var content in (await ContainerQueries.ContentsAsync(write.Connection, write.Transaction, container, cancellationToken)).Where(c => c.UnpackedAt is null))
            {
                var problem = content.Kind switch
                {
                    // Contents are listed against the container named on the shipment, however deep they sit.
                    ContentKind.Unit => await AddUnitAsync(content.Content, top, "container"),
                    ContentKind.Lot => await AddLotAsync(content.Content, content.Quantity, top, "container"),
                    _ => await AddContainerAsync(Identifier.FromStored<ContainerId>(content.Content), top, depth + 1),
                };
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        foreach (var text in request.Lots ?? [])
        {
            var parsed = text.Contains(':', StringComparison.Ordinal) ? Lookup.LotQuantity(text, "lot") : (text, 0m);
            if (!parsed.TryGet(out var use, out var parseError))
            {
                return parseError;
            }

            if (await AddLotAsync(use.Lot, use.Quantity == 0 ? null : use.Quantity, null, "lot") is { } problem)
            {
                return problem;
            }
        }

        foreach (var text in request.Units ?? [])
        {
            if (await AddUnitAsync(text, null, "unit") is { } problem)
            {
                return problem;
            }
        }

        foreach (var text in request.Containers ?? [])
        {
            var container = ContainerId.Parse(text);
            if (!container.IsSuccess)
            {
                return container.Error!;
            }

            if (await ContainerQueries.KindAsync(write.Connection, write.Transaction, container.Value, cancellationToken) is null)
            {
                return new NotFound("container", container.Value.Value, "container");
            }

            if (await ContainerQueries.HoldersAsync(write.Connection, write.Transaction, ContentKind.Container, container.Value.Value, cancellationToken) is { Count: > 0 } outer)
            {
                return new RuleViolated("inside-container", $"container {container.Value} is inside {outer[0]}; ship {outer[0]}", "container");
            }

            containers.Add(container.Value);
            if (await AddContainerAsync(container.Value, container.Value, 0) is { } problem)
            {
                return problem;
            }
        }

        var id = ShipmentId.FromNumber(await write.PeekCounterAsync(NumberedId.Scope(ShipmentId.Prefix), cancellationToken));
        var shipped = new ShipmentShipped(id, order.Id, order.Customer, shipFrom.Value, reference.Value, lots, units, containers);
        if (request.Preview)
        {
            return new Response(id.Value, order.Id.Value, order.Customer.Value, lots, units, containers.Select(c => c.Value).ToList(), 0, Recorded: false);
        }

        var entries = await write.AppendAsync(new NewEvent(shipped, shippedOn?.Value ?? write.Now), cancellationToken);
        return new Response(id.Value, order.Id.Value, order.Customer.Value, lots, units, containers.Select(c => c.Value).ToList(), entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var order = new Option<string>("--order") { Description = "The order shipped against (SO-…)", Required = true };
        var lot = new Option<string[]>("--lot") { Description = "LOT:QTY (or LOT for all of it); repeat or comma-separate", AllowMultipleArgumentsPerToken = true };
        var unit = new Option<string[]>("--unit") { Description = "Serialized units; repeat or comma-separate", AllowMultipleArgumentsPerToken = true };
        var container = new Option<string[]>("--container") { Description = "Containers (SSCC), shipped with everything inside", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--ship-from") { Description = "Where it left from (default: main warehouse)" };
        var reference = new Option<string?>("--reference") { Description = "Delivery note / waybill" };
        var shippedOn = new Option<string?>("--shipped-on") { Description = "Ship date (default now)" };
        var command = new Command("ship", "Ship lots, units and containers against an order") { order, lot, unit, container, from, reference, shippedOn };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(
                p.GetValue(order), Production.RecordManufacture.Split(p.GetValue(lot)), Production.RecordManufacture.Split(p.GetValue(unit)), Production.RecordManufacture.Split(p.GetValue(container)),
                p.GetValue(from), p.GetValue(reference), p.GetValue(shippedOn)), ct),
            (o, r) =>
            {
                o.WriteLine($"{r.Shipment} to {r.Customer} against {r.Order}");
                foreach (var lot in r.Lots)
                {
                    o.WriteLine($"  lot {lot.Lot} {Lookup.Format(lot.Quantity)} {lot.Uom}{(lot.Container is null ? "" : $" in {lot.Container}")}");
                }

                foreach (var unit in r.Units)
                {
                    o.WriteLine($"  unit {unit.Unit}{(unit.Container is null ? "" : $" in {unit.Container}")}");
                }
            }));
        return command;
    }
}
