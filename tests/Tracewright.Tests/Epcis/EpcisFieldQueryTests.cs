using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Epcis;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// The REST binding's field parameters (issue 17): extensions, ILMD, INNER_, sensor data, persistent disposition, error
/// declaration and location extensions, HASATTR_/EQATTR_ of any vocabulary field and quantities in a unit. Each parameter is
/// asked of events that differ in the field it reads, and must select exactly those that match, on both databases.
/// </summary>
/// <remarks><paramref name="common"/>: on SQLite, the matches after which a condition is checked event by event (1: always).</remarks>
public abstract class EpcisFieldQueryTests(DatabaseKind kind, int? common = null)
{
    private const string Context = """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://ns.example.com/epcis/"}]""";

    private static string Event(int n, string fields, string type = "ObjectEvent", string action = "OBSERVE") => $$$"""
        {"type": "{{{type}}}", "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-0000000002{{{n:D2}}}", "eventTime": "2024-06-01T08:00:00Z", "eventTimeZoneOffset": "+00:00",
         "action": "{{{action}}}", "epcList": ["urn:epc:id:sgtin:4012345.012345.2{{{n:D2}}}"]{{{(fields.Length == 0 ? "" : ", " + fields)}}}}
        """;

    private static readonly string[] Events =
    [
        Event(1, """ "ex:lot": "A", "ex:temp": 20, "ex:made": "2024-01-01T00:00:00Z" """),
        Event(2, """ "ex:lot": "B", "ex:temp": 25.5, "ex:made": "2024-03-01T00:00:00+02:00" """),
        Event(3, """ "ilmd": {"ex:lot": "A", "ex:bestBefore": "2025-01-01T00:00:00Z"} """, action: "ADD"),
        Event(4, """ "ex:pack": {"ex:count": 3, "ex:note": "top"} """),
        Event(5, """ "ex:pack": {"ex:count": 7} """),
        Event(6, """
            "sensorElementList": [{"sensorMetadata": {"time": "2024-06-01T08:00:00Z", "startTime": "2024-06-01T07:00:00Z", "endTime": "2024-06-01T08:00:00Z",
              "deviceID": "urn:example:dev:1", "dataProcessingMethod": "https://example.com/method/avg", "bizRules": "https://example.com/rules/cold", "ex:site": "S1"},
              "sensorReport": [{"type": "Temperature", "value": 21, "uom": "CEL"}, {"type": "RelativeHumidity", "value": 40, "uom": "P1"}]}]
            """),
        Event(7, """
            "sensorElementList": [{"sensorReport": [{"type": "Temperature", "deviceID": "urn:example:dev:2", "time": "2024-06-02T08:00:00Z", "value": 30, "uom": "CEL",
              "stringValue": "ok", "booleanValue": true, "hexBinaryValue": "0AFF", "uriValue": "urn:example:u", "percRank": 50,
              "chemicalSubstance": "https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N", "microorganism": "https://www.ncbi.nlm.nih.gov/taxonomy/1126011",
              "ex:calibrated": "yes"}]}]
            """),
        Event(8, """ "sensorElementList": [{"sensorReport": [{"type": "Temperature", "value": 86, "uom": "FAH"}], "ex:batch": "B8"}] """),
        Event(9, """ "persistentDisposition": {"set": ["completeness_verified"], "unset": ["completeness_inferred"]} """),
        Event(10, """ "persistentDisposition": {"set": ["completeness_inferred"]} """),
        Event(11, """ "errorDeclaration": {"declarationTime": "2024-06-05T00:00:00Z", "reason": "incorrect_data", "ex:ticket": "T-1"} """),
        Event(12, """ "readPoint": {"id": "urn:epc:id:sgln:4012345.00000.1", "ex:dock": "7"}, "bizLocation": {"id": "urn:epc:id:sgln:4012345.00000.0", "ex:hall": "H2"} """),
        Event(13, """ "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.L1", "quantity": 5, "uom": "KGM"}] """),
        Event(14, """ "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.L2", "quantity": 5, "uom": "LTR"}] """),
        Event(15, """ "bizStep": "https://example.com/steps/anneal" """),
        Event(16, """ "ex:supplier": "urn:epc:id:pgln:4012345.00001" """),
        Event(17, """ "ex:supplier": "urn:epc:id:pgln:4012345.00002", "ex:long": "{{LONG}}" """),
    ];

