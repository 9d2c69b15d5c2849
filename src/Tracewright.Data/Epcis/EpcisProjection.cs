using System.Data.Common;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;

namespace Tracewright.Data.Epcis;

/// <summary>Derived tables for captured EPCIS events: the events, their objects, transactions, parties, aggregations and master data.</summary>
internal static class EpcisProjection
{
    public static string RoleText(EpcisObjectRole role) => role switch
    {
        EpcisObjectRole.Epc => "epc",
        EpcisObjectRole.Parent => "parent",
        EpcisObjectRole.Child => "child",
        EpcisObjectRole.Input => "input",
        EpcisObjectRole.Output => "output",
        EpcisObjectRole.Quantity => "quantity",
        EpcisObjectRole.ChildQuantity => "child-quantity",
        EpcisObjectRole.InputQuantity => "input-quantity",
        EpcisObjectRole.OutputQuantity => "output-quantity",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static async Task ApplyAsync(ProjectionContext c, EpcisEventCaptured e)
    {
        await c.ExecuteAsync(c.Command(
            """
            INSERT INTO epcis_events (event_key, event_id, hash_id, type, action, biz_step, disposition, read_point, biz_location, transformation_id,
                                      event_time, record_time, seq, erroneous, declared_at, error_reason, corrective_ids, syntax, document)
            VALUES (@key, @eventId, @hashId, @type, @action, @bizStep, @disposition, @readPoint, @bizLocation, @transformationId,
                    @eventTime, @recordTime, @seq, @erroneous, @declaredAt, @reason, @corrective, @syntax, @document)
            """,
            new
            {
                key = e.Key, eventId = e.EventId, hashId = e.HashId, type = e.Type.ToString(), action = e.Action?.ToString().ToUpperInvariant(),
                bizStep = e.BizStep, disposition = e.Disposition, readPoint = e.ReadPoint, bizLocation = e.BizLocation, transformationId = e.TransformationId,
                eventTime = Timestamp.ToText(e.EventTime), recordTime = Timestamp.ToText(e.RecordTime), seq = c.Entry.Sequence,
                erroneous = e.Error is null ? 0 : 1, declaredAt = e.Error is { } d ? Timestamp.ToText(d.DeclarationTime) : null,
                reason = e.Error?.Reason, corrective = e.Error is { } x ? JsonSerializer.Serialize(x.CorrectiveEventIds) : null, syntax = e.Syntax == EpcisSyntax.Xml ? "xml" : "json", document = e.Document,
            }));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO epcis_epcs (event_key, role, position, epc, quantity, uom) VALUES (@key, @role, @position, @epc, @quantity, @uom)",
            e.Objects.Select((o, i) => new { key = e.Key, role = RoleText(o.Role), position = i, epc = o.Id, quantity = o.Quantity, uom = o.Uom })));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO epcis_biz_transactions (event_key, position, type, value) VALUES (@key, @position, @type, @value)",
            e.BizTransactions.Select((t, i) => new { key = e.Key, position = i, type = t.Type, value = t.Value })));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO epcis_sources (event_key, position, type, party) VALUES (@key, @position, @type, @party)",
            e.Sources.Select((s, i) => new { key = e.Key, position = i, type = s.Type, party = s.Id })));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO epcis_destinations (event_key, position, type, party) VALUES (@key, @position, @type, @party)",
            e.Destinations.Select((s, i) => new { key = e.Key, position = i, type = s.Type, party = s.Id })));
        await c.ExecuteAsync(FieldRows(e.Key, e.Fields ?? EpcisEventFields.Of(e.Document, e.Syntax)));
        if (e.Error is null)
        {
            await AggregateAsync(c, e);
        }
    }

    private static Statement FieldRows(string key, IReadOnlyList<EpcisEventField> fields) =>
        new(
            "INSERT INTO epcis_event_fields (event_key, position, part, grp, nested, ns, name, prefix, value, num, instant, uom) VALUES (@key, @position, @part, @grp, @nested, @ns, @name, @prefix, @value, @num, @instant, @uom)",
            fields.Select((f, i) => new { key, position = i, part = f.Part, grp = f.Group, nested = f.Inner ? 1 : 0, ns = f.Namespace, name = f.Name, prefix = f.Prefix, value = f.Text, num = f.Number, instant = f.Time, uom = f.Uom }));

    /// <summary>
    /// Migration 0020: the field rows of the events a database held before it, derived from their stored documents as a replay
    /// of the ledger derives them.
    /// </summary>
    internal static async Task BackfillFieldsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        using var statements = StatementRunner.Create(connection, transaction, StatementMode.Prepared);
        var events = await connection.QueryAsync<(string Key, string Syntax, string Document)>(new CommandDefinition(
            "SELECT event_key, syntax, document FROM epcis_events ORDER BY seq", transaction: transaction, cancellationToken: cancellationToken));
        foreach (var (key, syntax, document) in events)
        {
            await statements.ExecuteAsync(FieldRows(key, EpcisEventFields.Of(document, syntax == "xml" ? EpcisSyntax.Xml : EpcisSyntax.Json)), cancellationToken);
        }

        await statements.FlushAsync(cancellationToken);
    }

    /// <summary>Mirrors the aggregation rules of <c>GenealogyIndex.Capture</c>: one open row per (kind, parent, child).</summary>
    private static async Task AggregateAsync(ProjectionContext c, EpcisEventCaptured e)
    {
        if (e.Type is not (EpcisEventKind.AggregationEvent or EpcisEventKind.AssociationEvent) || e.Objects.FirstOrDefault(o => o.Role == EpcisObjectRole.Parent) is not { } parent)
        {
            return;
        }

        var kind = e.Type == EpcisEventKind.AggregationEvent ? "aggregation" : "association";
        var at = Timestamp.ToText(e.EventTime);
        var children = e.Objects.Where(o => o.Role is EpcisObjectRole.Child or EpcisObjectRole.ChildQuantity).Select(o => o.Id).ToList();
        if (e.Action == EpcisEventAction.Add)
        {
            foreach (var child in children)
            {
                await c.ExecuteAsync(c.Command(
                    """
                    INSERT INTO epcis_aggregations (kind, parent, child, added_event, added_at, removed_event, removed_at)
                    SELECT @kind, @parent, @child, @key, @at, NULL, NULL
                    WHERE NOT EXISTS (SELECT 1 FROM epcis_aggregations WHERE kind = @kind AND parent = @parent AND child = @child AND removed_event IS NULL)
                    """,
                    new { kind, parent = parent.Id, child, key = e.Key, at }));
            }
        }
        else if (e.Action == EpcisEventAction.Delete)
        {
            await c.ExecuteAsync(c.Command(
                children.Count > 0
                    ? "UPDATE epcis_aggregations SET removed_event = @key, removed_at = @at WHERE kind = @kind AND parent = @parent AND child = @child AND removed_event IS NULL"
                    : "UPDATE epcis_aggregations SET removed_event = @key, removed_at = @at WHERE kind = @kind AND parent = @parent AND removed_event IS NULL",
                children.Count > 0
                    ? children.Distinct().Select(child => (object)new { kind, parent = parent.Id, child, key = e.Key, at })
                    : [new { kind, parent = parent.Id, key = e.Key, at }]));
        }
    }

    public static async Task ApplyAsync(ProjectionContext c, EpcisEventDeclaredErroneous e)
    {
        await c.ExecuteAsync(c.Command(
            "UPDATE epcis_events SET erroneous = 1, declared_at = @at, error_reason = @reason, corrective_ids = @corrective WHERE event_key = @key",
            new { key = e.Key, at = Timestamp.ToText(e.Declaration.DeclarationTime), reason = e.Declaration.Reason, corrective = JsonSerializer.Serialize(e.Declaration.CorrectiveEventIds) }));
        await c.ExecuteAsync(c.Command("DELETE FROM epcis_aggregations WHERE added_event = @key", new { key = e.Key }));

        // What an erroneous DELETE closed is open again, unless the same pair was linked again since.
        await c.ExecuteAsync(c.Command(
            """
            UPDATE epcis_aggregations SET removed_event = NULL, removed_at = NULL
            WHERE removed_event = @key
              AND NOT EXISTS (SELECT 1 FROM epcis_aggregations o
                              WHERE o.kind = epcis_aggregations.kind AND o.parent = epcis_aggregations.parent AND o.child = epcis_aggregations.child AND o.removed_event IS NULL)
            """,
            new { key = e.Key }));
    }

    public static Task ApplyAsync(ProjectionContext c, EpcisMasterDataCaptured e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO epcis_master_data (id, kind, name, attributes, seq) VALUES (@id, @kind, @name, @attributes, @seq)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, attributes = excluded.attributes, seq = excluded.seq
            """,
            e.Entries.Select(x => new { id = x.Id, kind = x.Kind, name = x.Name, attributes = x.Attributes, seq = c.Entry.Sequence })));

    public static Task ApplyAsync(ProjectionContext c, EpcisQueryDefined e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO epcis_queries (name, definition, owner, seq, defined_at, deleted_seq) VALUES (@name, @definition, @owner, @seq, @at, NULL)
            ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, owner = excluded.owner, seq = excluded.seq, defined_at = excluded.defined_at, deleted_seq = NULL
            """,
            new { name = e.Name, definition = e.Definition, owner = e.Owner, seq = c.Entry.Sequence, at = c.Entry.RecordedAt }));

    public static Task ApplyAsync(ProjectionContext c, EpcisQueryDeleted e) =>
        c.ExecuteAsync(c.Command("UPDATE epcis_queries SET deleted_seq = @seq WHERE name = @name", new { name = e.Name, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, EpcisSubscriptionCreated e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO epcis_subscriptions (id, query_name, dest, stream, schedule, report_if_empty, initial_record_time, signed, owner, seq, created_at, cancelled_seq)
            VALUES (@id, @query, @dest, @stream, @schedule, @reportIfEmpty, @initial, @signed, @owner, @seq, @at, NULL)
            """,
            new
            {
                id = e.Id, query = e.QueryName, dest = e.Dest, stream = e.Stream ? 1 : 0, schedule = e.Schedule, reportIfEmpty = e.ReportIfEmpty ? 1 : 0,
                initial = e.InitialRecordTime is { } t ? Timestamp.ToText(t) : null, signed = e.Signed ? 1 : 0, owner = e.Owner, seq = c.Entry.Sequence, at = c.Entry.RecordedAt,
            }));

    public static Task ApplyAsync(ProjectionContext c, EpcisSubscriptionCancelled e) =>
        c.ExecuteAsync(c.Command("UPDATE epcis_subscriptions SET cancelled_seq = @seq WHERE id = @id", new { id = e.Id, seq = c.Entry.Sequence }));
}
