namespace Tracewright.Standards.Epcis;

/// <summary>
/// The REST binding's <c>GS1-EPC-Format: Always_GS1_Digital_Link</c>: an event with every EPC, EPC class, location and party
/// that is a GS1 key written as its (canonical) GS1 Digital Link URI; other identifiers stay as they are. The other way,
/// Digital Link to EPC URN, needs the GS1 company prefix's length, which a Digital Link does not carry.
/// </summary>
public static class EpcisEpcFormat
{
    public static EpcisEvent AsDigitalLinks(EpcisEvent e)
    {
        static string Link(string id) => EpcisIdentifier.ToCanonicalDigitalLink(id) ?? id;
        static IReadOnlyList<string> Links(IReadOnlyList<string> ids) => [.. ids.Select(Link)];
        static IReadOnlyList<EpcisQuantity> Classes(IReadOnlyList<EpcisQuantity> quantities) => [.. quantities.Select(q => q with { EpcClass = Link(q.EpcClass) })];
        static IReadOnlyList<EpcisSourceDestination> Parties(IReadOnlyList<EpcisSourceDestination> parties) => [.. parties.Select(p => p with { Value = Link(p.Value) })];
        return e with
        {
            ParentId = e.ParentId is { } parent ? Link(parent) : null,
            EpcList = Links(e.EpcList),
            ChildEpcs = Links(e.ChildEpcs),
            InputEpcList = Links(e.InputEpcList),
            OutputEpcList = Links(e.OutputEpcList),
            QuantityList = Classes(e.QuantityList),
            ChildQuantityList = Classes(e.ChildQuantityList),
            InputQuantityList = Classes(e.InputQuantityList),
            OutputQuantityList = Classes(e.OutputQuantityList),
            ReadPoint = e.ReadPoint is { } readPoint ? readPoint with { Id = Link(readPoint.Id) } : null,
            BizLocation = e.BizLocation is { } bizLocation ? bizLocation with { Id = Link(bizLocation.Id) } : null,
            SourceList = Parties(e.SourceList),
            DestinationList = Parties(e.DestinationList),
        };
    }
}
