using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Quality;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Features.Production;
using Tracewright.Features.Records;

namespace Tracewright.Features.Quality;

/// <summary>
/// Nonconformance reports (NCR-0001): opened against lots, units and/or manufacture records, given one
/// approved disposition — which for scrap and return-to-supplier changes the status of everything covered,
/// in the same transaction or not at all — and closed.
/// </summary>
public static class Nonconformances
{
    public sealed record OpenRequest(
        IReadOnlyList<string> Lots,
        IReadOnlyList<string> Units,
        IReadOnlyList<string> Records,
        string? Description,
        string? DetectedAt,
        string? DetectedBy = null);

    /// <summary><see cref="Preview"/>: check the decision and say what it would change (the page's first post), writing nothing.</summary>
    public sealed record DispositionRequest(string? Ncr, string? Disposition, string? ApprovedBy, string? Reason, bool Preview = false);

    public sealed record CloseRequest(string? Ncr, string? Reason);

    /// <summary>A status change a disposition caused, e.g. a lot from available to scrapped.</summary>
    public sealed record StatusChange(string Id, string From, string To);

    /// <summary>The report after the change; with <see cref="Recorded"/> false (a preview), as it stands, with what would change.</summary>
    public sealed record Response(Nonconformance Ncr, IReadOnlyList<StatusChange> Changed, long Sequence, bool Recorded = true);

