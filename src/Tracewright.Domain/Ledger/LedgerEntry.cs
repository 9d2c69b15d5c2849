namespace Tracewright.Domain.Ledger;

/// <summary>
/// One stored ledger record as it is hashed: <see cref="Hash"/> is SHA-256 over every other field and the
/// previous record's hash, so a change to any stored byte, or a removed, reordered or inserted record,
/// breaks the chain from that sequence number on. Timestamps are the <see cref="Common.Timestamp"/> text form.
/// </summary>
public sealed record LedgerEntry(
    long Sequence,
    string Kind,
    string OccurredAt,
    string RecordedAt,
    string RecordedBy,
    string? Reason,
    long? Corrects,
    string Payload,
    string PreviousHash,
    string Hash)
{
    public ILedgerEvent Event => EventCatalog.Deserialize(Kind, Payload);
}
