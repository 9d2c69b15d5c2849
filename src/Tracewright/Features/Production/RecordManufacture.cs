using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;

namespace Tracewright.Features.Production;

/// <summary>
/// <c>tracewright make</c>: record a manufacture run (MFG-0056) — the exact lots and units consumed, the
/// machine, tool, operator and SOP, and what came out: a batch lot and/or serialized units.
/// </summary>
public static class RecordManufacture
{
    public sealed record Request(
        string? Item,
        IReadOnlyList<string> Use,
        IReadOnlyList<string>? UseSerials = null,
        string? Bom = null,
        string? Machine = null,
        string? Tool = null,
        string? Operator = null,
        string? Sop = null,
        string? Started = null,
        string? Finished = null,
        string? Notes = null,
        int? SerialCount = null,
        IReadOnlyList<string>? Serials = null,
        string? BatchQuantity = null,
        string? Deviation = null,
        string? Prefix = null);

    public sealed record Response(string Record, string Product, string? OutputLot, decimal? OutputQuantity, IReadOnlyList<string> OutputUnits, IReadOnlyList<LotConsumed> Consumed, IReadOnlyList<string> ConsumedUnits, long Sequence, string? Bom = null);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var result = await HandleAsync(write, actor, request, cancellationToken);
        if (result.IsSuccess)
        {
            await write.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// The same run inside a transaction the caller owns and commits (a sheet import: every record of the sheet
    /// in one transaction, each seeing the lots the rows before it received or consumed).
    /// </summary>
    public static async Task<Result<Response>> HandleAsync(WriteTransaction write, string actor, Request request, CancellationToken cancellationToken)
    {
        var product = ItemCode.Parse(request.Item);
        var prefix = NumberedId.ParsePrefix(request.Prefix ?? ManufactureId.DefaultPrefix, "prefix");
        var machine = Text.Optional(request.Machine, "machine", 120);
        var tool = Text.Optional(request.Tool, "tool", 120);
        var worker = Text.Required(request.Operator ?? actor, "operator", 120);
        var sop = Text.Optional(request.Sop, "sop", 200);
        var notes = Text.Optional(request.Notes, "notes", 2000);
        Result<DateTimeOffset>? started = request.Started is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(request.Started, "started");
        Result<DateTimeOffset>? finished = request.Finished is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(request.Finished, "finished");
        Result<decimal>? batch = request.BatchQuantity is null ? default(Result<decimal>?) : Text.Quantity(request.BatchQuantity, "batch-qty");
        Result<BomId>? bomId = request.Bom is null ? default(Result<BomId>?) : BomId.Parse(request.Bom);
        Result<DeviationId>? deviationId = request.Deviation is null ? default(Result<DeviationId>?) : DeviationId.Parse(request.Deviation);
        var firstError = new[] { product.Error, prefix.Error, machine.Error, tool.Error, worker.Error, sop.Error, notes.Error, started?.Error, finished?.Error, batch?.Error, bomId?.Error, deviationId?.Error }
            .FirstOrDefault(e => e is not null);
        if (firstError is not null)
        {
            return firstError;
        }

        if (request.SerialCount is { } count && (count < 1 || count > 100_000))
        {
            return new InvalidInput("serials", $"serials must be between 1 and 100000 (got {count})");
        }

        if (request.SerialCount is not null && request.Serials is { Count: > 0 })
        {
            return new InvalidInput("serials", "give either a number of serials to generate or the serial numbers, not both");
        }

        var explicitSerials = new List<SerialNumber>();
        foreach (var text in request.Serials ?? [])
        {
            var serial = SerialNumber.Parse(text);
            if (!serial.IsSuccess)
            {
                return serial.Error!;
            }

            if (explicitSerials.Contains(serial.Value))
            {
                return new InvalidInput("serial", $"serial {serial.Value} is listed more than once");
            }

            explicitSerials.Add(serial.Value);
        }

        var now = write.Now;
        var item = await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, product.Value, cancellationToken);
        if (item is null)
        {
            return new NotFound("item", product.Value.Value, "item");
        }

        Bom? bom = null;
        if (bomId is { } b)
        {
            bom = await ProductionQueries.FindBomAsync(write.Connection, write.Transaction, b.Value, cancellationToken);
            if (bom is null)
            {
                return new NotFound("bom", b.Value.Value, "bom");
            }
        }

        Deviation? deviation = null;
        if (deviationId is { } d)
        {
            deviation = await ProductionQueries.FindDeviationAsync(write.Connection, write.Transaction, d.Value, cancellationToken);
            if (deviation is null)
            {
                return new NotFound("deviation", d.Value.Value, "deviation");
            }
        }

        var lots = new List<LotUse>();
        foreach (var text in request.Use)
        {
            var use = await Lookup.LotWithQuantityAsync(write.Connection, write.Transaction, text, "use", cancellationToken);
            if (!use.TryGet(out var found, out var lotError))
            {
                return lotError;
            }

            lots.Add(new LotUse(found.Lot, found.Quantity));
        }

        var units = new List<Unit>();
        foreach (var text in request.UseSerials ?? [])
        {
            var unit = await Lookup.UnitAsync(write.Connection, write.Transaction, text, "use-serial", cancellationToken);
            if (!unit.TryGet(out var found, out var unitError))
            {
                return unitError;
            }

            units.Add(found);
        }

        var start = started?.Value ?? now;
        var end = finished?.Value ?? (started is null ? now : start);
        var day = DateOnly.FromDateTime(end.UtcDateTime);

        var scope = NumberedId.Scope(prefix.Value);
        var counter = await write.PeekCounterAsync(scope, cancellationToken);
        var id = ManufactureId.Create(prefix.Value, counter);

        LotId? outputLot = null;
        string? lotScope = null;
        long? lotCounter = null;
        if (batch is not null)
        {
            if (QuantityPrecision.Check(batch.Value.Value, item.Uom, "batch-qty").Error is { } tooFine)
            {
                return tooFine;
            }

            lotScope = item.LotPattern.Scope(item.LotPrefix, day);
            lotCounter = await write.PeekCounterAsync(lotScope, cancellationToken);
            outputLot = Identifier.FromStored<LotId>(item.LotPattern.Format(item.LotPrefix, day, lotCounter.Value));
            while (await MaterialsQueries.FindLotAsync(write.Connection, write.Transaction, outputLot.Value, cancellationToken) is not null)
            {
                lotCounter++;
                outputLot = Identifier.FromStored<LotId>(item.LotPattern.Format(item.LotPrefix, day, lotCounter.Value));
            }
        }

        var outputSerials = new List<SerialNumber>();
        string? serialScope = null;
        long? serialCounter = null;
        if (request.SerialCount is { } wanted)
        {
            serialScope = "serial:" + item.Code + ":" + item.SerialPattern.Scope(item.LotPrefix, day);
            var next = await write.PeekCounterAsync(serialScope, cancellationToken);
            while (outputSerials.Count < wanted)
            {
                var serial = Identifier.FromStored<SerialNumber>(item.SerialPattern.Format(item.LotPrefix, day, next));
                if (await ProductionQueries.FindUnitAsync(write.Connection, write.Transaction, UnitId.Of(item.Code, serial), cancellationToken) is null)
                {
                    outputSerials.Add(serial);
                }

                serialCounter = next++;
            }
        }
        else
        {
            foreach (var serial in explicitSerials)
            {
                if (await ProductionQueries.FindUnitAsync(write.Connection, write.Transaction, UnitId.Of(item.Code, serial), cancellationToken) is not null)
                {
                    return new AlreadyExists("unit", UnitId.Of(item.Code, serial).Value, "serial");
                }
            }

            outputSerials.AddRange(explicitSerials);
        }

        var decided = Manufacture.Decide(new ManufactureRequest(
            id, scope, counter, item, bom, lots, units, deviation, machine.Value, tool.Value, worker.Value, sop.Value, start, end, notes.Value,
            batch?.Value, outputLot, lotScope, lotCounter, outputSerials, serialScope, serialCounter));
        if (!decided.TryGet(out var recorded, out var error))
        {
            return error;
        }

        var entries = await write.AppendAsync(new NewEvent(recorded, end), cancellationToken);
        return new Response(
            id.Value, item.Code.Value, outputLot?.Value, batch?.Value,
            outputSerials.Select(s => UnitId.Of(item.Code, s).Value).ToList(),
            recorded.Lots, recorded.Units.Select(u => u.Unit.Value).ToList(), entries[0].Sequence, recorded.Bom?.Value);
    }

