using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Epcis;

namespace Tracewright.Data.Epcis;

/// <summary>
/// An identifier to match exactly, and for an EPC pattern (<c>urn:epc:idpat:sgtin:0614141.107346.*</c>) also every identifier
/// under it (<see cref="Under"/>, a LIKE pattern).
/// </summary>
public sealed record EpcisIdMatch(string Id, string? Under);

/// <summary>
/// The standard EPCIS query filters, already normalised (CBV values as Web URIs, identifiers canonical, times as ledger text).
/// Lists within one filter are alternatives; different filters must all hold.
/// </summary>
public sealed class EpcisEventFilter
{
    public List<string> EventTypes { get; } = [];
    public List<string> BizSteps { get; } = [];
    public List<string> Dispositions { get; } = [];
    public List<string> ReadPoints { get; } = [];
    public List<string> BizLocations { get; } = [];

    /// <summary>eventIDs (or, for events captured without one, event hash IDs as their keys), any of which matches.</summary>
    public List<string> EventIds { get; } = [];

    /// <summary>Each entry: the object roles to look in and the identifiers any of which must appear there.</summary>
    public List<(IReadOnlyList<EpcisObjectRole> Roles, IReadOnlyList<EpcisIdMatch> Ids)> Objects { get; } = [];

    /// <summary>ADD, OBSERVE or DELETE.</summary>
    public List<string> Actions { get; } = [];

    public List<string> TransformationIds { get; } = [];

    /// <summary>Only events declared erroneous (EXISTS_errorDeclaration).</summary>
    public bool ErrorDeclared { get; set; }

    public List<string> ErrorReasons { get; } = [];

    public List<string> CorrectiveEventIds { get; } = [];

    public string? ErrorDeclarationFrom { get; set; }

    public string? ErrorDeclarationBefore { get; set; }

    /// <summary>Each entry: a business transaction type (null: any) and the values any of which must be one of the event's.</summary>
    public List<(string? Type, IReadOnlyList<string> Values)> BizTransactions { get; } = [];

    /// <summary>Each entry: a table (epcis_sources or epcis_destinations), a type, and the parties any of which must be there.</summary>
    public List<(bool Source, string Type, IReadOnlyList<string> Parties)> Parties { get; } = [];

    /// <summary>Each entry: a comparison (=, &gt;, &gt;=, &lt;, &lt;=) some quantity element of the event must satisfy, in a unit when given.</summary>
    public List<(string Operator, decimal Value, string? Uom)> Quantities { get; } = [];

    public EpcisOrder Order { get; set; }

    /// <summary>
    /// WD_readPoint / WD_bizLocation: the column (<c>read_point</c> or <c>biz_location</c>) and the locations (canonical) it must
    /// be one of or lie within, by the master data's children lists; <see cref="EpcisQueries"/> widens them before querying.
    /// </summary>
    public List<(string Column, IReadOnlyList<string> Roots)> Within { get; } = [];

    internal List<(string Column, IReadOnlyList<string> Places)>? WithinWidened { get; set; }

    /// <summary>HASATTR_ / EQATTR_: resolved to the vocabulary elements whose master data qualifies before querying.</summary>
    public List<EpcisAttributeCondition> Attributes { get; } = [];

    /// <summary>Conditions on the event's fields (extensions, ILMD, sensor data, persistent disposition), all of which must hold.</summary>
    public List<EpcisFieldCondition> Fields { get; } = [];

    /// <summary>How a master data children list's identifiers become canonical (the standards library's rule, given by the caller).</summary>
    public Func<string, string> Canonical { get; init; } = id => id;

    /// <summary>For an order by eventTime: the eventTime of the last event of the page before (with its ledger record as the tie).</summary>
    public string? AfterEventTime { get; set; }

    public string? EventTimeFrom { get; set; }
    public string? EventTimeBefore { get; set; }
    public string? RecordTimeFrom { get; set; }
    public string? RecordTimeBefore { get; set; }
}

