using System.Text.Json;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Data.Materials;

/// <summary>Derived tables for items, suppliers, certificates and lots.</summary>
internal static class MaterialsProjection
{
    public static Task ApplyAsync(ProjectionContext c, ItemRegistered e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO items (code, description, uom, material, tracking, required_certificates, lot_prefix, lot_pattern, serial_pattern, registered_seq, gtin)
            VALUES (@code, @description, @uom, @material, @tracking, @required, @prefix, @pattern, @serialPattern, @seq, @gtin)
            """,
            new
            {
                code = e.Code.Value,
                description = e.Description,
                uom = e.Uom.Value,
                material = e.Material.ToString(),
                tracking = e.Tracking.ToString(),
                required = Json(e.RequiredCertificates.Select(r => r.ToString())),
                prefix = e.LotPrefix,
                pattern = e.LotPattern,
                serialPattern = e.SerialPattern ?? NumberPattern.DefaultSerial,
                seq = c.Entry.Sequence,
                gtin = e.Gtin?.Value,
            }));

    public static Task ApplyAsync(ProjectionContext c, ItemGtinAssigned e) =>
        c.ExecuteAsync(c.Command("UPDATE items SET gtin = @gtin WHERE code = @code", new { gtin = e.Gtin.Value, code = e.Item.Value }));

    public static Task ApplyAsync(ProjectionContext c, SupplierRegistered e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO suppliers (name_key, name, contact_name, email, phone, address, registered_seq)
            VALUES (@key, @name, @contact, @email, @phone, @address, @seq)
            """,
            new { key = e.Name.Key, name = e.Name.Value, contact = e.ContactName, email = e.Email, phone = e.Phone, address = e.Address, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, SupplierCertificatesRequired e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE suppliers SET required_certificates = @required WHERE name_key = @key",
            new { key = e.Supplier.Key, required = Json(e.Certificates.Select(r => r.ToString())) }));

