using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;

namespace Tracewright.Domain.Trace;

/// <summary>
/// The links captured EPCIS events add to the genealogy, between <c>epc:</c> nodes keyed by canonical identifiers:
/// a TransformationEvent's inputs are consumed by, and its outputs produced by, a <c>xf:</c> node (its transformationID, so
/// events sharing one meet); AggregationEvent and AssociationEvent ADD link each child into the parent until a DELETE
/// (a DELETE without children empties the parent); shipping with a destinationList reaches <c>party:</c> nodes, receiving
/// reaches its bizLocation as a <c>party:</c> node. Links are timed by eventTime. An event declared erroneous loses its
/// links; a DELETE declared erroneous reopens what it closed (unless the pair was linked again since).
/// <c>TraceReference</c> derives the same links from the <c>epcis_*</c> tables.
/// </summary>
public sealed partial class GenealogyIndex
{
    private readonly Dictionary<string, List<(int Edge, bool Closed)>> _byEpcisEvent = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Child, int Parent, StepKind Kind), int> _epcisOpen = [];

    /// <summary>The object roles that travel when an event ships or receives something.</summary>
    public static bool Travels(EpcisObjectRole role) =>
        role is EpcisObjectRole.Epc or EpcisObjectRole.Quantity or EpcisObjectRole.Parent or EpcisObjectRole.Child or EpcisObjectRole.ChildQuantity;

    private void ApplyEpcis(ILedgerEvent e)
    {
        switch (e)
        {
            case EpcisEventCaptured captured when captured.Error is null:
                Capture(captured);
                break;
            case EpcisEventDeclaredErroneous declared:
                Undo(declared.Key);
                break;
        }
    }

    private void Capture(EpcisEventCaptured e)
    {
        var at = e.EventTime.UtcTicks;
        var made = new List<(int Edge, bool Closed)>();
        int Epc(string id) => Node(new NodeKey(NodeKind.Epc, id));
        switch (e.Type)
        {
            case EpcisEventKind.TransformationEvent:
                var transformation = Node(new NodeKey(NodeKind.Transformation, e.TransformationNode));
                foreach (var input in e.Objects.Where(o => o.Role is EpcisObjectRole.Input or EpcisObjectRole.InputQuantity))
                {
                    made.Add((Link(Epc(input.Id), transformation, at, StepKind.Consumed), false));
                }

                foreach (var output in e.Objects.Where(o => o.Role is EpcisObjectRole.Output or EpcisObjectRole.OutputQuantity))
                {
                    made.Add((Link(transformation, Epc(output.Id), at, StepKind.Produced), false));
                }

                break;
            case EpcisEventKind.AggregationEvent or EpcisEventKind.AssociationEvent when e.Objects.FirstOrDefault(o => o.Role == EpcisObjectRole.Parent) is { } parentObject:
                var kind = e.Type == EpcisEventKind.AggregationEvent ? StepKind.Packed : StepKind.Associated;
                var parent = Epc(parentObject.Id);
                var children = e.Objects.Where(o => o.Role is EpcisObjectRole.Child or EpcisObjectRole.ChildQuantity).Select(o => Epc(o.Id)).ToList();
                if (e.Action == EpcisEventAction.Add)
                {
                    foreach (var child in children.Where(c => !_epcisOpen.ContainsKey((c, parent, kind))))
                    {
                        var edge = Add(new Edge { From = child, To = parent, Start = at, End = Forever, Lasting = true, Kind = kind });
                        _epcisOpen[(child, parent, kind)] = edge;
                        made.Add((edge, false));
                    }
                }
                else if (e.Action == EpcisEventAction.Delete)
                {
                    var closing = children.Count > 0
                        ? children.Distinct().Select(c => (c, parent, kind)).Where(_epcisOpen.ContainsKey).ToList()
                        : _epcisOpen.Keys.Where(k => k.Parent == parent && k.Kind == kind).ToList();
                    foreach (var pair in closing)
                    {
                        _epcisOpen.Remove(pair, out var index);
                        var edge = _edges[index];
                        edge.End = at;
                        _edges[index] = edge;
                        made.Add((index, true));
                    }
                }

                break;
        }

        if (e.Action != EpcisEventAction.Delete)
        {
            var travelling = e.Objects.Where(o => Travels(o.Role)).Select(o => o.Id).ToList();
            var places = new List<(string Party, StepKind Via)>();
            if (e.BizStep == CbvSteps.Shipping)
            {
                places.AddRange(e.Destinations.Select(d => (d.Id, StepKind.Shipped)));
            }

            if (e.BizStep == CbvSteps.Receiving && e.BizLocation is { } location)
            {
                places.Add((location, StepKind.Received));
            }

            foreach (var (party, via) in places)
            {
                var to = Node(new NodeKey(NodeKind.Party, party));
                foreach (var id in travelling)
                {
                    made.Add((Link(Epc(id), to, at, via), false));
                }
            }
        }

        if (made.Count > 0)
        {
            _byEpcisEvent[e.Key] = made;
        }
    }

    private void Undo(string key)
    {
        if (!_byEpcisEvent.Remove(key, out var made))
        {
            return;
        }

        foreach (var (index, closed) in made)
        {
            var edge = _edges[index];
            var pair = (edge.From, edge.To, edge.Kind);
            if (!closed)
            {
                edge.Removed = true;
                if (_epcisOpen.TryGetValue(pair, out var open) && open == index)
                {
                    _epcisOpen.Remove(pair);
                }
            }
            else if (!edge.Removed && !_epcisOpen.ContainsKey(pair))
            {
                edge.End = Forever;
                _epcisOpen[pair] = index;
            }

            _edges[index] = edge;
        }
    }
}
