using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>
/// Boxes and pallets: created with an SSCC, packed with units, lot quantities or other containers, and
/// unpacked. A unit or container is in at most one container at a time; a container never goes inside
/// itself.
/// </summary>
public static class Containers
{
    /// <summary>GS1's own example company prefix, used until a shop sets one (<see cref="Gs1Prefix"/>).</summary>
    public const string ExampleCompanyPrefix = "0614141";

    public sealed record CreateRequest(string? Kind, string? CompanyPrefix = null);

    public sealed record PackRequest(string? Container, string? Unit = null, string? Lot = null, string? Inner = null);

    public sealed record Response(string Container, string Kind, string? Content, bool Packed, long Sequence);

    public static async Task<Result<Response>> CreateAsync(Shop shop, string actor, CreateRequest request, CancellationToken cancellationToken)
    {
        var kind = request.Kind?.Trim().ToLowerInvariant();
        if (kind is not ("box" or "pallet" or "tote" or "crate"))
        {
            return new InvalidInput("kind", $"kind '{request.Kind}' must be box, pallet, tote or crate");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        // The prefix in force now: the ledger setting wins; existing SSCCs never change.
        var prefix = Gs1Prefix.Resolve(await ContainerQueries.Gs1CompanyPrefixAsync(write.Connection, write.Transaction, cancellationToken), request.CompanyPrefix).Prefix;
        var scope = "SSCC:" + prefix;
        var counter = await write.PeekCounterAsync(scope, cancellationToken);
        var id = ContainerId.Create(prefix, counter);
        if (!id.TryGet(out var sscc, out var error))
        {
            return error;
        }

        var entries = await write.AppendAsync(new NewEvent(new ContainerCreated(sscc, kind, scope, counter), write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(sscc.Value, kind, null, false, entries[0].Sequence);
    }

    public static async Task<Result<Response>> PackAsync(Shop shop, string actor, PackRequest request, bool pack, CancellationToken cancellationToken)
    {
        var containerId = ContainerId.Parse(request.Container);
        if (!containerId.IsSuccess)
        {
            return containerId.Error!;
        }

        if (new[] { request.Unit, request.Lot, request.Inner }.Count(x => x is not null) != 1)
        {
            return new InvalidInput("unit", "name exactly one thing: --unit, --lot or --container");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var kind = await ContainerQueries.KindAsync(write.Connection, write.Transaction, containerId.Value, cancellationToken);
        if (kind is null)
        {
            return new NotFound("container", containerId.Value.Value, "container");
        }

        ContentKind contentKind;
        string content;
        decimal? quantity = null;
        if (request.Unit is not null)
        {
            var found = await Lookup.UnitAsync(write.Connection, write.Transaction, request.Unit, "unit", cancellationToken);
            if (!found.TryGet(out var unit, out var unitError))
            {
                return unitError;
            }

            if (pack)
            {
                var usable = unit.Status is UnitStatus.Available or UnitStatus.Returned
                    ? (Result<Unit>)unit
                    : new RuleViolated("not-available", $"unit {unit.Id} is {Unit.Describe(unit.Status)} and cannot be packed", "unit");
                if (!usable.IsSuccess)
                {
                    return usable.Error!;
                }

                if (unit.Parent is { } parent)
                {
                    return new RuleViolated("installed", $"unit {unit.Id} is installed in {parent}; pack {parent} instead", "unit");
                }
            }

            (contentKind, content) = (ContentKind.Unit, unit.Id.Value);
        }
        else if (request.Lot is not null)
        {
            string lotText = request.Lot;
            if (pack && request.Lot.Contains(':', StringComparison.Ordinal))
            {
                var parsed = Lookup.LotQuantity(request.Lot, "lot");
                if (!parsed.TryGet(out var use, out var parseError))
                {
                    return parseError;
                }

                (lotText, quantity) = (use.Lot, use.Quantity);
            }

            var found = await Lookup.LotAsync(write.Connection, write.Transaction, lotText, "lot", cancellationToken);
            if (!found.TryGet(out var lot, out var lotError))
            {
                return lotError;
            }

            if (pack && (lot.Status.IsFinal() || (quantity ?? lot.Quantity) > lot.Quantity))
            {
                return new RuleViolated("not-available", $"lot {lot.Id} is {lot.Status.Describe()} with {Lookup.Format(lot.Quantity)} {lot.Uom} on hand; it cannot be packed{(quantity is null ? "" : $" ({Lookup.Format(quantity.Value)} asked)")}", "lot");
            }

            (contentKind, content) = (ContentKind.Lot, lot.Id.Value);
            quantity ??= pack ? lot.Quantity : null;
        }
        else
        {
            var inner = ContainerId.Parse(request.Inner);
            if (!inner.IsSuccess)
            {
                return inner.Error!;
            }

            if (await ContainerQueries.KindAsync(write.Connection, write.Transaction, inner.Value, cancellationToken) is null)
            {
                return new NotFound("container", inner.Value.Value, "container");
            }

            if (pack && await ContainerQueries.IsSelfOrOuterAsync(write.Connection, write.Transaction, containerId.Value, inner.Value, cancellationToken))
            {
                return new RuleViolated("container-cycle", $"container {inner.Value} holds {containerId.Value}, or is it; packing it there would make a cycle", "container");
            }

            (contentKind, content) = (ContentKind.Container, inner.Value.Value);
        }

        var holders = await ContainerQueries.HoldersAsync(write.Connection, write.Transaction, contentKind, content, cancellationToken);
        ILedgerEvent e;
        if (pack)
        {
            if (holders.Contains(containerId.Value) || (contentKind != ContentKind.Lot && holders.Count > 0))
            {
                return new StateConflict("already-packed", $"{content} is already in container {holders[0]}; unpack it first", "unit");
            }

            e = new ContainerPacked(containerId.Value, contentKind, content, quantity);
        }
        else
        {
            if (!holders.Contains(containerId.Value))
            {
                return new RuleViolated("not-packed", $"{content} is not in container {containerId.Value}", "unit");
            }

            e = new ContainerUnpacked(containerId.Value, contentKind, content);
        }

        var entries = await write.AppendAsync(new NewEvent(e, write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(containerId.Value.Value, kind, content, pack, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var kind = new Option<string>("--kind") { Description = "box, pallet, tote or crate", Required = true };
        var create = new Command("create", "Create a box or pallet with a new SSCC") { kind };
        create.SetAction(host.Run(
            (p, shop, ct) => CreateAsync(shop, host.ActorOf(p), new CreateRequest(p.GetValue(kind), host.Environment(Gs1Prefix.EnvironmentVariable)), ct),
            (o, r) => o.WriteLine($"{r.Kind} {r.Container} created")));
        var container = new Command("container", "Boxes and pallets (SSCC)") { create };
        foreach (var pack in new[] { true, false })
        {
            var id = new Argument<string>("container") { Description = "The container's SSCC" };
            var unit = new Option<string?>("--unit") { Description = "A unit (SERIAL or ITEM:SERIAL)" };
            var lot = new Option<string?>("--lot") { Description = pack ? "A lot, LOT or LOT:QTY" : "A lot" };
            var inner = new Option<string?>("--container") { Description = "Another container's SSCC" };
            var command = new Command(pack ? "pack" : "unpack", pack ? "Put a unit, lot or container into a container" : "Take it out again") { id, unit, lot, inner };
            command.SetAction(host.Run(
                (p, shop, ct) => PackAsync(shop, host.ActorOf(p), new PackRequest(p.GetValue(id), p.GetValue(unit), p.GetValue(lot), p.GetValue(inner)), pack, ct),
                (o, r) => o.WriteLine(r.Packed ? $"{r.Content} packed into {r.Kind} {r.Container}" : $"{r.Content} taken out of {r.Kind} {r.Container}")));
            container.Add(command);
        }

        return container;
    }
}
