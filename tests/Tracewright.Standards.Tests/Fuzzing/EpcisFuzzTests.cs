using System.Text;
using Tracewright.Standards.Epcis;
using Tracewright.Standards.Tests.Epcis;
using Xunit.Abstractions;

namespace Tracewright.Standards.Tests.Fuzzing;

/// <summary>
/// Seeded fuzzing of the EPCIS readers with every corpus document (valid and invalid) as seeds, and the hostile documents a
/// capture endpoint must survive: nesting far beyond the limit, huge documents, DTDs, entity expansion and external entities.
/// Properties: reading never throws; a refusal carries at least one error with a location and a message; an accepted document
/// has events whose hash can be computed and that write back to a document which reads again with the same events.
/// </summary>
public sealed class EpcisFuzzTests(ITestOutputHelper output)
{
    /// <summary>The XML reader builds a tree with line information, several times slower than the JSON reader: fewer cases in CI.</summary>
    private const int CiJsonCases = 400;

    private const int CiXmlCases = 150;

    private static readonly Lazy<(IReadOnlyList<string> Json, IReadOnlyList<string> Xml)> Seeds = new(() =>
    {
        var files = CorpusSelection.Gs1EpcisValid()
            .Concat(CorpusSelection.OpenEpcisValid())
            .Concat(CorpusSelection.OpenEpcisInvalid())
            .Distinct(StringComparer.Ordinal)
            .Select(f => File.ReadAllText(EpcisCorpora.Full(f)))
            .Where(t => t.Length < 200_000)
            .ToList();
        return (files.Where(t => !EpcisReading.IsXml(t)).ToList(), files.Where(EpcisReading.IsXml).ToList());
    });

    [Fact]
    public void Json_documents_never_throw_and_what_is_accepted_writes_back_and_reads_the_same()
    {
        Assert.True(Seeds.Value.Json.Count > 50, "the corpora should seed the JSON fuzzer");
        output.WriteLine(Fuzz.Run("epcis-json", Fuzz.Cases(CiJsonCases), Seeds.Value.Json, 300, text => Check(text, xml: false), JsonMutator.Mutate));
    }

