using System.CommandLine;
using System.Data.Common;
using Dapper;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Domain.Trace;

namespace Tracewright.Features.Trace;

/// <summary>
/// <c>tracewright recall ID</c> (source 000: "contact only the 34 affected customers, not 400+"): from a
/// supplier's notice on a lot or heat number, exactly what is affected — manufacture records, lots and units
/// still in the building, what shipped, the orders and the customers to contact — each with the path that
/// makes it affected; and, on request, block everything affected that is still in the building.
/// </summary>
public static partial class Recall
{
    public sealed record Request(string? Id, string? From = null, string? To = null, bool ExcludeScrapped = false, bool Block = false, string? Reason = null);

    /// <summary>An affected record; <see cref="At"/> is when a manufacture record finished (as recorded, UTC).</summary>
    public sealed record Affected(string Kind, string Id, string Item, string Description, string Status, decimal? Quantity, string? Uom, IReadOnlyList<string> Path, string? At = null)
    {
        /// <summary>The path as a sentence a person reads (issue 14).</summary>
        public PathSentence Sentence { get; init; } = PathSentence.Empty;
    }

    /// <summary>One affected shipment line: the key data elements a recall notice and a regulator ask for.</summary>
    public sealed record ShippedLine(
        string TraceabilityLotCode, string Kind, string Item, string Description, decimal Quantity, string Uom,
        string ShipDate, string ShipFrom, string Shipment, string? ShipmentReference, string Order, string? OrderReference,
        string Customer, string Recipient, string? Contact, string? Email, string? Phone, string? Address, IReadOnlyList<string> Path)
    {
        /// <summary>The path as a sentence a person reads (issue 14).</summary>
        public PathSentence Sentence { get; init; } = PathSentence.Empty;
    }

    public sealed record CustomerToContact(string Customer, string Name, string? Contact, string? Email, string? Phone, string? Address, IReadOnlyList<string> Shipments, IReadOnlyList<string> Path)
    {
        /// <summary>The path as a sentence a person reads (issue 14).</summary>
        public PathSentence Sentence { get; init; } = PathSentence.Empty;
    }

    /// <summary>
    /// The whole answer, or with a page asked for (the API), that page of each list: <see cref="Totals"/> counts each list
    /// whole and <see cref="NextPage"/> is the page that follows while any list has more.
    /// </summary>
    public sealed record Response(
        string Start,
        IReadOnlyList<string> StartLots,
        IReadOnlyList<Affected> ManufactureRecords,
        IReadOnlyList<Affected> InBuilding,
        IReadOnlyList<ShippedLine> Shipped,
        IReadOnlyList<string> Orders,
        IReadOnlyList<CustomerToContact> Customers,
        IReadOnlyList<string> Blocked,
        Totals? Totals = null,
        int? NextPage = null)
    {
        /// <summary>Page <paramref name="page"/> of every list; the totals are of the whole answer.</summary>
        public Response PageOf(Web.Paging page)
        {
            var records = page.Slice(ManufactureRecords);
            var inBuilding = page.Slice(InBuilding);
            var shipped = page.Slice(Shipped);
            var orders = page.Slice(Orders);
            var customers = page.Slice(Customers);
            var blocked = page.Slice(Blocked);
            var more = records.HasMore || inBuilding.HasMore || shipped.HasMore || orders.HasMore || customers.HasMore || blocked.HasMore;
            return this with
            {
                ManufactureRecords = records.Items,
                InBuilding = inBuilding.Items,
                Shipped = shipped.Items,
                Orders = orders.Items,
                Customers = customers.Items,
                Blocked = blocked.Items,
                Totals = new Totals(ManufactureRecords.Count, InBuilding.Count, Shipped.Count, Orders.Count, Customers.Count, Blocked.Count),
                NextPage = more ? page.Page + 1 : null,
            };
        }
    }

