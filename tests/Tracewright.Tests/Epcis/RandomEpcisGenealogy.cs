using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Trace;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// Random captured EPCIS events written straight as ledger records: transformations (some sharing a transformationID),
/// aggregations and associations added and deleted (with and without children, repeated, onto themselves), shipping to
/// parties, receiving at locations, events captured already erroneous, and later error declarations of any event — with
/// event times out of capture order, as EPCIS data arrives.
/// </summary>
internal sealed class RandomEpcisGenealogy(int number, DateTimeOffset start)
{
    private readonly Random _random = new(number * 104729 + 3);
    private readonly List<string> _objects = [];
    private readonly List<string> _keys = [];
    private DateTimeOffset _now = start;
    private int _counter;

    public List<NodeKey> Nodes { get; } = [];

    public List<DateTimeOffset> Moments { get; } = [];

    private string NewObject()
    {
        var id = $"https://id.gs1.org/01/0950000{number:D6}{_objects.Count % 10}/21/E{_objects.Count}";
        _objects.Add(id);
        Nodes.Add(new NodeKey(NodeKind.Epc, id));
        return id;
    }

    private string Pick() => _random.Next(5) == 0 || _objects.Count == 0 ? NewObject() : _objects[_random.Next(_objects.Count)];

    public List<NewEvent> Generate(int operations)
    {
        var events = new List<NewEvent>();
        for (var i = 0; i < operations; i++)
        {
            _now = _now.AddMinutes(1 + _random.Next(30));
            Moments.Add(_now);
            var at = _random.Next(6) == 0 ? _now.AddMinutes(-_random.Next(120)) : _now;
            events.Add(_random.Next(10) switch
            {
                0 or 1 => Transform(at),
                2 or 3 => Aggregate(at, EpcisEventKind.AggregationEvent, EpcisEventAction.Add),
                4 => Aggregate(at, EpcisEventKind.AggregationEvent, EpcisEventAction.Delete),
                5 => Aggregate(at, EpcisEventKind.AssociationEvent, _random.Next(3) == 0 ? EpcisEventAction.Delete : EpcisEventAction.Add),
                6 => Move(at, CbvSteps.Shipping),
                7 => Move(at, CbvSteps.Receiving),
                _ when _keys.Count > 0 => Declare(),
                _ => Transform(at),
            });
        }

        return events;
    }

    private List<EpcisObject> Some(EpcisObjectRole role, EpcisObjectRole quantityRole, int max)
    {
        var count = 1 + _random.Next(max);
        return Enumerable.Range(0, count).Select(_ => new EpcisObject(_random.Next(4) == 0 ? quantityRole : role, Pick(), null, null)).ToList();
    }

    private NewEvent Captured(DateTimeOffset at, EpcisEventKind type, EpcisEventAction? action, string? bizStep, string? location, string? transformation, List<EpcisObject> objects, List<EpcisPartyRef> destinations)
    {
        var key = $"urn:uuid:00000000-0000-4000-8000-{number:D6}{++_counter:D6}";
        var erroneous = _random.Next(15) == 0 ? new EpcisErrorInfo(_now, null, []) : null;
        _keys.Add(key);
        var e = new EpcisEventCaptured(key, key, "ni:///sha-256;" + key, type, action, bizStep, null, null, location, at, _now, transformation, objects, [], [], destinations, erroneous, EpcisSyntax.Json, "{}");
        return new NewEvent(e, at);
    }

    private NewEvent Transform(DateTimeOffset at)
    {
        var transformation = _random.Next(3) == 0 ? $"urn:x:transformation:{number}:{_random.Next(3)}" : null;
        var objects = Some(EpcisObjectRole.Input, EpcisObjectRole.InputQuantity, 3).Concat(Some(EpcisObjectRole.Output, EpcisObjectRole.OutputQuantity, 2)).ToList();
        var node = Captured(at, EpcisEventKind.TransformationEvent, null, null, null, transformation, objects, []);
        Nodes.Add(new NodeKey(NodeKind.Transformation, ((EpcisEventCaptured)node.Event).TransformationNode));
        return node;
    }

    private NewEvent Aggregate(DateTimeOffset at, EpcisEventKind type, EpcisEventAction action)
    {
        var objects = new List<EpcisObject> { new(EpcisObjectRole.Parent, _objects.Count > 0 && _random.Next(3) > 0 ? _objects[_random.Next(Math.Min(_objects.Count, 6))] : Pick(), null, null) };
        if (action == EpcisEventAction.Add || _random.Next(3) > 0)
        {
            objects.AddRange(Some(EpcisObjectRole.Child, EpcisObjectRole.ChildQuantity, 3));
        }

        return Captured(at, type, action, null, null, null, objects, []);
    }

    private NewEvent Move(DateTimeOffset at, string bizStep)
    {
        var party = $"https://id.gs1.org/417/95000{number:D6}{_random.Next(3)}";
        Nodes.Add(new NodeKey(NodeKind.Party, party));
        var objects = Some(EpcisObjectRole.Epc, EpcisObjectRole.Quantity, 2);
        // Roles that travel (parent, children) and one that does not (an input) turn up too.
        var extra = _random.Next(6);
        if (extra < 4)
        {
            objects.Add(new EpcisObject(extra switch { 0 => EpcisObjectRole.Input, 1 => EpcisObjectRole.Parent, 2 => EpcisObjectRole.Child, _ => EpcisObjectRole.ChildQuantity }, Pick(), null, null));
        }

        var action = _random.Next(8) == 0 ? EpcisEventAction.Delete : EpcisEventAction.Observe;
        return bizStep == CbvSteps.Shipping
            ? Captured(at, EpcisEventKind.ObjectEvent, action, bizStep, null, null, objects, [new EpcisPartyRef("https://ref.gs1.org/cbv/SDT-owning_party", party)])
            : Captured(at, EpcisEventKind.ObjectEvent, action, bizStep, party, null, objects, []);
    }

    private NewEvent Declare()
    {
        var key = _keys[_random.Next(_keys.Count)];
        return new NewEvent(new EpcisEventDeclaredErroneous(key, new EpcisErrorInfo(_now, "https://ref.gs1.org/cbv/ER-did_not_occur", [])), _now);
    }
}
