using System.Data.Common;
using Dapper;
using Tracewright.Domain.Epcis;

namespace Tracewright.Data.Trace;

/// <summary>
/// The reference implementation of forward and backward trace: recursive SQL over the stored link tables,
/// independent of the in-memory index (which is derived from the events). It follows the same rules —
/// a forward walk carries the span of time the traced material is inside a node; a backward walk asks what
/// was in a node at a moment — so the two must give the same nodes. It exists to check the index, and as a
/// baseline in the benchmarks; it is far slower.
/// </summary>
public static class TraceReference
{
    /// <summary>Times are fixed-width UTC text; these sort below and above every one of them.</summary>
    private const string Beginning = "";
    private const string Forever = "~~";
    private const string Now = "~";

    private static string Edges() =>
        $"""
            edges (src, dst, t0, t1, lasting) AS (
                SELECT 'lot:' || parent_id, 'lot:' || id, received_at, '{Forever}', 0 FROM lots WHERE parent_id IS NOT NULL
                UNION ALL
                SELECT i.input_kind || ':' || i.input_id, 'mfg:' || i.mfg_id, r.finished_at, '{Forever}', 0 FROM mfg_inputs i JOIN mfg_records r ON r.id = i.mfg_id
                UNION ALL
                SELECT 'mfg:' || made_by, 'lot:' || id, received_at, '{Forever}', 0 FROM lots WHERE made_by IS NOT NULL AND origin = 'Made'
                UNION ALL
                SELECT 'mfg:' || made_by, 'unit:' || id, created_at, '{Forever}', 0 FROM units WHERE made_by IS NOT NULL
                UNION ALL
                SELECT component_kind || ':' || component_id, 'unit:' || parent_unit, installed_at, COALESCE(removed_at, '{Forever}'), 1 FROM unit_components
                UNION ALL
                SELECT CASE content_kind WHEN 'Unit' THEN 'unit:' WHEN 'Lot' THEN 'lot:' ELSE 'ctr:' END || content_id, 'ctr:' || container_id, packed_at, COALESCE(unpacked_at, '{Forever}'), 1 FROM container_contents
                UNION ALL
                SELECT CASE l.line_kind WHEN 'unit' THEN 'unit:' WHEN 'lot' THEN 'lot:' ELSE 'ctr:' END || l.line_id, 'shp:' || l.shipment_id, s.shipped_at, '{Forever}', 0
                FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE l.via_container IS NULL
                UNION ALL
                SELECT 'shp:' || id, 'ord:' || order_id, shipped_at, '{Forever}', 0 FROM shipments
                UNION ALL
                SELECT 'ord:' || id, 'cus:' || customer_id, '{Beginning}', '{Forever}', 1 FROM orders
                UNION ALL
                {EpcisEdges()}
            )
            """;

    /// <summary>The links of captured EPCIS events (see <c>GenealogyIndex.Epcis.cs</c>); events declared erroneous count for nothing.</summary>
    private static string EpcisEdges() =>
        $"""
                SELECT 'epc:' || o.epc, 'xf:' || COALESCE(e.transformation_id, e.event_key), e.event_time, '{Forever}', 0
                FROM epcis_epcs o JOIN epcis_events e ON e.event_key = o.event_key
                WHERE e.erroneous = 0 AND e.type = 'TransformationEvent' AND o.role IN ('input', 'input-quantity')
                UNION ALL
                SELECT 'xf:' || COALESCE(e.transformation_id, e.event_key), 'epc:' || o.epc, e.event_time, '{Forever}', 0
                FROM epcis_epcs o JOIN epcis_events e ON e.event_key = o.event_key
                WHERE e.erroneous = 0 AND e.type = 'TransformationEvent' AND o.role IN ('output', 'output-quantity')
                UNION ALL
                SELECT 'epc:' || child, 'epc:' || parent, added_at, COALESCE(removed_at, '{Forever}'), 1 FROM epcis_aggregations
                UNION ALL
                SELECT 'epc:' || o.epc, 'party:' || d.party, e.event_time, '{Forever}', 0
                FROM epcis_epcs o JOIN epcis_events e ON e.event_key = o.event_key JOIN epcis_destinations d ON d.event_key = e.event_key
                WHERE e.erroneous = 0 AND e.biz_step = '{CbvSteps.Shipping}' AND COALESCE(e.action, '') <> 'DELETE' AND o.role IN ({Travelling})
                UNION ALL
                SELECT 'epc:' || o.epc, 'party:' || e.biz_location, e.event_time, '{Forever}', 0
                FROM epcis_epcs o JOIN epcis_events e ON e.event_key = o.event_key
                WHERE e.erroneous = 0 AND e.biz_step = '{CbvSteps.Receiving}' AND e.biz_location IS NOT NULL AND COALESCE(e.action, '') <> 'DELETE' AND o.role IN ({Travelling})
        """;