    public static async Task<Result<Response>> OpenAsync(Shop shop, string actor, OpenRequest request, CancellationToken cancellationToken)
    {
        var description = Text.Required(request.Description, "description", 2000);
        var detectedAt = Text.Required(request.DetectedAt, "detected-at", 120);
        var detectedBy = Text.Required(request.DetectedBy ?? actor, "detected-by", 120);
        var firstError = description.Error ?? detectedAt.Error ?? detectedBy.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        var recordIds = new List<ManufactureId>();
        foreach (var text in request.Records)
        {
            var id = ManufactureId.Parse(text);
            if (!id.IsSuccess)
            {
                return new InvalidInput("record", id.Error!.Message);
            }

            recordIds.Add(id.Value);
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var lots = new List<LotId>();
        foreach (var text in request.Lots)
        {
            var lot = await Lookup.LotAsync(write.Connection, write.Transaction, text, "lot", cancellationToken);
            if (!lot.TryGet(out var found, out var error))
            {
                return error;
            }

            lots.Add(found.Id);
        }

        var units = new List<UnitId>();
        foreach (var text in request.Units)
        {
            var unit = await Lookup.UnitAsync(write.Connection, write.Transaction, text, "unit", cancellationToken);
            if (!unit.TryGet(out var found, out var error))
            {
                return error;
            }

            units.Add(found.Id);
        }

        foreach (var id in recordIds)
        {
            if (await ProductionQueries.FindManufactureAsync(write.Connection, write.Transaction, id, cancellationToken) is null)
            {
                return new NotFound("manufacture record", id.Value, "record");
            }
        }

        var ncrId = NcrId.FromNumber(await write.PeekCounterAsync(NumberedId.Scope(NcrId.Prefix), cancellationToken));
        var opened = Nonconformance.Open(ncrId, lots, units, recordIds, description.Value, detectedAt.Value, detectedBy.Value);
        if (!opened.TryGet(out var e, out var openError))
        {
            return openError;
        }

        var entries = await write.AppendAsync(new NewEvent(e, write.Now), cancellationToken);
        var ncr = (await QualityQueries.FindNcrAsync(write.Connection, write.Transaction, ncrId, cancellationToken))!;
        await write.CommitAsync(cancellationToken);
        return new Response(ncr, [], entries[0].Sequence);
    }

    public static async Task<Result<Response>> DispositionAsync(Shop shop, string actor, DispositionRequest request, CancellationToken cancellationToken)
    {
        var ncrId = NcrId.Parse(request.Ncr);
        var disposition = Text.Choice<Disposition>(request.Disposition, "disposition");
        var approvedBy = Text.Required(request.ApprovedBy, "approved-by", 120);
        var reason = Text.Required(request.Reason, "reason", 500);
        var firstError = ncrId.Error ?? disposition.Error ?? approvedBy.Error ?? reason.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var ncr = await QualityQueries.FindNcrAsync(write.Connection, write.Transaction, ncrId.Value, cancellationToken);
        if (ncr is null)
        {
            return new NotFound("ncr", ncrId.Value.Value, "ncr");
        }

        var (lots, units) = await CoveredAsync(write.Connection, write.Transaction, ncr, cancellationToken);
        var decided = ncr.Decide(disposition.Value, approvedBy.Value, lots, units);
        if (!decided.TryGet(out var events, out var error))
        {
            return error;
        }

        var changed = events.Select(e => e switch
        {
            LotStatusChanged l => new StatusChange(l.Lot.Value, l.From.Describe(), l.To.Describe()),
            UnitStatusChanged u => new StatusChange(u.Unit.Value, Unit.Describe(u.From), Unit.Describe(u.To)),
            _ => null,
        }).OfType<StatusChange>().ToList();
        if (request.Preview)
        {
            return new Response(ncr, changed, 0, Recorded: false);
        }

        // The status records name the report, so a lot's own history says why it was scrapped or rejected.
        var statusReason = $"{ncr.Id} {disposition.Value.Describe()}: {reason.Value}";
        var now = write.Now;
        var entries = await write.AppendAsync(events.Select(e => new NewEvent(e, now, e is NcrDispositioned ? reason.Value : statusReason)), cancellationToken);
        var after = (await QualityQueries.FindNcrAsync(write.Connection, write.Transaction, ncr.Id, cancellationToken))!;
        await write.CommitAsync(cancellationToken);
        return new Response(after, changed, entries[0].Sequence);
    }

    public static async Task<Result<Response>> CloseAsync(Shop shop, string actor, CloseRequest request, CancellationToken cancellationToken)
    {
        var ncrId = NcrId.Parse(request.Ncr);
        var reason = Text.Required(request.Reason, "reason", 500);
        var firstError = ncrId.Error ?? reason.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var ncr = await QualityQueries.FindNcrAsync(write.Connection, write.Transaction, ncrId.Value, cancellationToken);
        if (ncr is null)
        {
            return new NotFound("ncr", ncrId.Value.Value, "ncr");
        }

        if (!ncr.Close().TryGet(out var closed, out var error))
        {
            return error;
        }

        var entries = await write.AppendAsync(new NewEvent(closed, write.Now, reason.Value), cancellationToken);
        var after = (await QualityQueries.FindNcrAsync(write.Connection, write.Transaction, ncr.Id, cancellationToken))!;
        await write.CommitAsync(cancellationToken);
        return new Response(after, [], entries[0].Sequence);
    }

    /// <summary>
    /// What a disposition acts on: the report's lots and units, and what its manufacture records made (their
    /// output lot and units) — a run found nonconforming is a finding about its output.
    /// </summary>
    private static async Task<(IReadOnlyList<Lot> Lots, IReadOnlyList<Unit> Units)> CoveredAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Nonconformance ncr, CancellationToken cancellationToken)
    {
        var lotIds = new List<LotId>(ncr.Lots);
        var unitIds = new List<UnitId>(ncr.Units);
        foreach (var record in ncr.Records)
        {
            var made = (await ProductionQueries.FindManufactureAsync(connection, transaction, record, cancellationToken))!;
            lotIds.AddRange(made.OutputLot is { } output ? [output] : []);
            unitIds.AddRange(made.OutputUnits);
        }

        var lots = new List<Lot>();
        foreach (var id in lotIds.Distinct())
        {
            lots.Add((await MaterialsQueries.FindLotAsync(connection, transaction, id, cancellationToken))!);
        }

        var units = new List<Unit>();
        foreach (var id in unitIds.Distinct())
        {
            units.Add((await ProductionQueries.FindUnitAsync(connection, transaction, id, cancellationToken))!);
        }

        return (lots, units);
    }

