using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Tracewright.Data.Epcis;

/// <summary>Something aggregated into a parent by a captured event: a child EPC, or a quantity of a class (with its quantity).</summary>
public sealed record EpcisChildLink(string Child, string Role, decimal? Quantity, string? Uom, string AddedEvent, string AddedAt, string? RemovedAt);

/// <summary>An aggregation of an object into a parent, with the quantity it was aggregated with (a class), and when.</summary>
public sealed record EpcisParentLink(string Parent, decimal? Quantity, string AddedAt, string? RemovedAt);

/// <summary>One object of a captured event not declared erroneous, with the event's transformationID and business step.</summary>
public sealed record EpcisEventObject(string EventKey, string Type, string? TransformationId, string? BizStep, string EventTime, long Seq, string Role, int Position, string Epc, decimal? Quantity, string? Uom);

/// <summary>The reads an as-built tree makes over captured EPCIS events (issue 15): what is inside a parent, and what made an object.</summary>
public static class EpcisAsBuiltQueries
{
    /// <summary>Every aggregation into <paramref name="parent"/> (open or closed), with the quantity the adding event gave a class; in the order they were captured.</summary>
    public static async Task<IReadOnlyList<EpcisChildLink>> ChildrenAsync(DbConnection connection, string parent, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Child, string? Role, string? Quantity, string? Uom, string AddedEvent, string AddedAt, string? RemovedAt)>(new CommandDefinition(
            """
            SELECT a.child, o.role, CAST(o.quantity AS TEXT) AS quantity, o.uom, a.added_event, a.added_at, a.removed_at
            FROM epcis_aggregations a
            JOIN epcis_events e ON e.event_key = a.added_event
            LEFT JOIN epcis_epcs o ON o.event_key = a.added_event AND o.epc = a.child AND o.role IN ('child', 'child-quantity')
            WHERE a.kind = 'aggregation' AND a.parent = @parent
            ORDER BY e.seq, o.position
            """,
            new { parent },
            cancellationToken: cancellationToken));
        return [.. rows.DistinctBy(r => (r.Child, r.AddedEvent)).Select(r => new EpcisChildLink(r.Child, r.Role ?? "child", Number(r.Quantity), r.Uom, r.AddedEvent, r.AddedAt, r.RemovedAt))];
    }

    /// <summary>Every aggregation of <paramref name="child"/> into a parent (open or closed), with the quantity the adding event gave it.</summary>
    public static async Task<IReadOnlyList<EpcisParentLink>> ParentsAsync(DbConnection connection, string child, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Parent, string? Quantity, string AddedAt, string? RemovedAt)>(new CommandDefinition(
            """
            SELECT a.parent, CAST(o.quantity AS TEXT) AS quantity, a.added_at, a.removed_at
            FROM epcis_aggregations a
            JOIN epcis_events e ON e.event_key = a.added_event
            LEFT JOIN epcis_epcs o ON o.event_key = a.added_event AND o.epc = a.child AND o.role IN ('child', 'child-quantity')
            WHERE a.kind = 'aggregation' AND a.child = @child
            ORDER BY e.seq
            """,
            new { child },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new EpcisParentLink(r.Parent, Number(r.Quantity), r.AddedAt, r.RemovedAt))];
    }

    /// <summary>The captured events (not declared erroneous) that output any of <paramref name="epcs"/>: the TransformationEvents that made or cut them.</summary>
    public static Task<List<EpcisEventObject>> ProducedAsync(DbConnection connection, IEnumerable<string> epcs, CancellationToken cancellationToken) =>
        ObjectsAsync(connection, "o.epc IN @ids AND o.role IN ('output', 'output-quantity')", epcs, cancellationToken);

    /// <summary>Every object of these events (inputs, outputs, children…), in event and list order.</summary>
    public static Task<List<EpcisEventObject>> ObjectsOfEventsAsync(DbConnection connection, IEnumerable<string> eventKeys, CancellationToken cancellationToken) =>
        ObjectsAsync(connection, "o.event_key IN @ids", eventKeys, cancellationToken);

    private static async Task<List<EpcisEventObject>> ObjectsAsync(DbConnection connection, string where, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var rows = await Chunked.QueryAsync<(string EventKey, string Type, string? TransformationId, string? BizStep, string EventTime, long Seq, string Role, long Position, string Epc, string? Quantity, string? Uom)>(
            connection, null,
            $"""
            SELECT e.event_key, e.type, e.transformation_id, e.biz_step, e.event_time, e.seq, o.role, o.position, o.epc, CAST(o.quantity AS TEXT) AS quantity, o.uom
            FROM epcis_epcs o JOIN epcis_events e ON e.event_key = o.event_key
            WHERE {where} AND e.erroneous = 0
            """,
            ids, cancellationToken);
        return [.. rows
            .Select(r => new EpcisEventObject(r.EventKey, r.Type, r.TransformationId, r.BizStep, r.EventTime, r.Seq, r.Role, (int)r.Position, r.Epc, Number(r.Quantity), r.Uom))
            .OrderBy(r => r.Seq).ThenBy(r => r.Role, StringComparer.Ordinal).ThenBy(r => r.Position)];
    }

    private static decimal? Number(string? text) =>
        text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