    private const string Travelling = "'epc', 'quantity', 'parent', 'child', 'child-quantity'";

    /// <summary>Every node reachable downstream of the start nodes (texts like <c>lot:ALU-0524-001</c>), starts excluded.</summary>
    public static async Task<IReadOnlySet<string>> ForwardAsync(Database database, IReadOnlyCollection<string> start, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ForwardAsync(connection, database.Dialect, start, cancellationToken);
    }

    /// <summary>The same on a connection the caller holds (a benchmark interrupts a SQLite query through it).</summary>
    public static async Task<IReadOnlySet<string>> ForwardAsync(DbConnection connection, Dialect dialect, IReadOnlyCollection<string> start, CancellationToken cancellationToken)
    {
        var (greatest, least) = dialect == Dialect.Sqlite ? ("MAX", "MIN") : ("GREATEST", "LEAST");
        var sql = $"""
            WITH RECURSIVE {Edges()},
            starts (node) AS ({Starts(start.Count)}),
            walk (node, wf, wt) AS (
                SELECT node, CAST('{Beginning}' AS TEXT), CAST('{Forever}' AS TEXT) FROM starts
                UNION
                SELECT e.dst,
                       CASE WHEN e.lasting = 1 THEN {greatest}(w.wf, e.t0) ELSE e.t0 END,
                       CASE WHEN e.lasting = 1 THEN {least}(w.wt, e.t1) ELSE CAST('{Forever}' AS TEXT) END
                FROM walk w JOIN edges e ON e.src = w.node
                WHERE (e.lasting = 0 AND e.t0 >= w.wf AND e.t0 < w.wt)
                   OR (e.lasting = 1 AND {greatest}(w.wf, e.t0) < {least}(w.wt, e.t1))
            )
            SELECT DISTINCT node FROM walk
            """;
        return await RunAsync(connection, sql, start, null, cancellationToken);
    }

    /// <summary>Every node upstream of the start nodes as of a moment (fixed-width UTC text, or null for now), starts excluded.</summary>
    public static async Task<IReadOnlySet<string>> BackwardAsync(Database database, IReadOnlyCollection<string> start, string? asOf, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await BackwardAsync(connection, start, asOf, cancellationToken);
    }

    /// <summary>The same on a connection the caller holds.</summary>
    public static async Task<IReadOnlySet<string>> BackwardAsync(DbConnection connection, IReadOnlyCollection<string> start, string? asOf, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH RECURSIVE {Edges()},
            starts (node) AS ({Starts(start.Count)}),
            walk (node, t) AS (
                SELECT node, CAST(@asOf AS TEXT) FROM starts
                UNION
                SELECT e.src, CASE WHEN e.lasting = 1 THEN w.t ELSE e.t0 END
                FROM walk w JOIN edges e ON e.dst = w.node
                WHERE (e.lasting = 0 AND e.t0 <= w.t)
                   OR (e.lasting = 1 AND e.t0 <= w.t AND w.t < e.t1)
            )
            SELECT DISTINCT node FROM walk
            """;
        return await RunAsync(connection, sql, start, asOf ?? Now, cancellationToken);
    }

    private static string Starts(int count) =>
        count == 0 ? "SELECT 'none:' WHERE 1 = 0" : string.Join(" UNION ALL ", Enumerable.Range(0, count).Select(i => $"SELECT CAST(@s{i} AS TEXT)"));

    private static async Task<IReadOnlySet<string>> RunAsync(DbConnection connection, string sql, IReadOnlyCollection<string> start, string? asOf, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        parameters.Add("asOf", asOf ?? Now);
        var i = 0;
        foreach (var node in start)
        {
            parameters.Add($"s{i++}", node);
        }

        var nodes = (await connection.QueryAsync<string>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        nodes.ExceptWith(start);
        return nodes;
    }
}
