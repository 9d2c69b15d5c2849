using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;

namespace Tracewright.Data.Production;

/// <summary>Derived tables for BOMs, manufacture records, units, assembly links and deviations.</summary>
internal static class ProductionProjection
{
    public static async Task ApplyAsync(ProjectionContext c, BomDefined e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO boms (id, product_item, sop_sha256, sop_file_name, defined_seq) VALUES (@id, @product, @sop, @sopName, @seq)",
            new { id = e.Id.Value, product = e.Product.Value, sop = e.Sop?.Value, sopName = e.SopFileName, seq = c.Entry.Sequence }));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO bom_lines (bom_id, line_no, component_item, quantity, uom) VALUES (@id, @line, @component, @quantity, @uom)",
            e.Lines.Select((l, i) => new { id = e.Id.Value, line = i + 1, component = l.Component.Value, quantity = l.QuantityPerUnit, uom = l.Uom.Value })));
        await SetCounterAsync(c, NumberedId.Scope(BomId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

    public static async Task ApplyAsync(ProjectionContext c, DeviationGranted e)
    {
        await c.ExecuteAsync(c.Command(
            """
            INSERT INTO deviations (id, description, in_place_of, quantity_limit, quantity_used, valid_from, valid_to, approved_by, granted_seq)
            VALUES (@id, @description, @inPlaceOf, @limit, @used, @from, @to, @approvedBy, @seq)
            """,
            new
            {
                id = e.Id.Value,
                description = e.Description,
                inPlaceOf = e.InPlaceOf?.Value,
                limit = e.QuantityLimit,
                used = 0m,
                from = e.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                to = e.ValidTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                approvedBy = e.ApprovedBy,
                seq = c.Entry.Sequence,
            }));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO deviation_lots (deviation_id, lot_id) VALUES (@id, @lot)",
            e.Lots.Select(l => new { id = e.Id.Value, lot = l.Value })));
        await SetCounterAsync(c, NumberedId.Scope(DeviationId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

    public static async Task ApplyAsync(ProjectionContext c, ManufactureRecorded e)
    {
        await c.ExecuteAsync(c.Command(
            """
            INSERT INTO mfg_records (id, product_item, bom_id, machine, tool, operator, sop, started_at, finished_at, notes, output_lot, output_quantity, recorded_seq)
            VALUES (@id, @product, @bom, @machine, @tool, @operator, @sop, @started, @finished, @notes, @outputLot, @outputQuantity, @seq)
            """,
            new
            {
                id = e.Id.Value,
                product = e.Product.Value,
                bom = e.Bom?.Value,
                machine = e.Machine,
                tool = e.Tool,
                @operator = e.Operator,
                sop = e.Sop,
                started = Timestamp.ToText(e.Started),
                finished = Timestamp.ToText(e.Finished),
                notes = e.Notes,
                outputLot = e.OutputLot?.Value,
                outputQuantity = e.OutputQuantity,
                seq = c.Entry.Sequence,
            }));

        foreach (var used in e.Lots)
        {
            await c.ExecuteAsync(c.Command(
                "INSERT INTO mfg_inputs (mfg_id, input_kind, input_id, item_code, quantity, uom, deviation_id) VALUES (@id, 'lot', @lot, @item, @quantity, @uom, @deviation)",
                new { id = e.Id.Value, lot = used.Lot.Value, item = used.Item.Value, quantity = used.Quantity, uom = used.Uom.Value, deviation = used.Deviation }));
            await SetLotRemainingAsync(c, used.Lot, used.RemainingAfter, $"used up by {e.Id}");
            if (used.Deviation is { } deviation)
            {
                var usedSoFar = await c.ScalarAsync<decimal>(c.Command("SELECT quantity_used FROM deviations WHERE id = @id", new { id = deviation }));
                await c.ExecuteAsync(c.Command(
                    "UPDATE deviations SET quantity_used = @used WHERE id = @id", new { id = deviation, used = usedSoFar + used.Quantity }));
            }
        }

        foreach (var unit in e.Units)
        {
            await c.ExecuteAsync(c.Command(
                "INSERT INTO mfg_inputs (mfg_id, input_kind, input_id, item_code, quantity, uom, deviation_id) VALUES (@id, 'unit', @unit, @item, @quantity, 'ea', @deviation)",
                new { id = e.Id.Value, unit = unit.Unit.Value, item = unit.Unit.Item.Value, quantity = 1m, deviation = unit.Deviation }));
            await c.ExecuteAsync(c.Command(
                "UPDATE units SET status = 'Consumed', status_reason = @reason, last_seq = @seq WHERE id = @id",
                new { id = unit.Unit.Value, reason = $"used by {e.Id}", seq = c.Entry.Sequence }));
        }

        if (e.OutputLot is { } output)
        {
            await c.ExecuteAsync(c.Command(
                $"""
                INSERT INTO lots ({MaterialsProjection.LotColumns})
                VALUES (@id, @item, 'Made', NULL, NULL, NULL, NULL, NULL, NULL, '[]', NULL, @quantity, @quantity, @uom, 'Available', NULL, NULL, @madeBy, 0, @at, @seq, @seq)
                """,
                new { id = output.Value, item = e.Product.Value, quantity = e.OutputQuantity, uom = e.OutputUom?.Value, madeBy = e.Id.Value, at = Timestamp.ToText(e.Finished), seq = c.Entry.Sequence }));
            await SetCounterAsync(c, e.OutputLotScope!, e.OutputLotCounter!.Value);
        }

        foreach (var serial in e.OutputSerials)
        {
            await InsertUnitAsync(c, UnitId.Of(e.Product, serial), e.OutputLot, e.Id.Value, Timestamp.ToText(e.Finished));
        }

        if (e.SerialScope is { } scope)
        {
            await SetCounterAsync(c, scope, e.SerialCounter!.Value);
        }

        await SetCounterAsync(c, e.CounterScope, e.Counter);
    }

    public static async Task ApplyAsync(ProjectionContext c, ManufactureInputsCorrected e)
    {
        await c.ExecuteAsync(c.Command("DELETE FROM mfg_inputs WHERE mfg_id = @id", new { id = e.Id.Value }));
        foreach (var restored in e.RestoredLots)
        {
            await c.ExecuteAsync(c.Command(
                "UPDATE lots SET quantity = @quantity, status = @status, status_reason = @reason, last_seq = @seq WHERE id = @id",
                new { id = restored.Lot.Value, quantity = restored.QuantityAfter, status = restored.StatusAfter.ToString(), reason = restored.StatusReasonAfter, seq = c.Entry.Sequence }));
        }

        await c.ExecuteAsync(c.Command(
            "UPDATE units SET status = 'Available', status_reason = NULL, last_seq = @seq WHERE id = @id",
            e.RestoredUnits.Select(u => new { id = u.Value, seq = c.Entry.Sequence })));
        foreach (var used in e.Lots)
        {
            await c.ExecuteAsync(c.Command(
                "INSERT INTO mfg_inputs (mfg_id, input_kind, input_id, item_code, quantity, uom, deviation_id) VALUES (@id, 'lot', @lot, @item, @quantity, @uom, NULL)",
                new { id = e.Id.Value, lot = used.Lot.Value, item = used.Item.Value, quantity = used.Quantity, uom = used.Uom.Value }));
            await SetLotRemainingAsync(c, used.Lot, used.RemainingAfter, $"used up by {e.Id}");
        }

        foreach (var unit in e.Units)
        {
            await c.ExecuteAsync(c.Command(
                "INSERT INTO mfg_inputs (mfg_id, input_kind, input_id, item_code, quantity, uom, deviation_id) VALUES (@id, 'unit', @unit, @item, @quantity, 'ea', NULL)",
                new { id = e.Id.Value, unit = unit.Unit.Value, item = unit.Unit.Item.Value, quantity = 1m }));
            await c.ExecuteAsync(c.Command(
                "UPDATE units SET status = 'Consumed', status_reason = @reason, last_seq = @seq WHERE id = @id",
                new { id = unit.Unit.Value, reason = $"used by {e.Id}", seq = c.Entry.Sequence }));
        }
    }

    public static Task ApplyAsync(ProjectionContext c, SerialCaptured e) =>
        InsertUnitAsync(c, e.Unit, e.Lot, null, c.Entry.OccurredAt);

    public static Task ApplyAsync(ProjectionContext c, UnitStatusChanged e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE units SET status = @status, status_reason = @reason, last_seq = @seq WHERE id = @id",
            new { id = e.Unit.Value, status = e.To.ToString(), reason = c.Entry.Reason, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, UnitMoved e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE units SET location = @location, last_seq = @seq WHERE id = @id",
            new { id = e.Unit.Value, location = e.Location, seq = c.Entry.Sequence }));

    /// <summary>Operations, inspections, tests and rework change no derived column: the ledger is their record.</summary>
    public static Task TouchUnitAsync(ProjectionContext c, UnitId unit) =>
        c.ExecuteAsync(c.Command("UPDATE units SET last_seq = @seq WHERE id = @id", new { id = unit.Value, seq = c.Entry.Sequence }));

    public static async Task ApplyAsync(ProjectionContext c, ComponentInstalled e)
    {
        await c.ExecuteAsync(c.Command(
            """
            INSERT INTO unit_components (parent_unit, component_kind, component_id, quantity, installed_seq, installed_at, removed_seq, removed_at)
            VALUES (@parent, @kind, @component, @quantity, @seq, @at, NULL, NULL)
            """,
            new
            {
                parent = e.Parent.Value,
                kind = e.Component is null ? "lot" : "unit",
                component = e.Component?.Value ?? e.Lot!.Value.Value,
                quantity = e.Quantity,
                seq = c.Entry.Sequence,
                at = c.Entry.OccurredAt,
            }));
        if (e.Component is { } component)
        {
            await c.ExecuteAsync(c.Command(
                "UPDATE units SET parent_unit = @parent, last_seq = @seq WHERE id = @id",
                new { id = component.Value, parent = e.Parent.Value, seq = c.Entry.Sequence }));
        }
        else
        {
            await SetLotRemainingAsync(c, e.Lot!.Value, e.LotRemainingAfter!.Value, $"used up in {e.Parent}");
        }

        await TouchUnitAsync(c, e.Parent);
    }

    public static async Task ApplyAsync(ProjectionContext c, ComponentRemoved e)
    {
        await c.ExecuteAsync(c.Command(
            """
            UPDATE unit_components SET removed_seq = @seq, removed_at = @at
            WHERE parent_unit = @parent AND component_kind = @kind AND component_id = @component AND removed_seq IS NULL
            """,
            new { parent = e.Parent.Value, kind = e.Component is null ? "lot" : "unit", component = e.Component?.Value ?? e.Lot!.Value.Value, seq = c.Entry.Sequence, at = c.Entry.OccurredAt }));
        if (e.Component is { } component)
        {
            await c.ExecuteAsync(c.Command(
                "UPDATE units SET parent_unit = NULL, last_seq = @seq WHERE id = @id", new { id = component.Value, seq = c.Entry.Sequence }));
        }

        await TouchUnitAsync(c, e.Parent);
    }

    private static Task InsertUnitAsync(ProjectionContext c, UnitId unit, LotId? lot, string? madeBy, string at) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO units (id, item_code, serial, lot_id, status, status_reason, location, parent_unit, made_by, created_at, created_seq, last_seq)
            VALUES (@id, @item, @serial, @lot, 'Available', NULL, NULL, NULL, @madeBy, @at, @seq, @seq)
            """,
            new { id = unit.Value, item = unit.Item.Value, serial = unit.Serial.Value, lot = lot?.Value, madeBy, at, seq = c.Entry.Sequence }));

    /// <summary>The remaining quantity is carried in the event, so the projection never does arithmetic on stored text.</summary>
    private static Task SetLotRemainingAsync(ProjectionContext c, LotId lot, decimal remaining, string consumedReason) =>
        c.ExecuteAsync(c.Command(
            """
            UPDATE lots SET quantity = @remaining,
                            status = CASE WHEN @empty = 1 THEN 'Consumed' ELSE status END,
                            status_reason = CASE WHEN @empty = 1 THEN @reason ELSE status_reason END,
                            last_seq = @seq
            WHERE id = @id
            """,
            new { id = lot.Value, remaining, empty = remaining == 0 ? 1 : 0, reason = consumedReason, seq = c.Entry.Sequence }));


    private static Task SetCounterAsync(ProjectionContext c, string scope, long value) => MaterialsProjection.SetCounterAsync(c, scope, value);
}
