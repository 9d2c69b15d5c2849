using Tracewright.Domain.Ledger;

namespace Tracewright.Domain.Materials;

/// <summary>A part number was registered with how it is tracked, which certificates it needs and, when it has one, its GS1 GTIN.</summary>
public sealed record ItemRegistered(
    ItemCode Code,
    string Description,
    UnitOfMeasure Uom,
    MaterialKind Material,
    TrackingMode Tracking,
    IReadOnlyList<CertificateType> RequiredCertificates,
    string LotPrefix,
    string LotPattern,
    string? SerialPattern = null,
    Gtin? Gtin = null) : ILedgerEvent
{
    public IEnumerable<string> Subjects => Gtin is { } gtin ? [Code.Value, gtin.Value] : [Code.Value];
}

/// <summary>
/// An item was given its GS1 GTIN after it was registered, or a new one in place of the one it had (why is the record's
/// reason). No other item holds the GTIN at that moment.
/// </summary>
public sealed record ItemGtinAssigned(ItemCode Item, Gtin Gtin) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Item.Value, Gtin.Value];
}

/// <summary>A supplier was registered with its contact details.</summary>
public sealed record SupplierRegistered(SupplierName Name, string? ContactName, string? Email, string? Phone, string? Address) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Name.Value];
}

/// <summary>
/// What every delivery from a supplier must come with from now on, on top of what its item requires; the ledger
/// record carries the reason. An empty list clears it. Deliveries received before keep what was required then.
/// </summary>
public sealed record SupplierCertificatesRequired(SupplierName Supplier, IReadOnlyList<CertificateType> Certificates) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Supplier.Value];
}

/// <summary>
/// A certificate document was filed: the file (by its SHA-256 in the document store) and what it declares.
/// </summary>
public sealed record CertificateFiled(
    CertificateId Id,
    CertificateType Type,
    string? Issuer,
    DateOnly? IssuedOn,
    IReadOnlyList<HeatNumber> Heats,
    IReadOnlyList<string> Standards,
    IReadOnlyList<string> RestrictedSubstances,
    Sha256Digest File,
    string FileName,
    string MediaType,
    long Size) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value, .. Heats.Select(h => h.Value)];
}

/// <summary>
/// A delivery was received as a new lot, with the outcome of the certificate check in
/// <see cref="Status"/> (available, quarantine awaiting a certificate, or rejected) and why.
/// <see cref="SupplierRequires"/> is what the supplier required of its deliveries at that moment (null in records
/// written before suppliers could require any).
/// </summary>
public sealed record LotReceived(
    LotId Lot,
    ItemCode Item,
    SupplierName Supplier,
    HeatNumber Heat,
    string? SupplierLot,
    string? Grade,
    IReadOnlyList<string> CertificationsClaimed,
    decimal Quantity,
    UnitOfMeasure Uom,
    string? PurchaseOrder,
    string CounterScope,
    long Counter,
    LotStatus Status,
    string? StatusReason,
    IReadOnlyList<CertificateType>? SupplierRequires = null) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Lot.Value, Item.Value, Supplier.Value, Heat.Value, .. SupplierLot is null ? Array.Empty<string>() : [SupplierLot]];
}

/// <summary>A certificate was attached to a lot (and so covers it).</summary>
public sealed record CertificateAttached(LotId Lot, CertificateId Certificate) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Lot.Value, Certificate.Value];
}

/// <summary>A lot's status changed; the ledger record carries the reason.</summary>
public sealed record LotStatusChanged(LotId Lot, LotStatus From, LotStatus To) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Lot.Value];
}

/// <summary>The label a piece carries before it is cut: its id and everything that must stay visible on it.</summary>
public sealed record PieceLabel(LotId Piece, LotId Parent, ItemCode Item, HeatNumber? Heat, decimal Quantity, UnitOfMeasure Uom, IReadOnlyList<CertificateId> Certificates);

/// <summary>
/// A lot was cut into pieces, each a new lot with the parent's heat, certificates and status;
/// <see cref="Scrap"/> is the recorded offcut.
/// </summary>
public sealed record LotSplit(LotId Parent, IReadOnlyList<PieceLabel> Pieces, decimal Scrap, decimal ParentRemaining, LotStatus ParentStatusAfter) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Parent.Value, .. Pieces.Select(p => p.Piece.Value)];
}

/// <summary>
/// Descriptive receipt fields were corrected; the ledger record names the record it corrects. Fields left
/// null keep their value.
/// </summary>
public sealed record LotReceiptCorrected(LotId Lot, string? SupplierLot, string? PurchaseOrder, string? Grade) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Lot.Value];
}