    private static readonly string Long = new('x', 600);

    private static string Document => $$$"""
        {"@context": {{{Context}}}, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-06-01T08:00:00Z",
         "epcisHeader": {"epcisMasterData": {"vocabularyList": [
           {"type": "urn:epcglobal:epcis:vtype:BusinessStep", "vocabularyElementList": [{"id": "https://example.com/steps/anneal", "attributes": [{"id": "https://example.com/attr#oven", "attribute": "O-1"}]}]},
           {"type": "urn:epcglobal:epcis:vtype:Party", "vocabularyElementList": [{"id": "urn:epc:id:pgln:4012345.00001", "attributes": [{"id": "urn:epcglobal:cbv:mda#name", "attribute": "Acme"}]}]}]}},
         "epcisBody": {"eventList": [{{{string.Join(",\n", Events).Replace("{{LONG}}", Long, StringComparison.Ordinal)}}}]}}
        """;

    private async Task<List<int>> Selected(Shop shop, IReadOnlyDictionary<string, string>? namespaces, params (string Name, string Value)[] parameters)
    {
        Data.Epcis.EpcisQueries.CommonInTests.Value = common;
        var page = await Ok(QueryEpcis.HandleAsync(shop, parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)), null, namespaces, default));
        return [.. page.Document.Events.Select(e => int.Parse(e.EventId![^2..], System.Globalization.CultureInfo.InvariantCulture))];
    }

    private Task<List<int>> Selected(Shop shop, params (string Name, string Value)[] parameters) => Selected(shop, null, parameters);

    private async Task<(TestDatabase Test, Shop Shop)> CapturedAsync()
    {
        var test = await kind.CreateAsync();
        var shop = new Shop(test.Database, new ManualClock(new DateTimeOffset(2024, 6, 10, 12, 0, 0, TimeSpan.Zero)));
        await Ok(CaptureEpcis.HandleAsync(shop, "edi", new CaptureEpcis.Request(Document, CaptureEpcis.Syntax.Detect, false), default));
        return (test, shop);
    }

    [Fact]
    public async Task Extension_ILMD_and_INNER_parameters_select_exactly_the_events_whose_field_matches()
    {
        var (test, shop) = await CapturedAsync();
        await using var _ = test;
        Assert.Equal([1], await Selected(shop, ("EQ_ex:lot", "A")));
        Assert.Equal([1, 2], await Selected(shop, ("EQ_ex:lot", "A|B")));
        Assert.Equal([3], await Selected(shop, ("EQ_ILMD_ex:lot", "A")));
        Assert.Equal([1, 2], await Selected(shop, ("EXISTS_ex:lot", "")));
        Assert.Equal([3], await Selected(shop, ("EXISTS_ILMD_ex:lot", "")));
        Assert.Equal([3], await Selected(shop, ("GE_ILMD_ex:bestBefore", "2024-12-31T00:00:00Z")));
        Assert.Empty(await Selected(shop, ("LT_ILMD_ex:bestBefore", "2024-12-31T00:00:00Z")));

        // Numbers compare as numbers (25.5 > 21 > 20), equal in any spelling; instants in any offset.
        Assert.Equal([2], await Selected(shop, ("GT_ex:temp", "21")));
        Assert.Equal([1], await Selected(shop, ("LE_ex:temp", "20")));
        Assert.Equal([1], await Selected(shop, ("EQ_ex:temp", "20.0")));
        Assert.Equal([2], await Selected(shop, ("GE_ex:made", "2024-02-01T00:00:00Z")));
        Assert.Equal([2], await Selected(shop, ("EQ_ex:made", "2024-02-29T22:00:00Z")));

        // INNER_: nested inside another field, not at top level.
        Assert.Equal([4], await Selected(shop, ("EQ_INNER_ex:count", "3")));
        Assert.Equal([5], await Selected(shop, ("GT_INNER_ex:count", "5")));
        Assert.Equal([4], await Selected(shop, ("EXISTS_INNER_ex:note", "")));
        Assert.Empty(await Selected(shop, ("EQ_ex:count", "3")));
        Assert.Equal([4, 5], await Selected(shop, ("EXISTS_ex:pack", "")));

        // The namespace by the EPCIS 1.2 form, and a prefix the request declares in its GS1-Extensions header.
        Assert.Equal([1], await Selected(shop, ("EQ_https://ns.example.com/epcis/#lot", "A")));
        var declared = QueryFieldParameters.Declared(["other=https://ns.example.com/epcis/, x=not a uri"]);
        Assert.Equal([1], await Selected(shop, declared, ("EQ_other:lot", "A")));
        Assert.Empty(await Selected(shop, QueryFieldParameters.Declared(["ex=https://elsewhere.example.com/"]), ("EQ_ex:lot", "A")));

        // A value longer than the index holds is still found by itself, and only by itself.
        Assert.Equal([17], await Selected(shop, ("EQ_ex:long", Long)));
        Assert.Empty(await Selected(shop, ("EQ_ex:long", Long + "y")));

        // The error declaration, read point and business location extensions.
        Assert.Equal([11], await Selected(shop, ("EQ_ERROR_DECLARATION_ex:ticket", "T-1")));
        Assert.Equal([12], await Selected(shop, ("EQ_readPoint_ex:dock", "7")));
        Assert.Equal([12], await Selected(shop, ("EXISTS_bizLocation_ex:hall", "")));
        Assert.Empty(await Selected(shop, ("EQ_ex:dock", "7")));
    }

    [Fact]
    public async Task Sensor_parameters_select_by_the_report_and_metadata_and_a_value_meets_only_its_own_unit()
    {
        var (test, shop) = await CapturedAsync();
        await using var _ = test;
        Assert.Equal([6, 7, 8], await Selected(shop, ("EQ_type", "Temperature")));
        Assert.Equal([6], await Selected(shop, ("EQ_type", "RelativeHumidity")));
        Assert.Equal([6, 7, 8], await Selected(shop, ("EXISTS_sensorElementList", "")));
        Assert.Equal([6], await Selected(shop, ("EQ_deviceID", "urn:example:dev:1")));
        Assert.Equal([7], await Selected(shop, ("EQ_deviceID", "urn:example:dev:2")));
        Assert.Equal([6], await Selected(shop, ("EQ_dataProcessingMethod", "https://example.com/method/avg")));
        Assert.Equal([6], await Selected(shop, ("EQ_bizRules", "https://example.com/rules/cold")));
        Assert.Equal([7], await Selected(shop, ("EQ_stringValue", "ok")));
        Assert.Equal([7], await Selected(shop, ("EQ_booleanValue", "true")));
        Assert.Empty(await Selected(shop, ("EQ_booleanValue", "false")));
        Assert.Equal([7], await Selected(shop, ("EQ_hexBinaryValue", "0aff")));
        Assert.Equal([7], await Selected(shop, ("EQ_uriValue", "urn:example:u")));
        Assert.Equal([7], await Selected(shop, ("EQ_chemicalSubstance", "https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N")));
        Assert.Equal([7], await Selected(shop, ("EQ_microorganism", "https://www.ncbi.nlm.nih.gov/taxonomy/1126011")));
        Assert.Equal([7], await Selected(shop, ("GE_percRank", "50")));
        Assert.Empty(await Selected(shop, ("GT_percRank", "50")));

        // Metadata time for event 6, report time for event 7.
        Assert.Equal([7], await Selected(shop, ("GE_time", "2024-06-02T00:00:00Z")));
        Assert.Equal([6], await Selected(shop, ("LT_time", "2024-06-02T00:00:00Z")));
        Assert.Equal([6], await Selected(shop, ("GE_startTime", "2024-06-01T06:00:00Z")));
        Assert.Empty(await Selected(shop, ("LT_endTime", "2024-06-01T08:00:00Z")));

        // A value and its unit come from the same report: event 6's 40 is P1, not CEL.
        Assert.Equal([7], await Selected(shop, ("GE_value_CEL", "25")));
        Assert.Equal([6], await Selected(shop, ("LT_value_CEL", "25")));
        Assert.Empty(await Selected(shop, ("GE_value_CEL", "35")));
        Assert.Equal([6], await Selected(shop, ("GE_value_P1", "35")));
        Assert.Equal([8], await Selected(shop, ("GE_value_FAH", "80")));
        Assert.Equal([7], await Selected(shop, ("EQ_value_CEL", "30")));

        // Extensions of the element, its metadata and its reports.
        Assert.Equal([7], await Selected(shop, ("EQ_SENSORREPORT_ex:calibrated", "yes")));
        Assert.Equal([6], await Selected(shop, ("EQ_SENSORMETADATA_ex:site", "S1")));
        Assert.Equal([8], await Selected(shop, ("EQ_SENSORELEMENT_ex:batch", "B8")));
        Assert.Empty(await Selected(shop, ("EQ_SENSORMETADATA_ex:batch", "B8")));
    }

    [Fact]
    public async Task Persistent_disposition_attributes_of_any_vocabulary_field_and_quantities_in_a_unit_select_their_events()
    {
        var (test, shop) = await CapturedAsync();
        await using var _ = test;
        Assert.Equal([9], await Selected(shop, ("EQ_persistentDisposition_set", "completeness_verified")));
        Assert.Equal([10], await Selected(shop, ("EQ_persistentDisposition_set", "https://ref.gs1.org/cbv/Disp-completeness_inferred")));
        Assert.Equal([9], await Selected(shop, ("EQ_persistentDisposition_unset", "completeness_inferred")));

        Assert.Equal([15], await Selected(shop, ("HASATTR_bizStep", "https://example.com/attr#oven")));
        Assert.Equal([15], await Selected(shop, ("EQATTR_bizStep_https://example.com/attr#oven", "O-1")));
        Assert.Empty(await Selected(shop, ("EQATTR_bizStep_https://example.com/attr#oven", "O-2")));
        Assert.Equal([16], await Selected(shop, ("HASATTR_ex:supplier", "urn:epcglobal:cbv:mda#name|urn:example:none")));
        Assert.Equal([16], await Selected(shop, ("EQATTR_ex:supplier_urn:epcglobal:cbv:mda#name", "Acme")));
        Assert.Equal([16, 17], await Selected(shop, ("EXISTS_ex:supplier", "")));

        Assert.Equal([13], await Selected(shop, ("GE_quantity_KGM", "5")));
        Assert.Equal([14], await Selected(shop, ("EQ_quantity_LTR", "5")));
        Assert.Equal([13, 14], await Selected(shop, ("EQ_quantity", "5")));
        Assert.Empty(await Selected(shop, ("GT_quantity_KGM", "5")));

        foreach (var (name, value) in new[]
                 {
                     ("GT_ex:temp", "warm"), ("EQ_booleanValue", "maybe"), ("GE_value_CEL", "hot"), ("GE_time", "yesterday"), ("EQ_hexBinaryValue", "0G"),
                     ("EQ_persistentDisposition_set", "not a disposition"), ("EQATTR_nothing", "x"), ("HASATTR_nofield", "x"), ("EQ_deviceID", "dev 1"), ("EQ_lot", "A"),
                 })
        {
            var refused = Assert.IsType<InvalidInput>(await Fails(QueryEpcis.HandleAsync(shop, [new(name, value)], default)));
            Assert.Equal(name, refused.Name);
        }
    }

    [Fact]
    public async Task The_answer_copied_from_the_stored_events_is_the_answer_written_from_the_model_and_a_prefix_clash_is_written_from_the_model()
    {
        var (test, shop) = await CapturedAsync();
        await using var _ = test;
        var page = await Ok(QueryEpcis.HandleAsync(shop, [new("perPage", "1000")], default));
        var copied = page.Json();
        Assert.Equal(Events.Length, page.Rows.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(copied), JsonNode.Parse(EpcisJsonWriter.Write(page.Document))), copied[..2000]);

        // Another sender's "ex" is another namespace: copying both under one prefix would say something else.
        var theirs = $$$"""
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://other.example.com/"}], "type": "EPCISDocument", "schemaVersion": "2.0",
             "creationDate": "2024-06-01T08:00:00Z", "epcisBody": {"eventList": [{{{Event(50, "\"ex:lot\": \"A\"")}}}]}}
            """;
        await Ok(CaptureEpcis.HandleAsync(shop, "edi", new CaptureEpcis.Request(theirs, CaptureEpcis.Syntax.Detect, false), default));
        var both = await Ok(QueryEpcis.HandleAsync(shop, [new("EXISTS_ex:lot", "")], default));
        Assert.Equal([1, 2, 50], both.Document.Events.Select(e => int.Parse(e.EventId![^2..], CultureInfo.InvariantCulture)));
        var read = EpcisJsonReader.Read(both.Json());
        Assert.Empty(read.Errors);
        Assert.Equal(
            ["https://ns.example.com/epcis/", "https://ns.example.com/epcis/", "https://other.example.com/"],
            read.Document!.Events.Select(e => e.Extensions.Single(x => x.LocalName == "lot").Namespace));
        var declared = await Ok(QueryEpcis.HandleAsync(shop, [new("EQ_ex:lot", "A")], null, QueryFieldParameters.Declared(["ex=https://other.example.com/"]), default));
        Assert.Equal("urn:uuid:2b0c1a6e-0000-4000-8000-000000000250", Assert.Single(EpcisJsonReader.Read(declared.Json()).Document!.Events).EventId);
    }

    [Fact]
    public async Task The_field_rows_are_what_a_replay_derives_and_a_database_from_before_them_gets_them_when_it_migrates()
    {
        var (test, shop) = await CapturedAsync();
        await using var _ = test;
        await Ok(CaptureEpcis.HandleAsync(shop, "edi", new CaptureEpcis.Request(
            """
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/xml" schemaVersion="2.0" creationDate="2024-06-01T08:00:00Z">
              <EPCISBody><EventList><ObjectEvent><eventTime>2024-06-01T09:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                <eventID>urn:uuid:2b0c1a6e-0000-4000-8000-000000000299</eventID>
                <epcList><epc>urn:epc:id:sgtin:4012345.012345.299</epc></epcList><action>OBSERVE</action>
                <ex:lot>X</ex:lot><ex:pack><ex:count>9</ex:count></ex:pack></ObjectEvent></EventList></EPCISBody>
            </epcis:EPCISDocument>
            """, CaptureEpcis.Syntax.Detect, false), default));
        Assert.Equal([99], await Selected(shop, ("EQ_https://ns.example.com/xml#lot", "X")));
        Assert.Equal([99], await Selected(shop, ("EQ_INNER_ex:count", "9")));
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);

        var before = (await LedgerVerifier.DerivedStateAsync(test.Database, default))["epcis_event_fields"];
        Assert.True(before.Count > 50, $"{before.Count} field rows");
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            await connection.ExecuteAsync("DROP TABLE epcis_event_fields");
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = 20");
        }

        await test.Database.MigrateAsync(default);
        Assert.Equal(before, (await LedgerVerifier.DerivedStateAsync(test.Database, default))["epcis_event_fields"]);
        Assert.Equal([1], await Selected(shop, ("EQ_ex:lot", "A")));
    }
}

public sealed class SqliteEpcisFieldQueryTests() : EpcisFieldQueryTests(new SqliteKind());

/// <summary>The same answers when every condition is checked event by event as the events are walked (SQLite's way for common values).</summary>
public sealed class SqliteEpcisFieldQueryWalkedTests() : EpcisFieldQueryTests(new SqliteKind(), common: 1);

public sealed class PostgresEpcisFieldQueryTests() : EpcisFieldQueryTests(new PostgresKind());
