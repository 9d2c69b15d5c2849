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
    /// <summary>What each captured event did, for its error declaration: the links it made, or those it closed.</summary>
    private readonly Dictionary<string, EpcisLinks> _byEpcisEvent;

    /// <summary>
    /// The links one event made are numbered <c>First … First + Count − 1</c> (an event's links are added together);
    /// a DELETE makes none and lists the links it closed.
    /// </summary>
    private readonly record struct EpcisLinks(int First, int Count, int[] Closed);

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
        var first = _edgeCount;
        var closed = new List<int>();
        int Epc(string id) => Node(NodeKind.Epc, id);
        switch (e.Type)
        {
            case EpcisEventKind.TransformationEvent:
                var transformation = Node(NodeKind.Transformation, e.TransformationNode);
                foreach (var input in e.Objects.Where(o => o.Role is EpcisObjectRole.Input or EpcisObjectRole.InputQuantity))
                {
                    Link(Epc(input.Id), transformation, at, StepKind.Consumed);
                }

                foreach (var output in e.Objects.Where(o => o.Role is EpcisObjectRole.Output or EpcisObjectRole.OutputQuantity))
                {
                    Link(transformation, Epc(output.Id), at, StepKind.Produced);
                }

                break;
            case EpcisEventKind.AggregationEvent or EpcisEventKind.AssociationEvent when e.Objects.FirstOrDefault(o => o.Role == EpcisObjectRole.Parent) is { } parentObject:
                var kind = e.Type == EpcisEventKind.AggregationEvent ? StepKind.Packed : StepKind.Associated;
                var parent = Epc(parentObject.Id);
                var children = e.Objects.Where(o => o.Role is EpcisObjectRole.Child or EpcisObjectRole.ChildQuantity).Select(o => Epc(o.Id)).ToList();
                if (e.Action == EpcisEventAction.Add)
                {
                    foreach (var child in children.Where(c => OpenEpcisLink(c, parent, kind) < 0))
                    {
                        AddLasting(child, parent, at, kind, open: true);
                    }
                }
                else if (e.Action == EpcisEventAction.Delete)
                {
                    var closing = children.Count > 0
                        ? children.Distinct().Select(c => OpenEpcisLink(c, parent, kind)).Where(edge => edge >= 0).ToList()
                        : OpenEpcisLinksInto(parent, kind);
                    foreach (var edge in closing)
                    {
                        End(edge, at);
                        closed.Add(edge);
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
                var to = Node(NodeKind.Party, party);
                foreach (var id in travelling)
                {
                    Link(Epc(id), to, at, via);
                }
            }
        }

        if (_edgeCount > first || closed.Count > 0)
        {
            _byEpcisEvent[e.Key] = new EpcisLinks(first, _edgeCount - first, [.. closed]);
        }
    }

    private void Undo(string key)
    {
        if (!_byEpcisEvent.Remove(key, out var made))
        {
            return;
        }

        for (var edge = made.First; edge < made.First + made.Count; edge++)
        {
            _flags[edge] = (byte)((_flags[edge] | RemovedFlag) & ~OpenFlag);
        }

        foreach (var edge in made.Closed)
        {
            if ((_flags[edge] & RemovedFlag) == 0 && OpenEpcisLink(_from[edge], _to[edge], (StepKind)(_flags[edge] & KindBits)) < 0)
            {
                End(edge, Forever);
                _flags[edge] |= OpenFlag;
            }
        }
    }

    /// <summary>The open aggregation or association of a child in a parent, or −1.</summary>
    private int OpenEpcisLink(int child, int parent, StepKind kind)
    {
        for (var edge = _outHead[child]; edge >= 0; edge = _nextOut[edge])
        {
            if (_to[edge] == parent && (_flags[edge] & (OpenFlag | KindBits)) == (OpenFlag | (byte)kind))
            {
                return edge;
            }
        }

        return -1;
    }

    private List<int> OpenEpcisLinksInto(int parent, StepKind kind)
    {
        var open = new List<int>();
        for (var edge = _inHead[parent]; edge >= 0; edge = _nextIn[edge])
        {
            if ((_flags[edge] & (OpenFlag | KindBits)) == (OpenFlag | (byte)kind))
            {
                open.Add(edge);
            }
        }

        return open;
    }
}
