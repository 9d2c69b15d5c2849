using System.Text.Json.Nodes;

namespace Tracewright.Tests.Reliability;

/// <summary>EPCIS 2.0 JSON-LD documents of ObjectEvents with eventIDs, as a partner system sends them, for the reliability tests.</summary>
public static class CaptureDocument
{
    /// <summary><paramref name="count"/> new eventIDs, drawn from <paramref name="random"/> so a seeded run repeats them.</summary>
    public static List<string> NewIds(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return $"urn:uuid:{new Guid(bytes)}";
        }).ToList();

    /// <summary>One ObjectEvent per eventID, each observing its own serialized item (<paramref name="serial"/> of the ID).</summary>
    public static string Of(IEnumerable<string> ids, Func<string, string> serial) =>
        new JsonObject
        {
            ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = "2024-06-05T10:00:00Z",
            ["epcisBody"] = new JsonObject
            {
                ["eventList"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject
                {
                    ["type"] = "ObjectEvent",
                    ["eventID"] = id,
                    ["eventTime"] = "2024-06-01T08:00:00Z",
                    ["eventTimeZoneOffset"] = "+00:00",
                    ["action"] = "ADD",
                    ["bizStep"] = "commissioning",
                    ["disposition"] = "active",
                    ["epcList"] = new JsonArray($"urn:epc:id:sgtin:4012345.012345.{serial(id)}"),
                }).ToArray()),
            },
        }.ToJsonString();
}
