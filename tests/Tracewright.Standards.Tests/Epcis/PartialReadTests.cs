using Tracewright.Standards.Epcis;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>
/// Issue 17: a capture with <c>GS1-Capture-Error-Behaviour: proceed</c> stores the events that are valid and reports the
/// others by their position. The readers say which event each error is in, and give the valid part only when every error
/// lies inside an event.
/// </summary>
public sealed class PartialReadTests
{
    private static string Event(string id, string action) => $$"""
        {"type": "ObjectEvent", "eventID": "{{id}}", "eventTime": "2026-11-02T08:00:00Z", "eventTimeZoneOffset": "+00:00",
         "action": "{{action}}", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{id.Length}}"]}
        """;

    private static string Json(string creationDate, params string[] events) => $$"""
        {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
         "creationDate": "{{creationDate}}", "epcisBody": {"eventList": [{{string.Join(",", events)}}] } }
        """;

    [Fact]
    public void A_json_document_with_one_bad_event_names_its_position_and_keeps_the_others_as_its_valid_part()
    {
        var read = EpcisJsonReader.Read(Json("2026-11-02T08:00:00Z", Event("urn:uuid:00000000-0000-4000-8000-000000000001", "ADD"), Event("urn:uuid:00000000-0000-4000-8000-000000000002", "SHOUT"), Event("urn:uuid:00000000-0000-4000-8000-000000000003", "OBSERVE")));

        Assert.False(read.Succeeded);
        var error = Assert.Single(read.Errors);
        Assert.Equal(1, error.EventIndex);
        Assert.StartsWith("$.epcisBody.eventList[1]", error.Location, StringComparison.Ordinal);
        Assert.NotNull(read.ValidPart);
        Assert.Equal(["urn:uuid:00000000-0000-4000-8000-000000000001", "urn:uuid:00000000-0000-4000-8000-000000000003"], read.ValidPart.Events.Select(e => e.EventId));
    }

    [Fact]
    public void An_error_outside_the_events_leaves_no_valid_part()
    {
        var read = EpcisJsonReader.Read(Json("yesterday", Event("urn:uuid:00000000-0000-4000-8000-000000000001", "ADD"), Event("urn:uuid:00000000-0000-4000-8000-000000000002", "SHOUT")));

        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.EventIndex is null);
        Assert.Null(read.ValidPart);
    }

    [Fact]
    public void An_xml_document_counts_positions_across_event_types_and_an_unknown_event_type_is_one_bad_event()
    {
        const string xml = """
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-11-02T08:00:00Z">
              <EPCISBody><EventList>
                <ObjectEvent><eventTime>2026-11-02T08:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                  <eventID>urn:uuid:00000000-0000-4000-8000-000000000001</eventID>
                  <epcList><epc>urn:epc:id:sgtin:0614141.107346.1</epc></epcList><action>ADD</action></ObjectEvent>
                <SpinEvent/>
                <AggregationEvent><eventTime>2026-11-02T08:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                  <eventID>urn:uuid:00000000-0000-4000-8000-000000000003</eventID>
                  <parentID>urn:epc:id:sscc:0614141.1234567890</parentID>
                  <childEPCs><epc>urn:epc:id:sgtin:0614141.107346.1</epc></childEPCs><action>SHOUT</action></AggregationEvent>
                <ObjectEvent><eventTime>2026-11-02T08:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                  <eventID>urn:uuid:00000000-0000-4000-8000-000000000004</eventID>
                  <epcList><epc>urn:epc:id:sgtin:0614141.107346.2</epc></epcList><action>OBSERVE</action></ObjectEvent>
              </EventList></EPCISBody>
            </epcis:EPCISDocument>
            """;

        var read = EpcisXmlReader.Read(xml);

        Assert.False(read.Succeeded);
        Assert.Equal([1, 2], read.Errors.Select(e => e.EventIndex!.Value).Distinct().Order());
        Assert.NotNull(read.ValidPart);
        Assert.Equal(["urn:uuid:00000000-0000-4000-8000-000000000001", "urn:uuid:00000000-0000-4000-8000-000000000004"], read.ValidPart.Events.Select(e => e.EventId));
    }
}
