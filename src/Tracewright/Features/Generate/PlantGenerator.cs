using System.Globalization;
using System.Text;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Domain.Trace;

namespace Tracewright.Features.Generate;

/// <summary>A generated ledger record, with the certificate file it refers to when it files one.</summary>
public sealed record GeneratedRecord(NewEvent Event, DocumentFile? Document);

/// <summary>
/// A deterministic, realistic plant for load and benchmark work: steel heats (with their mill certificates), copper,
/// resin and fasteners received from a dozen suppliers; steel bars cut into pieces; coil runs with fan-in (copper and a
/// steel piece) and fan-out (16 serials); motor runs consuming coils and bracket batches; drives, axes and robots assembled
/// five serialized levels deep, with motors removed again in rework; tests, inspections and operations on every unit;
/// robots on pallets and spare drives in boxes shipped to thousands of customers. One heat (the hot spot) is delivered
/// again and again and feeds a few percent of all runs, so at a million records it reaches tens of thousands of serials;
/// a regrind chain of <see cref="DeepChainLevels"/> runs, each consuming the last one's batch, makes a genealogy deeper
/// than any real one. The same count and seed give the same records (their payloads, kinds and times); only the
/// recording time and who recorded differ between runs.
/// </summary>
/// <remarks>
/// Records are made directly as ledger events, as the handlers would make them, not through the handlers: a handler's
/// checks read the database per command, which is what bulk generation must avoid. Quantities and statuses are tracked
/// so the derived tables hold what the same history recorded through the handlers would.
/// </remarks>
public sealed class PlantGenerator
{
    /// <summary>Changes whenever the same count and seed would give different records; cached datasets carry it in their name.</summary>
    public const int Version = 1;

    public const int MinimumEvents = 1_000;
    public const int DeepChainLevels = 60;
    private const int SampleSize = 100;
    private const string CompanyPrefix = "0614141";

