using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Epcis;

namespace Tracewright.Data.Epcis;

/// <summary>One object a captured shipping event carried to one destination (events declared erroneous and DELETEs left out).</summary>
public sealed record EpcisShippedObject(
    string EventKey, string? EventId, string EventTime, string? ReadPoint, string? BizLocation, string Epc, string Role, decimal? Quantity, string? Uom, string Party);

/// <summary>A business transaction (<c>desadv</c>, <c>po</c>, <c>inv</c>…) or a source of a captured event.</summary>
public sealed record EpcisEventReference(string EventKey, string? Type, string Value);

/// <summary>A captured TransformationEvent (not declared erroneous), with one of its outputs (or none).</summary>
public sealed record EpcisTransformationRow(string EventKey, string? TransformationId, string EventTime, string? BizStep, string? BizLocation, string? Output, decimal? Quantity, string? Uom);

/// <summary>One appearance of an object in a captured event, for where it was last seen and how much of a class is left.</summary>
public sealed record EpcisSighting(
    string Epc, string Role, decimal? Quantity, string? Uom, string EventKey, string Type, string? Action, string? BizStep, string? Disposition,
    string? ReadPoint, string? BizLocation, string EventTime, long Seq);

/// <summary>The reads a recall makes over captured EPCIS events: what shipped where, what transformations ran, where objects were last seen.</summary>
public static class EpcisRecallQueries
{
    private const string Travelling = "('epc', 'quantity', 'parent', 'child', 'child-quantity')";

    /// <summary>Every shipping event naming any of <paramref name="epcs"/> as something that travels, with each destination.</summary>
    public static async Task<IReadOnlyList<EpcisShippedObject>> ShippedAsync(DbConnection connection, IEnumerable<string> epcs, CancellationToken cancellationToken)
    {
        var rows = await Chunked.QueryAsync<(string EventKey, string? EventId, string EventTime, string? ReadPoint, string? BizLocation, string Epc, string Role, string? Quantity, string? Uom, string Party)>(
            connection, null,
            $"""
            SELECT e.event_key, e.event_id, e.event_time, e.read_point, e.biz_location, o.epc, o.role, CAST(o.quantity AS TEXT) AS quantity, o.uom, d.party
            FROM epcis_epcs o
            JOIN epcis_events e ON e.event_key = o.event_key
            JOIN epcis_destinations d ON d.event_key = e.event_key
            WHERE o.epc IN @ids AND o.role IN {Travelling} AND e.biz_step = '{CbvSteps.Shipping}' AND e.erroneous = 0
              AND (e.action IS NULL OR e.action <> 'DELETE')
            ORDER BY e.seq, o.position, d.position
            """,
            epcs, cancellationToken);
        return [.. rows.Select(r => new EpcisShippedObject(r.EventKey, r.EventId, r.EventTime, r.ReadPoint, r.BizLocation, r.Epc, r.Role, Number(r.Quantity), r.Uom, r.Party))];
    }

    /// <summary>The business transactions of these events, in their order.</summary>
    public static Task<List<EpcisEventReference>> BizTransactionsAsync(DbConnection connection, IEnumerable<string> eventKeys, CancellationToken cancellationToken) =>
        Chunked.QueryAsync<EpcisEventReference>(connection, null, "SELECT event_key, type, value FROM epcis_biz_transactions WHERE event_key IN @ids ORDER BY event_key, position", eventKeys, cancellationToken);

    /// <summary>The sources of these events, in their order.</summary>
    public static Task<List<EpcisEventReference>> SourcesAsync(DbConnection connection, IEnumerable<string> eventKeys, CancellationToken cancellationToken) =>
        Chunked.QueryAsync<EpcisEventReference>(connection, null, "SELECT event_key, type, party AS value FROM epcis_sources WHERE event_key IN @ids ORDER BY event_key, position", eventKeys, cancellationToken);

