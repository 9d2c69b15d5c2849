using Tracewright.Data;
using Tracewright.Data.Trace;
using Tracewright.Domain.Trace;

namespace Tracewright;

/// <summary>
/// What every handler works against: the store, the clock, and the in-memory genealogy index that traces
/// read (started from the newest genealogy snapshot on first use, caught up with the ledger before each trace).
/// The actor is passed per call.
/// </summary>
public sealed record Shop(Database Database, TimeProvider Clock)
{
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private GenealogyIndex? _genealogy;
    private long _snapshotAt;

    /// <summary>The index as it stands, without catching up (null until it has started); for watching it, not for tracing.</summary>
    public GenealogyIndex? Genealogy => Volatile.Read(ref _genealogy);

    /// <summary>How the index started (from which snapshot, how many records replayed, how long), once it has.</summary>
    public GenealogyLoader.Load? GenealogyStart { get; private set; }

    /// <summary>The index with every ledger record applied, including other processes' writes.</summary>
    public async Task<GenealogyIndex> GenealogyAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            if (_genealogy is null)
            {
                var start = await GenealogyLoader.StartAsync(Database, Clock, GenealogyLoader.SnapshotAfter, cancellationToken);
                (GenealogyStart, _genealogy) = (start, start.Index);
                _snapshotAt = start.Saved?.Seq ?? (start.SnapshotProblem is null ? start.Snapshot?.Seq ?? 0 : 0);
            }
            else
            {
                await GenealogyLoader.CatchUpAsync(Database, _genealogy, null, cancellationToken);
            }

            return _genealogy;
        }
        finally
        {
            _catchUp.Release();
        }
    }

    /// <summary>
    /// For a process that keeps running: stores a genealogy snapshot once the index has moved far enough past the last
    /// one (<see cref="GenealogyLoader.SnapshotDue"/>), so the next start replays few.
    /// </summary>
    public async Task<GenealogySnapshots.Stored?> SnapshotGenealogyWhenDueAsync(CancellationToken cancellationToken)
    {
        var index = await GenealogyAsync(cancellationToken);
        if (!GenealogyLoader.SnapshotDue(index.LastSequence - _snapshotAt, index.LastSequence))
        {
            return null;
        }

        _snapshotAt = index.LastSequence;
        return await GenealogySnapshots.SaveAsync(Database, index, Clock, cancellationToken);
    }
}