    /// <summary>How long each list of a recall is in full.</summary>
    public sealed record Totals(int ManufactureRecords, int InBuilding, int Shipped, int Orders, int Customers, int Blocked);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        Result<DateTimeOffset>? from = request.From is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(request.From, "from");
        Result<DateTimeOffset>? to = request.To is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(request.To, "to");
        Result<string>? reason = request.Block ? Text.Required(request.Reason, "reason", 500) : default(Result<string>?);
        var error = from?.Error ?? to?.Error ?? reason?.Error;
        if (error is not null)
        {
            return error;
        }

        if (from is not null && to is not null && to.Value.Value <= from.Value.Value)
        {
            return new InvalidInput("to", "to must be after from");
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var start = await TraceStart.ResolveAsync(
            connection, request.Id, from is null ? null : Timestamp.ToText(from.Value.Value), to is null ? null : Timestamp.ToText(to.Value.Value), cancellationToken);
        if (!start.TryGet(out var begin, out var startError))
        {
            return startError;
        }

        var index = await shop.GenealogyAsync(cancellationToken);
        var links = new HashSet<(NodeKey From, NodeKey To)>();
        var timed = new HashSet<(NodeKey From, NodeKey To, long At)>();
        var hits = index.Forward(begin.Nodes, links, timed);
        // A hit's path is built on each read: read each once, and keep the steps to extend a shipment line's own path.
        var steps = hits.ToDictionary(h => h.Node, h => h.Path);
        foreach (var named in begin.Nodes)
        {
            steps[named] = [new TraceStep(named, null, null)];
        }

        var paths = steps.ToDictionary(s => s.Key, s => TraceRecords.Describe(s.Value));
        var words = await PathWords.LoadAsync(connection, steps.Values, cancellationToken);
        var items = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).ToDictionary(i => i.Code);

        var records = new List<Affected>();
        var inBuilding = new List<Affected>();
        var blockLots = new List<Lot>();
        var blockUnits = new List<Unit>();
        // The named lots themselves are affected first of all: what is left of them must be blocked too.
        var everything = begin.Nodes.Select(n => new TraceHit(n, [new TraceStep(n, null, null)])).Concat(hits).ToList();

        // Every affected record read at once, kind by kind: a heat can reach tens of thousands.
        IEnumerable<T> Ids<T>(NodeKind kind) where T : struct, IIdentifier<T> => everything.Where(h => h.Node.Kind == kind).Select(h => Identifier.FromStored<T>(h.Node.Id));
        var runs = await ProductionQueries.FindManufacturesAsync(connection, null, Ids<ManufactureId>(NodeKind.Manufacture), cancellationToken);
        var lots = await MaterialsQueries.FindLotsAsync(connection, Ids<LotId>(NodeKind.Lot), cancellationToken);
        var units = await ProductionQueries.FindUnitsAsync(connection, Ids<UnitId>(NodeKind.Unit), cancellationToken);
        var ancestors = await AncestorsAsync(connection, units, cancellationToken);
        foreach (var hit in everything.OrderBy(h => h.Node.Kind).ThenBy(h => h.Node.Id, StringComparer.Ordinal))
        {
            switch (hit.Node.Kind)
            {
                case NodeKind.Manufacture:
                    var record = runs.GetValueOrDefault(Identifier.FromStored<ManufactureId>(hit.Node.Id));
                    if (record is not null)
                    {
                        records.Add(new Affected("manufacture", record.Id.Value, record.Product.Value, Describe(items, record.Product), $"finished {record.FinishedAt}", record.OutputQuantity, null, paths[hit.Node], record.FinishedAt) { Sentence = words.Forward(steps[hit.Node]) });
                    }

                    break;
                case NodeKind.Lot:
                    var lot = lots.GetValueOrDefault(Identifier.FromStored<LotId>(hit.Node.Id));
                    if (lot is not null && lot.Quantity > 0 && lot.Status is LotStatus.Available or LotStatus.Quarantine or LotStatus.Blocked or LotStatus.Scrapped
                        && !(request.ExcludeScrapped && lot.Status == LotStatus.Scrapped))
                    {
                        inBuilding.Add(new Affected("lot", lot.Id.Value, lot.Item.Value, Describe(items, lot.Item), lot.Status.Describe(), lot.Quantity, lot.Uom.Value, paths[hit.Node]) { Sentence = words.Forward(steps[hit.Node]) });
                        if (lot.Status is LotStatus.Available or LotStatus.Quarantine)
                        {
                            blockLots.Add(lot);
                        }
                    }

                    break;
                case NodeKind.Unit:
                    var unit = units.GetValueOrDefault(Identifier.FromStored<UnitId>(hit.Node.Id));
                    if (unit is not null && Unit.InBuilding(unit, AncestorsOf(unit, ancestors))
                        && !(request.ExcludeScrapped && unit.Status == UnitStatus.Scrapped))
                    {
                        inBuilding.Add(new Affected("unit", unit.Id.Value, unit.Item.Value, Describe(items, unit.Item), Unit.Describe(unit.Status), 1, "ea", paths[hit.Node]) { Sentence = words.Forward(steps[hit.Node]) });
                        if (unit.Status is UnitStatus.Available or UnitStatus.Returned)
                        {
                            blockUnits.Add(unit);
                        }
                    }

                    break;
            }
        }

