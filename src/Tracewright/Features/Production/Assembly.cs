using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>
/// Install a serialized component or a quantity of lot-controlled material into a unit, or remove it
/// (rework, repair). A component is in at most one parent at a time, never in itself or its own
/// descendants; removal ends the link at that moment and keeps the history.
/// </summary>
public static class Assembly
{
    public sealed record Request(string? Parent, string? Component = null, string? Lot = null, string? Reason = null, string? Operator = null, string? Machine = null, string? Tool = null, string? Station = null);

    public sealed record Response(string Parent, string Component, bool Installed, long Sequence);

    public static async Task<Result<Response>> InstallAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var work = Work(request, actor);
        if (!work.TryGet(out var context, out var workError))
        {
            return workError;
        }

        if ((request.Component is null) == (request.Lot is null))
        {
            return new InvalidInput("component", "install either a serialized component (--component) or lot material (--lot LOT:QTY)");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var parentFound = await Lookup.UnitAsync(write.Connection, write.Transaction, request.Parent, "parent", cancellationToken);
        if (!parentFound.TryGet(out var parent, out var parentError))
        {
            return parentError;
        }

        if (parent.Status is UnitStatus.Scrapped or UnitStatus.Consumed)
        {
            return new RuleViolated("illegal-status", $"unit {parent.Id} is {Unit.Describe(parent.Status)}; nothing can be installed in it", "parent");
        }

        ComponentInstalled installed;
        if (request.Component is not null)
        {
            var componentFound = await Lookup.UnitAsync(write.Connection, write.Transaction, request.Component, "component", cancellationToken);
            if (!componentFound.TryGet(out var component, out var componentError))
            {
                return componentError;
            }

            var usable = component.MustBeUsable("installed");
            if (!usable.IsSuccess)
            {
                return usable.Error!;
            }

            if (component.Parent is { } current)
            {
                return new StateConflict("already-installed", $"unit {component.Id} is already installed in {current}; remove it from there first", "component");
            }

            if (await ProductionQueries.IsSelfOrAncestorAsync(write.Connection, write.Transaction, parent.Id, component.Id, cancellationToken))
            {
                return new RuleViolated("assembly-cycle", component.Id == parent.Id
                    ? $"unit {component.Id} cannot be installed into itself"
                    : $"unit {component.Id} contains {parent.Id}; installing it there would make a cycle", "component");
            }

            var holders = await ContainerQueries.HoldersAsync(write.Connection, write.Transaction, ContentKind.Unit, component.Id.Value, cancellationToken);
            if (holders.Count > 0)
            {
                return new StateConflict("packed", $"unit {component.Id} is packed in container {holders[0]}; unpack it first", "component");
            }

            installed = new ComponentInstalled(parent.Id, component.Id, null, null, null, context);
        }
        else
        {
            var parsed = Lookup.LotQuantity(request.Lot!, "lot");
            if (!parsed.TryGet(out var use, out var parseError))
            {
                return parseError;
            }

            var lotFound = await Lookup.LotAsync(write.Connection, write.Transaction, use.Lot, "lot", cancellationToken);
            if (!lotFound.TryGet(out var lot, out var lotError))
            {
                return lotError;
            }

            if (lot.Status != LotStatus.Available)
            {
                return new RuleViolated("not-available", $"lot {lot.Id} is {lot.Status.Describe()}{(lot.StatusReason is null ? "" : $" ({lot.StatusReason})")} and cannot be installed", "lot");
            }

            if (use.Quantity > lot.Quantity)
            {
                return new RuleViolated("insufficient-quantity", $"lot {lot.Id} holds {Lookup.Format(lot.Quantity)} {lot.Uom}; {Lookup.Format(use.Quantity)} {lot.Uom} was asked for", "lot");
            }

            installed = new ComponentInstalled(parent.Id, null, lot.Id, use.Quantity, lot.Quantity - use.Quantity, context);
        }

        var entries = await write.AppendAsync(new NewEvent(installed, write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(parent.Id.Value, installed.Component?.Value ?? installed.Lot!.Value.Value, true, entries[0].Sequence);
    }

    public static async Task<Result<Response>> RemoveAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var work = Work(request, actor);
        var reason = Text.Required(request.Reason, "reason", 500);
        var firstError = work.Error ?? reason.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        if ((request.Component is null) == (request.Lot is null))
        {
            return new InvalidInput("component", "remove either a serialized component (--component) or lot material (--lot LOT)");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var parentFound = await Lookup.UnitAsync(write.Connection, write.Transaction, request.Parent, "parent", cancellationToken);
        if (!parentFound.TryGet(out var parent, out var parentError))
        {
            return parentError;
        }

        UnitId? componentId = null;
        LotId? lotId = null;
        if (request.Component is not null)
        {
            var componentFound = await Lookup.UnitAsync(write.Connection, write.Transaction, request.Component, "component", cancellationToken);
            if (!componentFound.TryGet(out var component, out var componentError))
            {
                return componentError;
            }

            componentId = component.Id;
        }
        else
        {
            var lot = LotId.Parse(request.Lot);
            if (!lot.IsSuccess)
            {
                return lot.Error!;
            }

            lotId = lot.Value;
        }

        var links = await ProductionQueries.ComponentLinksAsync(write.Connection, write.Transaction, parent.Id, cancellationToken);
        var target = componentId?.Value ?? lotId!.Value.Value;
        if (!links.Any(l => l.ComponentId == target && l.RemovedSequence is null))
        {
            return new RuleViolated("not-installed", $"{target} is not installed in {parent.Id}", "component");
        }

        var removed = new ComponentRemoved(parent.Id, componentId, lotId, work.Value);
        var entries = await write.AppendAsync(new NewEvent(removed, write.Now, reason.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(parent.Id.Value, target, false, entries[0].Sequence);
    }

    private static Result<WorkContext> Work(Request r, string actor) => WorkContext.Parse(r.Operator ?? actor, r.Machine, r.Tool, r.Station);

    public static IEnumerable<Command> Verbs(CliHost host)
    {
        foreach (var install in new[] { true, false })
        {
            var parent = new Argument<string>("parent") { Description = "The unit (SERIAL or ITEM:SERIAL)" };
            var component = new Option<string?>("--component") { Description = "Serialized component (SERIAL or ITEM:SERIAL)" };
            var lot = new Option<string?>("--lot") { Description = install ? "Lot material LOT:QTY" : "Lot material LOT" };
            var reason = new Option<string?>("--reason") { Description = "Why it comes out (required)", Required = !install };
            var worker = new Option<string?>("--operator") { Description = "Who did the work (default: who records)" };
            var station = new Option<string?>("--station") { Description = "Station / work centre" };
            var command = new Command(install ? "install" : "remove", install ? "Install a component or material into a unit" : "Remove a component from a unit (rework, repair)")
            {
                parent, component, lot, worker, station,
            };
            if (!install)
            {
                command.Add(reason);
            }

            command.SetAction(host.Run(
                (p, shop, ct) =>
                {
                    var request = new Request(p.GetValue(parent), p.GetValue(component), p.GetValue(lot), install ? null : p.GetValue(reason), p.GetValue(worker), Station: p.GetValue(station));
                    return install ? InstallAsync(shop, host.ActorOf(p), request, ct) : RemoveAsync(shop, host.ActorOf(p), request, ct);
                },
                (o, r) => o.WriteLine(r.Installed ? $"{r.Component} installed in {r.Parent}" : $"{r.Component} removed from {r.Parent}")));
            yield return command;
        }
    }
}
