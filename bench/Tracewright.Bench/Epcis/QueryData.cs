using System.Globalization;
using System.Text;

namespace Tracewright.Bench.Epcis;

/// <summary>
/// EPCIS events that exercise every query parameter, as an MES and an ERP would send them: the five event types, CBV steps
/// and dispositions, 1,000 read points under 200 business locations under 20 sites (master data with attributes), serials,
/// lots with quantities, business transactions, parties, ILMD, user extensions (numbers and nested fields), sensor data on
/// one event in ten, persistent dispositions and error declarations on a few. Event <c>n</c> is the same in every run, so
/// the query values below select known events.
/// </summary>
internal static class QueryData
{
    /// <summary>Changes when the events change: a store made from other events is made again.</summary>
    public const int Version = 2;

    public const string Context = """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://ns.example.com/epcis/"}]""";

    public static readonly string[] Steps =
    [
        "receiving", "shipping", "commissioning", "inspecting", "packing", "unpacking", "storing", "picking", "loading", "unloading",
        "assembling", "disassembling", "transporting", "arriving", "departing", "accepting", "holding", "repairing", "sampling", "sensor_reporting",
    ];

    public static readonly string[] Dispositions = ["active", "in_progress", "in_transit", "conformant", "non_conformant", "sellable_accessible", "damaged", "returned", "recalled", "expired"];

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static uint Mix(long n)
    {
        var x = (ulong)n * 0x9E3779B97F4A7C15UL;
        x ^= x >> 31;
        return (uint)(x * 0xBF58476D1CE4E5B9UL >> 32);
    }

