using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Domain.Trace;

namespace Tracewright.Features.Trace;

/// <summary>One piece of a path sentence: words, or a record's id (<see cref="Id"/> set) a page shows as a link to it.</summary>
public sealed record PathPart(string Text, string? Id = null, string? Kind = null);

/// <summary>
/// A trace path written as a sentence a person reads (issue 14): "Lot ALU-0001 (6061-T6 aluminum plate, heat H-24-0117)
/// was cut into piece ALU-0001.2, which went into unit BRKT-01:1001 (MFG-0003, 12 May 2026), which was shipped to Acme
/// Corp on SHP-0002". The ids stay separate parts so a page can link them; as text (CSV, JSON) it is the plain sentence.
/// </summary>
[JsonConverter(typeof(PathSentenceJson))]
public sealed class PathSentence(IReadOnlyList<PathPart> parts)
{
    public static PathSentence Empty { get; } = new([]);

    public IReadOnlyList<PathPart> Parts { get; } = parts;

    public override string ToString() => string.Concat(Parts.Select(p => p.Text));

    /// <summary>The sentence, or where none could be written (a captured EPCIS object's path), the steps of <paramref name="path"/>.</summary>
    public string Or(IReadOnlyList<string> path) => Parts.Count > 0 ? ToString() : string.Join(" ", path);
}

/// <summary>A sentence is written to JSON as its text: the structured path stays in <c>path</c>.</summary>
internal sealed class PathSentenceJson : JsonConverter<PathSentence>
{
    public override PathSentence Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new([new PathPart(reader.GetString() ?? "")]);

