using System.Globalization;
using Dapper;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>
/// Correct the inputs of a manufacture record (the wrong lot was scanned): the old inputs are given back,
/// the right ones consumed, in a new record that names the one it corrects. Traces follow the correction.
/// </summary>
public static class CorrectManufacture
{
    public sealed record Request(string? Record, string? Reason, IReadOnlyList<string> Use, IReadOnlyList<string>? UseSerials = null);

    public sealed record Response(string Record, long Corrects, IReadOnlyList<LotConsumed> Lots, IReadOnlyList<string> Units, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var id = ManufactureId.Parse(request.Record);
        var reason = Text.Required(request.Reason, "reason", 500);
        var error = id.Error ?? reason.Error;
        if (error is not null)
        {
            return error;
        }

        if (request.Use.Count == 0 && (request.UseSerials?.Count ?? 0) == 0)
        {
            return new InvalidInput("use", "give the inputs the run really consumed: --use LOT:QTY and/or --use-serial SN");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var record = await ProductionQueries.FindManufactureAsync(write.Connection, write.Transaction, id.Value, cancellationToken);
        if (record is null)
        {
            return new NotFound("manufacture record", id.Value.Value, "record");
        }

        if (record.Inputs.Any(i => i.Deviation is not null))
        {
            return new RuleViolated("correction-with-deviation", $"{record.Id} consumed material under a deviation; correct it by recording the deviation's use again rather than editing inputs", "record");
        }

        var bom = record.Bom is { } bomId ? await ProductionQueries.FindBomAsync(write.Connection, write.Transaction, bomId, cancellationToken) : null;
        var usedUp = $"used up by {record.Id}";
        var lots = new Dictionary<LotId, Lot>();
        var restored = new List<RestoredLot>();
        foreach (var input in record.Inputs.Where(i => i.Kind == "lot"))
        {
            var lot = (await MaterialsQueries.FindLotAsync(write.Connection, write.Transaction, Identifier.FromStored<LotId>(input.Id), cancellationToken))!;
            var back = lot.Status == LotStatus.Consumed && lot.StatusReason == usedUp
                ? lot with { Quantity = lot.Quantity + input.Quantity, Status = LotStatus.Available, StatusReason = null }
                : lot with { Quantity = lot.Quantity + input.Quantity };
            lots[lot.Id] = back;
            restored.Add(new RestoredLot(lot.Id, back.Quantity, back.Status, back.StatusReason));
        }

        var restatable = record.Inputs.Where(i => i.Kind == "lot").GroupBy(i => Identifier.FromStored<LotId>(i.Id)).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity));
        var restoredUnits = record.Inputs.Where(i => i.Kind == "unit").Select(i => Identifier.FromStored<UnitId>(i.Id)).ToList();
        var consumed = new List<LotConsumed>();
        foreach (var text in request.Use)
        {
            var found = await Lookup.LotWithQuantityAsync(write.Connection, write.Transaction, text, "use", cancellationToken);
            if (!found.TryGet(out var use, out var lotError))
            {
                return lotError;
            }

            var current = use.Lot;

            var lot = lots.GetValueOrDefault(current.Id, current);
            if (bom is not null && !bom.Lists(lot.Item))
            {
                return new RuleViolated("not-on-bom", $"lot {lot.Id} is {lot.Item}, which is not on {bom.Id}", "use");
            }

            // What the corrected record consumed of this lot and this request has not yet taken again: a lot re-listed on several
            // lines shares it.
            var restated = restatable.GetValueOrDefault(lot.Id);
            if (!lot.TakeForCorrection(use.Quantity, restated).TryGet(out var after, out var takeError))
            {
                return takeError;
            }

            restatable[lot.Id] = Math.Max(0, restated - use.Quantity);
            lots[lot.Id] = after;
            consumed.Add(new LotConsumed(lot.Id, lot.Item, use.Quantity, lot.Uom, lot.Quantity - use.Quantity, null));
        }

        var units = new List<UnitConsumed>();
        foreach (var text in request.UseSerials ?? [])
        {
            var found = await Lookup.UnitAsync(write.Connection, write.Transaction, text, "use-serial", cancellationToken);
            if (!found.TryGet(out var unit, out var unitError))
            {
                return unitError;
            }

            var usable = restoredUnits.Contains(unit.Id) ? unit with { Status = UnitStatus.Available } : unit;
            if (usable.MustBeUsable("consumed") is { IsSuccess: false } refused)
            {
                return refused.Error!;
            }

            units.Add(new UnitConsumed(unit.Id, null));
        }

        var original = await write.Connection.ExecuteScalarAsync<long>(write.Command("SELECT recorded_seq FROM mfg_records WHERE id = @id", new { id = record.Id.Value }, cancellationToken));
        var finished = DateTimeOffset.ParseExact(record.FinishedAt, Timestamp.Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var corrected = new ManufactureInputsCorrected(record.Id, finished, consumed, units, restored, restoredUnits);
        var entries = await write.AppendAsync(new NewEvent(corrected, write.Now, reason.Value, original), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(record.Id.Value, original, consumed, units.Select(u => u.Unit.Value).ToList(), entries[0].Sequence);
    }
}