        var shipped = new List<ShippedLine>();
        var orders = new SortedSet<string>(StringComparer.Ordinal);
        var customers = new Dictionary<string, (CustomerToContact Contact, SortedSet<string> Shipments)>(StringComparer.Ordinal);
        var shipments = await ShippingQueries.FindShipmentsAsync(connection, null, hits.Where(h => h.Node.Kind == NodeKind.Shipment).Select(h => Identifier.FromStored<ShipmentId>(h.Node.Id)), cancellationToken);
        var ordersOf = await ShippingQueries.FindOrdersAsync(connection, null, shipments.Values.Select(s => s.Order), cancellationToken);
        var customersOf = await ShippingQueries.FindCustomersAsync(connection, null, shipments.Values.Select(s => s.Customer), cancellationToken);
        foreach (var hit in hits.Where(h => h.Node.Kind == NodeKind.Shipment).OrderBy(h => h.Node.Id, StringComparer.Ordinal))
        {
            var shipment = shipments[Identifier.FromStored<ShipmentId>(hit.Node.Id)];
            var order = ordersOf[shipment.Order];
            var customer = customersOf[shipment.Customer];
            var carried = shipment.Lines.Where(l => l.ViaContainer is null && links.Contains((LineNode(l), hit.Node))).ToList();
            foreach (var line in carried)
            {
                // A container line carries what was inside it; list those contents as the lines that left.
                var contents = line.Kind == "container" ? shipment.Lines.Where(l => l.ViaContainer == line.Id).ToList() : [line];
                foreach (var content in contents.Count == 0 ? [line] : contents)
                {
                    ItemCode? item = content.Item is null ? null : Identifier.FromStored<ItemCode>(content.Item);
                    var linePath = LinePath(steps, links, line, content, hit.Node);
                    shipped.Add(new ShippedLine(
                        content.Id, content.Kind, content.Item ?? "", item is null ? $"container {content.Id}" : Describe(items, item.Value), content.Quantity ?? 1, content.Uom ?? "container",
                        shipment.ShippedAt, shipment.ShipFrom, shipment.Id.Value, shipment.Reference, order.Id.Value, order.Reference,
                        customer.Id.Value, customer.Name, customer.ContactName, customer.Email, customer.Phone, customer.Address,
                        TraceRecords.Describe(linePath)) { Sentence = words.Forward(linePath) });
                }
            }

            orders.Add(order.Id.Value);
            if (!customers.TryGetValue(customer.Id.Value, out var entry))
            {
                var contact = new CustomerToContact(customer.Id.Value, customer.Name, customer.ContactName, customer.Email, customer.Phone, customer.Address, [],
                    paths.TryGetValue(new NodeKey(NodeKind.Customer, customer.Id.Value), out var p) ? p : [])
                {
                    Sentence = steps.TryGetValue(new NodeKey(NodeKind.Customer, customer.Id.Value), out var toCustomer) ? words.Forward(toCustomer) : PathSentence.Empty,
                };
                customers[customer.Id.Value] = entry = (contact, new SortedSet<string>(StringComparer.Ordinal));
            }

            entry.Shipments.Add(shipment.Id.Value);
        }

