using System.Data.Common;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;

namespace Tracewright.Data;

/// <summary>
/// A command's one transaction. It holds the ledger's write lock from the start, so what the command reads
/// is what its events change; <see cref="AppendAsync"/> chains and stores each event and updates the derived
/// tables in the same transaction; nothing is visible until <see cref="CommitAsync"/>, and disposing an
/// uncommitted transaction rolls everything back.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly TimeProvider _clock;
    private readonly string _recordedBy;
    private readonly IDisposable? _turn;
    private long _lastSequence;
    private string _lastHash;
    private bool _committed;

    private readonly StatementRunner _statements;
    private readonly LedgerSignal? _commits;

    private WriteTransaction(DbConnection connection, DbTransaction transaction, string recordedBy, TimeProvider clock, IDisposable? turn, long lastSequence, string lastHash, StatementMode mode, LedgerSignal? commits)
    {
        _commits = commits;
        _turn = turn;
        Connection = connection;
        Transaction = transaction;
        _statements = StatementRunner.Create(connection, transaction, mode);
        _recordedBy = recordedBy;
        _clock = clock;
        _lastSequence = lastSequence;
        _lastHash = lastHash;
    }

    private sealed record Tip(long Sequence, string Hash);

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>The current instant from the injected clock; commands use it as "now".</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    internal static async Task<WriteTransaction> StartAsync(DbConnection connection, DbTransaction transaction, string recordedBy, TimeProvider clock, IDisposable? turn, StatementMode mode, LedgerSignal? commits, CancellationToken cancellationToken)
    {
        var tip = await connection.QuerySingleOrDefaultAsync<Tip>(new CommandDefinition(
            "SELECT seq AS Sequence, hash AS Hash FROM ledger ORDER BY seq DESC LIMIT 1", transaction: transaction, cancellationToken: cancellationToken));
        return new WriteTransaction(connection, transaction, recordedBy, clock, turn, tip?.Sequence ?? 0, tip?.Hash ?? ChainHash.Genesis, mode, commits);
    }

    /// <summary>Runs a query inside this transaction (reads see this transaction's own writes).</summary>
    public CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);

    /// <summary>
    /// Chains, stores and projects each event in order. On PostgreSQL the statements go out in batches; they have all
    /// been sent when this returns, so what the command reads next sees them.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>> AppendAsync(IEnumerable<NewEvent> events, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        foreach (var pending in events)
        {
            var sequence = _lastSequence + 1;
            var kind = EventCatalog.KindOf(pending.Event);
            var payload = EventCatalog.Serialize(pending.Event);
            var occurred = Timestamp.ToText(pending.OccurredAt);
            var recorded = Timestamp.ToText(_clock.GetUtcNow());
            var hash = ChainHash.Compute(sequence, kind, occurred, recorded, _recordedBy, pending.Reason, pending.Corrects, payload, _lastHash);
            var entry = new LedgerEntry(sequence, kind, occurred, recorded, _recordedBy, pending.Reason, pending.Corrects, payload, _lastHash, hash);
            await LedgerRows.InsertAsync(_statements, entry, pending.Event, cancellationToken);
            await Projector.ApplyAsync(_statements, entry, pending.Event, cancellationToken);
            _lastSequence = sequence;
            _lastHash = hash;
            entries.Add(entry);
        }

        await _statements.FlushAsync(cancellationToken);
        return entries;
    }

    public Task<IReadOnlyList<LedgerEntry>> AppendAsync(NewEvent single, CancellationToken cancellationToken) =>
        AppendAsync([single], cancellationToken);

    /// <summary>Takes the next number of a named counter (certificate numbers, lot numbers per scope).</summary>
    public async Task<long> PeekCounterAsync(string scope, CancellationToken cancellationToken) =>
        1 + (await Connection.ExecuteScalarAsync<long?>(Command("SELECT last_value FROM counters WHERE scope = @scope", new { scope }, cancellationToken)) ?? 0);

    /// <remarks>
    /// The commit itself is never cancelled: once a command has decided, a caller going away (a closed browser,
    /// a server shutting down) must not leave it unknown whether the record was acknowledged.
    /// </remarks>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _statements.FlushAsync(CancellationToken.None);
        await Transaction.CommitAsync(CancellationToken.None);
        _committed = true;
        _commits?.Committed();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _statements.Dispose();
            if (!_committed)
            {
                await Transaction.RollbackAsync();
            }

            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _turn?.Dispose();
        }
    }
}
