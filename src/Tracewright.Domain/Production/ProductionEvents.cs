using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Production;

/// <summary>A line of a bill of materials: how much of a component goes into one unit of the product.</summary>
public sealed record BomLine(ItemCode Component, decimal QuantityPerUnit, UnitOfMeasure Uom);

/// <summary>A bill of materials was defined for a product, with the SOP that describes the work.</summary>
public sealed record BomDefined(BomId Id, ItemCode Product, IReadOnlyList<BomLine> Lines, Sha256Digest? Sop, string? SopFileName) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value, Product.Value];
}

/// <summary>A quantity of a lot consumed by a manufacture run; <see cref="Deviation"/> allows a substitute.</summary>
public sealed record LotConsumed(LotId Lot, ItemCode Item, decimal Quantity, UnitOfMeasure Uom, decimal RemainingAfter, string? Deviation);

/// <summary>A serialized unit consumed whole by a manufacture run.</summary>
public sealed record UnitConsumed(UnitId Unit, string? Deviation);

/// <summary>
/// A manufacture run (source 000, step 3): the exact lots and units that went in, on which machine, by whom,
/// and what came out — a product lot and/or serialized units.
/// </summary>
public sealed record ManufactureRecorded(
    ManufactureId Id,
    string CounterScope,
    long Counter,
    ItemCode Product,
    BomId? Bom,
    IReadOnlyList<LotConsumed> Lots,
    IReadOnlyList<UnitConsumed> Units,
    string? Machine,
    string? Tool,
    string Operator,
    string? Sop,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    string? Notes,
    LotId? OutputLot,
    string? OutputLotScope,
    long? OutputLotCounter,
    decimal? OutputQuantity,
    UnitOfMeasure? OutputUom,
    IReadOnlyList<SerialNumber> OutputSerials,
    string? SerialScope,
    long? SerialCounter) : ILedgerEvent
{
    public IEnumerable<string> Subjects =>
    [
        Id.Value, Product.Value,
        .. Lots.Select(l => l.Lot.Value),
        .. Units.SelectMany(u => new[] { u.Unit.Value, u.Unit.Serial.Value }),
        .. OutputLot is { } lot ? [lot.Value] : Array.Empty<string>(),
        .. OutputSerials.SelectMany(s => new[] { UnitId.Of(Product, s).Value, s.Value }),
    ];
}

/// <summary>A serialized unit was registered from a scan (bought in, or made before Tracewright).</summary>
public sealed record SerialCaptured(UnitId Unit, LotId? Lot, string? Source) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>An operation was performed on a unit, with its parameters.</summary>
public sealed record OperationPerformed(UnitId Unit, string Operation, IReadOnlyDictionary<string, string> Parameters, WorkContext Work) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>A unit was moved to a location.</summary>
public sealed record UnitMoved(UnitId Unit, string Location, WorkContext Work) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>A unit was inspected.</summary>
public sealed record UnitInspected(UnitId Unit, bool Passed, string Inspector, string? Notes, WorkContext Work) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>A unit was tested at a test step; it passed when every measurement is within its limits.</summary>
public sealed record UnitTested(UnitId Unit, string Step, IReadOnlyList<Measurement> Measurements, WorkContext Work) : ILedgerEvent
{
    public bool Passed => Measurements.All(m => m.Passed);

    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>A unit was reworked or repaired (<see cref="Repair"/>).</summary>
public sealed record UnitReworked(UnitId Unit, bool Repair, string Description, WorkContext Work) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>A unit's status changed; the ledger record carries the reason.</summary>
public sealed record UnitStatusChanged(UnitId Unit, UnitStatus From, UnitStatus To) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>A serialized component, or a quantity of lot-controlled material, was installed into a unit.</summary>
public sealed record ComponentInstalled(UnitId Parent, UnitId? Component, LotId? Lot, decimal? Quantity, decimal? LotRemainingAfter, WorkContext Work) : ILedgerEvent
{
    public IEnumerable<string> Subjects =>
        [Parent.Value, Parent.Serial.Value, .. Component is { } c ? [c.Value, c.Serial.Value] : Array.Empty<string>(), .. Lot is { } l ? [l.Value] : Array.Empty<string>()];
}

/// <summary>A component was removed from a unit (rework, repair); its link ends now, its history stays.</summary>
public sealed record ComponentRemoved(UnitId Parent, UnitId? Component, LotId? Lot, WorkContext Work) : ILedgerEvent
{
    public IEnumerable<string> Subjects =>
        [Parent.Value, Parent.Serial.Value, .. Component is { } c ? [c.Value, c.Serial.Value] : Array.Empty<string>(), .. Lot is { } l ? [l.Value] : Array.Empty<string>()];
}

/// <summary>A lot given back by a corrected manufacture record, and its state afterwards.</summary>
public sealed record RestoredLot(LotId Lot, decimal QuantityAfter, LotStatus StatusAfter, string? StatusReasonAfter);

/// <summary>
/// The inputs of a manufacture record were corrected (the wrong lot was scanned): the old inputs are given
/// back, the new ones consumed, as of the run's own time. The ledger record names the record it corrects;
/// traces follow the corrected inputs only.
/// </summary>
public sealed record ManufactureInputsCorrected(
    ManufactureId Id,
    DateTimeOffset Finished,
    IReadOnlyList<LotConsumed> Lots,
    IReadOnlyList<UnitConsumed> Units,
    IReadOnlyList<RestoredLot> RestoredLots,
    IReadOnlyList<UnitId> RestoredUnits) : ILedgerEvent
{
    public IEnumerable<string> Subjects =>
    [
        Id.Value,
        .. Lots.Select(l => l.Lot.Value),
        .. RestoredLots.Select(l => l.Lot.Value),
        .. Units.SelectMany(u => new[] { u.Unit.Value, u.Unit.Serial.Value }),
        .. RestoredUnits.SelectMany(u => new[] { u.Value, u.Serial.Value }),
    ];
}