    private static string I(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static string EventId(long n) => $"urn:uuid:00000000-0000-4000-8000-{n:D12}";

    public static DateTimeOffset EventTime(long n) => Start.AddSeconds(30 * n);

    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string ReadPoint(long n) => $"urn:epc:id:sgln:4012345.{Mix(n) % 1000:D5}.0";

    public static string BizLocation(long n) => $"urn:epc:id:sgln:4012345.{Mix(n) % 1000 / 5:D5}.1";

    public static string Site(int site) => $"urn:epc:id:sgln:4012345.9{site:D4}.0";

    public static string Serial(long n, int k) => $"urn:epc:id:sgtin:4012345.{n % 50:D6}.{n}-{k}";

    public static string LotClass(long n) => $"urn:epc:class:lgtin:4012345.{n % 50:D6}.L{n % 5000}";

    public static string Order(long n) => $"urn:epcglobal:cbv:bt:4012345000009:PO-{n / 10}";

    public static string Party(long n) => $"urn:epc:id:pgln:4012345.{Mix(n) % 500:D5}";

    public static string Device(long n) => $"urn:example:dev:{n % 100}";

    public static string Kind(long n) => (n % 20) switch
    {
        14 or 15 => "AggregationEvent",
        16 => "TransactionEvent",
        17 => "TransformationEvent",
        18 => "AssociationEvent",
        _ => "ObjectEvent",
    };

    public static bool HasSensor(long n) => Kind(n) == "ObjectEvent" && n % 10 == 3;

    /// <summary>The master data: the business locations under their sites, with a sub-site type attribute.</summary>
    public static string MasterData()
    {
        var elements = new List<string>();
        for (var site = 0; site < 20; site++)
        {
            var children = Enumerable.Range(0, 10).Select(i => $"\"urn:epc:id:sgln:4012345.{(site * 10) + i:D5}.1\"");
            elements.Add($$"""{"id": "{{Site(site)}}", "children": [{{string.Join(", ", children)}}], "attributes": [{"id": "urn:epcglobal:cbv:mda#name", "attribute": "Site {{site}}"}]}""");
        }

        for (var place = 0; place < 200; place++)
        {
            elements.Add($$"""{"id": "urn:epc:id:sgln:4012345.{{place:D5}}.1", "attributes": [{"id": "urn:epcglobal:cbv:mda#sst", "attribute": "{{200 + (place % 8)}}"}]}""");
        }

        return $$$"""{"epcisMasterData": {"vocabularyList": [{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [{{{string.Join(",\n", elements)}}}]}]}}""";
    }

    /// <summary>A document of events <paramref name="from"/> to <paramref name="to"/> (exclusive); the first carries the master data.</summary>
    public static string Document(long from, long to)
    {
        var text = new StringBuilder(capacity: (int)(to - from) * 900);
        text.Append($$"""{"@context": {{Context}}, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-01-01T00:00:00Z", """);
        if (from == 0)
        {
            text.Append("\"epcisHeader\": ").Append(MasterData()).Append(", ");
        }

        text.Append("\"epcisBody\": {\"eventList\": [");
        for (var n = from; n < to; n++)
        {
            text.Append(n == from ? "\n" : ",\n");
            Event(text, n);
        }

        return text.Append("]}}").ToString();
    }

    private static void Event(StringBuilder e, long n)
    {
        var kind = Kind(n);
        var h = Mix(n);
        e.Append($$"""{"type": "{{kind}}", "eventID": "{{EventId(n)}}", "eventTime": "{{Time(EventTime(n))}}", "eventTimeZoneOffset": "+00:00" """);
        var add = h % 3 == 0;
        switch (kind)
        {
            case "ObjectEvent":
                e.Append($$""", "action": "{{(add ? "ADD" : h % 3 == 1 ? "OBSERVE" : "DELETE")}}", "epcList": ["{{Serial(n, 0)}}", "{{Serial(n, 1)}}"]""");
                if (n % 10 < 3)
                {
                    e.Append($$""", "quantityList": [{"epcClass": "{{LotClass(n)}}", "quantity": {{I((n % 100) + 1)}}, "uom": "{{(n % 2 == 0 ? "KGM" : "LTR")}}"}]""");
                }

                break;
            case "AggregationEvent" or "AssociationEvent":
                e.Append($$""", "action": "ADD", "parentID": "urn:epc:id:sscc:4012345.{{n:D10}}", "childEPCs": ["{{Serial(n, 0)}}", "{{Serial(n, 1)}}"]""");
                break;
            case "TransactionEvent":
                e.Append($$""", "action": "ADD", "epcList": ["{{Serial(n, 0)}}"]""");
                break;
            default:
                e.Append($$""", "inputEPCList": ["{{Serial(n - 1, 0)}}"], "outputEPCList": ["{{Serial(n, 0)}}"], "transformationID": "urn:uuid:10000000-0000-4000-8000-{{n / 40:D12}}" """);
                break;
        }

        e.Append($$""", "bizStep": "{{Steps[h % 20]}}", "disposition": "{{Dispositions[(h / 20) % 10]}}", "readPoint": {"id": "{{ReadPoint(n)}}"}, "bizLocation": {"id": "{{BizLocation(n)}}"}""");
        if (kind == "TransactionEvent" || n % 5 == 1)
        {
            e.Append($$""", "bizTransactionList": [{"type": "po", "bizTransaction": "{{Order(n)}}"}]""");
        }

        if (n % 10 == 7)
        {
            e.Append($$""", "sourceList": [{"type": "owning_party", "source": "{{Party(n)}}"}], "destinationList": [{"type": "owning_party", "destination": "{{Party(n + 1)}}"}]""");
        }

        if (HasSensor(n))
        {
            var at = Time(EventTime(n));
            e.Append($$$""", "sensorElementList": [{"sensorMetadata": {"time": "{{{at}}}", "deviceID": "{{{Device(n)}}}"}, "sensorReport": [{"type": "Temperature", "value": {{{I(n % 600 / 10)}}}, "uom": "CEL"}, {"type": "RelativeHumidity", "value": {{{I(n % 100)}}}, "uom": "P1"}]}]""");
        }

        if (n % 50 == 11)
        {
            e.Append(""", "persistentDisposition": {"set": ["completeness_verified"]}""");
        }

        if (n % 1000 == 999)
        {
            e.Append($$""", "errorDeclaration": {"declarationTime": "{{Time(EventTime(n).AddHours(1))}}", "reason": "incorrect_data"}""");
        }

        if (kind == "ObjectEvent" && add)
        {
            e.Append($$""", "ilmd": {"ex:lot": "LOT-{{I(n % 10000)}}", "ex:bestBefore": "{{Time(EventTime(n).AddDays(365))}}"}""");
        }

        if (n % 2 == 0)
        {
            e.Append($$""", "ex:temp": {{I(n % 400)}}.5""");
        }

        if (n % 10 == 5)
        {
            e.Append($$""", "ex:pack": {"ex:count": {{I(n / 10 % 10)}}}""");
        }

        e.Append('}');
    }
}
