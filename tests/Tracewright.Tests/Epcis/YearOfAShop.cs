using System.Globalization;
using System.Text.Json.Nodes;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// A year of a fabrication shop written as another system would write it (issue 15, "Done when"): one EPCIS 2.0 JSON-LD
/// document in EPC URNs, not Tracewright's export. Month by month supplier lots are received (ILMD with the heat), cut into
/// pieces numbered with dots (<c>LOT.1</c>, <c>LOT.2</c>…, TransformationEvents), pieces are made into serialized
/// components, components aggregated into assemblies, some assemblies reworked (a component deleted and another — or the
/// same one again — added), assemblies shipped to the 400 customers of the header's master data (names, addresses,
/// contacts), alone or on pallets, and some shipments declared in error and corrected by a shipment to another customer.
/// The generator keeps its own model, so a test knows which customers a supplier lot reached without Tracewright's trace.
/// </summary>
internal sealed class YearOfAShop
{
    private const string Prefix = "4012345";
    private const string Shop = "urn:epc:id:sgln:4012345.00000.0";

    private readonly Random _random;
    private readonly List<JsonObject> _events = [];
    private DateTimeOffset _clock = new(2025, 1, 2, 7, 0, 0, TimeSpan.Zero);
    private int _serial;

    /// <summary>The supplier lot of every component (its origin), and what each assembly holds now.</summary>
    private readonly Dictionary<string, string> _origin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _contents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _everInside = new(StringComparer.Ordinal);

    public string Document { get; }

    /// <summary>Every supplier lot received, as its EPC class URN.</summary>
    public IReadOnlyList<string> SupplierLots => _supplierLots;

    /// <summary>The name each customer (PGLN URN) has in the master data.</summary>
    public IReadOnlyDictionary<string, string> CustomerNames => _customerNames;

    public int Events => _events.Count;

    /// <summary>Each supplier lot's customers, by the model: shipments that count, of assemblies holding its components at the time.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> CustomersOf => _customersOf;

    /// <summary>Customers a shipment declared in error would have reached, per supplier lot (none of whom the lot reached otherwise).</summary>
    public IReadOnlyDictionary<string, HashSet<string>> OnlyInErroneousShipments => _onlyErroneous;

    private readonly List<string> _supplierLots = [];
    private readonly Dictionary<string, string> _customerNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _customersOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _onlyErroneous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ignoringRemovals = new(StringComparer.Ordinal);

    /// <summary>Each supplier lot's customers if removals did not count (every component ever in an assembly shipped with it).</summary>
    public IReadOnlyDictionary<string, HashSet<string>> CustomersIgnoringRemovals => _ignoringRemovals;

