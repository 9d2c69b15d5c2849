using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Quality;

/// <summary>
/// A nonconformance was reported against lots, units and/or manufacture records: what is wrong, where it was
/// found and by whom. The ledger record's time is when it was opened.
/// </summary>
public sealed record NcrOpened(
    NcrId Id,
    IReadOnlyList<LotId> Lots,
    IReadOnlyList<UnitId> Units,
    IReadOnlyList<ManufactureId> Records,
    string Description,
    string DetectedAt,
    string DetectedBy) : ILedgerEvent
{
    public IEnumerable<string> Subjects =>
    [
        Id.Value,
        .. Lots.Select(l => l.Value),
        .. Units.SelectMany(u => new[] { u.Value, u.Serial.Value }),
        .. Records.Select(r => r.Value),
    ];
}

/// <summary>
/// A disposition was decided and approved. The status changes it causes (scrap, return to supplier) are
/// recorded as their own <see cref="LotStatusChanged"/> / <see cref="UnitStatusChanged"/> records in the same
/// transaction; the ledger record carries the reason.
/// </summary>
public sealed record NcrDispositioned(NcrId Id, Disposition Disposition, string ApprovedBy) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value];
}

/// <summary>A nonconformance report was closed (final); the ledger record carries the reason.</summary>
public sealed record NcrClosed(NcrId Id) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value];
}

/// <summary>A CAPA was opened for one or more nonconformance reports, with the root cause found.</summary>
public sealed record CapaOpened(CapaId Id, IReadOnlyList<NcrId> Ncrs, string RootCause) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value, .. Ncrs.Select(n => n.Value)];
}

/// <summary>A corrective or preventive action was added to a CAPA, with its owner and due date.</summary>
public sealed record CapaActionAdded(CapaId Capa, int Action, CapaActionKind Kind, string Description, string Owner, DateOnly Due) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Capa.Value];
}

/// <summary>A CAPA action was done; the ledger record's time is when it was marked.</summary>
public sealed record CapaActionDone(CapaId Capa, int Action, string? Notes) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Capa.Value];
}

/// <summary>The effectiveness of a CAPA was checked; only the latest check counts for closure.</summary>
public sealed record CapaEffectivenessChecked(CapaId Capa, bool Effective, string Notes, string CheckedBy) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Capa.Value];
}

/// <summary>A CAPA was closed (final); the ledger record carries the reason.</summary>
public sealed record CapaClosed(CapaId Capa) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Capa.Value];
}
