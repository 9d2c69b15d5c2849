namespace Tracewright.Standards.Tests.Epcis;

/// <summary>
/// Which corpus files are valid EPCIS documents, which are deliberately invalid, and the documented exclusions
/// (see src/Tracewright.Standards/Epcis/README.md for the reasons).
/// </summary>
internal static class CorpusSelection
{
    /// <summary>Files that are not EPCIS event documents at all (schemas, contexts, capture-job status, query requests).</summary>
    public static readonly IReadOnlyDictionary<string, string> NotEventDocuments = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gs1-epcis/XML/CaptureJob/"] = "EPCISCaptureJob status resources of the REST binding, not EPCIS documents",
        ["ift-opentraceability/OpenTraceability.Tests/Data/epc_tests.json"] = "identifier parsing vectors, not an EPCIS document",
        ["ift-opentraceability/OpenTraceability.Tests/Data/gs1-vocab-"] = "GS1 Web Vocabulary master data (JSON-LD), not an EPCIS document",
        ["ift-opentraceability/OpenTraceability.Tests/Data/EPCISQueryDocument_malformed.jsonld"] = "deliberately malformed JSON (upstream README)",
    };

    /// <summary>Valid-labelled files that this reader deliberately rejects or does not read, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Exclusions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["openepcis-test-resources/2.0/EPCIS/XML/Capture/Documents/JumbledFieldsOrder.xml"] =
            "event fields out of the EPCIS 2.0 XSD sequence; the same corpus marks ObjectEvent_with_wrong_element_order.xml invalid for exactly this",
        ["openepcis-test-resources/2.0/EPCIS/XML/Query/JumbledFieldsOrder.xml"] =
            "event fields out of the EPCIS 2.0 XSD sequence (as above)",
        ["openepcis-test-resources/2.0/EPCIS/XML/Query/Combination_of_different_event.xml"] =
            "EPCISQueryDocument without the creationDate attribute, which the EPCIS 2.0 XSD requires",
        ["gs1-epcis/JSON/AssociationEvent/AssociationEvent-h.jsonld"] =
            "its event has the key eventID twice, with two different values; which one counts is undefined, so it is refused (issue 15)",
        ["ift-opentraceability/OpenTraceability.Tests/Data/AssociationEvent-h.jsonld"] =
            "a copy of gs1-epcis' AssociationEvent-h.jsonld, with the same duplicate eventID",
    };

    private static bool Skip(string f) => NotEventDocuments.Keys.Any(f.StartsWith) || Exclusions.ContainsKey(f);

    public static IEnumerable<string> Gs1EpcisValid() =>
        EpcisCorpora.Files("gs1-epcis/JSON", ".jsonld", ".json")
            .Concat(EpcisCorpora.Files("gs1-epcis/XML", ".xml", ".json"))
            .Concat(EpcisCorpora.Files("gs1-epcis/XSL/1.2/XML", ".xml"))
            .Where(f => !Skip(f));

    public static IEnumerable<string> OpenEpcisValid() =>
        File.ReadAllLines(EpcisCorpora.Path("openepcis-test-resources", "openepcis-test-resources.list"))
            .Where(l => l.Length > 0)
            .Select(l => "openepcis-test-resources" + l.Trim())
            .Where(f => !f.Contains("/Queries/", StringComparison.Ordinal))
            .Where(f => !Skip(f));

    public static IEnumerable<string> OpenEpcisInvalid() =>
        EpcisCorpora.Files("openepcis-test-resources", ".json", ".xml")
            .Where(f => f.Contains("/Invalid/", StringComparison.Ordinal) && !f.Contains("/Queries/", StringComparison.Ordinal));

    public static IEnumerable<string> IftValid() =>
        EpcisCorpora.Files("ift-opentraceability", ".jsonld", ".xml", ".json")
            .Where(f => !f.Contains("/Utility/Data/", StringComparison.Ordinal) && !f.Contains("/docs/", StringComparison.Ordinal))
            .Where(f => !Skip(f));
}
