using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Domain.Trace;

namespace Tracewright.Tests.Trace;

/// <summary>
/// Writes random genealogies straight as ledger events (no business rules in the way), so they contain
/// what rules would prevent too: cycles of installation and packing, the same lot consumed by several runs,
/// diamonds, removals, partial consumption and corrected inputs. Each genealogy uses its own id prefix.
/// </summary>
internal sealed class RandomGenealogy(int number, DateTimeOffset start)
{
    private readonly Random _random = new(number * 7919 + 17);
    private readonly string prefix = $"G{number}-";
    private readonly List<LotId> _lots = [];
    private readonly List<UnitId> _units = [];
    private readonly List<ContainerId> _containers = [];
    private readonly List<ManufactureId> _runs = [];
    private readonly List<(NodeKey Content, ContainerId Container)> _packed = [];
    private readonly List<(UnitId Parent, UnitId? Unit, LotId? Lot)> _installed = [];
    private readonly Dictionary<ManufactureId, DateTimeOffset> _runTimes = [];
    private DateTimeOffset _now = start;
    private int _counter;

    public static readonly ItemCode Material = ItemCode.Parse("MAT").Value;
    public static readonly ItemCode Part = ItemCode.Parse("PART").Value;
    public static readonly SupplierName Supplier = SupplierName.Parse("Random Supply").Value;
    public static readonly CustomerId Customer = CustomerId.FromNumber(1);
    private static readonly UnitOfMeasure Each = UnitOfMeasure.Parse("ea").Value;

    public List<NodeKey> Nodes { get; } = [];

    public List<DateTimeOffset> Moments { get; } = [];

    public static IEnumerable<ILedgerEvent> Setup() =>
    [
        new ItemRegistered(Material, "material", Each, MaterialKind.Other, TrackingMode.Lot, [], "MAT", NumberPattern.Default),
        new ItemRegistered(Part, "part", Each, MaterialKind.Other, TrackingMode.Serial, [], "PRT", NumberPattern.Default),
        new SupplierRegistered(Supplier, null, null, null, null),
        new CustomerRegistered(Customer, "Random customer", null, null, null, null),
    ];

    public List<NewEvent> Generate(int operations)
    {
        var events = new List<NewEvent>();
        for (var i = 0; i < 2 + _random.Next(3); i++)
        {
            events.Add(Receive());
        }

        for (var i = 0; i < operations; i++)
        {
            _now = _now.AddMinutes(1 + _random.Next(30));
            Moments.Add(_now);
            var made = (_random.Next(10) switch
            {
                0 => Receive(),
                1 => Split(),
                2 or 3 => Make(),
                4 => Install(),
                5 => Remove(),
                6 => Pack(),
                7 => Unpack(),
                8 => Ship(),
                _ => Correct(),
            }) ?? Make();
            if (PendingOrder is not null)
            {
                events.Add(PendingOrder);
                PendingOrder = null;
            }

            if (made is not null)
            {
                events.Add(made);
            }
        }

        return events;
    }

    private string Next(string kind) => $"{prefix}{kind}{++_counter}";

    private NewEvent Receive()
    {
        var lot = LotId.Parse(Next("L")).Value;
        _lots.Add(lot);
        Nodes.Add(new NodeKey(NodeKind.Lot, lot.Value));
        return new NewEvent(new LotReceived(lot, Material, Supplier, HeatNumber.Parse(prefix + "H" + _random.Next(2)).Value, null, null, [], 100, Each, null, "scope-" + lot, 1, LotStatus.Available, null), _now);
    }

    private NewEvent? Split()
    {
        if (_lots.Count == 0)
        {
            return null;
        }

        var parent = Pick(_lots);
        var pieces = Enumerable.Range(0, 1 + _random.Next(2))
            .Select(_ => new PieceLabel(LotId.Parse(Next("P")).Value, parent, Material, null, 1, Each, []))
            .ToList();
        foreach (var piece in pieces)
        {
            _lots.Add(piece.Piece);
            Nodes.Add(new NodeKey(NodeKind.Lot, piece.Piece.Value));
        }

        // A lot may be split again later: the projection copies the parent's row, so the parent must exist.
        return new NewEvent(new LotSplit(parent, pieces, 0, 50, LotStatus.Available), _now);
    }

    private NewEvent? Make()
    {
        var lots = _lots.Count == 0 ? [] : Enumerable.Range(0, _random.Next(3)).Select(_ => Pick(_lots)).Distinct().ToList();
        var units = _units.Count == 0 ? [] : Enumerable.Range(0, _random.Next(2)).Select(_ => Pick(_units)).Distinct().ToList();
        if (lots.Count + units.Count == 0)
        {
            return null;
        }

        var id = ManufactureId.Create("RUN", (number * 1000L) + ++_counter);
        _runs.Add(id);
        _runTimes[id] = _now;
        Nodes.Add(new NodeKey(NodeKind.Manufacture, id.Value));
        LotId? output = _random.Next(2) == 0 ? LotId.Parse(Next("B")).Value : null;
        var serials = Enumerable.Range(0, output is null ? 1 + _random.Next(2) : _random.Next(2)).Select(_ => SerialNumber.Parse(Next("S")).Value).ToList();
        if (output is { } o)
        {
            _lots.Add(o);
            Nodes.Add(new NodeKey(NodeKind.Lot, o.Value));
        }

        foreach (var serial in serials)
        {
            var unit = UnitId.Of(Part, serial);
            _units.Add(unit);
            Nodes.Add(new NodeKey(NodeKind.Unit, unit.Value));
        }

        return new NewEvent(new ManufactureRecorded(
            id, "RUN-#", _counter, Part, null,
            lots.Select(l => new LotConsumed(l, Material, 1, Each, 10, null)).ToList(),
            units.Select(u => new UnitConsumed(u, null)).ToList(),
            null, null, "op", null, _now, _now, null,
            output, output is null ? null : "scope-" + output, output is null ? null : 1, output is null ? null : 5, output is null ? null : Each,
            serials, null, null), _now);
    }

