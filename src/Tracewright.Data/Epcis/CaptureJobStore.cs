using Dapper;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Epcis;

/// <summary>A capture job as the server accepted it (the document is kept apart, until the job finishes).</summary>
public sealed record CaptureJobAccepted(string Id, DateTimeOffset CreatedAt, string Actor, string Syntax, bool Lenient, string Behaviour);

/// <summary>How a job ended: <see cref="Errors"/> and <see cref="Counts"/> are JSON as the REST binding shows them.</summary>
public sealed record CaptureJobFinished(string JobId, DateTimeOffset FinishedAt, bool Success, string Errors, string Counts);

/// <summary>A capture job as stored; <see cref="Result"/> is null while it runs.</summary>
public sealed record StoredCaptureJob(string Id, string CreatedAt, string Actor, string Syntax, bool Lenient, string Behaviour, StoredCaptureResult? Result);

public sealed record StoredCaptureResult(string FinishedAt, bool Success, string Errors, string Counts);

/// <summary>
/// The capture jobs of <c>POST /epcis/capture</c> (migration 0017): accepted with their document in one transaction, finished
/// by one result row, which <see cref="FinishAsync"/> writes inside the write transaction of the events the job captured.
/// </summary>
public static class CaptureJobStore
{
    private const string Select = """
        SELECT j.id AS Id, j.created_at AS CreatedAt, j.actor AS Actor, j.syntax AS Syntax, j.lenient AS Lenient, j.behaviour AS Behaviour,
               r.finished_at AS FinishedAt, r.success AS Success, r.errors AS Errors, r.counts AS Counts
        FROM epcis_capture_jobs j LEFT JOIN epcis_capture_results r ON r.job_id = j.id
        """;

    /// <summary>Stores the job and its document; once this returns, the job will run (now, or after a restart).</summary>
    public static async Task AcceptAsync(Database database, CaptureJobAccepted job, string document, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO epcis_capture_jobs (id, created_at, actor, syntax, lenient, behaviour) VALUES (@Id, @CreatedAt, @Actor, @Syntax, @Lenient, @Behaviour)",
            new { job.Id, CreatedAt = Timestamp.ToText(job.CreatedAt), job.Actor, job.Syntax, Lenient = job.Lenient ? 1 : 0, job.Behaviour },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO epcis_capture_documents (job_id, document) VALUES (@id, @document)", new { id = job.Id, document }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The document of a job that has not finished; null once it has (or when there is no such job).</summary>
    public static async Task<string?> DocumentAsync(Database database, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT document FROM epcis_capture_documents WHERE job_id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>True when the job already has its result: another server (on the same PostgreSQL) or an earlier run finished it.</summary>
    public static async Task<bool> IsFinishedAsync(WriteTransaction write, string id, CancellationToken cancellationToken) =>
        await write.Connection.ExecuteScalarAsync<long>(write.Command("SELECT COUNT(*) FROM epcis_capture_results WHERE job_id = @id", new { id }, cancellationToken)) > 0;

    /// <summary>Writes the job's result and drops its document, in the write transaction that captured its events.</summary>
    public static async Task FinishAsync(WriteTransaction write, CaptureJobFinished result, CancellationToken cancellationToken)
    {
        await write.Connection.ExecuteAsync(write.Command(
            "INSERT INTO epcis_capture_results (job_id, finished_at, success, errors, counts) VALUES (@JobId, @FinishedAt, @Success, @Errors, @Counts)",
            new { result.JobId, FinishedAt = Timestamp.ToText(result.FinishedAt), Success = result.Success ? 1 : 0, result.Errors, result.Counts },
            cancellationToken));
        await write.Connection.ExecuteAsync(write.Command("DELETE FROM epcis_capture_documents WHERE job_id = @id", new { id = result.JobId }, cancellationToken));
    }

    public static async Task<StoredCaptureJob?> FindAsync(Database database, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE j.id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToJob();
    }

    /// <summary>Jobs oldest first, from after the job <paramref name="afterId"/> (created at <paramref name="afterCreatedAt"/>).</summary>
    public static async Task<IReadOnlyList<StoredCaptureJob>> ListAsync(Database database, string? afterCreatedAt, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var after = afterCreatedAt is null ? "" : "WHERE j.created_at > @afterCreatedAt OR (j.created_at = @afterCreatedAt AND j.id > @afterId)";
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} {after} ORDER BY j.created_at, j.id LIMIT @limit", new { afterCreatedAt, afterId, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToJob()).ToList();
    }

    /// <summary>The newest jobs, newest first (the admin's integration page).</summary>
    public static async Task<IReadOnlyList<StoredCaptureJob>> LatestAsync(Database database, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"{Select} ORDER BY j.created_at DESC, j.id DESC LIMIT @limit", new { limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToJob()).ToList();
    }

    /// <summary>The jobs still waiting for their result, oldest first: what a starting server runs.</summary>
    public static async Task<IReadOnlyList<string>> UnfinishedAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT j.id FROM epcis_capture_jobs j WHERE NOT EXISTS (SELECT 1 FROM epcis_capture_results r WHERE r.job_id = j.id) ORDER BY j.created_at, j.id",
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Syntax { get; set; } = "";
        public long Lenient { get; set; }
        public string Behaviour { get; set; } = "";
        public string? FinishedAt { get; set; }
        public long? Success { get; set; }
        public string? Errors { get; set; }
        public string? Counts { get; set; }

        public StoredCaptureJob ToJob() => new(
            Id, CreatedAt, Actor, Syntax, Lenient != 0, Behaviour,
            FinishedAt is null ? null : new StoredCaptureResult(FinishedAt, Success != 0, Errors ?? "[]", Counts ?? "{}"));
    }
}
