using System.Globalization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>How a lot came to be: received from a supplier, cut from another lot, or made here.</summary>
public enum LotOrigin { Received, Split, Made }

/// <summary>
/// A lot as it stands now: a delivery, a piece cut from one, or a batch made here (which has no supplier
/// or heat number of its own). <see cref="Quantity"/> is what is left of <see cref="ReceivedQuantity"/>, in the
/// item's unit, never negative. Every change goes through a method here that returns the event to record or
/// the rule that refuses it.
/// </summary>
public sealed record Lot(
    LotId Id,
    ItemCode Item,
    LotOrigin Origin,
    SupplierName? Supplier,
    HeatNumber? Heat,
    string? SupplierLot,
    string? Grade,
    string? PurchaseOrder,
    decimal ReceivedQuantity,
    decimal Quantity,
    UnitOfMeasure Uom,
    LotStatus Status,
    string? StatusReason,
    LotId? Parent,
    string? MadeBy,
    int PiecesCut)
{
    /// <summary>What its supplier required of the delivery when it was received (a piece keeps its parent's); empty when nothing.</summary>
    public IReadOnlyList<CertificateType> SupplierRequires { get; init; } = [];

    /// <summary>Put on hold: quality wants to look at it before anyone uses it.</summary>
    public Result<LotStatusChanged> Block() =>
        Status is LotStatus.Available or LotStatus.Quarantine
            ? new LotStatusChanged(Id, Status, LotStatus.Blocked)
            : Refuse("block");

    /// <summary>Make usable again; never while a required certificate is missing.</summary>
    public Result<LotStatusChanged> Release(IReadOnlyList<CertificateType> missingCertificates) =>
        Release(new CertificateRequirement(missingCertificates, null, []), []);

    /// <summary>Make usable again; never while a certificate its item or its supplier requires is missing.</summary>
    public Result<LotStatusChanged> Release(CertificateRequirement required, IEnumerable<CertificateType> present)
    {
        if (Status is not (LotStatus.Blocked or LotStatus.Quarantine))
        {
            return Refuse("release");
        }

        var missing = required.Missing(present);
        return missing.Count > 0
            ? new RuleViolated("certificate-missing", $"lot {Id} cannot be released: {required.AwaitingReason(missing)}; attach it first")
            : new LotStatusChanged(Id, Status, LotStatus.Available);
    }

    /// <summary>Send back to the supplier; final.</summary>
    public Result<LotStatusChanged> Reject() =>
        Status is LotStatus.Available or LotStatus.Quarantine or LotStatus.Blocked
            ? new LotStatusChanged(Id, Status, LotStatus.Rejected)
            : Refuse("reject");

    /// <summary>Write off; final.</summary>
    public Result<LotStatusChanged> Scrap() =>
        Status is LotStatus.Available or LotStatus.Quarantine or LotStatus.Blocked
            ? new LotStatusChanged(Id, Status, LotStatus.Scrapped)
            : Refuse("scrap");

    /// <summary>
    /// The most pieces one cut makes: each gets a label before the cut (rule 4), and a cut of tens of thousands would make
    /// one request render as many labels. More pieces are more cuts.
    /// </summary>
    public const int MaxPiecesPerSplit = 1000;

    /// <summary>
    /// Cut into pieces. The pieces plus the recorded scrap may not exceed what the lot holds; each piece
    /// inherits the heat number, certificates and status; a lot cut down to nothing is consumed.
    /// </summary>
    public Result<LotSplit> Split(IReadOnlyList<decimal> pieces, decimal scrap, IReadOnlyList<CertificateId> certificates)
    {
        if (Status.IsFinal())
        {
            return new RuleViolated("illegal-status", $"lot {Id} is {Status.Describe()} and cannot be split{ReasonSuffix}");
        }

        if (pieces.Count == 0)
        {
            return new InvalidInput("into", "into must list at least one piece quantity");
        }

        if (pieces.Count > MaxPiecesPerSplit)
        {
            return new InvalidInput("into", $"into lists {pieces.Count} pieces; one cut makes at most {MaxPiecesPerSplit} (cut again for more)");
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            if (pieces[i] <= 0)
            {
                return new InvalidInput("into", $"piece {i + 1} has quantity {Format(pieces[i])}; every piece must be greater than zero");
            }
        }

        if (scrap < 0)
        {
            return new InvalidInput("scrap", $"scrap must not be negative (got {Format(scrap)})");
        }

        if ((QuantityPrecision.FirstTooFine(pieces, Uom, "into", cut: true) ?? QuantityPrecision.Check(scrap, Uom, "scrap", cut: true).Error) is { } tooFine)
        {
            return tooFine;
        }

        var total = pieces.Sum() + scrap;
        if (total > Quantity)
        {
            return new RuleViolated(
                "insufficient-quantity",
                $"pieces ({Format(pieces.Sum())}) plus scrap ({Format(scrap)}) come to {Format(total)} {Uom}, more than the {Format(Quantity)} {Uom} lot {Id} holds",
                "into");
        }

        var labels = pieces
            .Select((quantity, i) => new PieceLabel(Id.Piece(PiecesCut + i + 1), Id, Item, Heat, quantity, Uom, certificates))
            .ToList();
        var remaining = Quantity - total;
        return new LotSplit(Id, labels, scrap, remaining, remaining == 0 ? LotStatus.Consumed : Status);
    }

    /// <summary>
    /// Take <paramref name="quantity"/> for a correction of a manufacture record that had consumed <paramref name="restated"/> of
    /// this lot (0 when it is a new input; the lot as given already holds that back). A correction re-states history: what the record
    /// had already taken is taken again whatever the lot's status is today (a recall may have blocked it since); anything beyond is a
    /// new use, and a new use needs an available lot. Returns the lot as it is after the take.
    /// </summary>
    public Result<Lot> TakeForCorrection(decimal quantity, decimal restated)
    {
        if (quantity > restated && Status != LotStatus.Available)
        {
            return new RuleViolated(
                "not-available",
                restated > 0
                    ? $"lot {Id} is {Status.Describe()}{ReasonSuffix}; the corrected record had used {Format(restated)} {Uom} of it, and more than that ({Format(quantity)} {Uom}) cannot be consumed"
                    : $"lot {Id} is {Status.Describe()}{ReasonSuffix} and cannot be consumed",
                "use");
        }

        if (quantity > Quantity)
        {
            return new RuleViolated("insufficient-quantity", $"lot {Id} holds {Format(Quantity)} {Uom}; {Format(quantity)} {Uom} was asked for", "use");
        }

        return this with { Quantity = Quantity - quantity };
    }

    private string ReasonSuffix => StatusReason is null ? "" : $" ({StatusReason})";

    private RuleViolated Refuse(string action) =>
        new("illegal-status", $"lot {Id} is {Status.Describe()}{ReasonSuffix}; it cannot be {Past(action)}");

    private static string Past(string action) => action switch
    {
        "scrap" => "scrapped",
        "release" => "released",
        _ => action + "ed",
    };

    private static string Format(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
