using System.Data.Common;
using Dapper;

namespace Tracewright.Data.Production;

/// <summary>A container in a list, with how many things are in it now.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = "";

    public string Kind { get; init; } = "";

    public long Holding { get; init; }
}

/// <summary>The paged list of containers, newest first; <c>take</c> is one more than a page.</summary>
public static class ContainerLists
{
    public static async Task<IReadOnlyList<ContainerSummary>> ContainersAsync(DbConnection connection, int skip, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ContainerSummary>(new CommandDefinition(
            """
            SELECT c.id AS Id, c.kind AS Kind,
                   (SELECT COUNT(*) FROM container_contents x WHERE x.container_id = c.id AND x.unpacked_seq IS NULL) AS Holding
            FROM containers c ORDER BY c.created_seq DESC LIMIT @take OFFSET @skip
            """,
            new { take, skip },
            cancellationToken: cancellationToken))).ToList();
}