/// <summary>
/// A condition on <c>epcis_event_fields</c>: some field named <see cref="Name"/> in one of <see cref="Parts"/>, nested or not
/// (<see cref="Inner"/>), in one of <see cref="Namespaces"/> (or, when the query's prefix is not declared, written with
/// <see cref="Prefix"/>), whose value satisfies <see cref="Operator"/>: <c>exists</c>, <c>=</c> (any of <see cref="Values"/>,
/// as text, number or instant), or <c>&gt; &gt;= &lt; &lt;=</c> against <see cref="Number"/> or <see cref="Instant"/>. With
/// <see cref="Uom"/> the same sensor report must state that unit.
/// </summary>
public sealed record EpcisFieldCondition(IReadOnlyList<string> Parts, bool Inner, IReadOnlyList<string>? Namespaces, string? Prefix, string Name)
{
    public string Operator { get; init; } = "exists";

    public IReadOnlyList<string> Values { get; init; } = [];

    public double? Number { get; init; }

    public string? Instant { get; init; }

    public string? Uom { get; init; }
}

/// <summary>
/// HASATTR_ / EQATTR_ of one field: an event column (<c>read_point</c>, <c>biz_location</c>, <c>biz_step</c>, <c>disposition</c>)
/// or an extension field (<see cref="Field"/>) whose value must be a vocabulary element with master data that has one of the
/// <see cref="Attributes"/> (with one of <see cref="Values"/>, when given).
/// </summary>
public sealed record EpcisAttributeCondition(string? Column, EpcisFieldCondition? Field, IReadOnlyList<string> Attributes, IReadOnlyList<string>? Values);

/// <summary>A stored EPCIS event as queries return it.</summary>
public sealed record EpcisEventRow(long Seq, string EventKey, string HashId, long Erroneous, string? DeclaredAt, string? ErrorReason, string? CorrectiveIds, string Syntax, string Document, string EventTime);

/// <summary>The order of a query's answer: capture order (the default), or by eventTime or recordTime, either way.</summary>
public enum EpcisOrder { Capture, EventTimeAscending, EventTimeDescending, RecordTimeDescending }

/// <summary>A stored event's key, eventID (null when it had none), hash ID and whether it has been declared erroneous.</summary>
public sealed record EpcisCapturedRef(string EventKey, string? EventId, string HashId, long Erroneous);

/// <summary>A stored master-data element.</summary>
public sealed record EpcisMasterDataRow(string Id, string Kind, string? Name, string Attributes);

public static class EpcisQueries
{
    internal const string RowColumns = "seq, event_key, hash_id, erroneous, declared_at, error_reason, corrective_ids, syntax, document, event_time";

    /// <summary>
    /// The stored events a newly read one may repeat, oldest first: without an eventID, the first with its event hash ID; with
    /// one, the event stored under that eventID and the one stored under its hash ID (an event whose eventID was taken by
    /// different content is stored under its hash ID).
    /// </summary>
    public static async Task<IReadOnlyList<EpcisCapturedRef>> FindCapturedAsync(DbConnection connection, DbTransaction? transaction, string? eventId, string hashId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<EpcisCapturedRef>(new CommandDefinition(
            eventId is null
                ? "SELECT event_key, event_id, hash_id, erroneous FROM epcis_events WHERE hash_id = @hashId ORDER BY seq LIMIT 1"
                : "SELECT event_key, event_id, hash_id, erroneous FROM epcis_events WHERE event_key = @eventId OR event_key = @hashId ORDER BY seq",
            new { eventId, hashId }, transaction, cancellationToken: cancellationToken))];

    /// <summary>
    /// <see cref="FindCapturedAsync"/> for a whole document at once: the stored events among <paramref name="keys"/> (by
    /// event key) and, for each of <paramref name="hashIds"/>, the first stored event with that hash. Both lookups are
    /// indexed (the key is the primary key; <c>epcis_events_by_hash</c>), in chunks of a few hundred per query.
    /// </summary>
    public static async Task<(Dictionary<string, EpcisCapturedRef> ByKey, Dictionary<string, EpcisCapturedRef> ByHash)> FindCapturedAsync(
        DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string> keys, IReadOnlyCollection<string> hashIds, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, EpcisCapturedRef>(StringComparer.Ordinal);
        var byHash = new Dictionary<string, EpcisCapturedRef>(StringComparer.Ordinal);
        foreach (var (column, values, into) in new[] { ("event_key", keys, byKey), ("hash_id", hashIds, byHash) })
        {
            foreach (var chunk in values.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                var parameters = new DynamicParameters();
                var names = chunk.Select((value, i) =>
                {
                    parameters.Add($"v{i}", value);
                    return $"@v{i}";
                });
                var rows = await connection.QueryAsync<EpcisCapturedRef>(new CommandDefinition(
                    $"SELECT event_key, event_id, hash_id, erroneous FROM epcis_events WHERE {column} IN ({string.Join(", ", names)}) ORDER BY seq",
                    parameters, transaction, cancellationToken: cancellationToken));
                foreach (var row in rows)
                {
                    into.TryAdd(column == "event_key" ? row.EventKey : row.HashId, row);
                }
            }
        }

        return (byKey, byHash);
    }

