using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Tracewright.Domain.Ledger;

namespace Tracewright.Data;

/// <summary>Reading and appending raw ledger rows; the only SQL that touches the <c>ledger</c> table.</summary>
public static class LedgerRows
{
    private const string Columns = "seq AS Sequence, kind AS Kind, occurred_at AS OccurredAt, recorded_at AS RecordedAt, recorded_by AS RecordedBy, reason AS Reason, corrects_seq AS Corrects, payload AS Payload, prev_hash AS PreviousHash, hash AS Hash";

    private const string Insert =
        """
        INSERT INTO ledger (seq, kind, occurred_at, recorded_at, recorded_by, reason, corrects_seq, payload, prev_hash, hash)
        VALUES (@Sequence, @Kind, @OccurredAt, @RecordedAt, @RecordedBy, @Reason, @Corrects, @Payload, @PreviousHash, @Hash)
        """;

    /// <summary>Subject rows per statement at most: records name a handful, a large manufacture run a few dozen.</summary>
    private const int SubjectsPerStatement = 32;

    /// <summary><c>INSERT … VALUES (@p0, @pN), (@p1, @pN), …</c> for 1 to <see cref="SubjectsPerStatement"/> subjects, @pN the sequence.</summary>
    private static readonly string[] InsertSubjects = Enumerable.Range(0, SubjectsPerStatement + 1)
        .Select(n => "INSERT INTO ledger_subjects (subject_key, seq) VALUES " + string.Join(", ", Enumerable.Range(0, n).Select(i => $"(@p{i}, @p{n})")))
        .ToArray();

    /// <summary>
    /// Stores a record and the subjects it is about (upper-cased, each once, in the order named), the subjects in one
    /// multi-row statement: most records name several, and one statement costs less than several on either database.
    /// </summary>
    internal static async Task InsertAsync(StatementRunner statements, LedgerEntry entry, ILedgerEvent e, CancellationToken cancellationToken)
    {
        await statements.ExecuteAsync(new Statement(Insert, entry), cancellationToken);
        var keys = new List<object?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in e.Subjects)
        {
            var key = subject.ToUpperInvariant();
            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        foreach (var chunk in keys.Chunk(SubjectsPerStatement))
        {
            await statements.ExecuteAsync(new Statement(InsertSubjects[chunk.Length], new PositionalValues([.. chunk, entry.Sequence])), cancellationToken);
        }
    }

    /// <summary>All rows in stored order, streamed, so verify and rebuild need not hold the ledger in memory.</summary>
    public static async IAsyncEnumerable<LedgerEntry> ReadAllAsync(DbConnection connection, DbTransaction? transaction, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"SELECT {Columns} FROM ledger ORDER BY seq", transaction: transaction, cancellationToken: cancellationToken));
        var parser = reader.GetRowParser<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return parser(reader);
        }
    }

    /// <summary>Every record about one subject (a lot, heat number, certificate, item…), oldest first.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(DbConnection connection, string subject, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<LedgerEntry>(new CommandDefinition(
            $"SELECT {Columns} FROM ledger WHERE seq IN (SELECT seq FROM ledger_subjects WHERE subject_key = @key) ORDER BY seq",
            new { key = subject.ToUpperInvariant() },
            cancellationToken: cancellationToken))).ToList();

    public static async Task<LedgerEntry?> FindAsync(DbConnection connection, DbTransaction? transaction, long sequence, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<LedgerEntry>(new CommandDefinition(
            $"SELECT {Columns} FROM ledger WHERE seq = @sequence", new { sequence }, transaction, cancellationToken: cancellationToken));
}
