using Tracewright.Domain.Ledger;

namespace Tracewright.Domain.Epcis;

/// <summary>
/// A named EPCIS query was defined (<c>POST /epcis/queries</c>): <see cref="Definition"/> is its query object as JSON, the
/// parameters of §8.2.7 with their values; <see cref="Owner"/> may delete it (so may an admin).
/// </summary>
public sealed record EpcisQueryDefined(string Name, string Definition, string Owner) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Name];
}

/// <summary>A named query was deleted; its subscriptions end with it. The name may be defined again.</summary>
public sealed record EpcisQueryDeleted(string Name) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Name];
}

/// <summary>
/// A subscription to a named query: events matching it are sent to <see cref="Dest"/> (an http(s) URL) as EPCISQueryDocuments,
/// as they are captured (<see cref="Stream"/>) or at the times of <see cref="Schedule"/> (query-schedule.json, as JSON).
/// Only events recorded after <see cref="InitialRecordTime"/> are sent (after the subscription itself when it is null).
/// Whether it signs its deliveries is <see cref="Signed"/>; the signature token itself is kept beside the ledger, not in it.
/// </summary>
public sealed record EpcisSubscriptionCreated(
    string Id, string QueryName, string Dest, bool Stream, string? Schedule, bool ReportIfEmpty, DateTimeOffset? InitialRecordTime, bool Signed, string Owner) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id, QueryName];
}

/// <summary>A subscription ended: deleted by its owner or an admin, or with its query.</summary>
public sealed record EpcisSubscriptionCancelled(string Id, string QueryName) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id, QueryName];
}