    public static async Task ApplyAsync(ProjectionContext c, CertificateFiled e)
    {
        await c.ExecuteAsync(c.Command(
            """
            INSERT INTO certificates (id, type, issuer, issued_on, standards, restricted_substances, sha256, file_name, media_type, size, filed_seq)
            VALUES (@id, @type, @issuer, @issuedOn, @standards, @substances, @sha, @fileName, @mediaType, @size, @seq)
            """,
            new
            {
                id = e.Id.Value,
                type = e.Type.ToString(),
                issuer = e.Issuer,
                issuedOn = e.IssuedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                standards = Json(e.Standards),
                substances = Json(e.RestrictedSubstances),
                sha = e.File.Value,
                fileName = e.FileName,
                mediaType = e.MediaType,
                size = e.Size,
                seq = c.Entry.Sequence,
            }));
        await c.ExecuteAsync(c.Command(
            "INSERT INTO certificate_heats (certificate_id, heat_key, heat) VALUES (@id, @key, @heat)",
            e.Heats.DistinctBy(h => h.Value.ToUpperInvariant()).Select(h => new { id = e.Id.Value, key = h.Value.ToUpperInvariant(), heat = h.Value })));
        await SetCounterAsync(c, CertificateId.Prefix, long.Parse(e.Id.Value.AsSpan(CertificateId.Prefix.Length), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task ApplyAsync(ProjectionContext c, LotReceived e)
    {
        await c.ExecuteAsync(c.Command(
            $"""
            INSERT INTO lots ({LotColumns})
            VALUES (@id, @item, 'Received', @supplier, @heat, @heatKey, @supplierLot, @supplierLotKey, @grade, @claimed, @po, @quantity, @quantity, @uom, @status, @reason, NULL, NULL, 0, @at, @seq, @seq)
            """,
            new
            {
                id = e.Lot.Value,
                item = e.Item.Value,
                supplier = e.Supplier.Key,
                heat = e.Heat.Value,
                heatKey = e.Heat.Value.ToUpperInvariant(),
                supplierLot = e.SupplierLot,
                supplierLotKey = e.SupplierLot?.ToUpperInvariant(),
                grade = e.Grade,
                claimed = Json(e.CertificationsClaimed),
                po = e.PurchaseOrder,
                quantity = e.Quantity,
                uom = e.Uom.Value,
                status = e.Status.ToString(),
                reason = e.StatusReason,
                at = c.Entry.OccurredAt,
                seq = c.Entry.Sequence,
            }));
        if (e.SupplierRequires is { Count: > 0 } required)
        {
            await c.ExecuteAsync(c.Command(
                "UPDATE lots SET supplier_certificates = @required WHERE id = @id",
                new { id = e.Lot.Value, required = Json(required.Select(r => r.ToString())) }));
        }

        await SetCounterAsync(c, e.CounterScope, e.Counter);
    }

    public static async Task ApplyAsync(ProjectionContext c, CertificateAttached e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO lot_certificates (lot_id, certificate_id, attached_seq) VALUES (@lot, @certificate, @seq)",
            new { lot = e.Lot.Value, certificate = e.Certificate.Value, seq = c.Entry.Sequence }));
        await TouchAsync(c, e.Lot);
    }

    public static Task ApplyAsync(ProjectionContext c, LotStatusChanged e) =>
        c.ExecuteAsync(c.Command(
            "UPDATE lots SET status = @status, status_reason = @reason, last_seq = @seq WHERE id = @id",
            new { id = e.Lot.Value, status = e.To.ToString(), reason = c.Entry.Reason, seq = c.Entry.Sequence }));

    public static async Task ApplyAsync(ProjectionContext c, LotSplit e)
    {
        foreach (var piece in e.Pieces)
        {
            // A piece is a lot of its own that keeps everything the parent was received with.
            await c.ExecuteAsync(c.Command(
                $"""
                INSERT INTO lots ({LotColumns})
                SELECT @id, item_code, 'Split', supplier_key, heat, heat_key, supplier_lot, supplier_lot_key, grade, certifications_claimed, purchase_order,
                       @quantity, @quantity, uom, status, status_reason, id, made_by, 0, @at, @seq, @seq
                FROM lots WHERE id = @parent
                """,
                new { id = piece.Piece.Value, quantity = piece.Quantity, parent = e.Parent.Value, at = c.Entry.OccurredAt, seq = c.Entry.Sequence }));
            await c.ExecuteAsync(c.Command(
                "UPDATE lots SET supplier_certificates = (SELECT p.supplier_certificates FROM lots p WHERE p.id = @parent) WHERE id = @id",
                new { id = piece.Piece.Value, parent = e.Parent.Value }));
            await c.ExecuteAsync(c.Command(
                "INSERT INTO lot_certificates (lot_id, certificate_id, attached_seq) VALUES (@lot, @certificate, @seq)",
                piece.Certificates.Select(id => new { lot = piece.Piece.Value, certificate = id.Value, seq = c.Entry.Sequence })));
        }

        await c.ExecuteAsync(c.Command(
            "UPDATE lots SET quantity = @remaining, pieces_cut = pieces_cut + @count, status = @status, status_reason = CASE WHEN @consumed = 1 THEN @why ELSE status_reason END, last_seq = @seq WHERE id = @id",
            new
            {
                id = e.Parent.Value,
                remaining = e.ParentRemaining,
                count = e.Pieces.Count,
                status = e.ParentStatusAfter.ToString(),
                consumed = e.ParentStatusAfter == LotStatus.Consumed ? 1 : 0,
                why = "cut into pieces",
                seq = c.Entry.Sequence,
            }));
    }

    public static Task ApplyAsync(ProjectionContext c, LotReceiptCorrected e) =>
        c.ExecuteAsync(c.Command(
            """
            UPDATE lots SET supplier_lot = COALESCE(@supplierLot, supplier_lot), supplier_lot_key = COALESCE(@supplierLotKey, supplier_lot_key),
                            purchase_order = COALESCE(@po, purchase_order), grade = COALESCE(@grade, grade), last_seq = @seq
            WHERE id = @id
            """,
            new { id = e.Lot.Value, supplierLot = e.SupplierLot, supplierLotKey = e.SupplierLot?.ToUpperInvariant(), po = e.PurchaseOrder, grade = e.Grade, seq = c.Entry.Sequence }));

    internal const string LotColumns =
        "id, item_code, origin, supplier_key, heat, heat_key, supplier_lot, supplier_lot_key, grade, certifications_claimed, purchase_order, received_quantity, quantity, uom, status, status_reason, parent_id, made_by, pieces_cut, received_at, created_seq, last_seq";

    private static Task TouchAsync(ProjectionContext c, LotId lot) =>
        c.ExecuteAsync(c.Command("UPDATE lots SET last_seq = @seq WHERE id = @id", new { id = lot.Value, seq = c.Entry.Sequence }));

    internal static Task SetCounterAsync(ProjectionContext c, string scope, long value) =>
        c.ExecuteAsync(c.Command(
            "INSERT INTO counters (scope, last_value) VALUES (@scope, @value) ON CONFLICT (scope) DO UPDATE SET last_value = excluded.last_value",
            new { scope, value }));

    internal static string Json<T>(IEnumerable<T> values) => JsonSerializer.Serialize(values.ToList());
}