    private static readonly string[] Names = ["Adler", "Baker", "Costa", "Dietz", "Evans", "Fischer", "Garcia", "Horvat", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Petrov", "Rossi", "Silva", "Tanaka", "Varga", "Weber", "Zhang"];
    private static readonly string[] Trades = ["Robotics", "Automation", "Machine Works", "Fixtures", "Conveyors", "Racking", "Enclosures", "Trailers"];
    private static readonly string[] Cities = ["Leeds", "Lyon", "Porto", "Gdansk", "Aarhus", "Graz", "Turin", "Utrecht", "Brno", "Tartu"];

    public YearOfAShop(int seed, int customers = 400)
    {
        _random = new Random(seed);
        var parties = new JsonArray();
        var customerIds = new List<string>();
        for (var c = 1; c <= customers; c++)
        {
            var id = $"urn:epc:id:pgln:{Prefix}.{c:00000}";
            var name = $"{Names[_random.Next(Names.Length)]} {Trades[_random.Next(Trades.Length)]} {c}";
            _customerNames[id] = name;
            customerIds.Add(id);
            parties.Add(Element(id, ("name", name), ("streetAddressOne", $"{_random.Next(1, 200)} Mill Lane"), ("city", Cities[_random.Next(Cities.Length)]),
                ("postalCode", _random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture)), ("countryCode", "DE"), ("contact", $"Buyer {c}"),
                ("email", $"buyer{c}@customer{c}.example"), ("telephone", $"+49 30 {c:0000}")));
        }

        var suppliers = Enumerable.Range(1, 3).Select(s => $"urn:epc:id:pgln:{Prefix}.{9000 + s:00000}").ToList();
        foreach (var supplier in suppliers)
        {
            parties.Add(Element(supplier, ("name", $"Steel supplier {supplier[^1]}")));
        }

        var assemblies = new List<string>();
        var pieces = new List<(string Piece, string Lot, int Left)>();
        var loose = new List<string>();
        for (var month = 0; month < 12; month++)
        {
            for (var r = 0; r < 4; r++)
            {
                var lotText = $"S{month + 1:00}-{r + 1}-{_random.Next(100, 999)}";
                var lot = $"urn:epc:class:lgtin:{Prefix}.000001.{lotText}";
                _supplierLots.Add(lot);
                Add(Event("ObjectEvent", "ADD", "receiving", "in_progress")
                    .With("quantityList", Quantities((lot, 500)))
                    .With("sourceList", new JsonArray(new JsonObject { ["type"] = "owning_party", ["source"] = suppliers[_random.Next(suppliers.Count)] }))
                    .With("ilmd", new JsonObject { ["ex:heat"] = $"H-{month:00}{r}{_random.Next(1000, 9999)}" }));

                // Cut into pieces numbered with dots, as the shop numbers them.
                var count = _random.Next(3, 7);
                var cut = Enumerable.Range(1, count).Select(p => $"urn:epc:class:lgtin:{Prefix}.000001.{lotText}.{p}").ToList();
                Add(Event("TransformationEvent", null, "repackaging", "in_progress")
                    .With("inputQuantityList", Quantities((lot, 480)))
                    .With("outputQuantityList", Quantities([.. cut.Select(c => (c, 480m / count))])));
                pieces.AddRange(cut.Select(c => (c, lot, 8)));
            }

            // Components from pieces, two kilograms each.
            for (var k = 0; k < 150; k++)
            {
                var i = _random.Next(Math.Max(0, pieces.Count - 40), pieces.Count);
                var (piece, lot, left) = pieces[i];
                if (left == 0)
                {
                    continue;
                }

                pieces[i] = (piece, lot, left - 1);
                var component = $"urn:epc:id:sgtin:{Prefix}.000201.C{++_serial}";
                _origin[component] = lot;
                Add(Event("TransformationEvent", null, "commissioning", "active")
                    .With("inputQuantityList", Quantities((piece, 2)))
                    .With("outputEPCList", new JsonArray(component)));
                loose.Add(component);
            }

            // Assemblies of two components each; some reworked.
            while (loose.Count >= 3)
            {
                var assembly = $"urn:epc:id:sgtin:{Prefix}.000301.A{++_serial}";
                var parts = Take(loose, 2);
                _contents[assembly] = [.. parts];
                _everInside[assembly] = [.. parts];
                Add(Aggregation("ADD", "assembling", assembly, parts));
                assemblies.Add(assembly);
                if (_random.NextDouble() < 0.25 && loose.Count > 0)
                {
                    var removed = parts[_random.Next(parts.Count)];
                    Add(Aggregation("DELETE", "removing", assembly, [removed]));
                    _contents[assembly].Remove(removed);
                    var again = _random.NextDouble() < 0.3 ? removed : Take(loose, 1)[0];
                    Add(Aggregation("ADD", "assembling", assembly, [again]));
                    _contents[assembly].Add(again);
                    _everInside[assembly].Add(again);
                    if (again != removed)
                    {
                        loose.Add(removed); // back in the bin: it may go into a later assembly
                    }
                }
            }

            // Ship what was assembled, some on pallets; some shipments declared in error and sent again.
            while (assemblies.Count > 0)
            {
                var load = Take(assemblies, Math.Min(assemblies.Count, _random.Next(1, 4)));
                var customer = customerIds[_random.Next(customerIds.Count)];
                var carried = load;
                if (_random.NextDouble() < 0.3)
                {
                    var pallet = $"urn:epc:id:sscc:{Prefix}.{++_serial:0000000000}";
                    Add(Aggregation("ADD", "packing", pallet, load));
                    carried = [pallet];
                }

                var shipping = Shipping(carried, customer);
                Add(shipping);
                if (_random.NextDouble() < 0.08)
                {
                    var other = customerIds[_random.Next(customerIds.Count)];
                    var corrective = Shipping(carried, other);
                    var declared = shipping.DeepClone().AsObject();
                    declared["errorDeclaration"] = new JsonObject
                    {
                        ["declarationTime"] = Time(_clock.AddHours(1)),
                        ["reason"] = "incorrect_data",
                        ["correctiveEventIDs"] = new JsonArray((string)corrective["eventID"]!),
                    };
                    Add(declared);
                    Add(corrective);
                    Reached(load, customer, counts: false);
                    customer = other;
                }

                Reached(load, customer, counts: true);
            }
        }

        foreach (var (lot, wrong) in _onlyErroneous)
        {
            wrong.ExceptWith(_customersOf.GetValueOrDefault(lot) ?? []);
        }

        var document = new JsonObject
        {
            ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", new JsonObject { ["ex"] = "https://example.com/ns/" }),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Time(_clock),
            ["epcisHeader"] = new JsonObject
            {
                ["epcisMasterData"] = new JsonObject
                {
                    ["vocabularyList"] = new JsonArray(
                        new JsonObject { ["type"] = "urn:epcglobal:epcis:vtype:Party", ["vocabularyElementList"] = parties },
                        new JsonObject { ["type"] = "urn:epcglobal:epcis:vtype:Location", ["vocabularyElementList"] = new JsonArray(Element(Shop, ("name", "Fabrication hall"))) }),
                },
            },
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray([.. _events]) },
        };
        Document = document.ToJsonString();
    }

    /// <summary>What the model says a shipment reached: the supplier lot of every component inside each assembly now.</summary>
    private void Reached(IEnumerable<string> assemblies, string customer, bool counts)
    {
        var list = assemblies.ToList();
        if (counts)
        {
            foreach (var lot in list.SelectMany(a => _everInside[a]).Select(c => _origin[c]).Distinct())
            {
                (_ignoringRemovals.TryGetValue(lot, out var all) ? all : _ignoringRemovals[lot] = new HashSet<string>(StringComparer.Ordinal)).Add(customer);
            }
        }

        foreach (var lot in list.SelectMany(a => _contents[a]).Select(c => _origin[c]).Distinct())
        {
            var into = counts ? _customersOf : _onlyErroneous;
            if (!into.TryGetValue(lot, out var set))
            {
                into[lot] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(customer);
        }
    }

    private JsonObject Shipping(List<string> carried, string customer)
    {
        var number = ++_serial;
        return Event("ObjectEvent", "OBSERVE", "shipping", "in_transit")
            .With("epcList", new JsonArray([.. carried.Select(c => (JsonNode)c)]))
            .With("bizTransactionList", new JsonArray(
                Transaction("desadv", $"DN-{number}"), Transaction("po", $"PO-{number}"), Transaction("inv", $"INV-{number}")))
            .With("destinationList", new JsonArray(new JsonObject { ["type"] = "owning_party", ["destination"] = customer }));
    }

    private static JsonObject Transaction(string type, string id) =>
        new() { ["type"] = type, ["bizTransaction"] = $"urn:epcglobal:cbv:bt:4012345000009:{id}" };

    private JsonObject Aggregation(string action, string bizStep, string parent, IEnumerable<string> children) =>
        Event("AggregationEvent", action, bizStep, action == "ADD" ? "in_progress" : null)
            .With("parentID", parent)
            .With("childEPCs", new JsonArray([.. children.Select(c => (JsonNode)c)]));

    private JsonObject Event(string type, string? action, string bizStep, string? disposition)
    {
        _clock = _clock.AddMinutes(_random.Next(5, 40));
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var e = new JsonObject
        {
            ["type"] = type,
            ["eventID"] = "urn:uuid:" + new Guid(bytes),
            ["eventTime"] = Time(_clock),
            ["eventTimeZoneOffset"] = "+00:00",
        };
        if (action is not null)
        {
            e["action"] = action;
        }

        e["bizStep"] = bizStep;
        if (disposition is not null)
        {
            e["disposition"] = disposition;
        }

        e["readPoint"] = new JsonObject { ["id"] = Shop };
        e["bizLocation"] = new JsonObject { ["id"] = Shop };
        return e;
    }

    private void Add(JsonObject e) => _events.Add(e);

    private List<string> Take(List<string> from, int count)
    {
        var taken = new List<string>();
        for (var i = 0; i < count && from.Count > 0; i++)
        {
            var at = _random.Next(from.Count);
            taken.Add(from[at]);
            from.RemoveAt(at);
        }

        return taken;
    }

    private static JsonArray Quantities(params (string Class, decimal Quantity)[] quantities) =>
        new([.. quantities.Select(q => (JsonNode)new JsonObject { ["epcClass"] = q.Class, ["quantity"] = Math.Round(q.Quantity, 3), ["uom"] = "KGM" })]);

    private static JsonObject Element(string id, params (string Attribute, string Value)[] attributes) =>
        new()
        {
            ["id"] = id,
            ["attributes"] = new JsonArray([.. attributes.Select(a => (JsonNode)new JsonObject { ["id"] = "urn:epcglobal:cbv:mda#" + a.Attribute, ["attribute"] = a.Value })]),
        };

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

internal static class JsonObjectExtensions
{
    public static JsonObject With(this JsonObject o, string name, JsonNode? value)
    {
        o[name] = value;
        return o;
    }
}