    public static Command Verb(CliHost host)
    {
        var item = new Option<string>("--item") { Description = "The product made", Required = true };
        var bom = new Option<string?>("--bom") { Description = "The bill of materials followed (BOM-…)" };
        var use = new Option<string[]>("--use") { Description = "LOT:QTY consumed, in the lot's unit; comma-separate or repeat", AllowMultipleArgumentsPerToken = true };
        var useSerial = new Option<string[]>("--use-serial") { Description = "Serialized units consumed (SERIAL or ITEM:SERIAL); comma-separate or repeat", AllowMultipleArgumentsPerToken = true };
        var machine = new Option<string?>("--machine") { Description = "Machine, e.g. \"Twotrees TTC450 Pro\"" };
        var tool = new Option<string?>("--tool") { Description = "Tool, e.g. \"3.175 mm 2-flute end mill\"" };
        var worker = new Option<string?>("--operator") { Description = "Operator (default: who records)" };
        var sop = new Option<string?>("--sop") { Description = "SOP followed" };
        var started = new Option<string?>("--started") { Description = "Start time (default now)" };
        var finished = new Option<string?>("--finished") { Description = "Finish time (default now)" };
        var notes = new Option<string?>("--notes") { Description = "Notes" };
        var serials = new Option<int?>("--serials") { Description = "Generate this many serial numbers for the output" };
        var serial = new Option<string?>("--serial") { Description = "Output serial numbers, comma-separated (captured from labels)" };
        var batch = new Option<string?>("--batch-qty") { Description = "Output batch quantity (a lot numbered by the product's pattern)" };
        var deviation = new Option<string?>("--deviation") { Description = "Deviation allowing a substitute or blocked lot (DEV-…)" };
        var prefix = new Option<string?>("--prefix") { Description = "Record-number prefix (default MFG)" };
        var command = new Command("make", "Record a manufacture run: lots and units in, a batch and/or serials out")
        {
            item, bom, use, useSerial, machine, tool, worker, sop, started, finished, notes, serials, serial, batch, deviation, prefix,
        };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(
                p.GetValue(item),
                Split(p.GetValue(use)),
                Split(p.GetValue(useSerial)),
                p.GetValue(bom), p.GetValue(machine), p.GetValue(tool), p.GetValue(worker), p.GetValue(sop), p.GetValue(started), p.GetValue(finished), p.GetValue(notes),
                p.GetValue(serials), Text.List(p.GetValue(serial)), p.GetValue(batch), p.GetValue(deviation), p.GetValue(prefix)), ct),
            (o, r) =>
            {
                o.WriteLine($"{r.Record}: {r.Product}");
                foreach (var lot in r.Consumed)
                {
                    o.WriteLine($"  used {Lookup.Format(lot.Quantity)} {lot.Uom} of {lot.Lot}{(lot.RemainingAfter == 0 ? " (now consumed)" : $", {Lookup.Format(lot.RemainingAfter)} left")}{(lot.Deviation is null ? "" : $" under {lot.Deviation}")}");
                }

                foreach (var unit in r.ConsumedUnits)
                {
                    o.WriteLine($"  used unit {unit}");
                }

                if (r.OutputLot is not null)
                {
                    o.WriteLine($"  made lot {r.OutputLot} ({Lookup.Format(r.OutputQuantity!.Value)})");
                }

                if (r.OutputUnits.Count > 0)
                {
                    o.WriteLine($"  made {r.OutputUnits.Count} unit(s): {string.Join(", ", r.OutputUnits.Take(20))}{(r.OutputUnits.Count > 20 ? ", …" : "")}");
                }
            }));
        return command;
    }

    internal static IReadOnlyList<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
}