        // Captured EPCIS events reached by the same trace (issue 15): their shipments, transformations and what is still here.
        var lists = new Lists(records, inBuilding, shipped, orders, customers);
        await AddCapturedAsync(connection, everything, steps, paths, words, timed, request.ExcludeScrapped, lists, cancellationToken);
        var contacts = customers.Values.OrderBy(c => c.Contact.Customer, StringComparer.Ordinal)
            .Select(c => c.Contact with { Shipments = c.Shipments.ToList() })
            .ToList();

        var blocked = new List<string>();
        if (request.Block && (blockLots.Count > 0 || blockUnits.Count > 0 || lists.Blockable.Count > 0))
        {
            await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
            var why = $"recall of {begin.Describes}: {reason!.Value.Value}";
            var events = new List<NewEvent>();
            foreach (var lot in blockLots)
            {
                // Re-read inside the write lock: the status may have changed since the trace.
                var current = await MaterialsQueries.FindLotAsync(write.Connection, write.Transaction, lot.Id, cancellationToken);
                if (current?.Block() is { IsSuccess: true } change)
                {
                    events.Add(new NewEvent(change.Value, write.Now, why));
                    blocked.Add(lot.Id.Value);
                }
            }

            foreach (var unit in blockUnits)
            {
                var current = await ProductionQueries.FindUnitAsync(write.Connection, write.Transaction, unit.Id, cancellationToken);
                if (current is { Status: UnitStatus.Available or UnitStatus.Returned } && current.ChangeStatus(UnitStatus.Blocked) is { IsSuccess: true } change)
                {
                    events.Add(new NewEvent(change.Value, write.Now, why));
                    blocked.Add(unit.Id.Value);
                }
            }

            events.AddRange(BlockCaptured(lists.Blockable, write.Now, why));
            blocked.AddRange(lists.Blockable.Select(b => b.Code));
            await write.AppendAsync(events, cancellationToken);
            await write.CommitAsync(cancellationToken);
        }

