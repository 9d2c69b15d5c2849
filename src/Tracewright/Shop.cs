using Tracewright.Data;
using Tracewright.Data.Trace;
using Tracewright.Domain.Trace;

namespace Tracewright;

/// <summary>
/// What every handler works against: the store, the clock, and the in-memory genealogy index that traces
/// read (caught up with the ledger before each trace). The actor is passed per call.
/// </summary>
public sealed record Shop(Database Database, TimeProvider Clock)
{
    private readonly SemaphoreSlim _catchUp = new(1, 1);

    public GenealogyIndex Genealogy { get; } = new();

    /// <summary>The index with every ledger record applied, including other processes' writes.</summary>
    public async Task<GenealogyIndex> GenealogyAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            await GenealogyLoader.CatchUpAsync(Database, Genealogy, null, cancellationToken);
            return Genealogy;
        }
        finally
        {
            _catchUp.Release();
        }
    }
}
