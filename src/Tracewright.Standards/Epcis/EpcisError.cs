namespace Tracewright.Standards.Epcis;

/// <summary>
/// One reason a document was rejected. <see cref="Location"/> is a JSON path (<c>$.epcisBody.eventList[1].action</c>) or an
/// XML position (<c>line 12, /EPCISDocument/EPCISBody/EventList/ObjectEvent[1]/action</c>); <see cref="Message"/> names the
/// field and what is wrong with it.
/// </summary>
/// <see cref="EventIndex"/> is the position (from 0) in the document's event list of the event the error is in; null for an
/// error outside any event (the header, the document's shape).
public sealed record EpcisError(string Location, string Message)
{
    public int? EventIndex { get; init; }

    /// <summary>Marks the errors from <paramref name="from"/> on as lying in the event at <paramref name="index"/>.</summary>
    internal static void PlaceIn(List<EpcisError> errors, int from, int index)
    {
        for (var k = from; k < errors.Count; k++)
        {
            errors[k] = errors[k] with { EventIndex = index };
        }
    }


    public override string ToString() => Location + ": " + Message;
}
