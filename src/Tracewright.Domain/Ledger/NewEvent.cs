namespace Tracewright.Domain.Ledger;

/// <summary>
/// An event a command decided to append, with when it happened in the shop, why (required for status
/// changes and corrections) and, for a correction, the sequence number of the record it corrects.
/// </summary>
public sealed record NewEvent(ILedgerEvent Event, DateTimeOffset OccurredAt, string? Reason = null, long? Corrects = null);
