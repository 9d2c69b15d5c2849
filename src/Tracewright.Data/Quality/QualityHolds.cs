using System.Data.Common;
using Dapper;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;

namespace Tracewright.Data.Quality;

/// <summary>The facts <see cref="ShippingHold"/> decides on, read for one unit: its tests and releases from the ledger, its open NCRs.</summary>
public static class QualityHolds
{
    public static async Task<ShippingHold.Facts> OfUnitAsync(DbConnection connection, DbTransaction? transaction, UnitId unit, CancellationToken cancellationToken)
    {
        var records = await connection.QueryAsync<(long Seq, string Kind, string Payload)>(new CommandDefinition(
            """
            SELECT seq, kind, payload FROM ledger
            WHERE kind IN ('UnitTested', 'UnitReleasedToShip') AND seq IN (SELECT seq FROM ledger_subjects WHERE subject_key = @key)
            ORDER BY seq
            """,
            new { key = unit.Value.ToUpperInvariant() }, transaction, cancellationToken: cancellationToken));
        UnitTested? lastTest = null;
        long? testedAt = null, releasedAt = null;
        foreach (var (seq, kind, payload) in records)
        {
            switch (EventCatalog.Deserialize(kind, payload))
            {
                case UnitTested tested when tested.Unit == unit:
                    (lastTest, testedAt) = (tested, seq);
                    break;
                case UnitReleasedToShip released when released.Unit == unit:
                    releasedAt = seq;
                    break;
            }
        }

        var ncrs = await connection.QueryAsync<(string Id, long OpenedSeq)>(new CommandDefinition(
            "SELECT n.id, n.opened_seq FROM ncrs n JOIN ncr_subjects s ON s.ncr_id = n.id WHERE s.subject_kind = 'unit' AND s.subject_id = @unit AND n.status = 'Open' ORDER BY n.id",
            new { unit = unit.Value }, transaction, cancellationToken: cancellationToken));
        return new ShippingHold.Facts(lastTest is { Passed: false } ? lastTest.Step : null, lastTest is { Passed: false } ? testedAt : null, ncrs.Select(n => (n.Id, n.OpenedSeq)).ToList(), releasedAt);
    }
}
