using System.Data.Common;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;

namespace Tracewright.Data.Production;

/// <summary>Something in a container over a span of time; <see cref="UnpackedAt"/> null while still inside.</summary>
public sealed record ContainerContent(ContainerId Container, ContentKind Kind, string Content, decimal? Quantity, string PackedAt, string? UnpackedAt);

/// <summary>Reads containers and their contents.</summary>
public static class ContainerQueries
{
    /// <summary>The settings row that holds the shop's GS1 company prefix (projected from Gs1CompanyPrefixSet).</summary>
    public const string Gs1CompanyPrefixSetting = "gs1-company-prefix";

    /// <summary>The GS1 company prefix set in the ledger, or null when none has been.</summary>
    public static async Task<string?> Gs1CompanyPrefixAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE name = @name", new { name = Gs1CompanyPrefixSetting }, transaction, cancellationToken: cancellationToken));

    public static async Task<string?> KindAsync(DbConnection connection, DbTransaction? transaction, ContainerId id, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT kind FROM containers WHERE id = @id", new { id = id.Value }, transaction, cancellationToken: cancellationToken));

    /// <summary>The containers that hold <paramref name="content"/> now (a unit or container is in at most one).</summary>
    public static async Task<IReadOnlyList<ContainerId>> HoldersAsync(DbConnection connection, DbTransaction? transaction, ContentKind kind, string content, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT container_id FROM container_contents WHERE content_kind = @kind AND content_id = @content AND unpacked_seq IS NULL ORDER BY container_id",
            new { kind = kind.ToString(), content }, transaction, cancellationToken: cancellationToken)))
            .Select(Identifier.FromStored<ContainerId>).ToList();

    /// <summary>Everything ever packed into a container, oldest first.</summary>
    public static async Task<IReadOnlyList<ContainerContent>> ContentsAsync(DbConnection connection, DbTransaction? transaction, ContainerId id, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT * FROM container_contents WHERE container_id = @id ORDER BY packed_seq", new { id = id.Value }, transaction, cancellationToken: cancellationToken)))
            .Select(r => new ContainerContent(id, Enum.Parse<ContentKind>(r.ContentKind), r.ContentId, r.Quantity, r.PackedAt, r.UnpackedAt)).ToList();

    /// <summary>True when <paramref name="candidate"/> is <paramref name="container"/> or a container it sits in, at any depth, now.</summary>
    public static async Task<bool> IsSelfOrOuterAsync(DbConnection connection, DbTransaction? transaction, ContainerId container, ContainerId candidate, CancellationToken cancellationToken)
    {
        var outer = await connection.QueryAsync<string>(new CommandDefinition(
            """
            WITH RECURSIVE up (id, depth) AS (
                SELECT @id, 0
                UNION ALL
                SELECT cc.container_id, up.depth + 1 FROM container_contents cc JOIN up ON cc.content_id = up.id
                WHERE cc.content_kind = 'Container' AND cc.unpacked_seq IS NULL AND up.depth < 1000
            )
            SELECT id FROM up
            """,
            new { id = container.Value }, transaction, cancellationToken: cancellationToken));
        return outer.Contains(candidate.Value, StringComparer.Ordinal);
    }

    private sealed class Row
    {
        public string ContentKind { get; set; } = "";
        public string ContentId { get; set; } = "";
        public decimal? Quantity { get; set; }
        public string PackedAt { get; set; } = "";
        public string? UnpackedAt { get; set; }
    }
}
