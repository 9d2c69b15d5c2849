using System.Text.Json.Serialization;
using Tracewright.Domain.Ledger;

namespace Tracewright.Domain.Epcis;

/// <summary>The five EPCIS 2.0 event types, named as in the standard.</summary>
public enum EpcisEventKind : byte { ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent }

/// <summary>The EPCIS action; a TransformationEvent has none.</summary>
public enum EpcisEventAction : byte { Add, Observe, Delete }

/// <summary>The syntax of a stored EPCIS document.</summary>
public enum EpcisSyntax : byte { Json, Xml }

/// <summary>Where an identifier appears in an event: the EPC lists, the parent, or one of the quantity lists (by class).</summary>
public enum EpcisObjectRole : byte { Epc, Parent, Child, Input, Output, Quantity, ChildQuantity, InputQuantity, OutputQuantity }

/// <summary>
/// An object an event names. <see cref="Id"/> is canonical: the constrained GS1 Digital Link URI when the identifier is a GS1
/// key (so <c>urn:epc:id:sgtin:…</c> and <c>https://example.com/01/…/21/…</c> are the same object), otherwise the URI as written.
/// </summary>
public sealed record EpcisObject(EpcisObjectRole Role, string Id, decimal? Quantity, string? Uom);

/// <summary>A business transaction reference: its type (a CBV Web URI or other URI, or null) and value.</summary>
public sealed record EpcisTransactionRef(string? Type, string Value);

/// <summary>A source or destination: its type (a CBV Web URI such as <c>…/SDT-owning_party</c>) and canonical id.</summary>
public sealed record EpcisPartyRef(string Type, string Id);

/// <summary>Why and when an event was declared erroneous, and which events correct it.</summary>
public sealed record EpcisErrorInfo(DateTimeOffset DeclarationTime, string? Reason, IReadOnlyList<string> CorrectiveEventIds);

/// <summary>
/// An EPCIS event was captured. <see cref="Document"/> is the event as a one-event standard EPCIS 2.0 document written by the
/// standards library, with <c>recordTime</c> set to when it was captured, in the syntax it arrived in (<see cref="Syntax"/>):
/// XML extension attributes such as <c>xsi:type</c> have no JSON-LD form, and keeping the syntax keeps the event hash.
/// That is what queries and exports return. The other fields are what traces and queries need without parsing it, identifiers in canonical form.
/// <see cref="Key"/> is the eventID, or the event hash ID when the event has none or when its eventID was already taken by an
/// event with other content (the sender reused it); a key is captured once.
/// An event captured with its error declaration already in it (<see cref="Error"/>) is stored but never counts in traces.
/// </summary>
public sealed record EpcisEventCaptured(
    string Key,
    string? EventId,
    string HashId,
    EpcisEventKind Type,
    EpcisEventAction? Action,
    string? BizStep,
    string? Disposition,
    string? ReadPoint,
    string? BizLocation,
    DateTimeOffset EventTime,
    DateTimeOffset RecordTime,
    string? TransformationId,
    IReadOnlyList<EpcisObject> Objects,
    IReadOnlyList<EpcisTransactionRef> BizTransactions,
    IReadOnlyList<EpcisPartyRef> Sources,
    IReadOnlyList<EpcisPartyRef> Destinations,
    EpcisErrorInfo? Error,
    EpcisSyntax Syntax,
    string Document) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Key, .. Objects.Select(o => o.Id).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The fields the field query parameters read (<see cref="EpcisEventFields"/>), handed over by the capture that has the event
    /// read already; not stored (they are derived from <see cref="Document"/>, which a replay of the ledger reads instead).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<EpcisEventField>? Fields { get; init; }

    /// <summary>The genealogy node of the transformation: events sharing a transformationID meet in one node.</summary>
    public string TransformationNode => TransformationId ?? Key;
}

/// <summary>
/// A captured event was declared erroneous (EPCIS error declaration: the same eventID captured again with an
/// errorDeclaration). The original stays in the record, marked; its genealogy links no longer count.
/// </summary>
public sealed record EpcisEventDeclaredErroneous(string Key, EpcisErrorInfo Declaration) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Key, .. Declaration.CorrectiveEventIds];
}

/// <summary>
/// One master-data element from an EPCIS header: a party, location or product class with its vocabulary type, its name
/// (from the <c>…#name</c> attribute, when there is one) and every attribute as JSON.
/// </summary>
public sealed record EpcisMasterDataEntry(string Id, string Kind, string? Name, string Attributes);

/// <summary>Master data arrived with an EPCIS document; entries replace earlier ones with the same id.</summary>
public sealed record EpcisMasterDataCaptured(IReadOnlyList<EpcisMasterDataEntry> Entries) : ILedgerEvent
{
    public IEnumerable<string> Subjects => Entries.Select(e => e.Id);
}

/// <summary>The CBV business steps the genealogy reads, in the form the standards library stores them.</summary>
public static class CbvSteps
{
    public const string Shipping = "https://ref.gs1.org/cbv/BizStep-shipping";
    public const string Receiving = "https://ref.gs1.org/cbv/BizStep-receiving";
}
