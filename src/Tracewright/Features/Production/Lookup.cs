using System.Data.Common;
using System.Globalization;
using Dapper;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>Resolves what people type or scan into the records production works on.</summary>
internal static class Lookup
{
    /// <summary>A unit by <c>ITEM:SERIAL</c>, or by serial alone when only one part number uses it.</summary>
    public static async Task<Result<Unit>> UnitAsync(DbConnection connection, DbTransaction? transaction, string? text, string field, CancellationToken cancellationToken)
    {
        if (text is not null && Scan.ScannedId.LooksLikeGs1(text))
        {
            // A scanned label: its serial (21) names the unit.
            var scanned = Scan.ScannedId.Parse(text, field);
            if (!scanned.TryGet(out var scan, out var scanError))
            {
                return scanError;
            }

            text = scan.Gs1?.GetValue("21") ?? text;
        }

        if (text?.Contains(':', StringComparison.Ordinal) == true)
        {
            var id = UnitId.Parse(text);
            if (!id.IsSuccess)
            {
                return new InvalidInput(field, id.Error!.Message);
            }

            return await ProductionQueries.FindUnitAsync(connection, transaction, id.Value, cancellationToken) is { } unit
                ? unit
                : new NotFound("unit", id.Value.Value, field);
        }

        var serial = SerialNumber.Parse(text);
        if (!serial.IsSuccess)
        {
            return new InvalidInput(field, $"{field}: {serial.Error!.Message}");
        }

        if (await IsContainerAsync(connection, transaction, serial.Value.Value, cancellationToken))
        {
            return new RuleViolated("container-not-unit", $"{serial.Value} is a container, not a unit; name the units inside it", field);
        }

        var units = await ProductionQueries.FindUnitsBySerialAsync(connection, transaction, serial.Value, cancellationToken);
        return units.Count switch
        {
            0 => new NotFound("unit", serial.Value.Value, field),
            1 => units[0],
            _ => new StateConflict("ambiguous-serial", $"serial {serial.Value} names {string.Join(" and ", units.Select(u => u.Id))}; write ITEM:SERIAL", field),
        };
    }

    /// <summary>A lot by id; a container id is refused by name, since a container is never consumed whole.</summary>
    public static async Task<Result<Lot>> LotAsync(DbConnection connection, DbTransaction? transaction, string? text, string field, CancellationToken cancellationToken)
    {
        if (text is not null && Scan.ScannedId.LooksLikeGs1(text))
        {
            // A scanned label: its batch/lot (10) names the lot.
            var scanned = Scan.ScannedId.Parse(text, field);
            if (!scanned.TryGet(out var scan, out var scanError))
            {
                return scanError;
            }

            text = scan.Gs1?.GetValue("10") ?? text;
        }

        var id = LotId.Parse(text);
        if (!id.IsSuccess)
        {
            return new InvalidInput(field, $"{field}: {id.Error!.Message}");
        }

        if (await MaterialsQueries.FindLotAsync(connection, transaction, id.Value, cancellationToken) is { } lot)
        {
            return lot;
        }

        return await IsContainerAsync(connection, transaction, id.Value.Value, cancellationToken)
            ? new RuleViolated("container-not-lot", $"{id.Value} is a container, not a lot; consume the lots or units inside it", field)
            : new NotFound("lot", id.Value.Value, field);
    }

    /// <summary>Parses <c>LOT:QTY</c>.</summary>
    public static Result<(string Lot, decimal Quantity)> LotQuantity(string text, string field)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return new InvalidInput(field, $"{field} '{text}' must be LOT:QTY, e.g. ACR-0524-02:5");
        }

        var quantity = Text.Quantity(text[(colon + 1)..], field);
        return quantity.IsSuccess
            ? (text[..colon].Trim(), quantity.Value)
            : new InvalidInput(field, $"{field} '{text}': the quantity after ':' must be a number greater than zero");
    }

    /// <summary><c>LOT:QTY</c> read, the lot found, and the quantity checked against the precision of the lot's unit.</summary>
    public static async Task<Result<(Lot Lot, decimal Quantity)>> LotWithQuantityAsync(DbConnection connection, DbTransaction? transaction, string text, string field, CancellationToken cancellationToken)
    {
        if (!LotQuantity(text, field).TryGet(out var use, out var parseError))
        {
            return parseError;
        }

        if (!(await LotAsync(connection, transaction, use.Lot, field, cancellationToken)).TryGet(out var lot, out var lotError))
        {
            return lotError;
        }

        // A cut piece is a fraction of what was counted (a part-plate of 0.5 ea): it is taken in the cut precision.
        return QuantityPrecision.Check(use.Quantity, lot.Uom, field, cut: lot.Origin == LotOrigin.Split).Map(q => (lot, q));
    }

    public static async Task<bool> IsContainerAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM containers WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken)) > 0;

    public static string Format(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