    public override void Write(Utf8JsonWriter writer, PathSentence value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>
/// What a path sentence says about the records on the paths it writes (item and heat of a lot, date of a run, customer of a
/// shipment), read once for all of them.
/// </summary>
public sealed class PathWords
{
    private readonly IReadOnlyDictionary<LotId, Lot> _lots;
    private readonly IReadOnlyDictionary<ItemCode, Item> _items;
    private readonly IReadOnlyDictionary<ManufactureId, ManufactureRecord> _runs;
    private readonly IReadOnlyDictionary<ShipmentId, Shipment> _shipments;
    private readonly IReadOnlyDictionary<CustomerId, Customer> _customers;

    private PathWords(
        IReadOnlyDictionary<LotId, Lot> lots, IReadOnlyDictionary<ItemCode, Item> items, IReadOnlyDictionary<ManufactureId, ManufactureRecord> runs,
        IReadOnlyDictionary<ShipmentId, Shipment> shipments, IReadOnlyDictionary<CustomerId, Customer> customers)
    {
        _lots = lots;
        _items = items;
        _runs = runs;
        _shipments = shipments;
        _customers = customers;
    }

    /// <summary>Reads what the sentences of <paramref name="paths"/> name, kind by kind.</summary>
    public static async Task<PathWords> LoadAsync(DbConnection connection, IEnumerable<IReadOnlyList<TraceStep>> paths, CancellationToken cancellationToken)
    {
        var nodes = paths.SelectMany(p => p).Select(s => s.Node).ToHashSet();
        IEnumerable<T> Ids<T>(NodeKind kind) where T : struct, IIdentifier<T> => nodes.Where(n => n.Kind == kind).Select(n => Identifier.FromStored<T>(n.Id));
        var lots = await MaterialsQueries.FindLotsAsync(connection, Ids<LotId>(NodeKind.Lot), cancellationToken);
        var items = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).ToDictionary(i => i.Code);
        var runs = await ProductionQueries.FindManufacturesAsync(connection, null, Ids<ManufactureId>(NodeKind.Manufacture), cancellationToken);
        var shipments = await ShippingQueries.FindShipmentsAsync(connection, null, Ids<ShipmentId>(NodeKind.Shipment), cancellationToken);
        var customers = await ShippingQueries.FindCustomersAsync(
            connection, null, Ids<CustomerId>(NodeKind.Customer).Concat(shipments.Values.Select(s => s.Customer)).Distinct(), cancellationToken);
        return new PathWords(lots, items, runs, shipments, customers);
    }

    /// <summary>A forward path (from material to what was made of it and who got it).</summary>
    public PathSentence Forward(IReadOnlyList<TraceStep> path) => Write(path, forward: true);

    /// <summary>The forward path to <paramref name="node"/> among <paramref name="steps"/>; empty when the trace did not reach it.</summary>
    public PathSentence Forward(IReadOnlyDictionary<NodeKey, IReadOnlyList<TraceStep>> steps, NodeKey node) =>
        steps.TryGetValue(node, out var path) ? Forward(path) : PathSentence.Empty;

    /// <summary>A backward path (from a product to what it was made of).</summary>
    public PathSentence Backward(IReadOnlyList<TraceStep> path) => Write(path, forward: false);

    private PathSentence Write(IReadOnlyList<TraceStep> path, bool forward)
    {
        var parts = new List<PathPart>();
        if (path.Count == 0)
        {
            return PathSentence.Empty;
        }

        Node(parts, path[0].Node, detailed: true);
        parts[0] = parts[0] with { Text = Capital(parts[0].Text) };
        for (var i = 1; i < path.Count; i++)
        {
            var step = path[i];
            var next = i + 1 < path.Count ? path[i + 1] : null;
            if (forward && step.Via == StepKind.Consumed && step.Node.Kind == NodeKind.Manufacture && next?.Via == StepKind.Produced)
            {
                // Material, run, product: one clause, "went into unit X (MFG-0003, 12 May 2026)".
                Words(parts, ", which went into ");
                Node(parts, next.Node, detailed: false);
                Run(parts, step.Node, " (", ")");
                i++;
                continue;
            }

            if (!forward && step.Via == StepKind.Produced && step.Node.Kind == NodeKind.Manufacture && next?.Via == StepKind.Consumed)
            {
                Words(parts, ", which was made in ");
                Run(parts, step.Node, "", "");
                Words(parts, " from ");
                Node(parts, next.Node, detailed: true);
                i++;
                continue;
            }

            Clause(parts, step, forward);
        }

        return new PathSentence(parts);
    }

    private void Clause(List<PathPart> parts, TraceStep step, bool forward)
    {
        var node = step.Node;
        switch (step.Via, forward)
        {
            case (StepKind.Split, true):
                Words(parts, ", which was cut into ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Split, false):
                Words(parts, ", which was cut from ");
                Node(parts, node, detailed: true);
                break;
            case (StepKind.Consumed, true) when node.Kind == NodeKind.Manufacture:
                Words(parts, ", which was used in ");
                Run(parts, node, "", "");
                break;
            case (StepKind.Consumed, _):
                Words(parts, forward ? ", which went into " : ", which used ");
                Node(parts, node, detailed: !forward);
                break;
            case (StepKind.Produced, true):
                Words(parts, ", which made ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Produced, false):
                Words(parts, ", which was made in ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Installed, true):
                Words(parts, ", which was installed in ");
                Node(parts, node, detailed: false);
                On(parts, step.At);
                break;
            case (StepKind.Installed, false):
                Words(parts, ", which has ");
                Node(parts, node, detailed: false);
                Words(parts, " installed");
                break;
            case (StepKind.Packed, true):
                Words(parts, ", which was packed in ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Packed, false):
                Words(parts, ", which holds ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Shipped, true) when node.Kind == NodeKind.Shipment:
                Words(parts, ", which was shipped ");
                if (_shipments.TryGetValue(Identifier.FromStored<ShipmentId>(node.Id), out var shipment) && _customers.TryGetValue(shipment.Customer, out var customer))
                {
                    Words(parts, $"to {customer.Name} ");
                }

                Words(parts, "on ");
                Link(parts, node);
                On(parts, step.At, " (", ")");
                break;
            case (StepKind.Shipped, true) when node.Kind == NodeKind.Order:
                Words(parts, ", against order ");
                Link(parts, node);
                break;
            case (StepKind.Shipped, true):
                Words(parts, ", which was shipped to ");
                Node(parts, node, detailed: false);
                On(parts, step.At);
                break;
            case (StepKind.Shipped, false):
                Words(parts, node.Kind == NodeKind.Shipment ? ", which was shipped on " : ", which carried ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Ordered, true):
                Words(parts, ", placed by ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Ordered, false):
                Words(parts, ", who placed ");
                Node(parts, node, detailed: false);
                break;
            case (StepKind.Received, true):
                Words(parts, ", which came back as ");
                Node(parts, node, detailed: false);
                On(parts, step.At);
                break;
            case (StepKind.Received, false):
                Words(parts, ", which came back on ");
                Node(parts, node, detailed: false);
                break;
            default:
                Words(parts, forward ? ", which is linked to " : ", which came from ");
                Node(parts, node, detailed: false);
                break;
        }
    }

    private void Node(List<PathPart> parts, NodeKey node, bool detailed)
    {
        switch (node.Kind)
        {
            case NodeKind.Lot:
                var lot = _lots.GetValueOrDefault(Identifier.FromStored<LotId>(node.Id));
                Words(parts, lot?.Origin == LotOrigin.Split ? "piece " : "lot ");
                Link(parts, node);
                if (detailed && lot is not null)
                {
                    var description = _items.TryGetValue(lot.Item, out var item) ? item.Description : lot.Item.Value;
                    Words(parts, lot.Heat is { } heat ? $" ({description}, heat {heat.Value})" : $" ({description})");
                }

                break;
            case NodeKind.Manufacture:
                Run(parts, node, "", "");
                break;
            case NodeKind.Customer:
                if (_customers.TryGetValue(Identifier.FromStored<CustomerId>(node.Id), out var customer))
                {
                    Words(parts, $"{customer.Name} (");
                    Link(parts, node);
                    Words(parts, ")");
                }
                else
                {
                    Words(parts, "customer ");
                    Link(parts, node);
                }

                break;
            case NodeKind.Epc or NodeKind.Party or NodeKind.Transformation:
                Words(parts, $"{KindWord(node.Kind)} {node.Id}");
                break;
            default:
                Words(parts, $"{KindWord(node.Kind)} ");
                Link(parts, node);
                break;
        }
    }

    /// <summary>A run by its id and the day it finished: "MFG-0003, 12 May 2026".</summary>
    private void Run(List<PathPart> parts, NodeKey node, string open, string close)
    {
        Words(parts, open);
        Link(parts, node);
        if (_runs.TryGetValue(Identifier.FromStored<ManufactureId>(node.Id), out var run))
        {
            Words(parts, $", {Day(Timestamp.FromText(run.FinishedAt))}");
        }

        Words(parts, close);
    }

    private static void On(List<PathPart> parts, DateTimeOffset? at, string open = " on ", string close = "")
    {
        if (at is { } when && when.Year > 1)
        {
            Words(parts, $"{open}{Day(when)}{close}");
        }
    }

    private static void Link(List<PathPart> parts, NodeKey node) => parts.Add(new PathPart(node.Id, node.Id, node.Kind switch
    {
        NodeKind.Lot => "lot",
        NodeKind.Unit => "unit",
        NodeKind.Container => "container",
        NodeKind.Manufacture => "manufacture",
        _ => null,
    }));

    private static void Words(List<PathPart> parts, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (parts.Count > 0 && parts[^1].Id is null)
        {
            parts[^1] = parts[^1] with { Text = parts[^1].Text + text };
        }
        else
        {
            parts.Add(new PathPart(text));
        }
    }

    private static string KindWord(NodeKind kind) => kind switch
    {
        NodeKind.Epc => "object",
        NodeKind.Party => "party",
        NodeKind.Transformation => "transformation",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
