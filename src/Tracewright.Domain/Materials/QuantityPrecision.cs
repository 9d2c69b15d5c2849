using System.Collections.Frozen;
using System.Globalization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// How finely a quantity may be written in each unit (issue 14): things counted are whole numbers; weights, lengths and volumes
/// have a fixed number of decimals. A quantity finer than its unit allows is refused, never rounded — "0.0000001 g" was once
/// stored and shown as "0 g". The table is documented in docs/receiving.md; a unit not in it allows <see cref="OtherUnits"/> decimals.
/// </summary>
public static class QuantityPrecision
{
    /// <summary>Decimals allowed for a unit the table does not name.</summary>
    public const int OtherUnits = 3;

    /// <summary>Decimals allowed per unit, by the unit's lower-case name.</summary>
    public static readonly FrozenDictionary<string, int> Table = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["ea"] = 0, ["each"] = 0, ["pc"] = 0, ["pcs"] = 0, ["piece"] = 0, ["pieces"] = 0, ["unit"] = 0, ["units"] = 0,
        ["box"] = 0, ["roll"] = 0, ["spool"] = 0,
        ["sheet"] = 2, ["g"] = 2, ["kg"] = 3, ["t"] = 3, ["mg"] = 0, ["lb"] = 3, ["oz"] = 2,
        ["m"] = 3, ["mm"] = 1, ["cm"] = 2, ["in"] = 3, ["ft"] = 3, ["m2"] = 3, ["m3"] = 3,
        ["l"] = 3, ["ml"] = 1,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Decimals allowed at least when cutting, and for what was cut: a plate counted in <c>ea</c> is cut into part-plates
    /// (0.5 ea), so a cut piece's quantity is a fraction of its unit, but never a finer one than this.
    /// </summary>
    public const int CutDecimals = 3;

    /// <summary>The decimals <paramref name="uom"/> allows; with <paramref name="cut"/>, at least <see cref="CutDecimals"/>.</summary>
    public static int DecimalsOf(UnitOfMeasure uom, bool cut = false) =>
        Math.Max(Table.TryGetValue(uom.Value, out var decimals) ? decimals : OtherUnits, cut ? CutDecimals : 0);

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