    public static async Task<IReadOnlyDictionary<string, EpcisMasterDataRow>> MasterDataAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        // Parameters spelt out: Dapper hands a list to Npgsql as one array parameter, which IN cannot take.
        var parameters = new DynamicParameters();
        var names = (ids ?? []).Select((id, i) =>
        {
            parameters.Add($"i{i}", id);
            return $"@i{i}";
        }).ToList();
        if (ids is { Count: 0 })
        {
            return new Dictionary<string, EpcisMasterDataRow>(StringComparer.Ordinal);
        }

        var rows = await connection.QueryAsync<EpcisMasterDataRow>(new CommandDefinition(
            "SELECT id, kind, name, attributes FROM epcis_master_data" + (ids is null ? " ORDER BY id" : $" WHERE id IN ({string.Join(", ", names)})"),
            parameters, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Captured master data of one vocabulary type (<c>urn:epcglobal:epcis:vtype:EPCClass</c>…), by id.</summary>
    public static async Task<IReadOnlyList<EpcisMasterDataRow>> MasterDataOfKindAsync(DbConnection connection, string kind, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<EpcisMasterDataRow>(new CommandDefinition(
            "SELECT id, kind, name, attributes FROM epcis_master_data WHERE kind = @kind ORDER BY id", new { kind }, cancellationToken: cancellationToken))];

    /// <summary>Events matching every filter, in capture order, after sequence <paramref name="after"/>; at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<EpcisEventRow>> QueryAsync(DbConnection connection, EpcisEventFilter filter, long after, int limit, CancellationToken cancellationToken)
    {
        await WidenAsync(connection, filter, cancellationToken);
        var (sql, parameters) = await WhereAsync(connection, filter, after, $"SELECT {RowColumns} FROM epcis_events e", counting: false, cancellationToken);
        sql.Append(filter.Order switch
        {
            EpcisOrder.EventTimeAscending => " ORDER BY e.event_time, e.seq LIMIT @limit",
            EpcisOrder.EventTimeDescending => " ORDER BY e.event_time DESC, e.seq DESC LIMIT @limit",
            EpcisOrder.RecordTimeDescending => " ORDER BY e.seq DESC LIMIT @limit",
            _ => " ORDER BY e.seq LIMIT @limit",
        });
        parameters.Add("limit", limit);
        return (await connection.QueryAsync<EpcisEventRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The ledger record of the newest captured event (0 when none is): where a subscription from now starts.</summary>
    public static async Task<long> LastSeqAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(seq), 0) FROM epcis_events", cancellationToken: cancellationToken));

    /// <summary>How many events match the filter after ledger record <paramref name="after"/> (a subscription's pending events).</summary>
    public static async Task<long> CountAsync(DbConnection connection, EpcisEventFilter filter, long after, CancellationToken cancellationToken)
    {
        await WidenAsync(connection, filter, cancellationToken);
        var (sql, parameters) = await WhereAsync(connection, filter, after, "SELECT COUNT(*) FROM epcis_events e", counting: true, cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken));
    }

    /// <summary>The vocabularies whose master data children lists make hierarchies (WD_ parameters).</summary>
    private static readonly string[] LocationKinds = ["urn:epcglobal:epcis:vtype:BusinessLocation", "urn:epcglobal:epcis:vtype:ReadPoint"];

    /// <summary>The WD_ roots with every location under them (children, their children, …) by the captured master data.</summary>
    private static async Task WidenAsync(DbConnection connection, EpcisEventFilter filter, CancellationToken cancellationToken)
    {
        if ((filter.Within.Count == 0 && filter.Attributes.Count == 0) || filter.WithinWidened is not null)
        {
            return;
        }

        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var attributes = new List<(string Id, string Attribute, string? Value)>();
        // Attributes of any vocabulary (locations, business steps, classes…); hierarchies of locations only.
        foreach (var row in (await MasterDataAsync(connection, null, null, cancellationToken)).Values)
        {
            using var json = JsonDocument.Parse(row.Attributes);
            if (json.RootElement.TryGetProperty("attributes", out var stated) && stated.ValueKind == JsonValueKind.Array)
            {
                attributes.AddRange(stated.EnumerateArray()
                    .Where(a => a.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    .Select(a => (row.Id, a.GetProperty("id").GetString()!, a.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)));
            }

            if (LocationKinds.Contains(row.Kind) && json.RootElement.TryGetProperty("children", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var under = children.TryGetValue(row.Id, out var known) ? known : children[row.Id] = [];
                under.AddRange(list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => filter.Canonical(c.GetString()!)));
            }
        }

        filter.WithinWidened = filter.Within.Select(w =>
        {
            var places = new HashSet<string>(w.Roots, StringComparer.Ordinal);
            var queue = new Queue<string>(w.Roots);
            while (queue.TryDequeue(out var place))
            {
                foreach (var child in children.GetValueOrDefault(place) ?? [])
                {
                    if (places.Add(child))
                    {
                        queue.Enqueue(child);
                    }
                }
            }

            return (w.Column, (IReadOnlyList<string>)[.. places.Order(StringComparer.Ordinal)]);
        }).ToList();
        foreach (var a in filter.Attributes)
        {
            IReadOnlyList<string> qualifying = [.. attributes
                .Where(x => a.Attributes.Contains(x.Attribute) && (a.Values is null || (x.Value is not null && a.Values.Contains(x.Value))))
                .Select(x => x.Id).Distinct().Order(StringComparer.Ordinal)];
            if (a.Field is { } field)
            {
                // An extension field holds the element as its sender wrote it, master data is kept by canonical id.
                var written = await connection.QueryAsync<string>(new CommandDefinition(
                    "SELECT DISTINCT value FROM epcis_event_fields WHERE name = @name AND value IS NOT NULL", new { name = field.Name }, cancellationToken: cancellationToken));
                var set = qualifying.ToHashSet(StringComparer.Ordinal);
                filter.Fields.Add(field with { Operator = "=", Values = [.. written.Where(w => set.Contains(filter.Canonical(w))).Order(StringComparer.Ordinal)] });
            }
            else
            {
                filter.WithinWidened.Add((a.Column!, qualifying));
            }
        }
    }

    /// <summary>A condition on another table that some row of the event's must meet (an EPC, a transaction, a field…).</summary>
    private sealed record Semi(string Table, string Alias, string Condition);

    /// <summary>
    /// Matches found before a condition counts as common (see <see cref="WhereAsync"/>): its events are found by walking the
    /// events in order and looking each one up, not by collecting them all first.
    /// </summary>
    private const int Common = 2_000;

    /// <summary>Tests set it (for their own calls only) to take the other way on SQLite; the answers must not change.</summary>
    internal static readonly AsyncLocal<int?> CommonInTests = new();

    /// <summary>
    /// The WHERE clause. A condition on another table becomes <c>EXISTS</c> on PostgreSQL, whose planner chooses between a
    /// semi-join and a lookup per event from its statistics. SQLite 3.35 turns every such <c>EXISTS</c> into an <c>IN</c> list,
    /// which for a common value collects hundreds of thousands of events to answer a page of a hundred; so on SQLite each is
    /// counted first, up to <see cref="Common"/>: a rare one stays an <c>IN</c> list, a common one is looked up per event as
    /// the events are walked in order (a count needs them all, and keeps the list).
    /// </summary>
    private static async Task<(StringBuilder Sql, DynamicParameters Parameters)> WhereAsync(DbConnection connection, EpcisEventFilter filter, long after, string select, bool counting, CancellationToken cancellationToken)
    {
        var (sql, parameters, semis) = Where(filter, after, select, connection is Microsoft.Data.Sqlite.SqliteConnection);
        var common = CommonInTests.Value ?? Common;
        for (var i = 0; i < semis.Count; i++)
        {
            var (table, alias, condition) = semis[i];
            string clause;
            if (connection is not Microsoft.Data.Sqlite.SqliteConnection)
            {
                clause = $"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.event_key = e.event_key AND {condition})";
            }
            else
            {
                var found = counting ? 0 : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    $"SELECT COUNT(*) FROM (SELECT 1 FROM {table} {alias} WHERE {condition} LIMIT {common})", parameters, cancellationToken: cancellationToken));
                clause = found < common
                    ? $"e.event_key IN (SELECT {alias}.event_key FROM {table} {alias} WHERE {condition})"
                    // By the table's primary key (the event first): left to itself the planner takes the value's index, and reads every row with that name for each event.
                    : $"(SELECT 1 FROM {table} {alias} INDEXED BY sqlite_autoindex_{table}_1 WHERE {alias}.event_key = e.event_key AND {condition} LIMIT 1) IS NOT NULL";
            }

            sql.Replace($"{{semi{i}}}", clause);
        }

        return (sql, parameters);
    }

    private static (StringBuilder Sql, DynamicParameters Parameters, List<Semi> Semis) Where(EpcisEventFilter filter, long after, string select, bool sqlite)
    {
        // Where the page starts: after the last event of the page before, in the order asked for (0: from the start).
        var sql = new StringBuilder(select + filter.Order switch
        {
            EpcisOrder.Capture => " WHERE e.seq > @after",
            EpcisOrder.RecordTimeDescending => after == 0 ? " WHERE 1 = 1" : " WHERE e.seq < @after",
            EpcisOrder.EventTimeAscending when filter.AfterEventTime is not null => " WHERE (e.event_time > @afterTime OR (e.event_time = @afterTime AND e.seq > @after))",
            EpcisOrder.EventTimeDescending when filter.AfterEventTime is not null => " WHERE (e.event_time < @afterTime OR (e.event_time = @afterTime AND e.seq < @after))",
            _ => " WHERE 1 = 1",
        });
        var parameters = new DynamicParameters();
        parameters.Add("after", after);
        parameters.Add("afterTime", filter.AfterEventTime);
        var n = 0;
        string Param(object? value)
        {
            var name = $"p{n++}";
            parameters.Add(name, value);
            return "@" + name;
        }

        var semis = new List<Semi>();
        void Exists(string table, string alias, string condition)
        {
            sql.Append(" AND {semi").Append(semis.Count).Append('}');
            semis.Add(new Semi(table, alias, condition));
        }

        // Identifiers under a pattern (a LIKE prefix ending in %): on SQLite as a range of the epc index (its LIKE ignores
        // case and so uses no index); on PostgreSQL as LIKE, which the text_pattern_ops index serves in any collation.
        string Under(string column, string like)
        {
            if (!sqlite || !like.EndsWith('%') || like[..^1].Contains('%', StringComparison.Ordinal) || like[..^1].Contains('_', StringComparison.Ordinal) || like.Length < 2)
            {
                return $"{column} LIKE {Param(like)}";
            }

            var prefix = like[..^1];
            return $"({column} >= {Param(prefix)} AND {column} < {Param(prefix[..^1] + (char)(prefix[^1] + 1))})";
        }

        void In(string column, List<string> values)
        {
            if (values.Count > 0)
            {
                sql.Append($" AND {column} IN ({string.Join(", ", values.Select(v => Param(v)))})");
            }
        }

        In("e.type", filter.EventTypes);
        In("e.biz_step", filter.BizSteps);
        In("e.disposition", filter.Dispositions);
        In("e.read_point", filter.ReadPoints);
        In("e.biz_location", filter.BizLocations);
        if (filter.EventIds.Count > 0)
        {
            var ids = string.Join(", ", filter.EventIds.Select(v => Param(v)));
            sql.Append($" AND (e.event_id IN ({ids}) OR e.event_key IN ({ids}))");
        }
        foreach (var (roles, ids) in filter.Objects)
        {
            var matches = ids.Select(i => i.Under is { } under ? $"o.epc = {Param(i.Id)} OR {Under("o.epc", under)}" : $"o.epc = {Param(i.Id)}");
            Exists("epcis_epcs", "o", $"o.role IN ({string.Join(", ", roles.Select(r => Param(EpcisProjection.RoleText(r))))}) AND ({string.Join(" OR ", matches)})");
        }

        foreach (var (column, places) in filter.WithinWidened ?? [])
        {
            // No location qualifies (no master data with that attribute): nothing matches.
            sql.Append(places.Count == 0 ? " AND 1 = 0" : "");
            In($"e.{column}", [.. places]);
        }

        In("e.action", filter.Actions);
        In("e.transformation_id", filter.TransformationIds);
        if (filter.ErrorDeclared)
        {
            sql.Append(" AND e.erroneous = 1");
        }

        In("e.error_reason", filter.ErrorReasons);
        foreach (var corrective in filter.CorrectiveEventIds)
        {
            // A JSON array of strings: the quoted id is in it exactly when the array holds it.
            sql.Append($" AND e.erroneous = 1 AND e.corrective_ids LIKE {Param("%" + JsonSerializer.Serialize(corrective).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%")} ESCAPE '\\'");
        }

        if (filter.ErrorDeclarationFrom is { } f)
        {
            sql.Append($" AND e.declared_at >= {Param(f)}");
        }

        if (filter.ErrorDeclarationBefore is { } g)
        {
            sql.Append($" AND e.declared_at < {Param(g)}");
        }

        foreach (var (type, values) in filter.BizTransactions)
        {
            var typed = type is null ? "" : $" AND t.type = {Param(type)}";
            Exists("epcis_biz_transactions", "t", $"t.value IN ({string.Join(", ", values.Select(v => Param(v)))}){typed}");
        }

        foreach (var (source, type, parties) in filter.Parties)
        {
            var table = source ? "epcis_sources" : "epcis_destinations";
            Exists(table, "p", $"p.party IN ({string.Join(", ", parties.Select(v => Param(v)))}) AND p.type = {Param(type)}");
        }

        foreach (var (op, value, uom) in filter.Quantities)
        {
            var roles = string.Join(", ", new[] { EpcisObjectRole.Quantity, EpcisObjectRole.ChildQuantity, EpcisObjectRole.InputQuantity, EpcisObjectRole.OutputQuantity }.Select(r => Param(EpcisProjection.RoleText(r))));
            var unit = uom is null ? "" : $" AND q.uom = {Param(uom)}";
            // SQLite keeps quantities as exact text: the cast compares numbers, and its index is on the cast (migration 0021).
            Exists("epcis_epcs", "q", $"q.quantity IS NOT NULL AND CAST(q.quantity AS NUMERIC) {op} {Param(value)} AND q.role IN ({roles}){unit}");
        }

        foreach (var field in filter.Fields)
        {
            Exists("epcis_event_fields", "f", FieldCondition(field, Param));
        }

        if (filter.EventTimeFrom is { } a)
        {
            sql.Append($" AND e.event_time >= {Param(a)}");
        }

        if (filter.EventTimeBefore is { } b)
        {
            sql.Append($" AND e.event_time < {Param(b)}");
        }

        if (filter.RecordTimeFrom is { } c)
        {
            sql.Append($" AND e.record_time >= {Param(c)}");
        }

        if (filter.RecordTimeBefore is { } d)
        {
            sql.Append($" AND e.record_time < {Param(d)}");
        }

        return (sql, parameters, semis);
    }

