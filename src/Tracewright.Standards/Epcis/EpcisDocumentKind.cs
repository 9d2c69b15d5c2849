namespace Tracewright.Standards.Epcis;

/// <summary>What the input was: a capture document, query results, or a single bare event (EPCIS 2.0 REST capture of one event).</summary>
public enum EpcisDocumentKind
{
    Document,
    QueryDocument,
    SingleEvent,

    /// <summary>An EPCISMasterDataDocument: master data only, no events.</summary>
    MasterDataDocument,
}