    [Fact]
    public void Xml_documents_never_throw_and_what_is_accepted_writes_back_and_reads_the_same()
    {
        Assert.True(Seeds.Value.Xml.Count > 50, "the corpora should seed the XML fuzzer");
        output.WriteLine(Fuzz.Run("epcis-xml", Fuzz.Cases(CiXmlCases), Seeds.Value.Xml, 300, text => Check(text, xml: true), XmlMutator.Mutate));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)]
    [InlineData(2_000_000)]
    public void Json_nested_far_beyond_the_limit_is_refused_naming_the_depth(int depth)
    {
        var json = new StringBuilder().Insert(0, "[", depth).Insert(depth, "]", depth).ToString();
        var read = EpcisJsonReader.Read(json);
        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)]
    [InlineData(2_000_000)]
    public void Xml_nested_far_beyond_the_limit_is_refused_naming_the_depth(int depth)
    {
        // 2,000,000 levels is 14 MB: under the capture endpoint's 16 MiB, and far too deep to walk by recursion.
        var xml = new StringBuilder().Insert(0, "<a>", depth).Insert(depth * 3, "</a>", depth).ToString();
        var read = EpcisXmlReader.Read(xml);
        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.Message.Contains("deeper than the limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Entity_expansion_is_refused_before_anything_expands()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-05-14T09:00:00Z">
              <EPCISBody><EventList><ObjectEvent><eventTime>2024-05-14T09:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
              <epcList><epc>&lol9;</epc></epcList><action>OBSERVE</action></ObjectEvent></EventList></EPCISBody>
            </epcis:EPCISDocument>
            """;
        AssertRefusedAsUnsafe(laughs);
    }

    [Theory]
    [InlineData("<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;")]
    [InlineData("<!DOCTYPE d [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %p;]>", "x")]
    [InlineData("<!DOCTYPE d SYSTEM \"file:///etc/passwd\">", "x")]
    [InlineData("<!DOCTYPE d PUBLIC \"-//X//Y\" \"http://127.0.0.1:9/x.dtd\">", "x")]
    [InlineData("<!DOCTYPE d [<!ELEMENT d ANY>]>", "x")]
    public void A_dtd_or_external_entity_is_refused_and_nothing_is_fetched(string doctype, string epc)
    {
        var xml = $"""
            <?xml version="1.0"?>
            {doctype}
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-05-14T09:00:00Z">
              <EPCISBody><EventList><ObjectEvent><eventTime>2024-05-14T09:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
              <epcList><epc>{epc}</epc></epcList><action>OBSERVE</action></ObjectEvent></EventList></EPCISBody>
            </epcis:EPCISDocument>
            """;
        AssertRefusedAsUnsafe(xml);
    }

    [Fact]
    public void A_huge_document_of_many_events_reads_in_full_or_is_refused_with_the_limit()
    {
        var events = string.Join(",", Enumerable.Range(0, 50_000).Select(i =>
            $$"""{"type":"ObjectEvent","eventTime":"2024-05-14T09:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.{{i}}"],"action":"OBSERVE"}"""));
        var json = $$$"""{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-14T09:00:00Z","epcisBody":{"eventList":[{{{events}}}]}}""";
        var read = EpcisJsonReader.Read(json);
        Assert.True(read.Succeeded, string.Join("; ", read.Errors.Select(e => e.Message)));
        Assert.Equal(50_000, read.Document!.Events.Count);

        var small = EpcisJsonReader.Read(json, new EpcisReadOptions { MaxCharacters = 1000 });
        Assert.Contains(small.Errors, e => e.Message.Contains("larger than the limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Regression_an_empty_bizTransactionList_is_refused_not_accepted_and_then_dropped_on_writing()
    {
        // Found by the XML fuzzer: accepted, then written without the list, which no reader accepts back.
        const string xml = """
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-05-14T09:00:00Z">
              <EPCISBody><EventList><TransactionEvent><eventTime>2024-05-14T09:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
              <bizTransactionList></bizTransactionList><epcList><epc>urn:epc:id:sgtin:0614141.107346.2017</epc></epcList><action>ADD</action>
              </TransactionEvent></EventList></EPCISBody>
            </epcis:EPCISDocument>
            """;
        const string json = """
            {"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-14T09:00:00Z","epcisBody":{"eventList":[
             {"type":"TransactionEvent","eventTime":"2024-05-14T09:00:00Z","eventTimeZoneOffset":"+00:00","bizTransactionList":[],
              "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"action":"ADD"}]}}
            """;
        foreach (var read in new[] { EpcisXmlReader.Read(xml), EpcisJsonReader.Read(json) })
        {
            Assert.False(read.Succeeded);
            Assert.Contains(read.Errors, e => e.Message.Contains("at least one valid entry in 'bizTransactionList'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Regression_an_object_event_with_an_empty_epcList_and_sensor_data_without_a_read_point_is_written_with_its_epcList()
    {
        // Found by the long fuzz run: the writers left the empty epcList out, and without it the event says what it is about by
        // sensor data alone, which needs a read point: the written document was refused.
        const string json = """
            {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",
             "creationDate":"2024-05-14T09:00:00Z","epcisBody":{"eventList":[
             {"type":"ObjectEvent","eventTime":"2024-05-14T09:00:00Z","eventTimeZoneOffset":"+00:00","epcList":[],"action":"OBSERVE",
              "sensorElementList":[{"sensorMetadata":{"time":"2024-05-14T09:00:00Z"},"sensorReport":[{"type":"Temperature","value":21.5,"uom":"CEL"}]}]}]}}
            """;
        var read = EpcisJsonReader.Read(json);
        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.True(Check(json, xml: false));
        Assert.True(Check(EpcisXmlWriter.Write(read.Document!), xml: true));
    }

    [Fact]
    public void Regression_half_a_surrogate_pair_is_an_error_value_not_an_exception()
    {
        var read = EpcisJsonReader.Read("{\"type\":\"EPCISDocument\",\"x\":\"\ud800\"}");
        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.Message.Contains("surrogate", StringComparison.Ordinal));
    }

    private static void AssertRefusedAsUnsafe(string xml)
    {
        var read = EpcisXmlReader.Read(xml);
        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.Message.Contains("DTD", StringComparison.Ordinal) || e.Message.Contains("unsafe", StringComparison.Ordinal));
        Assert.DoesNotContain(read.Errors, e => e.Message.Contains("root:", StringComparison.Ordinal));
    }

    private static bool Check(string text, bool xml)
    {
        var read = xml ? EpcisXmlReader.Read(text) : EpcisJsonReader.Read(text);
        if (read.Document is not { } document)
        {
            Assert.NotEmpty(read.Errors);
            Assert.All(read.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message) || string.IsNullOrWhiteSpace(e.Location), "an error names where and what"));
            return false;
        }

        Assert.Empty(read.Errors);
        foreach (var e in document.Events)
        {
            Assert.StartsWith("ni:///sha-256;", EventHash.Compute(e).HashId, StringComparison.Ordinal);
        }

        var written = xml ? EpcisXmlWriter.Write(document) : EpcisJsonWriter.Write(document);
        var again = xml ? EpcisXmlReader.Read(written) : EpcisJsonReader.Read(written);
        if (!again.Succeeded && xml && text.Contains("urn:epcglobal:epcis:xsd:1", StringComparison.Ordinal))
        {
            // EPCIS 1.2 documents may carry user fields without a namespace (the 1.2 examples do, inside <extension>); they are
            // kept as such, and written as 2.0 they are what only lenient reading takes (src/Tracewright.Standards/Epcis/README.md).
            again = EpcisXmlReader.Read(written, EpcisReadOptions.LenientDefault);
        }

        Assert.True(again.Succeeded, $"accepted, but its written form is refused: {string.Join("; ", again.Errors.Select(e => $"{e.Location}: {e.Message}"))}");
        Assert.Equal(document.Events.Count, again.Document!.Events.Count);
        Assert.Equal(document.Events.Select(e => EventHash.Compute(e).HashId), again.Document.Events.Select(e => EventHash.Compute(e).HashId));
        return true;
    }
}