    private static readonly DateTimeOffset Epoch = new(2015, 1, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Decade = TimeSpan.FromDays(3652);

    /// <summary>When the generated decade ends; generated documents are dated then, so they are the same every time.</summary>
    public static readonly DateTimeOffset End = Epoch + Decade;

    private static readonly ItemCode Steel = Item("STEEL-BAR");
    private static readonly ItemCode Copper = Item("COPPER-WIRE");
    private static readonly ItemCode Resin = Item("RESIN-PA6");
    private static readonly ItemCode Regrind = Item("REGRIND-PA6");
    private static readonly ItemCode Fastener = Item("FASTENER-M4");
    private static readonly ItemCode Bracket = Item("BRACKET");
    private static readonly ItemCode Coil = Item("COIL");
    private static readonly ItemCode Motor = Item("MOTOR");
    private static readonly ItemCode Drive = Item("DRIVE");
    private static readonly ItemCode Axis = Item("AXIS");
    private static readonly ItemCode Robot = Item("ROBOT");
    private static readonly UnitOfMeasure Kg = Uom("kg");
    private static readonly UnitOfMeasure Metre = Uom("m");
    private static readonly UnitOfMeasure Each = Uom("ea");

    private static readonly string[] SupplierNames =
    [
        "Nordstahl Werke", "Midwest Steel", "Sheffield Bar Co", "Kobe Special Steel", "Cuprum Wire", "Andes Copper",
        "Polymerix", "Rhine Resins", "Boltworks", "Fastenal Europe", "Regrind Partners", "Tata Bright Bar",
    ];

    private readonly long _target;
    private readonly int _seed;
    private readonly Random _random;
    private readonly Random _sampler;
    private readonly TimeSpan _step;
    private readonly List<GeneratedRecord> _buffer = [];
    private readonly List<SupplierName> _suppliers = [];
    private readonly List<CustomerId> _customers = [];
    private readonly List<string> _sampleUnits = [];
    private readonly List<string> _sampleLots = [];
    private readonly List<string> _hotLots = [];
    private readonly Queue<Piece> _pieces = new();
    private readonly Queue<Made> _coils = new();
    private readonly Queue<Made> _motors = new();
    private readonly Queue<Made> _drives = new();
    private readonly Queue<Made> _axes = new();
    private readonly Queue<Made> _robots = new();
    private readonly List<Stock> _brackets = [];
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<ItemCode, UnitOfMeasure> _uoms = [];
    private DateTimeOffset _now = Epoch;
    private long _queued;
    private long _emitted;
    private long _unitsSeen;
    private long _lotsSeen;
    private long _hotSerials;
    private long _hotSerialsPending;
    private long _setupEnd;
    private Stock? _copper;
    private Stock? _resin;
    private Stock? _fasteners;
    private Stock? _hotHeatLot;
    private string _hotHeat = "";
    private Stock? _chain;
    private string? _chainFirst;
    private int _chainLevel;
    private bool _chainUsed;
    private long _nextCertificate = 1;
    private CertificateId? _hotCertificate;

    /// <summary>A serialized unit in stock, and whether the hot heat is in it.</summary>
    private readonly record struct Made(UnitId Id, bool Hot);

    /// <summary>A cut piece waiting to be used.</summary>
    private readonly record struct Piece(LotId Id, decimal Quantity, bool Hot);

    /// <summary>A lot with what is left of it.</summary>
    private sealed class Stock(LotId id, ItemCode item, UnitOfMeasure uom, decimal quantity, bool hot = false)
    {
        public LotId Id { get; } = id;
        public HeatNumber? Heat { get; init; }
        public ItemCode Item { get; } = item;
        public UnitOfMeasure Uom { get; } = uom;
        public decimal Remaining { get; set; } = quantity;
        public bool Hot { get; } = hot;
        public IReadOnlyList<CertificateId> Certificates { get; init; } = [];
    }

    public PlantGenerator(long events, int seed)
    {
        if (events < MinimumEvents)
        {
            throw new ArgumentOutOfRangeException(nameof(events), events, $"a generated plant needs at least {MinimumEvents} records");
        }

        _target = events;
        _seed = seed;
        _random = new Random(seed);
        _sampler = new Random(unchecked((seed * 7919) + 104729));
        _step = Decade / events;
        CustomerCount = (int)Math.Clamp(events / 200, 20, 5_000);
    }

    public int CustomerCount { get; }

    /// <summary>Where to start traces; complete once <see cref="Records"/> has been enumerated to its end.</summary>
    public GenerationStarts Starts => new(
        _emitted, _seed, _hotHeat, _hotLots, _hotSerials,
        _chainFirst ?? "", _chain is null ? "" : Node(_chain.Id), _chainLevel,
        _sampleUnits, _sampleLots, _unitsSeen, _lotsSeen, _customers.Count);

    /// <summary>Exactly the requested number of ledger records, in order. Enumerate once.</summary>
    public IEnumerable<GeneratedRecord> Records()
    {
        Setup();
        _setupEnd = _queued;
        while (true)
        {
            foreach (var record in _buffer)
            {
                if (_emitted == _target)
                {
                    yield break;
                }

                _emitted++;
                Observe(record.Event.Event);
                yield return record;
            }

            _buffer.Clear();
            _hotSerials += _hotSerialsPending;
            _hotSerialsPending = 0;
            Shift();
        }
    }

    private void Setup()
    {
        foreach (var (code, description, uom, material, tracking, prefix) in new[]
        {
            (Steel, "Steel bar 42CrMo4, 6 m", Kg, MaterialKind.Metal, TrackingMode.Lot, "STL"),
            (Copper, "Enamelled copper wire 0.8 mm", Metre, MaterialKind.Metal, TrackingMode.Lot, "CU"),
            (Resin, "Polyamide 6 pellets, virgin", Kg, MaterialKind.Plastic, TrackingMode.Lot, "PA"),
            (Regrind, "Polyamide 6 regrind, reprocessed", Kg, MaterialKind.Plastic, TrackingMode.Lot, "RG"),
            (Fastener, "Socket screw M4x12, 8.8", Each, MaterialKind.Metal, TrackingMode.Lot, "FST"),
            (Bracket, "Motor bracket, machined", Each, MaterialKind.Metal, TrackingMode.Lot, "BRK"),
            (Coil, "Stator coil", Each, MaterialKind.Composite, TrackingMode.Serial, "C"),
            (Motor, "Servo motor 400 W", Each, MaterialKind.Composite, TrackingMode.Serial, "M"),
            (Drive, "Joint drive (motor, gearbox, encoder)", Each, MaterialKind.Composite, TrackingMode.Serial, "D"),
            (Axis, "Robot axis module", Each, MaterialKind.Composite, TrackingMode.Serial, "X"),
            (Robot, "Six-axis robot arm", Each, MaterialKind.Composite, TrackingMode.Serial, "R"),
        })
        {
            var required = material == MaterialKind.Metal && tracking == TrackingMode.Lot && code != Fastener && code != Bracket ? new[] { CertificateType.MTR } : [];
            Emit(new ItemRegistered(code, description, uom, material, tracking, required, prefix, NumberPattern.Default));
            _uoms[code] = uom;
        }

        foreach (var name in SupplierNames)
        {
            var supplier = SupplierName.Parse(name).Value;
            _suppliers.Add(supplier);
            Emit(new SupplierRegistered(supplier, "Quality desk", $"quality@{name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}.example", null, null));
        }

        for (var i = 1; i <= CustomerCount; i++)
        {
            var id = CustomerId.FromNumber(i);
            _customers.Add(id);
            Emit(new CustomerRegistered(id, $"Customer {i:00000} Automation", $"Buyer {i}", $"buyer{i}@customer{i}.example", null, $"{1 + _random.Next(400)} Industrial Way, Plant {i % 97}"));
        }

        _hotHeat = $"H-{_seed % 100:00}-HOT";
        ReceiveHotHeat();
        _chain = Receive(Regrind, _suppliers[10], $"RG-{_seed % 1000:000}-0", 500, Kg, withCertificate: false);
        _chainFirst = Node(_chain.Id);
    }

    /// <summary>One shift: a coil run and everything it lets the downstream lines do, then shipping.</summary>
    private void Shift()
    {
        while (_chainLevel < DeepChainLevels && _queued >= _setupEnd + ((_chainLevel + 1) * ((_target * 8 / 10) - _setupEnd) / DeepChainLevels))
        {
            ChainStep();
        }

        CoilRun();
        if (_brackets.Sum(b => b.Remaining) < 8)
        {
            BracketRun();
        }

        while (_coils.Count >= 8 && _brackets.Sum(b => b.Remaining) >= 4)
        {
            MotorRun();
        }

        while (_motors.Count >= 4)
        {
            DriveRun();
        }

        while (_drives.Count >= 4)
        {
            AxisRun();
        }

        while (_axes.Count >= 2)
        {
            RobotRun();
        }

        while (_robots.Count >= 2)
        {
            ShipRobots();
        }

        if (_random.Next(6) == 0)
        {
            ShipBrackets();
        }
    }

    private void CoilRun()
    {
        _copper = Ensure(_copper, 640, () => Receive(Copper, Pick(_suppliers, 4, 6), $"CU-{Next("cu-heat"):000000}", 20_000, Metre, withCertificate: false));
        var piece = NextPiece();
        var copper = Consume(_copper, 640);
        var serials = Serials(Coil, 16);
        Manufacture(Coil, [copper, new LotConsumed(piece.Id, Steel, piece.Quantity, Kg, 0, null)], [], serials, null, "Winder W-" + (1 + _random.Next(3)));
        foreach (var serial in serials)
        {
            var coil = UnitId.Of(Coil, serial);
            _coils.Enqueue(new Made(coil, piece.Hot));
            Test(coil, "winding", ("resistance", 2.4m, 0.05m, "ohm"));
        }

        CountHot(piece.Hot, serials.Count);
    }

    private void BracketRun()
    {
        var piece = NextPiece();
        var batch = NextLot("BRK");
        Manufacture(Bracket, [new LotConsumed(piece.Id, Steel, piece.Quantity, Kg, 0, null)], [], [], (batch, 40), "CNC mill M-" + (1 + _random.Next(4)));
        _brackets.Add(new Stock(batch, Bracket, Each, 40, piece.Hot));
    }

    private void MotorRun()
    {
        var coils = Take(_coils, 8);
        var brackets = new List<LotConsumed>();
        var hot = coils.Any(c => c.Hot);
        var needed = 4m;
        while (needed > 0)
        {
            var stock = _brackets[0];
            var used = Math.Min(needed, stock.Remaining);
            brackets.Add(Consume(stock, used));
            hot |= stock.Hot;
            needed -= used;
            if (stock.Remaining == 0)
            {
                _brackets.RemoveAt(0);
            }
        }

        var serials = Serials(Motor, 4);
        Manufacture(Motor, brackets, coils.Select(c => new UnitConsumed(c.Id, null)).ToList(), serials, null, "Motor line 1");
        foreach (var serial in serials)
        {
            var motor = UnitId.Of(Motor, serial);
            _motors.Enqueue(new Made(motor, hot));
            Test(motor, "end-of-line", ("torque", 1.27m, 0.04m, "Nm"), ("noise", 38m, 3m, "dB"));
        }

        CountHot(hot, serials.Count);
    }

    private void DriveRun()
    {
        _fasteners = Ensure(_fasteners, 32, () => Receive(Fastener, Pick(_suppliers, 8, 2), $"FST-{Next("fst-batch"):000000}", 50_000, Each, withCertificate: false));
        var serials = Serials(Drive, 4);
        var motors = Take(_motors, 4);
        Manufacture(Drive, [Consume(_fasteners, 32)], [], serials, null, "Assembly cell A");
        foreach (var (serial, motor) in serials.Zip(motors))
        {
            var drive = UnitId.Of(Drive, serial);
            Install(drive, motor.Id);
            Emit(new OperationPerformed(drive, "gearbox fill", new Dictionary<string, string>(StringComparer.Ordinal) { ["oil"] = "ISO VG 220", ["ml"] = (80 + _random.Next(5)).ToString(CultureInfo.InvariantCulture) }, Work("Assembly cell A")));
            var hot = motor.Hot;
            if (_random.Next(40) == 0 && _motors.Count > 0)
            {
                // Rework: a noisy motor comes out, is scrapped, and another goes in.
                Emit(new ComponentRemoved(drive, motor.Id, null, Work("Rework bench")), "rework: bearing noise above limit");
                Emit(new UnitStatusChanged(motor.Id, UnitStatus.Available, UnitStatus.Scrapped), "bearing noise above limit");
                var replacement = _motors.Dequeue();
                Install(drive, replacement.Id);
                hot = replacement.Hot;
            }

            _drives.Enqueue(new Made(drive, hot));
            CountHot(hot, 1);
        }
    }

    private void AxisRun()
    {
        _resin = Ensure(_resin, 6, () => Receive(Resin, Pick(_suppliers, 6, 2), $"PA-{Next("pa-batch"):000000}", 2_000, Kg, withCertificate: false));
        var lots = new List<LotConsumed> { Consume(_resin, 6) };
        if (_chainLevel == DeepChainLevels && !_chainUsed)
        {
            // The end of the deep chain goes into one run's housings, so the chain reaches customers.
            lots.Add(Consume(_chain!, _chain!.Remaining));
            _chainUsed = true;
        }

        var serials = Serials(Axis, 2);
        Manufacture(Axis, lots, [], serials, null, "Moulding press P-2");
        foreach (var serial in serials)
        {
            var axis = UnitId.Of(Axis, serial);
            var drives = Take(_drives, 2);
            foreach (var drive in drives)
            {
                Install(axis, drive.Id);
            }

            _axes.Enqueue(new Made(axis, drives.Any(d => d.Hot)));
            CountHot(drives.Any(d => d.Hot), 1);
        }
    }

    private void RobotRun()
    {
        _fasteners = Ensure(_fasteners, 24, () => Receive(Fastener, Pick(_suppliers, 8, 2), $"FST-{Next("fst-batch"):000000}", 50_000, Each, withCertificate: false));
        var serial = Serials(Robot, 1);
        Manufacture(Robot, [Consume(_fasteners, 24)], [], serial, null, "Final assembly");
        var robot = UnitId.Of(Robot, serial[0]);
        var axes = Take(_axes, 2);
        foreach (var axis in axes)
        {
            Install(robot, axis.Id);
        }

        Test(robot, "final", ("repeatability", 0.02m, 0.01m, "mm"), ("cycle", 1.9m, 0.2m, "s"));
        Emit(new UnitInspected(robot, true, "QA " + (char)('A' + _random.Next(4)), null, Work("Final inspection")));
        _robots.Enqueue(new Made(robot, axes.Any(a => a.Hot)));
        CountHot(axes.Any(a => a.Hot), 1);
    }

    private void ShipRobots()
    {
        var robots = Take(_robots, 2);
        var pallet = Container("pallet");
        foreach (var robot in robots)
        {
            Emit(new ContainerPacked(pallet, ContentKind.Unit, robot.Id.Value, null));
        }

        var (order, customer) = Order(Robot, 2);
        Emit(new ShipmentShipped(ShipmentId.FromNumber(Next(ShipmentId.Prefix)), order, customer, "Plant 1", $"DN-{_counters[ShipmentId.Prefix]:000000}",
            [], robots.Select(r => new ShippedUnit(r.Id, pallet)).ToList(), [pallet]));

        // Now and then a spare drive goes out on its own, in a box.
        if (_random.Next(4) == 0 && _drives.Count > 0)
        {
            var spare = _drives.Dequeue();
            var box = Container("box");
            Emit(new ContainerPacked(box, ContentKind.Unit, spare.Id.Value, null));
            var (spareOrder, spareCustomer) = Order(Drive, 1);
            Emit(new ShipmentShipped(ShipmentId.FromNumber(Next(ShipmentId.Prefix)), spareOrder, spareCustomer, "Plant 1", null, [], [new ShippedUnit(spare.Id, box)], [box]));
        }
    }

    private void ShipBrackets()
    {
        var stock = _brackets.FirstOrDefault(b => b.Remaining >= 10 + 4);
        if (stock is null)
        {
            return;
        }

        var (order, customer) = Order(Bracket, 10);
        stock.Remaining -= 10;
        Emit(new ShipmentShipped(ShipmentId.FromNumber(Next(ShipmentId.Prefix)), order, customer, "Plant 1", null,
            [new ShippedLot(stock.Id, Bracket, 10, Each, stock.Remaining, null)], [], []));
    }

    /// <summary>One level of the regrind chain: the whole last batch, reprocessed with a little virgin resin, into the next.</summary>
    private void ChainStep()
    {
        _resin = Ensure(_resin, 20, () => Receive(Resin, Pick(_suppliers, 6, 2), $"PA-{Next("pa-batch"):000000}", 2_000, Kg, withCertificate: false));
        var previous = _chain!;
        var inputs = new List<LotConsumed> { Consume(previous, previous.Remaining), Consume(_resin, 20) };
        var batch = NextLot("RG");
        Manufacture(Regrind, inputs, [], [], (batch, 500), "Regrind extruder E-1");
        _chain = new Stock(batch, Regrind, Kg, 500);
        _chainLevel++;
    }

    private void ReceiveHotHeat()
    {
        _hotHeatLot = Receive(Steel, _suppliers[0], _hotHeat, 20_000, Kg, withCertificate: true, hot: true);
        _hotLots.Add(Node(_hotHeatLot.Id));
    }

    /// <summary>The next steel piece: from the hot heat for a few percent of runs, otherwise from the current bar stock.</summary>
    private Piece NextPiece()
    {
        if (_random.Next(100) < 4)
        {
            if (_hotHeatLot!.Remaining < 100)
            {
                ReceiveHotHeat();
            }

            return Cut(_hotHeatLot!, 1)[0];
        }

        if (_pieces.Count == 0)
        {
            var bar = Receive(Steel, Pick(_suppliers, 0, 4), $"H-{Next("heat"):000000}", 400, Kg, withCertificate: true);
            foreach (var piece in Cut(bar, 4))
            {
                _pieces.Enqueue(piece);
            }
        }

        return _pieces.Dequeue();
    }

    /// <summary>Cuts pieces of 25 kg; each keeps the heat and the certificates (the label exists before the cut).</summary>
    private List<Piece> Cut(Stock lot, int count)
    {
        var sequence = Next("cut:" + lot.Id.Value);
        var pieces = Enumerable.Range(0, count)
            .Select(i => new PieceLabel(Identifier.FromStored<LotId>($"{lot.Id.Value}.{sequence + i}"), lot.Id, Steel, lot.Heat, 25, Kg, lot.Certificates))
            .ToList();
        _counters["cut:" + lot.Id.Value] = sequence + count - 1;
        lot.Remaining -= 25 * count;
        Emit(new LotSplit(lot.Id, pieces, 0, lot.Remaining, lot.Remaining == 0 ? LotStatus.Consumed : LotStatus.Available));
        return pieces.Select(p => new Piece(p.Piece, p.Quantity, lot.Hot)).ToList();
    }

    /// <summary>A delivery; with a certificate, a steel heat's mill test report (filed once per heat, attached to every delivery of it).</summary>
    private Stock Receive(ItemCode item, SupplierName supplier, string heat, decimal quantity, UnitOfMeasure uom, bool withCertificate, bool hot = false)
    {
        var prefix = item == Steel ? "STL" : item == Copper ? "CU" : item == Resin ? "PA" : item == Regrind ? "RG" : "FST";
        var lot = NextLot(prefix);
        var heatNumber = HeatNumber.Parse(heat).Value;
        var certificates = new List<CertificateId>();
        if (withCertificate && hot && _hotCertificate is { } known)
        {
            certificates.Add(known);
        }
        else if (withCertificate)
        {
            var id = CertificateId.FromNumber(_nextCertificate++);
            var file = DocumentFile.Create($"MTR-{heat}.pdf", Pdf($"Mill test report {heat} issued by {supplier.Value}")).Value;
            var filed = new CertificateFiled(id, CertificateType.MTR, supplier.Value, DateOnly.FromDateTime(_now.UtcDateTime), [heatNumber], ["EN 10083-3"], [], file.Sha256, file.FileName, file.MediaType, file.Content.Length);
            certificates.Add(id);
            Emit(filed, document: file);
            _hotCertificate = hot ? id : _hotCertificate;
        }

        var scope = prefix + "-#";
        Emit(new LotReceived(lot, item, supplier, heatNumber, $"SL-{_random.Next(1_000_000):000000}", item == Steel ? "42CrMo4+QT" : null, [], quantity, uom,
            $"PO-{Next("po"):000000}", scope, _counters[prefix], LotStatus.Available, null));
        foreach (var certificate in certificates)
        {
            Emit(new CertificateAttached(lot, certificate));
        }

        return new Stock(lot, item, uom, quantity, hot) { Certificates = certificates, Heat = heatNumber };
    }

    private void Manufacture(ItemCode product, IReadOnlyList<LotConsumed> lots, IReadOnlyList<UnitConsumed> units, IReadOnlyList<SerialNumber> serials, (LotId Lot, decimal Quantity)? batch, string machine)
    {
        var number = Next(ManufactureId.DefaultPrefix);
        var id = ManufactureId.Create(ManufactureId.DefaultPrefix, number);
        var finished = _now + _step;
        var outputPrefix = batch is null ? null : batch.Value.Lot.Value[..batch.Value.Lot.Value.IndexOf('-', StringComparison.Ordinal)];
        Emit(new ManufactureRecorded(
            id, NumberedId.Scope(ManufactureId.DefaultPrefix), number, product, null, lots, units,
            machine, null, _random.Next(2) == 0 ? "Kim" : "Ravi", null, finished.AddHours(-2), finished, null,
            batch?.Lot, outputPrefix is null ? null : outputPrefix + "-#", outputPrefix is null ? null : _counters[outputPrefix], batch?.Quantity, batch is null ? null : _uoms[product],
            serials, serials.Count == 0 ? null : "serial:" + product.Value, serials.Count == 0 ? null : _counters["serial:" + product.Value]));
    }

    private void Install(UnitId parent, UnitId component) =>
        Emit(new ComponentInstalled(parent, component, null, null, null, Work("Assembly cell A")));

    private void Test(UnitId unit, string step, params (string Name, decimal Nominal, decimal Tolerance, string Unit)[] measures)
    {
        var measurements = measures.Select(m => new Measurement(
            m.Name, decimal.Round(m.Nominal + (m.Tolerance * (decimal)((_random.NextDouble() * 1.6) - 0.8)), 4), m.Unit, m.Nominal - m.Tolerance, m.Nominal + m.Tolerance)).ToList();
        Emit(new UnitTested(unit, step, measurements, Work("Test stand T-" + (1 + _random.Next(2)))));
    }

    private ContainerId Container(string kind)
    {
        var number = Next("SSCC:" + CompanyPrefix);
        var id = ContainerId.Create(CompanyPrefix, number).Value;
        Emit(new ContainerCreated(id, kind, "SSCC:" + CompanyPrefix, number));
        return id;
    }

    /// <summary>An order from a customer; a few customers order far more often than the rest, as in life.</summary>
    private (OrderId Order, CustomerId Customer) Order(ItemCode item, decimal quantity)
    {
        var u = _random.NextDouble();
        var customer = _customers[(int)(_customers.Count * u * u)];
        var order = OrderId.FromNumber(Next(OrderId.Prefix));
        Emit(new OrderPlaced(order, customer, $"PO-{customer.Value[4..]}-{_counters[OrderId.Prefix]:000000}", [new OrderLine(item, quantity, Each)]));
        return (order, customer);
    }

    private LotConsumed Consume(Stock stock, decimal quantity)
    {
        stock.Remaining -= quantity;
        return new LotConsumed(stock.Id, stock.Item, quantity, stock.Uom, stock.Remaining, null);
    }

    private static Stock Ensure(Stock? stock, decimal needed, Func<Stock> receive) => stock is not null && stock.Remaining >= needed ? stock : receive();

    private List<SerialNumber> Serials(ItemCode item, int count)
    {
        var prefix = item.Value[..1];
        var scope = "serial:" + item.Value;
        return Enumerable.Range(0, count).Select(_ => Identifier.FromStored<SerialNumber>($"{prefix}{Next(scope):000000000}")).ToList();
    }

    private LotId NextLot(string prefix) => Identifier.FromStored<LotId>($"{prefix}-{Next(prefix):000000}");

    private long Next(string scope)
    {
        var next = _counters.GetValueOrDefault(scope) + 1;
        _counters[scope] = next;
        return next;
    }

    private void CountHot(bool hot, int serials) => _hotSerialsPending += hot ? serials : 0;

    private static List<Made> Take(Queue<Made> queue, int count) => Enumerable.Range(0, count).Select(_ => queue.Dequeue()).ToList();

    private T Pick<T>(List<T> items, int from, int count) => items[from + _random.Next(count)];

    private static WorkContext Work(string station) => new(null, null, null, station);

    private void Emit(ILedgerEvent e, string? reason = null, DocumentFile? document = null)
    {
        _now += _step;
        _buffer.Add(new GeneratedRecord(new NewEvent(e, e is ManufactureRecorded m ? m.Finished : _now, reason), document));
        _queued++;
    }

    /// <summary>Samples units and lots from what was really emitted (a run cut off at the end is not sampled).</summary>
    private void Observe(ILedgerEvent e)
    {
        switch (e)
        {
            case ManufactureRecorded m:
                foreach (var serial in m.OutputSerials)
                {
                    Sample(_sampleUnits, ++_unitsSeen, Node(UnitId.Of(m.Product, serial)));
                }

                if (m.OutputLot is { } batch)
                {
                    Sample(_sampleLots, ++_lotsSeen, Node(batch));
                }

                break;
            case LotReceived r:
                Sample(_sampleLots, ++_lotsSeen, Node(r.Lot));
                break;
            case LotSplit s:
                foreach (var piece in s.Pieces)
                {
                    Sample(_sampleLots, ++_lotsSeen, Node(piece.Piece));
                }

                break;
        }
    }

    /// <summary>Reservoir sampling with its own random stream, so sampling never changes the records.</summary>
    private void Sample(List<string> sample, long seen, string node)
    {
        if (sample.Count < SampleSize)
        {
            sample.Add(node);
            return;
        }

        var slot = _sampler.NextInt64(seen);
        if (slot < SampleSize)
        {
            sample[(int)slot] = node;
        }
    }

    private static string Node(LotId lot) => new NodeKey(NodeKind.Lot, lot.Value).Text;

    private static string Node(UnitId unit) => new NodeKey(NodeKind.Unit, unit.Value).Text;

    private static ItemCode Item(string code) => ItemCode.Parse(code).Value;

    private static UnitOfMeasure Uom(string code) => UnitOfMeasure.Parse(code).Value;

    /// <summary>A minimal one-page PDF standing in for the mill's certificate.</summary>
    private static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}
