using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;
using Tracewright.Data;

namespace Tracewright.Bench.Ingest;

/// <summary>One ledger row exactly as stored.</summary>
public sealed record LedgerRow(long Seq, string Kind, string OccurredAt, string RecordedAt, string RecordedBy, string? Reason, long? CorrectsSeq, string Payload, string PrevHash, string Hash);

/// <summary>
/// The limit for ingest: the same ledger rows inserted bare — one table, its primary key, no projection, no hashing, no
/// JSON — in one transaction, durable at commit like the product (SQLite WAL with synchronous=FULL; PostgreSQL with
/// synchronous_commit on). The rows are read into memory first, so only the insert is timed.
/// </summary>
public static class BareInsert
{
    private const string Table =
        "CREATE TABLE ledger (seq BIGINT PRIMARY KEY, kind TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, reason TEXT NULL, corrects_seq BIGINT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)";

    private const string Insert =
        "INSERT INTO ledger (seq, kind, occurred_at, recorded_at, recorded_by, reason, corrects_seq, payload, prev_hash, hash) VALUES (@seq, @kind, @occurred, @recorded, @by, @reason, @corrects, @payload, @prev, @hash)";

    public static async Task<List<LedgerRow>> ReadAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<LedgerRow>(new CommandDefinition(
            "SELECT seq, kind, occurred_at, recorded_at, recorded_by, reason, corrects_seq, payload, prev_hash, hash FROM ledger ORDER BY seq", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Seconds to insert and commit every row into a new SQLite file at <paramref name="path"/>: one statement prepared once,
    /// bound by position and stepped through the engine's own API (the fastest way in), in one transaction.
    /// </summary>
    public static double IntoSqlite(string path, IReadOnlyList<LedgerRow> rows)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute(connection, Table);
        var clock = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            var db = connection.Handle!;
            Check(raw.sqlite3_prepare_v2(db, Insert, out var insert), db);
            using (insert)
            {
                foreach (var row in rows)
                {
                    raw.sqlite3_bind_int64(insert, 1, row.Seq);
                    raw.sqlite3_bind_text16(insert, 2, row.Kind.AsSpan());
                    raw.sqlite3_bind_text16(insert, 3, row.OccurredAt.AsSpan());
                    raw.sqlite3_bind_text16(insert, 4, row.RecordedAt.AsSpan());
                    raw.sqlite3_bind_text16(insert, 5, row.RecordedBy.AsSpan());
                    _ = row.Reason is null ? raw.sqlite3_bind_null(insert, 6) : raw.sqlite3_bind_text16(insert, 6, row.Reason.AsSpan());
                    _ = row.CorrectsSeq is { } corrects ? raw.sqlite3_bind_int64(insert, 7, corrects) : raw.sqlite3_bind_null(insert, 7);
                    raw.sqlite3_bind_text16(insert, 8, row.Payload.AsSpan());
                    raw.sqlite3_bind_text16(insert, 9, row.PrevHash.AsSpan());
                    raw.sqlite3_bind_text16(insert, 10, row.Hash.AsSpan());
                    var rc = raw.sqlite3_step(insert);
                    if (rc != raw.SQLITE_DONE)
                    {
                        Check(rc, db);
                    }

                    raw.sqlite3_reset(insert);
                }
            }

            transaction.Commit();
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>
    /// Seconds to insert and commit every row into PostgreSQL: <paramref name="copy"/> uses binary COPY (the fastest way in),
    /// otherwise one prepared INSERT per row sent in batches of 1,000 per round trip.
    /// </summary>
    public static async Task<double> IntoPostgresAsync(string connectionString, IReadOnlyList<LedgerRow> rows, bool copy, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Table, cancellationToken: cancellationToken));
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL synchronous_commit TO on", transaction: transaction, cancellationToken: cancellationToken));
        if (copy)
        {
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY ledger (seq, kind, occurred_at, recorded_at, recorded_by, reason, corrects_seq, payload, prev_hash, hash) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(row.Seq, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(row.Kind, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.OccurredAt, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.RecordedAt, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.RecordedBy, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync((object?)row.Reason ?? DBNull.Value, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync((object?)row.CorrectsSeq ?? DBNull.Value, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(row.Payload, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.PrevHash, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.Hash, NpgsqlDbType.Text, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }
        else
        {
            const string Positional = "INSERT INTO ledger (seq, kind, occurred_at, recorded_at, recorded_by, reason, corrects_seq, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
            foreach (var chunk in rows.Chunk(1_000))
            {
                await using var batch = new NpgsqlBatch(connection, transaction);
                foreach (var row in chunk)
                {
                    var command = new NpgsqlBatchCommand(Positional);
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Seq });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Kind });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.OccurredAt });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.RecordedAt });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.RecordedBy });
                    command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                    command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.CorrectsSeq ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Payload });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.PrevHash });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Hash });
                    batch.BatchCommands.Add(command);
                }

                await batch.PrepareAsync(cancellationToken);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