    private NewEvent? Install()
    {
        if (_units.Count == 0)
        {
            return null;
        }

        var parent = Pick(_units);
        if (_random.Next(3) == 0 && _lots.Count > 0)
        {
            var lot = Pick(_lots);
            if (_installed.Any(i => i.Parent == parent && i.Lot == lot))
            {
                return null;
            }

            _installed.Add((parent, null, lot));
            return new NewEvent(new ComponentInstalled(parent, null, lot, 1, 5, new WorkContext(null, null, null, null)), _now);
        }

        var child = Pick(_units);
        if (_installed.Any(i => i.Parent == parent && i.Unit == child))
        {
            return null;
        }

        _installed.Add((parent, child, null));
        return new NewEvent(new ComponentInstalled(parent, child, null, null, null, new WorkContext(null, null, null, null)), _now);
    }

    private NewEvent? Remove()
    {
        if (_installed.Count == 0)
        {
            return null;
        }

        var link = Pick(_installed);
        _installed.Remove(link);
        return new NewEvent(new ComponentRemoved(link.Parent, link.Unit, link.Lot, new WorkContext(null, null, null, null)), _now, "rework");
    }

    private NewEvent? Pack()
    {
        if (_containers.Count == 0 || _random.Next(3) == 0)
        {
            var created = ContainerId.Create("0614141", (number * 1000L) + ++_counter).Value;
            _containers.Add(created);
            Nodes.Add(new NodeKey(NodeKind.Container, created.Value));
            return new NewEvent(new ContainerCreated(created, "box", "SSCC:test", 1), _now);
        }

        var container = Pick(_containers);
        var choice = _random.Next(3);
        (ContentKind Kind, string Id)? content = choice switch
        {
            0 when _units.Count > 0 => (ContentKind.Unit, Pick(_units).Value),
            1 when _lots.Count > 0 => (ContentKind.Lot, Pick(_lots).Value),
            2 => (ContentKind.Container, Pick(_containers).Value),
            _ => null,
        };
        if (content is null)
        {
            return null;
        }

        var node = new NodeKey(content.Value.Kind switch { ContentKind.Unit => NodeKind.Unit, ContentKind.Lot => NodeKind.Lot, _ => NodeKind.Container }, content.Value.Id);
        if (_packed.Contains((node, container)))
        {
            return null;
        }

        _packed.Add((node, container));
        return new NewEvent(new ContainerPacked(container, content.Value.Kind, content.Value.Id, content.Value.Kind == ContentKind.Lot ? 1 : null), _now);
    }

    private NewEvent? Unpack()
    {
        if (_packed.Count == 0)
        {
            return null;
        }

        var (content, container) = Pick(_packed);
        _packed.Remove((content, container));
        var kind = content.Kind switch { NodeKind.Unit => ContentKind.Unit, NodeKind.Lot => ContentKind.Lot, _ => ContentKind.Container };
        return new NewEvent(new ContainerUnpacked(container, kind, content.Id), _now);
    }

    private NewEvent? Ship()
    {
        var order = OrderId.FromNumber((number * 1000L) + ++_counter);
        var shipment = ShipmentId.FromNumber((number * 1000L) + _counter);
        var lots = _lots.Count == 0 ? [] : Enumerable.Range(0, _random.Next(2)).Select(_ => Pick(_lots)).Distinct().ToList();
        var units = _units.Count == 0 ? [] : Enumerable.Range(0, _random.Next(2)).Select(_ => Pick(_units)).Distinct().ToList();
        var containers = _containers.Count == 0 ? [] : Enumerable.Range(0, _random.Next(2)).Select(_ => Pick(_containers)).Distinct().ToList();
        if (lots.Count + units.Count + containers.Count == 0)
        {
            return null;
        }

        Nodes.Add(new NodeKey(NodeKind.Shipment, shipment.Value));
        Nodes.Add(new NodeKey(NodeKind.Order, order.Value));
        PendingOrder = new NewEvent(new OrderPlaced(order, Customer, null, [new OrderLine(Part, 1, Each)]), _now.AddSeconds(-30));
        return new NewEvent(new ShipmentShipped(
            shipment, order, Customer, "main", null,
            lots.Select(l => new ShippedLot(l, Material, 1, Each, 1, null)).ToList(),
            units.Select(u => new ShippedUnit(u, null)).ToList(),
            containers), _now);
    }

    /// <summary>The order a shipment needs, written just before it.</summary>
    public NewEvent? PendingOrder { get; set; }

    private NewEvent? Correct()
    {
        if (_runs.Count == 0 || _lots.Count == 0)
        {
            return null;
        }

        var run = Pick(_runs);
        var lots = Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => Pick(_lots)).Distinct().ToList();
        return new NewEvent(new ManufactureInputsCorrected(
            run, _runTimes[run], lots.Select(l => new LotConsumed(l, Material, 1, Each, 10, null)).ToList(), [], [], []), _now, "wrong lot scanned");
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
