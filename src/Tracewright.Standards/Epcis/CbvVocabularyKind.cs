namespace Tracewright.Standards.Epcis;

/// <summary>The CBV / GS1 Web vocabularies whose values may be written as bare short names in EPCIS 2.0 JSON-LD.</summary>
public enum CbvVocabularyKind
{
    BizStep,
    Disposition,
    BizTransactionType,
    SourceDestinationType,
    ErrorReason,
    MeasurementType,
    SensorAlertType,
    Component,
}
