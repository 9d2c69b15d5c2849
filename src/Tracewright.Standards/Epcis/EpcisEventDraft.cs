namespace Tracewright.Standards.Epcis;

/// <summary>
/// Mutable accumulator shared by the JSON and XML readers, so that the per-type rules (required and permitted fields) are
/// written once. Readers record every field they saw in <see cref="Present"/> with its location.
/// </summary>
internal sealed class EpcisEventDraft
{
    private static readonly HashSet<string> Common =
    [
        "eventID", "eventTime", "recordTime", "eventTimeZoneOffset", "certificationInfo", "errorDeclaration", "bizStep", "disposition",
        "persistentDisposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList",
    ];

    private static readonly Dictionary<EpcisEventType, HashSet<string>> Specific = new()
    {
        [EpcisEventType.ObjectEvent] = ["epcList", "action", "quantityList", "ilmd"],
        [EpcisEventType.AggregationEvent] = ["parentID", "childEPCs", "action", "childQuantityList"],
        [EpcisEventType.TransactionEvent] = ["parentID", "epcList", "action", "quantityList"],
        [EpcisEventType.TransformationEvent] = ["inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "ilmd"],
        [EpcisEventType.AssociationEvent] = ["parentID", "childEPCs", "childQuantityList", "action"],
    };

    public EpcisEventDraft(EpcisEventType type) => Type = type;

    public EpcisEventType Type { get; }
    public Dictionary<string, string> Present { get; } = new(StringComparer.Ordinal);
    public string? EventId;
    public DateTimeOffset? EventTime;
    public string? EventTimeZoneOffset;
    public DateTimeOffset? RecordTime;
    public EpcisAction? Action;
    public string? BizStep;
    public string? Disposition;
    public EpcisPersistentDisposition? PersistentDisposition;
    public EpcisLocation? ReadPoint;
    public EpcisLocation? BizLocation;
    public string? ParentId;
    public List<string> EpcList = [];
    public List<string> ChildEpcs = [];
    public List<string> InputEpcList = [];
    public List<string> OutputEpcList = [];
    public List<EpcisQuantity> QuantityList = [];
    public List<EpcisQuantity> ChildQuantityList = [];
    public List<EpcisQuantity> InputQuantityList = [];
    public List<EpcisQuantity> OutputQuantityList = [];
    public string? TransformationId;
    public List<EpcisBizTransaction> BizTransactionList = [];
    public List<EpcisSourceDestination> SourceList = [];
    public List<EpcisSourceDestination> DestinationList = [];
    public List<EpcisSensorElement> SensorElementList = [];
    public List<EpcisExtensionElement>? Ilmd;
    public List<string> CertificationInfo = [];
    public EpcisErrorDeclaration? ErrorDeclaration;
    public List<EpcisExtensionElement> Extensions = [];

    public static bool IsStandardField(string name) => Common.Contains(name) || Specific.Values.Any(s => s.Contains(name));

    /// <summary>Whether <paramref name="field"/> may appear in an event of <paramref name="type"/>.</summary>
    public static bool IsPermitted(EpcisEventType type, string field) => Common.Contains(field) || Specific[type].Contains(field);

    /// <summary>Checks the per-type requirements and builds the event; null when something required is missing.</summary>
    public EpcisEvent? Finish(string eventLocation, List<EpcisError> errors)
    {
        var before = errors.Count;
        void Require(bool ok, string field, string message)
        {
            if (!ok)
                errors.Add(new EpcisError(Present.GetValueOrDefault(field) ?? eventLocation, message));
        }

        var name = Type.ToString();
        Require(EventTime is not null || Present.ContainsKey("eventTime"), "eventTime", $"{name} is missing the required field 'eventTime'");
        Require(EventTimeZoneOffset is not null || Present.ContainsKey("eventTimeZoneOffset"), "eventTimeZoneOffset", $"{name} is missing the required field 'eventTimeZoneOffset'");
        if (Type != EpcisEventType.TransformationEvent)
            Require(Action is not null || Present.ContainsKey("action"), "action", $"{name} is missing the required field 'action' (ADD, OBSERVE or DELETE)");
        switch (Type)
        {
            case EpcisEventType.ObjectEvent:
                // The 2.0 JSON schema: epcList present, or a non-empty quantityList, or sensor data about a read point.
                Require(Present.ContainsKey("epcList") || QuantityList.Count > 0 || (Present.ContainsKey("sensorElementList") && Present.ContainsKey("readPoint")), "epcList",
                    "ObjectEvent must identify what it is about with 'epcList', a non-empty 'quantityList', or 'sensorElementList' together with 'readPoint'");
                break;
            case EpcisEventType.TransactionEvent:
                // Present but empty is refused too: both schemas require at least one bizTransaction (minItems 1, minOccurs 1).
                Require(BizTransactionList.Count > 0, "bizTransactionList",
                    Present.ContainsKey("bizTransactionList")
                        ? "TransactionEvent needs at least one valid entry in 'bizTransactionList'"
                        : "TransactionEvent is missing the required field 'bizTransactionList'");
                break;
            case EpcisEventType.AssociationEvent:
                Require(ParentId is not null || Present.ContainsKey("parentID"), "parentID", "AssociationEvent is missing the required field 'parentID'");
                break;
            case EpcisEventType.TransformationEvent:
                Require(InputEpcList.Count + InputQuantityList.Count + OutputEpcList.Count + OutputQuantityList.Count > 0
                        || Present.Keys.Any(k => k.StartsWith("input", StringComparison.Ordinal) || k.StartsWith("output", StringComparison.Ordinal)),
                    "inputEPCList", "TransformationEvent must have at least one of 'inputEPCList', 'inputQuantityList', 'outputEPCList', 'outputQuantityList'");
                break;
        }

        if (errors.Count > before || EventTime is null || EventTimeZoneOffset is null || (Type != EpcisEventType.TransformationEvent && Action is null))
            return null;
        return new EpcisEvent
        {
            Type = Type, EventId = EventId, EventTime = EventTime.Value, EventTimeZoneOffset = EventTimeZoneOffset, RecordTime = RecordTime,
            Action = Action, BizStep = BizStep, Disposition = Disposition, PersistentDisposition = PersistentDisposition, ReadPoint = ReadPoint,
            BizLocation = BizLocation, ParentId = ParentId, EpcList = EpcList, ChildEpcs = ChildEpcs, InputEpcList = InputEpcList,
            OutputEpcList = OutputEpcList, QuantityList = QuantityList, ChildQuantityList = ChildQuantityList,
            InputQuantityList = InputQuantityList, OutputQuantityList = OutputQuantityList, TransformationId = TransformationId,
            BizTransactionList = BizTransactionList, SourceList = SourceList, DestinationList = DestinationList,
            SensorElementList = SensorElementList, Ilmd = Ilmd, CertificationInfo = CertificationInfo, ErrorDeclaration = ErrorDeclaration,
            Extensions = Extensions,
        };
    }
}
