using System.Data.Common;
using Dapper;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Epcis;

/// <summary>A named query as defined: its definition is the query object (JSON).</summary>
public sealed record StoredQuery(string Name, string Definition, string Owner, string DefinedAt);

/// <summary>A subscription with its delivery state (what is delivered, when it failed last and why).</summary>
public sealed record StoredSubscription(
    string Id, string QueryName, string Dest, bool Stream, string? Schedule, bool ReportIfEmpty, string? InitialRecordTime, bool Signed, string Owner, string CreatedAt,
    long DeliveredSeq, string? DeliveredAt, long DeliveredCount, string? LastRunAt, long Attempts, string? NextAttemptAt, string? LastError, string? LastErrorAt);

/// <summary>
/// Named EPCIS queries and subscriptions (migration 0018): the definitions as projected from the ledger, and each
/// subscription's delivery state beside it. The state is written outside the ledger's transactions, except its first row,
/// which is written with the record that creates the subscription.
/// </summary>
public static class EpcisQueryStore
{
    private const string SelectSubscription = """
        SELECT s.id AS Id, s.query_name AS QueryName, s.dest AS Dest, s.stream AS Stream, s.schedule AS Schedule, s.report_if_empty AS ReportIfEmpty,
               s.initial_record_time AS InitialRecordTime, s.signed AS Signed, s.owner AS Owner, s.created_at AS CreatedAt,
               COALESCE(t.delivered_seq, s.seq) AS DeliveredSeq, t.delivered_at AS DeliveredAt, COALESCE(t.delivered_count, 0) AS DeliveredCount,
               t.last_run_at AS LastRunAt, COALESCE(t.attempts, 0) AS Attempts, t.next_attempt_at AS NextAttemptAt, t.last_error AS LastError, t.last_error_at AS LastErrorAt
        FROM epcis_subscriptions s LEFT JOIN epcis_subscription_state t ON t.id = s.id
        WHERE s.cancelled_seq IS NULL
        """;

    /// <summary>The named query (not deleted); <paramref name="transaction"/> is the write transaction when there is one.</summary>
    public static async Task<StoredQuery?> QueryAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<StoredQuery>(new CommandDefinition(
            "SELECT name AS Name, definition AS Definition, owner AS Owner, defined_at AS DefinedAt FROM epcis_queries WHERE name = @name AND deleted_seq IS NULL",
            new { name },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Named queries by name, from after <paramref name="after"/>.</summary>
    public static async Task<IReadOnlyList<StoredQuery>> QueriesAsync(Database database, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<StoredQuery>(new CommandDefinition(
            "SELECT name AS Name, definition AS Definition, owner AS Owner, defined_at AS DefinedAt FROM epcis_queries WHERE deleted_seq IS NULL AND name > @after ORDER BY name LIMIT @limit",
            new { after = after ?? "", limit },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The open subscriptions of one query (all of them when <paramref name="queryName"/> is null), by id from after <paramref name="after"/>.</summary>
    public static async Task<IReadOnlyList<StoredSubscription>> SubscriptionsAsync(DbConnection connection, DbTransaction? transaction, string? queryName, string? after, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            $"{SelectSubscription} {(queryName is null ? "" : "AND s.query_name = @queryName")} AND s.id > @after ORDER BY s.id LIMIT @limit",
            new { queryName, after = after ?? "", limit },
            transaction,
            cancellationToken: cancellationToken))).Select(r => r.ToSubscription()).ToList();

    public static async Task<StoredSubscription?> SubscriptionAsync(Database database, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{SelectSubscription} AND s.id = @id", new { id }, cancellationToken: cancellationToken)))?.ToSubscription();
    }

    /// <summary>The signature token of a subscription (null: its deliveries are not signed).</summary>
    public static async Task<string?> TokenAsync(Database database, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT token FROM epcis_subscription_state WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The first delivery state of a new subscription, in the write transaction of the record that creates it.</summary>
    public static async Task StartAsync(WriteTransaction write, string id, string? token, long deliveredSeq, CancellationToken cancellationToken) =>
        await write.Connection.ExecuteAsync(write.Command(
            "INSERT INTO epcis_subscription_state (id, token, delivered_seq, delivered_count, attempts) VALUES (@id, @token, @deliveredSeq, 0, 0)",
            new { id, token, deliveredSeq },
            cancellationToken));

    /// <summary>The receiver acknowledged the events up to ledger record <paramref name="seq"/>: they are delivered.</summary>
    public static async Task DeliveredAsync(Database database, string id, long seq, int count, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // In this process's queue of writers: under a stream of captures, SQLite's busy wait alone would starve the cursor.
        using var turn = await database.WaitForTurnAsync(cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE epcis_subscription_state
            SET delivered_seq = @seq, delivered_at = @at, delivered_count = delivered_count + @count, attempts = 0, next_attempt_at = NULL
            WHERE id = @id AND delivered_seq <= @seq
            """,
            new { id, seq, count, at = Timestamp.ToText(at) },
            cancellationToken: cancellationToken));
    }

    /// <summary>A scheduled subscription ran at <paramref name="at"/> (its next run is the schedule's next time after it).</summary>
    public static async Task RanAsync(Database database, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE epcis_subscription_state SET last_run_at = @at WHERE id = @id", new { id, at = Timestamp.ToText(at) }, cancellationToken: cancellationToken));
    }

    /// <summary>A delivery failed: the next attempt waits until <paramref name="next"/>.</summary>
    public static async Task FailedAsync(Database database, string id, string error, DateTimeOffset at, DateTimeOffset next, CancellationToken cancellationToken)
    {
        using var turn = await database.WaitForTurnAsync(cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE epcis_subscription_state SET attempts = attempts + 1, last_error = @error, last_error_at = @at, next_attempt_at = @next WHERE id = @id",
            new { id, error, at = Timestamp.ToText(at), next = Timestamp.ToText(next) },
            cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string QueryName { get; set; } = "";
        public string Dest { get; set; } = "";
        public long Stream { get; set; }
        public string? Schedule { get; set; }
        public long ReportIfEmpty { get; set; }
        public string? InitialRecordTime { get; set; }
        public long Signed { get; set; }
        public string Owner { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public long DeliveredSeq { get; set; }
        public string? DeliveredAt { get; set; }
        public long DeliveredCount { get; set; }
        public string? LastRunAt { get; set; }
        public long Attempts { get; set; }
        public string? NextAttemptAt { get; set; }
        public string? LastError { get; set; }
        public string? LastErrorAt { get; set; }

        public StoredSubscription ToSubscription() => new(
            Id, QueryName, Dest, Stream != 0, Schedule, ReportIfEmpty != 0, InitialRecordTime, Signed != 0, Owner, CreatedAt,
            DeliveredSeq, DeliveredAt, DeliveredCount, LastRunAt, Attempts, NextAttemptAt, LastError, LastErrorAt);
    }
}