    /// <summary>The WHERE clause of one field condition over <c>epcis_event_fields f</c>; the name first, as the indexes are.</summary>
    private static string FieldCondition(EpcisFieldCondition c, Func<object?, string> param)
    {
        var where = new StringBuilder($"f.name = {param(c.Name)} AND f.part IN ({string.Join(", ", c.Parts.Select(p => param(p)))}) AND f.nested = {(c.Inner ? 1 : 0)}");
        where.Append(c.Namespaces is { } ns ? $" AND f.ns IN ({string.Join(", ", ns.Select(n => param(n)))})" : $" AND f.prefix = {param(c.Prefix)}");
        switch (c.Operator)
        {
            case "exists":
                break;
            case "=" when c.Values.Count == 0:
                where.Append(" AND 1 = 0");
                break;
            case "=":
                var alternatives = new List<string> { $"f.value IN ({string.Join(", ", c.Values.Select(v => param(EpcisEventFields.Key(v))))})" };
                if (c.Values.Select(EpcisEventFields.Number).OfType<double>().ToList() is { Count: > 0 } numbers)
                {
                    alternatives.Add($"f.num IN ({string.Join(", ", numbers.Select(n => param(n)))})");
                }

                if (c.Values.Select(EpcisEventFields.Time).OfType<string>().ToList() is { Count: > 0 } instants)
                {
                    alternatives.Add($"f.instant IN ({string.Join(", ", instants.Select(i => param(i)))})");
                }

                where.Append(" AND (").Append(string.Join(" OR ", alternatives)).Append(')');
                break;
            default:
                where.Append(c.Number is { } n ? $" AND f.num {c.Operator} {param(n)}" : $" AND f.instant {c.Operator} {param(c.Instant)}");
                break;
        }

        if (c.Uom is { } uom)
        {
            where.Append($" AND f.uom = {param(uom)}");
        }

        return where.ToString();
    }

