using System.Data.Common;
using Tracewright.Data.Epcis;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Shipping;
using Tracewright.Domain.Trace;
using Tracewright.Domain.Ledger;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Trace;

/// <summary>
/// The recall over captured EPCIS events (issue 15): the same answer as for native records, from the same trace. A shipping
/// event whose link to its destination the trace followed is a shipment line (the link is the event's own, timed by its
/// eventTime, so a container shipped before the material was packed into it, or after it was taken out, is not one); its
/// destination is the customer, with the name and contact details the party's master data gives; the transformations reached
/// are the manufacture records; an object reached whose last sighting did not take it away is still in the building.
/// Our own URIs read back as the native ids they name, so a store holding both a record and its export lists it once.
/// </summary>
public static partial class Recall
{
    /// <summary>The lists a recall fills, native records first.</summary>
    private sealed record Lists(
        List<Affected> Records, List<Affected> InBuilding, List<ShippedLine> Shipped, SortedSet<string> Orders,
        Dictionary<string, (CustomerToContact Contact, SortedSet<string> Shipments)> Customers)
    {
        /// <summary>Captured objects still here and not yet recalled: what <c>--block</c> blocks of them.</summary>
        public List<Blockable> Blockable { get; } = [];
    }

    /// <summary>A captured object a block would take: its canonical id, whether it is a class (a lot), where it was last seen, as listed.</summary>
    private sealed record Blockable(string Epc, bool IsClass, string? Location, string Code);

    private const string Recalled = "https://ref.gs1.org/cbv/Disp-recalled";

    /// <summary>
    /// Blocks of captured objects, as the EPCIS events they are (issue 15): an ObjectEvent OBSERVE, bizStep <c>holding</c>,
    /// disposition <c>recalled</c>, at the object's last known place, with the recall's reason as the extension <c>tw:reason</c>;
    /// stored like any captured event (ledger record with the reason, the same derived tables), so queries and exports state it
    /// and the recall lists the object as recalled. Without an eventID: its key is its hash ID, so an export imported elsewhere
    /// is captured once.
    /// </summary>
    private static IEnumerable<NewEvent> BlockCaptured(IEnumerable<Blockable> objects, DateTimeOffset now, string why)
    {
        var namespaces = new Dictionary<string, string> { ["tw"] = ExportEpcis.Namespace };
        foreach (var o in objects)
        {
            var e = new EpcisEvent
            {
                Type = EpcisEventType.ObjectEvent,
                Action = EpcisAction.Observe,
                EventTime = now,
                EventTimeZoneOffset = "+00:00",
                RecordTime = now,
                BizStep = CbvStem + "BizStep-holding",
                Disposition = Recalled,
                BizLocation = o.Location is { } location ? new EpcisLocation(location, []) : null,
                EpcList = o.IsClass ? [] : [o.Epc],
                QuantityList = o.IsClass ? [new EpcisQuantity(o.Epc, null, null)] : [],
                Extensions = [new EpcisExtensionElement(ExportEpcis.Namespace, "reason", "tw", why, EpcisValueKind.String, [])],
            };
            yield return new NewEvent(CaptureEpcis.ToLedger(e, EventHash.Compute(e).HashId, namespaces, EpcisSyntax.Json), now, why);
        }
    }

    private const string CbvStem = "https://ref.gs1.org/cbv/";

    /// <summary>
    /// Dispositions after which an object is no longer in the building (CBV 2.0). <c>destroyed</c> is not among them: scrap is
    /// listed (as native scrapped units and lots are) unless the recall leaves scrap out.
    /// </summary>
    private static readonly HashSet<string> Gone = new(
        new[] { "in_transit", "dispensed", "disposed", "retail_sold", "stolen" }.Select(d => CbvStem + "Disp-" + d), StringComparer.Ordinal);

