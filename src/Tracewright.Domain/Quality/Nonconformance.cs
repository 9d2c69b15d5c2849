using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Quality;

/// <summary>
/// A nonconformance report as it stands. It covers at least one lot, unit or manufacture record; it is
/// dispositioned once, and closed only after that.
/// </summary>
public sealed record Nonconformance(
    NcrId Id,
    IReadOnlyList<LotId> Lots,
    IReadOnlyList<UnitId> Units,
    IReadOnlyList<ManufactureId> Records,
    string Description,
    string DetectedAt,
    string DetectedBy,
    NcrStatus Status,
    Disposition? Disposition,
    string? ApprovedBy)
{
    /// <summary>Refuses a report about nothing, or one that names the same record twice.</summary>
    public static Result<NcrOpened> Open(NcrId id, IReadOnlyList<LotId> lots, IReadOnlyList<UnitId> units, IReadOnlyList<ManufactureId> records, string description, string detectedAt, string detectedBy)
    {
        if (lots.Count + units.Count + records.Count == 0)
        {
            return new InvalidInput("lot", "a nonconformance report needs at least one lot (--lot), unit (--unit) or manufacture record (--record)");
        }

        var twice = lots.Select(l => l.Value).Concat(units.Select(u => u.Value)).Concat(records.Select(r => r.Value))
            .GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? new NcrOpened(id, lots, units, records, description, detectedAt, detectedBy)
            : new InvalidInput("lot", $"{twice.Key} is listed more than once");
    }

    /// <summary>
    /// Decides a disposition over what the report covers (its lots and units, and what its manufacture records
    /// made): scrap scraps every covered lot and unit, return-to-supplier rejects every covered lot. Either
    /// all the status changes are possible or none is made, so the returned events are the disposition
    /// followed by each status change.
    /// </summary>
    public Result<IReadOnlyList<ILedgerEvent>> Decide(Disposition disposition, string approvedBy, IReadOnlyList<Lot> coveredLots, IReadOnlyList<Unit> coveredUnits)
    {
        if (Status != NcrStatus.Open)
        {
            return new RuleViolated(
                "ncr-already-dispositioned",
                Status == NcrStatus.Closed ? $"{Id} is closed" : $"{Id} already has the disposition {Disposition?.Describe()} (approved by {ApprovedBy}); a disposition is decided once",
                "disposition");
        }

        var events = new List<ILedgerEvent> { new NcrDispositioned(Id, disposition, approvedBy) };
        switch (disposition)
        {
            case Quality.Disposition.Scrap:
                foreach (var lot in coveredLots)
                {
                    if (!lot.Scrap().TryGet(out var changed, out var error))
                    {
                        return Refuse(disposition, error);
                    }

                    events.Add(changed);
                }

                foreach (var unit in coveredUnits)
                {
                    if (!unit.ChangeStatus(UnitStatus.Scrapped).TryGet(out var changed, out var error))
                    {
                        return Refuse(disposition, error);
                    }

                    events.Add(changed);
                }

                break;
            case Quality.Disposition.ReturnToSupplier:
                // Units have no "returned to supplier" status (Returned means back from a customer), so a unit
                // must be dispositioned some other way rather than be silently left as it is. A report always
                // covers something, so with no unit there is at least one lot.
                if (coveredUnits.Count > 0)
                {
                    return new RuleViolated("rts-unit", $"{Id} covers unit {coveredUnits[0].Id}; return-to-supplier applies to received lots only — scrap the unit or use another disposition", "disposition");
                }

                foreach (var lot in coveredLots)
                {
                    if (lot.Origin == LotOrigin.Made)
                    {
                        return new RuleViolated("rts-made-here", $"lot {lot.Id} was made here ({lot.MadeBy}); it has no supplier to return it to", "disposition");
                    }

                    if (!lot.Reject().TryGet(out var changed, out var error))
                    {
                        return Refuse(disposition, error);
                    }

                    events.Add(changed);
                }

                break;
        }

        return events;
    }

    /// <summary>Closing needs a disposition first; closed is final.</summary>
    public Result<NcrClosed> Close() => Status switch
    {
        NcrStatus.Open => new RuleViolated("ncr-no-disposition", $"{Id} has no disposition yet; record one (ncr disposition) before closing it"),
        NcrStatus.Closed => new RuleViolated("ncr-closed", $"{Id} is already closed"),
        _ => new NcrClosed(Id),
    };

    private RuleViolated Refuse(Disposition disposition, Error error) =>
        new(error.Code, $"{Id} cannot be dispositioned {disposition.Describe()}: {error.Message}", "disposition");
}