    /// <summary>
    /// The transformations that are these genealogy nodes (a transformationID, or the event key of one without), each with its
    /// outputs; events declared erroneous are left out.
    /// </summary>
    public static async Task<IReadOnlyList<EpcisTransformationRow>> TransformationsAsync(DbConnection connection, IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        var list = nodes.ToList();
        const string Select =
            """
            SELECT e.event_key, e.transformation_id, e.event_time, e.biz_step, e.biz_location, o.epc, CAST(o.quantity AS TEXT) AS quantity, o.uom
            FROM epcis_events e LEFT JOIN epcis_epcs o ON o.event_key = e.event_key AND o.role IN ('output', 'output-quantity')
            WHERE e.type = 'TransformationEvent' AND e.erroneous = 0 AND
            """;
        var byId = await Chunked.QueryAsync<(string EventKey, string? TransformationId, string EventTime, string? BizStep, string? BizLocation, string? Output, string? Quantity, string? Uom)>(
            connection, null, Select + " e.transformation_id IN @ids ORDER BY e.seq, o.position", list, cancellationToken);
        var byKey = await Chunked.QueryAsync<(string EventKey, string? TransformationId, string EventTime, string? BizStep, string? BizLocation, string? Output, string? Quantity, string? Uom)>(
            connection, null, Select + " e.transformation_id IS NULL AND e.event_key IN @ids ORDER BY e.seq, o.position", list, cancellationToken);
        return [.. byId.Concat(byKey).Select(r => new EpcisTransformationRow(r.EventKey, r.TransformationId, r.EventTime, r.BizStep, r.BizLocation, r.Output, Number(r.Quantity), r.Uom))];
    }

    /// <summary>Every appearance of these objects in events not declared erroneous, oldest event first (by eventTime, then capture).</summary>
    public static async Task<IReadOnlyList<EpcisSighting>> SightingsAsync(DbConnection connection, IEnumerable<string> epcs, CancellationToken cancellationToken)
    {
        var rows = await Chunked.QueryAsync<(string Epc, string Role, string? Quantity, string? Uom, string EventKey, string Type, string? Action, string? BizStep, string? Disposition, string? ReadPoint, string? BizLocation, string EventTime, long Seq)>(
            connection, null,
            """
            SELECT o.epc, o.role, CAST(o.quantity AS TEXT) AS quantity, o.uom, e.event_key, e.type, e.action, e.biz_step, e.disposition, e.read_point, e.biz_location, e.event_time, e.seq
            FROM epcis_epcs o JOIN epcis_events e ON e.event_key = o.event_key
            WHERE o.epc IN @ids AND e.erroneous = 0
            """,
            epcs, cancellationToken);
        return [.. rows
            .Select(r => new EpcisSighting(r.Epc, r.Role, Number(r.Quantity), r.Uom, r.EventKey, r.Type, r.Action, r.BizStep, r.Disposition, r.ReadPoint, r.BizLocation, r.EventTime, r.Seq))
            .OrderBy(s => s.EventTime, StringComparer.Ordinal).ThenBy(s => s.Seq)];
    }

    /// <summary>
    /// Events not declared erroneous whose stored document contains <paramref name="text"/> (any case): the candidates for a
    /// heat or supplier lot number an ILMD entry carries, which the caller confirms by reading each event.
    /// </summary>
    public static async Task<IReadOnlyList<EpcisEventRow>> ContainingAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        var pattern = "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return [.. await connection.QueryAsync<EpcisEventRow>(new CommandDefinition(
            $"SELECT {EpcisQueries.RowColumns} FROM epcis_events " +
            "WHERE erroneous = 0 AND LOWER(document) LIKE @pattern ESCAPE '\\' ORDER BY seq",
            new { pattern }, cancellationToken: cancellationToken))];
    }

    /// <summary>The parents these objects are inside now (open aggregations).</summary>
    public static Task<List<(string Child, string Parent)>> ParentsAsync(DbConnection connection, IEnumerable<string> epcs, CancellationToken cancellationToken) =>
        Chunked.QueryAsync<(string Child, string Parent)>(
            connection, null, "SELECT child, parent FROM epcis_aggregations WHERE child IN @ids AND kind = 'aggregation' AND removed_event IS NULL", epcs, cancellationToken);

    /// <summary>
    /// The details master data gives these parties and locations (the newest master data for each id; ids without master data
    /// are left out).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, EpcisParty>> PartiesAsync(DbConnection connection, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var rows = await Chunked.QueryAsync<(string Id, string Attributes)>(connection, null, "SELECT id, attributes FROM epcis_master_data WHERE id IN @ids", ids, cancellationToken);
        return rows.ToDictionary(r => r.Id, r => EpcisParty.From(r.Id, Attributes(r.Attributes)), StringComparer.Ordinal);
    }

    /// <summary>The attributes stored for a master-data element (see capture): id and simple value of each.</summary>
    private static IEnumerable<(string Id, string? Value)> Attributes(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("attributes").EnumerateArray()
            .Select(a => (a.GetProperty("id").GetString() ?? "", a.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null))];
    }

    private static decimal? Number(string? text) =>
        text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
