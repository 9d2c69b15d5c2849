using System.Globalization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// How finely a quantity may be written in each unit (issue 14): things counted are whole numbers; weights, lengths and volumes
/// have a fixed number of decimals. A quantity finer than its unit allows is refused, never rounded — "0.0000001 g" was once
/// stored and shown as "0 g". The decimals are part of each unit in <see cref="Rec20Units"/> (one table for a unit's code and
/// its precision), documented in docs/receiving.md; a unit outside it (only in older records) allows <see cref="OtherUnits"/> decimals.
/// </summary>
public static class QuantityPrecision
{
    /// <summary>Decimals allowed for a unit the table does not name.</summary>
    public const int OtherUnits = 3;

    /// <summary>
    /// Decimals allowed at least when cutting, and for what was cut: a plate counted in <c>ea</c> is cut into part-plates
    /// (0.5 ea), so a cut piece's quantity is a fraction of its unit, but never a finer one than this.
    /// </summary>
    public const int CutDecimals = 3;

    /// <summary>The decimals <paramref name="uom"/> allows; with <paramref name="cut"/>, at least <see cref="CutDecimals"/>.</summary>
    public static int DecimalsOf(UnitOfMeasure uom, bool cut = false) =>
        Math.Max(uom.Rec20?.Decimals ?? OtherUnits, cut ? CutDecimals : 0);

    /// <summary>
    /// <paramref name="quantity"/> when <paramref name="uom"/> allows it; otherwise an error naming <paramref name="field"/>, the
    /// quantity as given and the precision the unit allows.
    /// </summary>
    public static Result<decimal> Check(decimal quantity, UnitOfMeasure uom, string field, bool cut = false)
    {
        var decimals = DecimalsOf(uom, cut);
        if (decimal.Round(quantity, decimals) == quantity)
        {
            return quantity;
        }

        var allowed = decimals == 0
            ? $"{uom} is counted in whole numbers"
            : $"{uom}{(cut ? " cut into pieces" : "")} allows {decimals} decimal place{(decimals == 1 ? "" : "s")} (the smallest step is {new decimal(1, 0, 0, false, (byte)decimals).ToString(CultureInfo.InvariantCulture)} {uom})";
        return new InvalidInput(field, $"{field}: {quantity.ToString(CultureInfo.InvariantCulture)} {uom} is finer than {allowed}");
    }

    /// <summary>The error for the first of <paramref name="quantities"/> that is finer than <paramref name="uom"/> allows, if any.</summary>
    public static Error? FirstTooFine(IEnumerable<decimal> quantities, UnitOfMeasure uom, string field, bool cut = false) =>
        quantities.Select(q => Check(q, uom, field, cut).Error).FirstOrDefault(e => e is not null);
}
