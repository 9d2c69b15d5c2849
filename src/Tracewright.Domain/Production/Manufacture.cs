using System.Globalization;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Quality;

namespace Tracewright.Domain.Production;

/// <summary>A lot and how much of it a run asks to consume, in the lot's unit.</summary>
public sealed record LotUse(Lot Lot, decimal Quantity);

/// <summary>Everything a manufacture run is decided on, read in the run's transaction.</summary>
public sealed record ManufactureRequest(
    ManufactureId Id,
    string CounterScope,
    long Counter,
    Item Product,
    Bom? Bom,
    IReadOnlyList<LotUse> Lots,
    IReadOnlyList<Unit> Units,
    Deviation? Deviation,
    string? Machine,
    string? Tool,
    string Operator,
    string? Sop,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    string? Notes,
    decimal? BatchQuantity,
    LotId? OutputLot,
    string? OutputLotScope,
    long? OutputLotCounter,
    IReadOnlyList<SerialNumber> OutputSerials,
    string? SerialScope,
    long? SerialCounter);

/// <summary>
/// The rules of a manufacture run (source 000, step 3): only available lots and units are consumed (a
/// blocked lot only under a deviation that lists it), never more than a lot holds, only items on the BOM
/// unless a deviation allows the substitute, and something must come out.
/// </summary>
public static class Manufacture
{
    public static Result<ManufactureRecorded> Decide(ManufactureRequest r)
    {
        if (r.Lots.Count == 0 && r.Units.Count == 0)
        {
            return new InvalidInput("use", "a manufacture record needs at least one consumed lot (--use LOT:QTY) or unit (--use-serial)");
        }

        if (r.BatchQuantity is null && r.OutputSerials.Count == 0)
        {
            return new InvalidInput("batch-qty", "say what came out: a batch quantity (--batch-qty) and/or serial numbers (--serials N or --serial SN,…)");
        }

        if (r.Finished < r.Started)
        {
            return new InvalidInput("finished", "the run cannot finish before it started");
        }

        if (r.Bom is { } bom && bom.Product != r.Product.Code)
        {
            return new RuleViolated("bom-mismatch", $"{bom.Id} is the bill of materials of {bom.Product}, not of {r.Product.Code}", "bom");
        }

        var deviation = r.Deviation;
        var consumed = new List<LotConsumed>();
        foreach (var group in r.Lots.GroupBy(u => u.Lot.Id))
        {
            if (group.Count() > 1)
            {
                return new InvalidInput("use", $"lot {group.Key} is listed more than once");
            }
        }

        var day = DateOnly.FromDateTime(r.Started.UtcDateTime);
        foreach (var use in r.Lots)
        {
            var lot = use.Lot;
            if (use.Quantity <= 0)
            {
                return new InvalidInput("use", $"lot {lot.Id}: the quantity must be greater than zero");
            }

            var offBom = r.Bom is { } b && !b.Lists(lot.Item);
            var needsDeviation = offBom || lot.Status == LotStatus.Blocked;
            if (lot.Status != LotStatus.Available && !(lot.Status == LotStatus.Blocked && deviation is not null))
            {
                return new RuleViolated("not-available", $"lot {lot.Id} is {lot.Status.Describe()}{(lot.StatusReason is null ? "" : $" ({lot.StatusReason})")} and cannot be consumed", "use");
            }

            if (use.Quantity > lot.Quantity)
            {
                return new RuleViolated("insufficient-quantity", $"lot {lot.Id} holds {Format(lot.Quantity)} {lot.Uom}; {Format(use.Quantity)} {lot.Uom} was asked for", "use");
            }

            string? deviationUsed = null;
            if (needsDeviation)
            {
                if (deviation is null)
                {
                    return offBom
                        ? new RuleViolated("not-on-bom", $"lot {lot.Id} is {lot.Item}, which is not on {r.Bom!.Id} ({string.Join(", ", r.Bom.Lines.Select(l => l.Component))}); using it needs a deviation", "use")
                        : new RuleViolated("not-available", $"lot {lot.Id} is blocked and can only be consumed under a deviation", "use");
                }

                var allowed = deviation.Allows(lot.Id, use.Quantity, day);
                if (!allowed.TryGet(out var updated, out var error))
                {
                    return error;
                }

                deviation = updated;
                deviationUsed = deviation.Id.Value;
            }

            consumed.Add(new LotConsumed(lot.Id, lot.Item, use.Quantity, lot.Uom, lot.Quantity - use.Quantity, deviationUsed));
        }

        var units = new List<UnitConsumed>();
        foreach (var unit in r.Units)
        {
            if (r.Units.Count(u => u.Id == unit.Id) > 1)
            {
                return new InvalidInput("use-serial", $"unit {unit.Id} is listed more than once");
            }

            var usable = unit.MustBeUsable("consumed");
            if (!usable.IsSuccess)
            {
                return usable.Error!;
            }

            if (unit.Parent is { } parent)
            {
                return new RuleViolated("installed", $"unit {unit.Id} is installed in {parent}; remove it first", "use-serial");
            }

            if (r.Bom is { } b && !b.Lists(unit.Item))
            {
                return new RuleViolated("not-on-bom", $"unit {unit.Id} is {unit.Item}, which is not on {b.Id}", "use-serial");
            }

            units.Add(new UnitConsumed(unit.Id, null));
        }

        return new ManufactureRecorded(
            r.Id, r.CounterScope, r.Counter, r.Product.Code, r.Bom?.Id, consumed, units, r.Machine, r.Tool, r.Operator, r.Sop, r.Started, r.Finished, r.Notes,
            r.OutputLot, r.OutputLotScope, r.OutputLotCounter, r.BatchQuantity, r.BatchQuantity is null ? null : r.Product.Uom,
            r.OutputSerials, r.SerialScope, r.SerialCounter);
    }

    private static string Format(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
