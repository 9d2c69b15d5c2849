namespace Tracewright.Standards.Epcis;

/// <summary>The five EPCIS 2.0 event types. The names are the JSON <c>type</c> values and the XML element names.</summary>
public enum EpcisEventType
{
    ObjectEvent,
    AggregationEvent,
    TransactionEvent,
    TransformationEvent,
    AssociationEvent,
}
