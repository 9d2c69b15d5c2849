using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Tracewright.Domain.Trace;

namespace Tracewright.Data.Trace;

/// <summary>
/// Brings an in-memory <see cref="GenealogyIndex"/> up to the ledger's tip by applying every record after the
/// index's last sequence. At start that is everything after the newest usable snapshot (see
/// <see cref="GenealogySnapshots"/>), or the whole ledger; afterwards only what other writers (other processes,
/// other servers on the same PostgreSQL) appended since.
/// </summary>
public static class GenealogyLoader
{
    /// <summary>Fewer replayed records than this are not worth a snapshot (see <see cref="SnapshotDue"/>).</summary>
    public const long SnapshotAfter = 1_000;

    /// <summary>
    /// How a start went: the snapshot it began from (if any) or why none was usable, how many records it replayed
    /// after it, whether it stored a new snapshot, and how long it took.
    /// </summary>
    public sealed record Load(GenealogyIndex Index, GenealogySnapshots.Stored? Snapshot, string? SnapshotProblem, long Replayed, GenealogySnapshots.Stored? Saved, TimeSpan Elapsed, string? SaveProblem = null)
    {
        public string Describe() =>
            $"genealogy index: {Index.NodeCount:N0} nodes, {Index.EdgeCount:N0} links to record {Index.LastSequence:N0} in {Elapsed.TotalSeconds:0.00} s"
            + (Snapshot is null || SnapshotProblem is not null ? "" : $" (snapshot at record {Snapshot.Seq:N0}, then {Replayed:N0} records)")
            + (SnapshotProblem is null ? "" : $" (rebuilt from the ledger: {SnapshotProblem})")
            + (Saved is null ? "" : $"; snapshot stored at record {Saved.Seq:N0}")
            + (SaveProblem is null ? "" : $"; no snapshot stored: {SaveProblem}");
    }

    /// <summary>The ledger columns a catch-up reads; payloads only of the kinds the genealogy reads.</summary>
    private static readonly string CatchUpSql =
        $"SELECT seq, kind, occurred_at, CASE WHEN kind IN ({string.Join(", ", GenealogyIndex.KindsRead.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}) THEN payload END FROM ledger WHERE seq > @after ORDER BY seq";

    public static async Task<long> CatchUpAsync(Database database, GenealogyIndex index, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(CatchUpSql, new { after = index.LastSequence }, cancellationToken: cancellationToken));
        var applied = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            index.Apply(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            if (++applied % 10_000 == 0)
            {
                progress?.Report(applied);
            }
        }

        return applied;
    }

    /// <summary>
    /// Whether records replayed since the last snapshot call for a new one: at least <paramref name="atLeast"/>, and at least a
    /// twentieth of the ledger — a small shop gets one early (every CLI start then skips reading JSON), a large one does not
    /// rewrite hundreds of megabytes for a few new records.
    /// </summary>
    public static bool SnapshotDue(long replayed, long tip, long atLeast = SnapshotAfter) => replayed >= atLeast && replayed * 20 >= tip;

    /// <summary>The index at the ledger's tip: from the newest usable snapshot, or from nothing.</summary>
    public static async Task<GenealogyIndex> LoadAsync(Database database, CancellationToken cancellationToken) =>
        (await StartAsync(database, TimeProvider.System, SnapshotAfter, cancellationToken)).Index;

    /// <summary>
    /// Starts an index from the newest usable snapshot (or from nothing) and catches it up; when that replayed enough
    /// records (<see cref="SnapshotDue"/> with <paramref name="snapshotAfter"/>), stores a snapshot so the next start
    /// replays fewer. Storing it is a favour to the next start: when the database will not take it now (busy, read-only),
    /// the reason is in <see cref="Load.SaveProblem"/> and the start goes on.
    /// </summary>
    public static async Task<Load> StartAsync(Database database, TimeProvider clock, long snapshotAfter, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var found = await GenealogySnapshots.LoadAsync(database, cancellationToken);
        var index = found.Index ?? new GenealogyIndex();
        var replayed = await CatchUpAsync(database, index, null, cancellationToken);
        GenealogySnapshots.Stored? saved = null;
        string? saveProblem = null;
        if (SnapshotDue(replayed, index.LastSequence, snapshotAfter))
        {
            try
            {
                saved = await GenealogySnapshots.SaveAsync(database, index, clock, cancellationToken);
            }
            catch (DbException e)
            {
                saveProblem = e.Message;
            }
        }

        return new Load(index, found.Snapshot, found.Problem, replayed, saved, stopwatch.Elapsed, saveProblem);
    }
}