    private static async Task AddCapturedAsync(
        DbConnection connection, IReadOnlyList<TraceHit> everything, IReadOnlyDictionary<NodeKey, IReadOnlyList<TraceStep>> steps,
        IReadOnlyDictionary<NodeKey, IReadOnlyList<string>> paths, PathWords words, ISet<(NodeKey From, NodeKey To, long At)> timed, bool excludeScrapped, Lists lists,
        CancellationToken cancellationToken)
    {
        var epcs = everything.Where(h => h.Node.Kind == NodeKind.Epc).Select(h => h.Node.Id).Distinct(StringComparer.Ordinal).ToList();
        var transformations = everything.Where(h => h.Node.Kind == NodeKind.Transformation).Select(h => h.Node.Id).Distinct(StringComparer.Ordinal).ToList();
        if (epcs.Count == 0 && transformations.Count == 0)
        {
            return;
        }

        var ownGtins = await TracewrightIdentifiers.OwnGtinsAsync(connection, cancellationToken);
        var itemWords = await TracewrightIdentifiers.ItemsAsync(connection, cancellationToken);
        await AddShippedAsync(connection, epcs, steps, paths, words, timed, lists, ownGtins, itemWords, cancellationToken);
        await AddTransformationsAsync(connection, transformations, steps, paths, words, lists, ownGtins, itemWords, cancellationToken);
        await AddInBuildingAsync(connection, epcs, steps, paths, words, excludeScrapped, lists, ownGtins, itemWords, cancellationToken);
    }

    private static async Task AddShippedAsync(
        DbConnection connection, IReadOnlyList<string> epcs, IReadOnlyDictionary<NodeKey, IReadOnlyList<TraceStep>> steps,
        IReadOnlyDictionary<NodeKey, IReadOnlyList<string>> paths, PathWords words, ISet<(NodeKey From, NodeKey To, long At)> timed, Lists lists, IReadOnlyDictionary<string, string> ownGtins,
        IReadOnlyDictionary<string, ItemWords> itemWords, CancellationToken cancellationToken)
    {
        var carried = (await EpcisRecallQueries.ShippedAsync(connection, epcs, cancellationToken))
            .Where(s => timed.Contains((new NodeKey(NodeKind.Epc, s.Epc), new NodeKey(NodeKind.Party, s.Party), Timestamp.FromText(s.EventTime).UtcTicks)))
            .ToList();
        if (carried.Count == 0)
        {
            return;
        }

        var keys = carried.Select(s => s.EventKey).Distinct(StringComparer.Ordinal).ToList();
        var transactions = (await EpcisRecallQueries.BizTransactionsAsync(connection, keys, cancellationToken)).ToLookup(t => t.EventKey, StringComparer.Ordinal);
        var sources = (await EpcisRecallQueries.SourcesAsync(connection, keys, cancellationToken)).ToLookup(t => t.EventKey, StringComparer.Ordinal);
        var references = (await EpcisQueries.EventsAsync(connection, keys, cancellationToken)).ToDictionary(r => r.EventKey, r => QueryEpcis.Stored(r).Event.Extensions, StringComparer.Ordinal);
        string? Reference(string eventKey, string field) =>
            references.TryGetValue(eventKey, out var extensions) ? ExportEpcis.FieldOf(extensions, field) : null;
        var named = carried.SelectMany(s => new[] { s.Party, s.BizLocation, s.ReadPoint, ClassOf(s.Epc) })
            .Concat(sources.SelectMany(g => g.Select(x => x.Value)))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var parties = await EpcisRecallQueries.PartiesAsync(connection, named, cancellationToken);
        var native = await ShippingQueries.FindCustomersAsync(
            connection, null,
            carried.Select(s => TracewrightIdentifiers.Own(s.Party, "customer")).OfType<string>().Distinct(StringComparer.Ordinal)
                .Select(c => CustomerId.Parse(c)).Where(c => c.IsSuccess).Select(c => c.Value),
            cancellationToken);

        string NameOf(string? id) => id is null ? "" : parties.TryGetValue(id, out var p) && p.Name is { } name ? name : id;
        var seen = lists.Shipped.Select(l => (l.Shipment, l.TraceabilityLotCode, l.Customer)).ToHashSet();
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shippedObject in carried)
        {
            foreach (var (s, packed) in await InsideAtShippingAsync(connection, shippedObject, cancellationToken))
            {
                await AddLineAsync(s, packed);
            }
        }

