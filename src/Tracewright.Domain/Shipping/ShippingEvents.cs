using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Shipping;

/// <summary>A customer was registered with the contact to call in a recall.</summary>
public sealed record CustomerRegistered(CustomerId Id, string Name, string? ContactName, string? Email, string? Phone, string? Address) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value];
}

/// <summary>A line of a customer order.</summary>
public sealed record OrderLine(ItemCode Item, decimal Quantity, UnitOfMeasure Uom);

/// <summary>A customer order was taken.</summary>
public sealed record OrderPlaced(OrderId Id, CustomerId Customer, string? Reference, IReadOnlyList<OrderLine> Lines) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value, Customer.Value, .. Reference is null ? Array.Empty<string>() : [Reference]];
}

/// <summary>
/// A quantity of a lot that left, and how much the lot holds afterwards (so the projection never does
/// arithmetic). <see cref="Container"/> is set when it left inside a container.
/// </summary>
public sealed record ShippedLot(LotId Lot, ItemCode Item, decimal Quantity, UnitOfMeasure Uom, decimal RemainingAfter, ContainerId? Container);

/// <summary>A serialized unit that left; <see cref="Container"/> is set when it left inside a container.</summary>
public sealed record ShippedUnit(UnitId Unit, ContainerId? Container);

/// <summary>
/// A shipment left against an order: exactly what left — lots with quantities, units, and the containers
/// named on the shipment (whose contents at that moment are listed as lots and units with their container).
/// </summary>
public sealed record ShipmentShipped(
    ShipmentId Id,
    OrderId Order,
    CustomerId Customer,
    string ShipFrom,
    string? Reference,
    IReadOnlyList<ShippedLot> Lots,
    IReadOnlyList<ShippedUnit> Units,
    IReadOnlyList<ContainerId> Containers) : ILedgerEvent
{
    public IEnumerable<string> Subjects =>
    [
        Id.Value, Order.Value, Customer.Value,
        .. Lots.Select(l => l.Lot.Value),
        .. Units.SelectMany(u => new[] { u.Unit.Value, u.Unit.Serial.Value }),
        .. Containers.Select(c => c.Value),
    ];
}

/// <summary>
/// Something shipped came back against its shipment (RMA): units become returned; a lot quantity comes back as a
/// piece of its own (<see cref="ReturnedLot.Piece"/>), blocked for inspection, and the rest of the lot is untouched.
/// The ledger record carries the reason.
/// </summary>
public sealed record ReturnReceived(ReturnId Id, ShipmentId Shipment, IReadOnlyList<UnitId> Units, IReadOnlyList<ReturnedLot> Lots) : ILedgerEvent
{
    public IEnumerable<string> Subjects =>
        [Id.Value, Shipment.Value, .. Units.SelectMany(u => new[] { u.Value, u.Serial.Value }), .. Lots.Select(l => l.Lot.Value)];
}

/// <summary>
/// A returned quantity of a lot and what the lot holds afterwards. <see cref="Piece"/> is the new lot the quantity came
/// back as — like a cut piece: the lot's next piece number, with its heat and <see cref="Certificates"/> — and then
/// <see cref="QuantityAfter"/> is the lot's own quantity, unchanged. Records written before issue 14 have no piece:
/// their quantity went back into the lot, which was blocked whole.
/// </summary>
public sealed record ReturnedLot(LotId Lot, decimal Quantity, decimal QuantityAfter, LotId? Piece = null, IReadOnlyList<CertificateId>? Certificates = null);
