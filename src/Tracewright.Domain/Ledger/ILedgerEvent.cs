namespace Tracewright.Domain.Ledger;

/// <summary>
/// A fact recorded in the ledger: a past-tense, immutable record. <see cref="Subjects"/> lists the ids the
/// fact is about, so each record's history can be read back in order.
/// </summary>
public interface ILedgerEvent
{
    IEnumerable<string> Subjects { get; }
}
