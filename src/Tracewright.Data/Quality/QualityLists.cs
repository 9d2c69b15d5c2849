using System.Data.Common;
using Dapper;
using Tracewright.Data.Records;
using Tracewright.Domain.Common;

namespace Tracewright.Data.Quality;

/// <summary>A nonconformance report in a list, with what it covers.</summary>
public sealed record NcrSummary
{
    public string Id { get; init; } = "";

    public string Description { get; init; } = "";

    public string DetectedAt { get; init; } = "";

    public string DetectedBy { get; init; } = "";

    public string OpenedAt { get; init; } = "";

    public string Status { get; init; } = "";

    public string? Disposition { get; init; }

    public string Covers { get; init; } = "";
}

/// <summary>A CAPA in a list, with its reports and how many of its actions are done.</summary>
public sealed record CapaSummary
{
    public string Id { get; init; } = "";

    public string RootCause { get; init; } = "";

    public string Status { get; init; } = "";

    public string OpenedAt { get; init; } = "";

    public string Ncrs { get; init; } = "";

    public long Actions { get; init; }

    public long ActionsDone { get; init; }

    public long? Effective { get; init; }
}

/// <summary>A deviation in a list, with how much of it has been used.</summary>
public sealed record DeviationSummary
{
    public string Id { get; init; } = "";

    public string Description { get; init; } = "";

    public string? InPlaceOf { get; init; }

    public decimal QuantityLimit { get; init; }

    public decimal QuantityUsed { get; init; }

    public string ValidFrom { get; init; } = "";

    public string ValidTo { get; init; } = "";

    public string ApprovedBy { get; init; } = "";

    public string Lots { get; init; } = "";
}

/// <summary>The paged lists of NCRs, CAPAs and deviations, newest first; <c>take</c> is one more than a page.</summary>
public static class QualityLists
{
    public static Task<IReadOnlyList<NcrSummary>> NcrsAsync(DbConnection connection, string? status, int skip, int take, CancellationToken cancellationToken) =>
        NcrsAsync(connection, new ListFilter(Status: status), skip, take, cancellationToken);

    /// <summary>NCRs sorted by <c>opened</c> (default), <c>id</c> or <c>status</c>.</summary>
    public static readonly IReadOnlyList<(string Name, string Sql)> NcrSorts = [("opened", "n.opened_seq"), ("id", "n.opened_seq"), ("status", "n.status")];

    /// <summary>NCRs filtered by status, the item of a lot or unit they cover, the day opened (UTC bounds) and text (id, what is wrong, where and by whom found, what they cover).</summary>
    public static async Task<IReadOnlyList<NcrSummary>> NcrsAsync(DbConnection connection, ListFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<NcrSummary>(new CommandDefinition(
            $"""
            SELECT n.id AS Id, n.description AS Description, n.detected_at AS DetectedAt, n.detected_by AS DetectedBy, n.opened_at AS OpenedAt, n.status AS Status, n.disposition AS Disposition
            FROM ncrs n
            WHERE (@status IS NULL OR n.status = @status)
              AND (@from IS NULL OR n.opened_at >= @from)
              AND (@before IS NULL OR n.opened_at < @before)
              AND (@item IS NULL OR EXISTS (
                    SELECT 1 FROM ncr_subjects s
                    LEFT JOIN lots l ON s.subject_kind = 'lot' AND l.id = s.subject_id
                    LEFT JOIN units u ON s.subject_kind = 'unit' AND u.id = s.subject_id
                    WHERE s.ncr_id = n.id AND (l.item_code = @item OR u.item_code = @item)))
              AND (@q IS NULL OR LOWER(n.id) LIKE @q OR LOWER(n.description) LIKE @q OR LOWER(n.detected_at) LIKE @q OR LOWER(n.detected_by) LIKE @q
                   OR EXISTS (SELECT 1 FROM ncr_subjects s WHERE s.ncr_id = n.id AND LOWER(s.subject_id) LIKE @q))
            {filter.OrderBy(NcrSorts, "n.id")}
            LIMIT @take OFFSET @skip
            """,
            filter.Parameters(new { take, skip }),
            cancellationToken: cancellationToken));
        var list = new List<NcrSummary>();
        foreach (var row in rows)
        {
            var covers = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT subject_id FROM ncr_subjects WHERE ncr_id = @id ORDER BY subject_kind, subject_id", new { id = row.Id }, cancellationToken: cancellationToken));
            list.Add(row with { Covers = string.Join(", ", covers) });
        }

        return list;
    }

    public static async Task<IReadOnlyList<CapaSummary>> CapasAsync(DbConnection connection, int skip, int take, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<CapaSummary>(new CommandDefinition(
            """
            SELECT c.id AS Id, c.root_cause AS RootCause, c.status AS Status, c.opened_at AS OpenedAt,
                   (SELECT COUNT(*) FROM capa_actions a WHERE a.capa_id = c.id) AS Actions,
                   (SELECT COUNT(*) FROM capa_actions a WHERE a.capa_id = c.id AND a.done_seq IS NOT NULL) AS ActionsDone,
                   c.effective AS Effective
            FROM capas c ORDER BY c.opened_seq DESC LIMIT @take OFFSET @skip
            """,
            new { take, skip },
            cancellationToken: cancellationToken));
        var list = new List<CapaSummary>();
        foreach (var row in rows)
        {
            var ncrs = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT ncr_id FROM capa_ncrs WHERE capa_id = @id ORDER BY ncr_id", new { id = row.Id }, cancellationToken: cancellationToken));
            list.Add(row with { Ncrs = string.Join(", ", ncrs) });
        }

        return list;
    }

    public static async Task<IReadOnlyList<DeviationSummary>> DeviationsAsync(DbConnection connection, int skip, int take, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<DeviationSummary>(new CommandDefinition(
            """
            SELECT id AS Id, description AS Description, in_place_of AS InPlaceOf, quantity_limit AS QuantityLimit, quantity_used AS QuantityUsed,
                   valid_from AS ValidFrom, valid_to AS ValidTo, approved_by AS ApprovedBy
            FROM deviations ORDER BY granted_seq DESC LIMIT @take OFFSET @skip
            """,
            new { take, skip },
            cancellationToken: cancellationToken));
        var list = new List<DeviationSummary>();
        foreach (var row in rows)
        {
            var lots = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT lot_id FROM deviation_lots WHERE deviation_id = @id ORDER BY lot_id", new { id = row.Id }, cancellationToken: cancellationToken));
            list.Add(row with { Lots = string.Join(", ", lots) });
        }

        return list;
    }
}