    /// <summary>Whether any captured event names this canonical identifier as an object, and as a destination or receiving place.</summary>
    public static async Task<(bool Object, bool Party)> KnownAsync(DbConnection connection, string canonical, CancellationToken cancellationToken)
    {
        var asObject = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM epcis_epcs WHERE epc = @id LIMIT 1", new { id = canonical }, cancellationToken: cancellationToken)) is not null;
        var asParty = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM epcis_destinations WHERE party = @id UNION ALL SELECT 1 FROM epcis_events WHERE biz_location = @id LIMIT 1", new { id = canonical }, cancellationToken: cancellationToken)) is not null;
        return (asObject, asParty);
    }

    /// <summary>Which of these canonical identifiers some captured event names as an object (one query per 500 ids).</summary>
    public static async Task<IReadOnlyList<string>> KnownObjectsAsync(DbConnection connection, IReadOnlyList<string> canonical, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in canonical.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            // Parameters spelt out: Dapper hands a list to Npgsql as one array parameter, which IN cannot take.
            var parameters = new DynamicParameters();
            var names = chunk.Select((id, i) =>
            {
                parameters.Add($"i{i}", id);
                return $"@i{i}";
            });
            known.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT DISTINCT epc FROM epcis_epcs WHERE epc IN ({string.Join(", ", names)})", parameters, cancellationToken: cancellationToken)));
        }