        async Task AddLineAsync(EpcisShippedObject s, IReadOnlyList<TraceStep> packed)
        {
            string? Transaction(string type) => transactions[s.EventKey].FirstOrDefault(t => t.Type == CbvStem + "BTT-" + type)?.Value;
            var party = new NodeKey(NodeKind.Party, s.Party);
            var ownCustomer = TracewrightIdentifiers.Own(s.Party, "customer");
            var customer = ownCustomer is not null && CustomerId.Parse(ownCustomer) is { IsSuccess: true } c ? native.GetValueOrDefault(c.Value) : null;
            var details = parties.GetValueOrDefault(s.Party);
            var contact = new CustomerToContact(
                ownCustomer ?? s.Party, details?.Name ?? customer?.Name ?? s.Party, details?.Contact ?? customer?.ContactName, details?.Email ?? customer?.Email,
                details?.Phone ?? customer?.Phone, details?.Address ?? customer?.Address, [], paths.TryGetValue(party, out var partyPath) ? partyPath : [])
            {
                Sentence = words.Forward(steps, party),
            };

            var desadv = Transaction("desadv");
            var shipment = desadv is null ? s.EventId ?? s.EventKey : TracewrightIdentifiers.Own(desadv, "shipment") ?? desadv;
            var po = Transaction("po");
            var order = po is null ? "" : TracewrightIdentifiers.Own(po, "order") ?? po;
            var (kind, code, item) = Describe(s.Epc, s.Role, ownGtins);
            if (!seen.Add((shipment, code, contact.Customer)))
            {
                return;
            }

            item = await ItemOfAsync(connection, s.Epc, kind, item, items, cancellationToken);
            var from = s.BizLocation ?? s.ReadPoint ?? sources[s.EventKey].FirstOrDefault()?.Value;
            var path = steps.TryGetValue(new NodeKey(NodeKind.Epc, s.Epc), out var toObject) ? toObject : [new TraceStep(new NodeKey(NodeKind.Epc, s.Epc), null, null)];
            IReadOnlyList<TraceStep> toParty = [.. path, .. packed, new TraceStep(party, StepKind.Shipped, Timestamp.FromText(s.EventTime))];
            lists.Shipped.Add(new ShippedLine(
                code, kind, item, ClassOf(s.Epc) is { } cls && parties.TryGetValue(cls, out var product) && product.Name is { } productName ? productName : itemWords.GetValueOrDefault(item)?.Description ?? item,
                s.Quantity ?? 1, itemWords.GetValueOrDefault(item)?.Shown(s.Uom ?? "EA") ?? s.Uom ?? "EA", s.EventTime, NameOf(from), shipment, Reference(s.EventKey, ExportEpcis.ShipmentReferenceField) ?? s.EventId ?? s.EventKey, order,
                Reference(s.EventKey, ExportEpcis.OrderReferenceField) ?? Transaction("inv"),
                contact.Customer, contact.Name, contact.Contact, contact.Email, contact.Phone, contact.Address,
                TraceRecords.Describe(toParty)) { Sentence = words.Forward(toParty) });
            if (order.Length > 0)
            {
                lists.Orders.Add(order);
            }

            if (!lists.Customers.TryGetValue(contact.Customer, out var entry))
            {
                lists.Customers[contact.Customer] = entry = (contact, new SortedSet<string>(StringComparer.Ordinal));
            }

            entry.Shipments.Add(shipment);
        }
    }

    /// <summary>
    /// What a shipping event's object stands for as shipment lines: a logistic unit (SSCC) is what was packed in it when it
    /// shipped (in nested SSCCs too), each with the quantity it was packed with — as a native shipment lists every unit and lot
    /// of a carton the trace reached; anything else (a unit with its installed components) is itself.
    /// </summary>
    private static async Task<List<(EpcisShippedObject Line, IReadOnlyList<TraceStep> Packed)>> InsideAtShippingAsync(
        DbConnection connection, EpcisShippedObject shipped, CancellationToken cancellationToken)
    {
        var lines = new List<(EpcisShippedObject, IReadOnlyList<TraceStep>)>();
        async Task Expand(string parent, IReadOnlyList<TraceStep> outer, int depth)
        {
            foreach (var link in await EpcisAsBuiltQueries.ChildrenAsync(connection, parent, cancellationToken))
            {
                var inside = string.CompareOrdinal(link.AddedAt, shipped.EventTime) <= 0 && (link.RemovedAt is null || string.CompareOrdinal(link.RemovedAt, shipped.EventTime) > 0);
                if (!inside)
                {
                    continue;
                }

                IReadOnlyList<TraceStep> packed = [new TraceStep(new NodeKey(NodeKind.Epc, parent), StepKind.Packed, Timestamp.FromText(link.AddedAt)), .. outer];
                var before = lines.Count;
                if (depth < 8 && IsLogisticUnit(link.Child))
                {
                    await Expand(link.Child, packed, depth + 1);
                }

                if (lines.Count == before)
                {
                    // A quantity packed without its unit is in the unit its lot was received or made in.
                    var uom = link.Role == "child-quantity" ? link.Uom ?? (await CapturedMaterial.ReadAsync(connection, link.Child, cancellationToken)).Uom : null;
                    lines.Add((shipped with { Epc = link.Child, Role = link.Role, Quantity = link.Role == "child-quantity" ? link.Quantity : 1, Uom = uom }, packed));
                }
            }
        }

        if (IsLogisticUnit(shipped.Epc))
        {
            await Expand(shipped.Epc, [], 0);
        }

        return lines.Count > 0 ? lines : [(shipped, [])];
    }

    /// <summary>A logistic unit (an SSCC): what is aggregated into it is packed, not built in.</summary>
    private static bool IsLogisticUnit(string epc) => epc.StartsWith("https://id.gs1.org/00/", StringComparison.Ordinal);

    /// <summary>The item of a captured lot of ours, which its receipt's or run's ILMD states (the URI names only the lot).</summary>
    private static async Task<string> ItemOfAsync(DbConnection connection, string epc, string kind, string item, Dictionary<string, string> items, CancellationToken cancellationToken)
    {
        if (item.Length > 0 || kind != "lot")
        {
            return item;
        }

        if (!items.TryGetValue(epc, out var known))
        {
            items[epc] = known = (await CapturedMaterial.ReadAsync(connection, epc, cancellationToken)).Item ?? "";
        }

        return known;
    }

    private static async Task AddTransformationsAsync(
        DbConnection connection, IReadOnlyList<string> nodes, IReadOnlyDictionary<NodeKey, IReadOnlyList<TraceStep>> steps, IReadOnlyDictionary<NodeKey, IReadOnlyList<string>> paths,
        PathWords words, Lists lists, IReadOnlyDictionary<string, string> ownGtins, IReadOnlyDictionary<string, ItemWords> itemWords, CancellationToken cancellationToken)
    {
        if (nodes.Count == 0)
        {
            return;
        }

        var listed = lists.Records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var added = new List<Affected>();
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in (await EpcisRecallQueries.TransformationsAsync(connection, nodes, cancellationToken)).GroupBy(t => t.TransformationId ?? t.EventKey, StringComparer.Ordinal))
        {
            var id = TracewrightIdentifiers.Own(run.Key, "mfg") ?? run.Key;
            // A repackaging (a cut into pieces) makes nothing new: the pieces are the material it was cut from, as native cuts are.
            if (run.All(t => t.BizStep == CapturedMaterial.Repackaging) || !listed.Add(id))
            {
                continue;
            }

            var outputs = run.Where(o => o.Output is not null).ToList();
            var item = outputs.Select(o => Describe(o.Output!, "output", ownGtins).Item).FirstOrDefault(i => i.Length > 0)
                ?? (outputs.FirstOrDefault(o => o.Quantity is not null) is { } batch ? await ItemOfAsync(connection, batch.Output!, "lot", "", items, cancellationToken) : "");
            var uoms = outputs.Select(o => o.Uom).Distinct().ToList();
            // A quantity for a batch (class outputs in one unit), as a native run's output lot; serials are listed, not counted.
            decimal? quantity = outputs.Count == 0 || outputs.Any(o => o.Quantity is null) ? null : uoms.Count == 1 ? outputs.Sum(o => o.Quantity!.Value) : null;
            var finished = run.Max(t => t.EventTime)!;
            added.Add(new Affected("manufacture", id, item, itemWords.GetValueOrDefault(item)?.Description ?? item, $"finished {finished}", quantity,
                uoms.Count == 1 ? itemWords.GetValueOrDefault(item)?.Shown(uoms[0]) ?? uoms[0] : null,
                paths.TryGetValue(new NodeKey(NodeKind.Transformation, run.Key), out var path) ? path : [], finished)
            {
                Sentence = words.Forward(steps, new NodeKey(NodeKind.Transformation, run.Key)),
            });
        }

        lists.Records.AddRange(added.OrderBy(a => a.Id, StringComparer.Ordinal));
    }

    /// <summary>
    /// What of the captured objects reached is still here: an instance whose last sighting (its own, or of what it is inside now)
    /// neither shipped it, consumed it, decommissioned it nor gave it a disposition that takes it away; a class (a lot) with some
    /// quantity left — what was received or produced, less what was consumed and shipped, in one unit.
    /// </summary>
    private static async Task AddInBuildingAsync(
        DbConnection connection, IReadOnlyList<string> epcs, IReadOnlyDictionary<NodeKey, IReadOnlyList<TraceStep>> steps, IReadOnlyDictionary<NodeKey, IReadOnlyList<string>> paths,
        PathWords words, bool excludeScrapped, Lists lists, IReadOnlyDictionary<string, string> ownGtins, IReadOnlyDictionary<string, ItemWords> itemWords,
        CancellationToken cancellationToken)
    {
        var sightings = (await EpcisRecallQueries.SightingsAsync(connection, epcs, cancellationToken)).ToLookup(s => s.Epc, StringComparer.Ordinal);
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        var asked = new HashSet<string>(epcs, StringComparer.Ordinal);
        IReadOnlyList<string> next = epcs;
        for (var depth = 0; depth < 8 && next.Count > 0; depth++)
        {
            var found = await EpcisRecallQueries.ParentsAsync(connection, next, cancellationToken);
            foreach (var (child, parent) in found)
            {
                parents.TryAdd(child, parent);
            }

            next = found.Select(f => f.Parent).Where(asked.Add).ToList();
        }

        var ancestorSightings = (await EpcisRecallQueries.SightingsAsync(connection, parents.Values.Where(p => !sightings.Contains(p)).Distinct(StringComparer.Ordinal), cancellationToken))
            .ToLookup(s => s.Epc, StringComparer.Ordinal);
        IEnumerable<EpcisSighting> Seen(string epc) => sightings.Contains(epc) ? sightings[epc] : ancestorSightings[epc];

        var places = await EpcisRecallQueries.PartiesAsync(
            connection, sightings.SelectMany(g => g).Concat(ancestorSightings.SelectMany(g => g)).Select(s => s.BizLocation ?? s.ReadPoint).OfType<string>().Distinct(StringComparer.Ordinal), cancellationToken);
        var listed = lists.InBuilding.Select(a => (a.Kind, a.Id)).ToHashSet();
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var epc in epcs.Order(StringComparer.Ordinal))
        {
            var own = sightings[epc].ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var (kind, code, item) = Describe(epc, own[^1].Role, ownGtins);
            decimal? left = null;
            string? uom = null;
            var isClass = own.Any(s => s.Role.EndsWith("quantity", StringComparison.Ordinal));
            if (isClass)
            {
                var counted = own.Where(s => s.Quantity is not null && Balance(s) != 0).ToList();
                if (counted.Select(s => s.Uom).Distinct().Count() == 1 && counted.Count > 0)
                {
                    uom = counted[0].Uom;
                    left = counted.Sum(s => s.Quantity!.Value * Balance(s)) - await ShippedInsideAsync(connection, epc, cancellationToken);
                }
            }

            // Where it was last seen: its own last sighting, or a later one of what it is inside now.
            var last = own[^1];
            for (var at = epc; parents.TryGetValue(at, out var parent) && parent != epc; at = parent)
            {
                if (Seen(parent).LastOrDefault() is { } p && string.CompareOrdinal(p.EventTime, last.EventTime) >= 0)
                {
                    last = p;
                }
            }

            // Disposition and place last known: each holds until an event states another (a transformation states neither). A
            // disposition is its event's outputs' (not its inputs'), and a shipment's in_transit is the shipped quantity's, not the
            // rest of a lot's.
            var seen = own.Append(last).ToList();
            var lastDisposition = seen
                .Where(x => x.Role is not ("input" or "input-quantity") && !(isClass && x.BizStep == CbvSteps.Shipping && x.Role == "quantity"))
                .LastOrDefault(x => x.Disposition is not null)?.Disposition;
            var where = seen.LastOrDefault(x => (x.BizLocation ?? x.ReadPoint) is not null) is { } placed ? placed.BizLocation ?? placed.ReadPoint : null;
            var shipped = last.BizStep == CbvSteps.Shipping && last.Action != "DELETE";
            var gone = left is { } l
                ? l <= 0 || (lastDisposition is { } d1 && Gone.Contains(d1) && !shipped)
                : shipped || (last.Type == "ObjectEvent" && last.Action == "DELETE") || last.Role == "input" || (lastDisposition is { } d2 && Gone.Contains(d2));
            var scrapped = lastDisposition == CbvStem + "Disp-destroyed";
            if (gone || (excludeScrapped && scrapped) || !listed.Add((kind, code)))
            {
                continue;
            }

            item = await ItemOfAsync(connection, epc, kind, item, items, cancellationToken);
            var disposition = lastDisposition is { } d ? d[(d.LastIndexOf('-') + 1)..] : "seen";
            var status = await StatedAsync(connection, own, TracewrightIdentifiers.NativeNode(epc, ownGtins) is not null, cancellationToken)
                ?? (where is null ? disposition : $"{disposition} at {(places.TryGetValue(where, out var place) && place.Name is { } name ? name : where)}");
            var described = itemWords.GetValueOrDefault(item);
            lists.InBuilding.Add(new Affected(kind, code, item, described?.Description ?? item, status, isClass ? left : 1, described?.Shown(isClass ? uom : "EA") ?? (isClass ? uom : "EA"),
                paths.TryGetValue(new NodeKey(NodeKind.Epc, epc), out var path) ? path : [])
            {
                Sentence = words.Forward(steps, new NodeKey(NodeKind.Epc, epc)),
            });
            if (lastDisposition != Recalled)
            {
                lists.Blockable.Add(new Blockable(epc, isClass, where, code));
            }
        }
    }

    /// <summary>
    /// The status as the shop words it: the last <c>tw:status</c> our export gave it (receipt, status change), or for one of
    /// <paramref name="ours"/> that no record of the shop's gave another, <c>available</c> (as made or cut; an inspection's
    /// disposition is not a status) — unless a later event from elsewhere (a recall block, another system) gave it a
    /// disposition: null then, and the disposition and place say it.
    /// </summary>
    private static async Task<string?> StatedAsync(DbConnection connection, IReadOnlyList<EpcisSighting> sightings, bool ours, CancellationToken cancellationToken)
    {
        var events = (await EpcisQueries.EventsAsync(connection, sightings.Select(s => s.EventKey), cancellationToken)).ToDictionary(r => r.EventKey, StringComparer.Ordinal);
        var stated = ours ? "available" : null;
        foreach (var key in sightings.Where(s => s.Role is not ("input" or "input-quantity")).Select(s => s.EventKey).Distinct(StringComparer.Ordinal))
        {
            var e = QueryEpcis.Stored(events[key]).Event;
            if (ExportEpcis.FieldOf(e.Extensions, ExportEpcis.StatusField) is { } status)
            {
                stated = status;
            }
            else if (e.Disposition is not null && e.EventId?.StartsWith(TracewrightIdentifiers.Stem, StringComparison.Ordinal) != true)
            {
                stated = null;
            }
        }

        return stated;
    }

    /// <summary>
    /// How much of a class left packed in logistic units: each quantity aggregated into a parent that shipped (itself, or inside
    /// what it was packed in, to any depth) while the quantity was in it.
    /// </summary>
    private static async Task<decimal> ShippedInsideAsync(DbConnection connection, string epc, CancellationToken cancellationToken)
    {
        async Task<bool> ShippedWhileInside(string parent, string from, string? to, int depth)
        {
            bool Within(string at) => string.CompareOrdinal(at, from) >= 0 && (to is null || string.CompareOrdinal(at, to) < 0);
            if ((await EpcisRecallQueries.ShippedAsync(connection, [parent], cancellationToken)).Any(s => Within(s.EventTime)))
            {
                return true;
            }

            foreach (var outer in depth < 8 ? await EpcisAsBuiltQueries.ParentsAsync(connection, parent, cancellationToken) : [])
            {
                var start = string.CompareOrdinal(outer.AddedAt, from) > 0 ? outer.AddedAt : from;
                var end = to is null ? outer.RemovedAt : outer.RemovedAt is null || string.CompareOrdinal(to, outer.RemovedAt) < 0 ? to : outer.RemovedAt;
                if ((end is null || string.CompareOrdinal(start, end) < 0) && await ShippedWhileInside(outer.Parent, start, end, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        var shipped = 0m;
        foreach (var link in await EpcisAsBuiltQueries.ParentsAsync(connection, epc, cancellationToken))
        {
            if (link.Quantity is { } quantity && await ShippedWhileInside(link.Parent, link.AddedAt, link.RemovedAt, 0))
            {
                shipped += quantity;
            }
        }

        return shipped;
    }

    /// <summary>How a sighting changes what is left of a class: received or produced adds, consumed or shipped takes away.</summary>
    private static int Balance(EpcisSighting s) => s.Role switch
    {
        "output-quantity" => 1,
        "input-quantity" => -1,
        "quantity" when s.BizStep == CbvSteps.Shipping && s.Action != "DELETE" => -1,
        "quantity" when s.Type == "ObjectEvent" && s.Action == "ADD" => 1,
        "quantity" when s.Type == "ObjectEvent" && s.Action == "DELETE" => -1,
        _ => 0,
    };

    /// <summary>A captured object as a recall lists it: kind, code and item; our own URIs as the native lot, unit or container.</summary>
    private static (string Kind, string Code, string Item) Describe(string epc, string role, IReadOnlyDictionary<string, string> ownGtins)
    {
        if (TracewrightIdentifiers.NativeNode(epc, ownGtins) is { } node)
        {
            switch (node.Kind)
            {
                case NodeKind.Lot:
                    return ("lot", node.Id, "");
                case NodeKind.Unit:
                    return ("unit", node.Id, node.Id[..node.Id.IndexOf(':', StringComparison.Ordinal)]);
                case NodeKind.Container:
                    return ("container", node.Id, "");
            }
        }

        var gtin = Gtin(epc);
        return (role.EndsWith("quantity", StringComparison.Ordinal) ? "lot" : role == "parent" ? "container" : "unit", epc, gtin ?? "");
    }

    /// <summary>The GTIN of a GS1 Digital Link URI (<c>https://id.gs1.org/01/…</c>), else null.</summary>
    private static string? Gtin(string epc)
    {
        const string Stem = "https://id.gs1.org/01/";
        return epc.StartsWith(Stem, StringComparison.Ordinal) && epc.Length >= Stem.Length + 14 ? epc.Substring(Stem.Length, 14) : null;
    }

    /// <summary>The product class of an object, whose master data names the product: the GTIN's URI.</summary>
    private static string? ClassOf(string epc) => Gtin(epc) is { } gtin ? "https://id.gs1.org/01/" + gtin : null;
}
