namespace Tracewright.Standards.Epcis;

/// <summary>
/// One reason a document was rejected. <see cref="Location"/> is a JSON path (<c>$.epcisBody.eventList[1].action</c>) or an
/// XML position (<c>line 12, /EPCISDocument/EPCISBody/EventList/ObjectEvent[1]/action</c>); <see cref="Message"/> names the
/// field and what is wrong with it.
/// </summary>
public sealed record EpcisError(string Location, string Message)
{
    public override string ToString() => Location + ": " + Message;
}