        return [.. canonical.Where(known.Contains)];
    }

    /// <summary>
    /// The distinct values captured events hold in one of the REST binding's dimensions (<c>type</c>, <c>biz_step</c>,
    /// <c>biz_location</c>, <c>read_point</c>, <c>disposition</c>, or <c>epc</c> for the objects), in order, after <paramref name="after"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DistinctAsync(DbConnection connection, string dimension, string? after, int limit, CancellationToken cancellationToken)
    {
        var (table, column) = Dimension(dimension);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL AND (@after IS NULL OR {column} > @after) ORDER BY {column} LIMIT @limit",
            new { after, limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>Whether some captured event holds <paramref name="value"/> in the dimension (see <see cref="DistinctAsync"/>).</summary>
    public static async Task<bool> HoldsAsync(DbConnection connection, string dimension, string value, CancellationToken cancellationToken)
    {
        var (table, column) = Dimension(dimension);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT 1 FROM {table} WHERE {column} = @value LIMIT 1", new { value }, cancellationToken: cancellationToken)) is not null;
    }

    private static (string Table, string Column) Dimension(string dimension) => dimension switch
    {
        "type" or "biz_step" or "biz_location" or "read_point" or "disposition" => ("epcis_events", dimension),
        "epc" => ("epcis_epcs", "epc"),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "not a dimension of captured events"),
    };

    /// <summary>These stored events (by event key), in capture order.</summary>
    public static async Task<IReadOnlyList<EpcisEventRow>> EventsAsync(DbConnection connection, IEnumerable<string> eventKeys, CancellationToken cancellationToken) =>
        [.. (await Chunked.QueryAsync<EpcisEventRow>(connection, null, $"SELECT {RowColumns} FROM epcis_events WHERE event_key IN @ids", eventKeys, cancellationToken)).OrderBy(r => r.Seq)];

    /// <summary>Every captured event in capture order (exports).</summary>
    public static async Task<IReadOnlyList<EpcisEventRow>> AllAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<EpcisEventRow>(new CommandDefinition($"SELECT {RowColumns} FROM epcis_events ORDER BY seq", transaction: transaction, cancellationToken: cancellationToken))).ToList();
}
