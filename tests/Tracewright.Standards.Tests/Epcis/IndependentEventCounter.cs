using System.Text.Json;
using System.Xml.Linq;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>
/// Counts the events of a document by a plain structural walk, independently of the reader under test, so that a reader that
/// silently drops events cannot pass the corpus tests.
/// </summary>
internal static class IndependentEventCounter
{
    private static readonly HashSet<string> EventNames = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"];

    public static int CountJson(string text)
    {
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        if (root.TryGetProperty("type", out var t) && EventNames.Contains(t.GetString() ?? ""))
            return 1;
        var body = root.GetProperty("epcisBody");
        if (body.TryGetProperty("queryResults", out var qr))
            body = qr.GetProperty("resultsBody");
        return body.GetProperty("eventList").GetArrayLength();
    }

    public static int CountXml(string text)
    {
        var root = XDocument.Parse(text).Root!;
        if (EventNames.Contains(root.Name.LocalName))
            return 1;
        return root.Descendants().Where(e => e.Name.LocalName == "EventList")
            .SelectMany(l => l.Descendants())
            .Count(e => EventNames.Contains(e.Name.LocalName) && (e.Name.Namespace == XNamespace.None || e.Name.NamespaceName.StartsWith("urn:epcglobal:epcis", StringComparison.Ordinal)));
    }
}