    public static Command Verb(CliHost host)
    {
        var lot = new Option<string[]>("--lot") { Description = "Lots concerned; comma-separate or repeat", AllowMultipleArgumentsPerToken = true };
        var unit = new Option<string[]>("--unit") { Description = "Units concerned (SERIAL or ITEM:SERIAL); comma-separate or repeat", AllowMultipleArgumentsPerToken = true };
        var record = new Option<string[]>("--record") { Description = "Manufacture records concerned (MFG-…); comma-separate or repeat", AllowMultipleArgumentsPerToken = true };
        var description = new Option<string>("--description") { Description = "What is wrong", Required = true };
        var detectedAt = new Option<string>("--detected-at") { Description = "Where it was found (station or location)", Required = true };
        var detectedBy = new Option<string?>("--detected-by") { Description = "Who found it (default: who records)" };
        var open = new Command("open", "Open a nonconformance report") { lot, unit, record, description, detectedAt, detectedBy };
        open.SetAction(host.Run(
            (p, shop, ct) => OpenAsync(shop, host.ActorOf(p), new OpenRequest(
                RecordManufacture.Split(p.GetValue(lot)), RecordManufacture.Split(p.GetValue(unit)), RecordManufacture.Split(p.GetValue(record)),
                p.GetValue(description), p.GetValue(detectedAt), p.GetValue(detectedBy)), ct),
            Print));

        var ncr = new Argument<string>("ncr") { Description = "NCR-…" };
        var disposition = new Option<string>("--disposition") { Description = "use-as-is, rework, repair, scrap or return-to-supplier", Required = true };
        var approvedBy = new Option<string>("--approved-by") { Description = "Who approved the disposition", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (required; kept in the ledger)", Required = true };
        var dispose = new Command("disposition", "Record the approved disposition; scrap and return-to-supplier change the status of what the report covers")
        {
            ncr, disposition, approvedBy, reason,
        };
        dispose.SetAction(host.Run(
            (p, shop, ct) => DispositionAsync(shop, host.ActorOf(p), new DispositionRequest(p.GetValue(ncr), p.GetValue(disposition), p.GetValue(approvedBy), p.GetValue(reason)), ct),
            Print));

        var closeNcr = new Argument<string>("ncr") { Description = "NCR-…" };
        var closeReason = new Option<string>("--reason") { Description = "Why it can be closed (required)", Required = true };
        var close = new Command("close", "Close a nonconformance report (after its disposition)") { closeNcr, closeReason };
        close.SetAction(host.Run(
            (p, shop, ct) => CloseAsync(shop, host.ActorOf(p), new CloseRequest(p.GetValue(closeNcr), p.GetValue(closeReason)), ct),
            Print));

        var showNcr = new Argument<string>("ncr") { Description = "NCR-…" };
        var show = new Command("show", "Show a nonconformance report and its history") { showNcr };
        show.SetAction(host.Run(
            (p, shop, ct) => NcrId.Parse(p.GetValue(showNcr)).TryGet(out var id, out var error)
                ? ShowRecord.HandleAsync(shop, id.Value, ct)
                : Task.FromResult<Result<ShowRecord.Response>>(error),
            ShowRecord.Print));

        return new Command("ncr", "Nonconformance reports") { open, dispose, close, show };
    }

    private static void Print(TextWriter o, Response r)
    {
        var n = r.Ncr;
        o.WriteLine($"{n.Id}: {Describe(n)}");
        foreach (var change in r.Changed)
        {
            o.WriteLine($"  {change.Id}: {change.From} -> {change.To}");
        }
    }

    internal static string Describe(Nonconformance n) => n.Status switch
    {
        NcrStatus.Open => "open",
        NcrStatus.Dispositioned => $"dispositioned {n.Disposition?.Describe()} (approved by {n.ApprovedBy})",
        _ => $"closed, {n.Disposition?.Describe()} (approved by {n.ApprovedBy})",
    };
}
