using Dapper;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Trace;

namespace Tracewright.Data.Trace;

/// <summary>
/// Brings an in-memory <see cref="GenealogyIndex"/> up to the ledger's tip by applying every record after the
/// index's last sequence. At start that is the whole ledger; afterwards only what other writers (other
/// processes, other servers on the same PostgreSQL) appended since.
/// </summary>
public static class GenealogyLoader
{
    public static async Task<long> CatchUpAsync(Database database, GenealogyIndex index, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            "SELECT seq AS Sequence, kind AS Kind, occurred_at AS OccurredAt, recorded_at AS RecordedAt, recorded_by AS RecordedBy, reason AS Reason, corrects_seq AS Corrects, payload AS Payload, prev_hash AS PreviousHash, hash AS Hash FROM ledger WHERE seq > @after ORDER BY seq",
            new { after = index.LastSequence },
            cancellationToken: cancellationToken));
        var parser = reader.GetRowParser<LedgerEntry>();
        var applied = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            index.Apply(parser(reader));
            if (++applied % 10_000 == 0)
            {
                progress?.Report(applied);
            }
        }

        return applied;
    }

    public static async Task<GenealogyIndex> LoadAsync(Database database, CancellationToken cancellationToken)
    {
        var index = new GenealogyIndex();
        await CatchUpAsync(database, index, null, cancellationToken);
        return index;
    }
}
