using Tracewright.Data.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;

namespace Tracewright.Data.Shipping;

/// <summary>Derived tables for customers, orders, shipments and returns.</summary>
internal static class ShippingProjection
{
    public static async Task ApplyAsync(ProjectionContext c, CustomerRegistered e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO customers (id, name, contact_name, email, phone, address, registered_seq) VALUES (@id, @name, @contact, @email, @phone, @address, @seq)",
            new { id = e.Id.Value, name = e.Name, contact = e.ContactName, email = e.Email, phone = e.Phone, address = e.Address, seq = c.Entry.Sequence }));
        await MaterialsProjection.SetCounterAsync(c, NumberedId.Scope(CustomerId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

    public static async Task ApplyAsync(ProjectionContext c, OrderPlaced e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO orders (id, customer_id, reference, ordered_at, placed_seq) VALUES (@id, @customer, @reference, @at, @seq)",
            new { id = e.Id.Value, customer = e.Customer.Value, reference = e.Reference, at = c.Entry.OccurredAt, seq = c.Entry.Sequence }));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO order_lines (order_id, line_no, item_code, quantity, uom) VALUES (@id, @line, @item, @quantity, @uom)",
            e.Lines.Select((l, i) => new { id = e.Id.Value, line = i + 1, item = l.Item.Value, quantity = l.Quantity, uom = l.Uom.Value })));
        await MaterialsProjection.SetCounterAsync(c, NumberedId.Scope(OrderId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

    public static async Task ApplyAsync(ProjectionContext c, ShipmentShipped e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO shipments (id, order_id, customer_id, ship_from, reference, shipped_at, shipped_seq) VALUES (@id, @order, @customer, @from, @reference, @at, @seq)",
            new { id = e.Id.Value, order = e.Order.Value, customer = e.Customer.Value, from = e.ShipFrom, reference = e.Reference, at = c.Entry.OccurredAt, seq = c.Entry.Sequence }));
        const string Line = "INSERT INTO shipment_lines (shipment_id, line_kind, line_id, item_code, quantity, uom, via_container) VALUES (@id, @kind, @line, @item, @quantity, @uom, @via)";
        await c.ExecuteAsync(c.Command(Line, e.Lots.Select(l => new { id = e.Id.Value, kind = "lot", line = l.Lot.Value, item = (string?)l.Item.Value, quantity = (decimal?)l.Quantity, uom = (string?)l.Uom.Value, via = l.Container?.Value })));
        await c.ExecuteAsync(c.Command(Line, e.Units.Select(u => new { id = e.Id.Value, kind = "unit", line = u.Unit.Value, item = (string?)u.Unit.Item.Value, quantity = (decimal?)1m, uom = (string?)"ea", via = u.Container?.Value })));
        await c.ExecuteAsync(c.Command(Line, e.Containers.Select(x => new { id = e.Id.Value, kind = "container", line = x.Value, item = (string?)null, quantity = (decimal?)null, uom = (string?)null, via = (string?)null })));
        foreach (var lot in e.Lots)
        {
            await c.ExecuteAsync(c.Command(
                """
                UPDATE lots SET quantity = @remaining,
                                status = CASE WHEN @empty = 1 THEN 'Consumed' ELSE status END,
                                status_reason = CASE WHEN @empty = 1 THEN @reason ELSE status_reason END,
                                last_seq = @seq
                WHERE id = @lot
                """,
                new { lot = lot.Lot.Value, remaining = lot.RemainingAfter, empty = lot.RemainingAfter == 0 ? 1 : 0, reason = $"shipped on {e.Id}", seq = c.Entry.Sequence }));
        }

        await c.ExecuteAsync(c.Command(
            "UPDATE units SET status = 'Shipped', status_reason = @reason, last_seq = @seq WHERE id = @unit",
            e.Units.Select(u => new { unit = u.Unit.Value, reason = $"shipped on {e.Id}", seq = c.Entry.Sequence })));
        await MaterialsProjection.SetCounterAsync(c, NumberedId.Scope(ShipmentId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

    public static async Task ApplyAsync(ProjectionContext c, ReturnReceived e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO returns (id, shipment_id, reason, received_at, return_seq) VALUES (@id, @shipment, @reason, @at, @seq)",
            new { id = e.Id.Value, shipment = e.Shipment.Value, reason = c.Entry.Reason ?? "", at = c.Entry.OccurredAt, seq = c.Entry.Sequence }));
        const string Line = "INSERT INTO return_lines (return_id, line_kind, line_id, quantity) VALUES (@id, @kind, @line, @quantity)";
        await c.ExecuteAsync(c.Command(Line, e.Units.Select(u => new { id = e.Id.Value, kind = "unit", line = u.Value, quantity = (decimal?)1m })));
        await c.ExecuteAsync(c.Command(Line, e.Lots.Select(l => new { id = e.Id.Value, kind = "lot", line = l.Lot.Value, quantity = (decimal?)l.Quantity })));
        var reason = $"returned on {e.Id}: {c.Entry.Reason}";
        await c.ExecuteAsync(c.Command(
            "UPDATE units SET status = 'Returned', status_reason = @reason, last_seq = @seq WHERE id = @unit",
            e.Units.Select(u => new { unit = u.Value, reason, seq = c.Entry.Sequence })));
        await c.ExecuteAsync(c.Command(
            "UPDATE lots SET quantity = @after, status = 'Blocked', status_reason = @reason, last_seq = @seq WHERE id = @lot",
            e.Lots.Where(l => l.Piece is null).Select(l => new { lot = l.Lot.Value, after = l.QuantityAfter, reason, seq = c.Entry.Sequence })));
        foreach (var returned in e.Lots.Where(l => l.Piece is not null))
        {
            // Like a cut piece, the returned quantity is a lot of its own that keeps everything its lot was received with.
            await c.ExecuteAsync(c.Command(
                $"""
                INSERT INTO lots ({MaterialsProjection.LotColumns})
                SELECT @id, item_code, 'Split', supplier_key, heat, heat_key, supplier_lot, supplier_lot_key, grade, certifications_claimed, purchase_order,
                       @quantity, @quantity, uom, 'Blocked', @reason, id, made_by, 0, @at, @seq, @seq
                FROM lots WHERE id = @parent
                """,
                new { id = returned.Piece!.Value.Value, quantity = returned.Quantity, reason, parent = returned.Lot.Value, at = c.Entry.OccurredAt, seq = c.Entry.Sequence }));
            await c.ExecuteAsync(c.Command(
                "INSERT INTO lot_certificates (lot_id, certificate_id, attached_seq) VALUES (@lot, @certificate, @seq)",
                (returned.Certificates ?? []).Select(id => new { lot = returned.Piece!.Value.Value, certificate = id.Value, seq = c.Entry.Sequence })));
            await c.ExecuteAsync(c.Command(
                "UPDATE lots SET pieces_cut = pieces_cut + 1, last_seq = @seq WHERE id = @lot", new { lot = returned.Lot.Value, seq = c.Entry.Sequence }));
        }
        await MaterialsProjection.SetCounterAsync(c, NumberedId.Scope(ReturnId.Prefix), NumberedId.NumberOf(e.Id.Value));
    }

}
