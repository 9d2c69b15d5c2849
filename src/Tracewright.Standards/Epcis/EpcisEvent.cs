namespace Tracewright.Standards.Epcis;

/// <summary>
/// One EPCIS event of any of the five types. A single record rather than one type per event kind keeps readers, writers and
/// the hash generic; which fields may be non-empty for which <see cref="Type"/> is enforced when reading (see README).
/// Invariants of a read event: <see cref="EventTimeZoneOffset"/> matches <c>[+-]hh:mm</c>; <see cref="Action"/> is null
/// exactly for TransformationEvent; CBV vocabulary values (bizStep, disposition, types, reasons) are full URIs, standard ones
/// as GS1 Web URIs (<c>https://ref.gs1.org/cbv/BizStep-receiving</c>); identifiers (EPCs, classes, locations) are kept as written;
/// lists are never null (empty when absent).
/// </summary>
public sealed record EpcisEvent
{
    public required EpcisEventType Type { get; init; }
    public string? EventId { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public required string EventTimeZoneOffset { get; init; }
    public DateTimeOffset? RecordTime { get; init; }
    public EpcisAction? Action { get; init; }
    public string? BizStep { get; init; }
    public string? Disposition { get; init; }
    public EpcisPersistentDisposition? PersistentDisposition { get; init; }
    public EpcisLocation? ReadPoint { get; init; }
    public EpcisLocation? BizLocation { get; init; }
    public string? ParentId { get; init; }
    public IReadOnlyList<string> EpcList { get; init; } = [];
    public IReadOnlyList<string> ChildEpcs { get; init; } = [];
    public IReadOnlyList<string> InputEpcList { get; init; } = [];
    public IReadOnlyList<string> OutputEpcList { get; init; } = [];
    public IReadOnlyList<EpcisQuantity> QuantityList { get; init; } = [];
    public IReadOnlyList<EpcisQuantity> ChildQuantityList { get; init; } = [];
    public IReadOnlyList<EpcisQuantity> InputQuantityList { get; init; } = [];
    public IReadOnlyList<EpcisQuantity> OutputQuantityList { get; init; } = [];
    public string? TransformationId { get; init; }
    public IReadOnlyList<EpcisBizTransaction> BizTransactionList { get; init; } = [];
    public IReadOnlyList<EpcisSourceDestination> SourceList { get; init; } = [];
    public IReadOnlyList<EpcisSourceDestination> DestinationList { get; init; } = [];
    public IReadOnlyList<EpcisSensorElement> SensorElementList { get; init; } = [];

    /// <summary>ILMD entries; null when the event has no ilmd element, empty for an empty one.</summary>
    public IReadOnlyList<EpcisExtensionElement>? Ilmd { get; init; }

    public IReadOnlyList<string> CertificationInfo { get; init; } = [];
    public EpcisErrorDeclaration? ErrorDeclaration { get; init; }

    /// <summary>User extension fields at event level, in document order.</summary>
    public IReadOnlyList<EpcisExtensionElement> Extensions { get; init; } = [];

    /// <summary>
    /// An ObjectEvent says what it is about by its epcList, a non-empty quantityList, or sensor data with a read point; with
    /// neither of the last two its epcList must be written, even empty, so that what was read is read back.
    /// </summary>
    internal bool NeedsEpcList => QuantityList.Count == 0 && !(SensorElementList.Count > 0 && ReadPoint is not null);
}