        return new Response(begin.Describes, begin.Nodes.Select(n => n.Id).ToList(), records, inBuilding, shipped, orders.ToList(), contacts, blocked);
    }

    /// <summary>
    /// The path of one shipment line (issue 14): the shipment's own path is only the first way the trace reached it, and a
    /// shipment carrying several affected products came through each by its own way. A line is its node's path, then the
    /// shipment; a container's content is its own path into the container when it is affected itself, else the container's.
    /// </summary>
    /// <summary>Every unit the affected units are installed in, up to the outermost, read a level at a time.</summary>
    private static async Task<Dictionary<UnitId, Unit>> AncestorsAsync(DbConnection connection, IReadOnlyDictionary<UnitId, Unit> units, CancellationToken cancellationToken)
    {
        var known = new Dictionary<UnitId, Unit>(units);
        var wanted = units.Values.Where(u => u.Parent is { } p && !known.ContainsKey(p)).Select(u => u.Parent!.Value).ToHashSet();
        while (wanted.Count > 0)
        {
            var found = await ProductionQueries.FindUnitsAsync(connection, wanted, cancellationToken);
            foreach (var (id, unit) in found)
            {
                known[id] = unit;
            }

            wanted = found.Values.Where(u => u.Parent is { } p && !known.ContainsKey(p)).Select(u => u.Parent!.Value).ToHashSet();
        }

        return known;
    }

    private static IEnumerable<Unit> AncestorsOf(Unit unit, IReadOnlyDictionary<UnitId, Unit> known)
    {
        var seen = new HashSet<UnitId>();
        for (var parent = unit.Parent; parent is { } p && seen.Add(p) && known.TryGetValue(p, out var next); parent = next.Parent)
        {
            yield return next;
        }
    }

    private static IReadOnlyList<TraceStep> LinePath(
        IReadOnlyDictionary<NodeKey, IReadOnlyList<TraceStep>> steps, ISet<(NodeKey From, NodeKey To)> links, ShipmentLine line, ShipmentLine content, NodeKey shipment)
    {
        var shippedStep = steps[shipment][^1];
        var lineNode = LineNode(line);
        IReadOnlyList<TraceStep> toLine;
        if (content != line && steps.TryGetValue(LineNode(content), out var own) && links.Contains((LineNode(content), lineNode)))
        {
            var container = steps[lineNode];
            var packedAt = container.Count > 1 && container[^2].Node == LineNode(content) ? container[^1].At : null;
            toLine = [.. own, new TraceStep(lineNode, StepKind.Packed, packedAt)];
        }
        else
        {
            toLine = steps[lineNode];
        }

        return [.. toLine, new TraceStep(shipment, shippedStep.Via ?? StepKind.Shipped, shippedStep.At)];
    }

    private static NodeKey LineNode(ShipmentLine line) => new(line.Kind switch
    {
        "lot" => NodeKind.Lot,
        "unit" => NodeKind.Unit,
        _ => NodeKind.Container,
    }, line.Id);

    private static string Describe(IReadOnlyDictionary<ItemCode, Item> items, ItemCode code) => items.TryGetValue(code, out var item) ? item.Description : code.Value;

    public static Command Verb(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "The lot, heat or supplier lot number (or certificate) the notice names" };
        var from = new Option<string?>("--from") { Description = "Only deliveries of that number received from this time" };
        var to = new Option<string?>("--to") { Description = "…and before this time" };
        var excludeScrapped = new Option<bool>("--exclude-scrapped") { Description = "Leave scrapped stock out of the in-building list" };
        var block = new Option<bool>("--block") { Description = "Block everything affected still in the building (needs --reason)" };
        var reason = new Option<string?>("--reason") { Description = "The recall's reason, recorded on every block" };
        var csv = new Option<string?>("--csv") { Description = "Write the affected shipment lines as CSV" };
        var xlsx = new Option<string?>("--xlsx") { Description = "Write them as a sortable XLSX spreadsheet" };
        var report = new Option<string?>("--report") { Description = "Write a printable report (HTML)" };
        var command = new Command("recall", "Who and what is affected by a lot or heat number; optionally block what is still here") { id, from, to, excludeScrapped, block, reason, csv, xlsx, report };
        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var result = await HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(id), p.GetValue(from), p.GetValue(to), p.GetValue(excludeScrapped), p.GetValue(block), p.GetValue(reason)), ct);
                if (!result.TryGet(out var recall, out _))
                {
                    return result;
                }

                foreach (var (path, write) in new (string? Path, Func<Response, byte[]> Write)[] { (p.GetValue(csv), RecallExports.Csv), (p.GetValue(xlsx), RecallExports.Xlsx), (p.GetValue(report), RecallExports.Html) })
                {
                    if (path is not null)
                    {
                        var written = await Labels.PrintLabel.WriteAsync(path, write(recall), ct);
                        if (!written.IsSuccess)
                        {
                            return written.Error!;
                        }
                    }
                }

                return result;
            },
            (o, r) =>
            {
                o.WriteLine($"recall of {r.Start}: {r.Customers.Count} customers to contact, {r.Shipped.Count} shipment lines, {r.Orders.Count} orders, {r.ManufactureRecords.Count} manufacture records, {r.InBuilding.Count} lots/units still here");
                foreach (var customer in r.Customers)
                {
                    o.WriteLine($"  {customer.Customer} {customer.Name}: {customer.Contact} {customer.Email} {customer.Phone} — {string.Join(", ", customer.Shipments)}");
                }

                foreach (var here in r.InBuilding)
                {
                    o.WriteLine($"  here: {here.Kind} {here.Id} {here.Item} {here.Status}{(here.Quantity is null ? "" : $" {Production.Lookup.Format(here.Quantity.Value)} {here.Uom}")}");
                }

                if (r.Blocked.Count > 0)
                {
                    o.WriteLine($"  blocked: {string.Join(", ", r.Blocked)}");
                }
            }));
        return command;
    }
}
