namespace Tracewright.Features.Spreadsheets;

/// <summary>The three sheets a shop moving off spreadsheets keeps: deliveries, production runs, shipments.</summary>
public enum SheetKind
{
    Receipts,
    Manufacture,
    Shipments,
}

/// <summary>One column of a sheet layout. Export-only columns are written for people to read and ignored on import.</summary>
public sealed record SheetColumn(string Name, bool Required = false, bool ExportOnly = false, bool Numeric = false);

/// <summary>
/// The documented column layouts (docs/spreadsheets.md). Headers are matched ignoring case and repeated spaces,
/// in any order; a column not in the layout is refused so a typo in a header never silently drops data.
/// </summary>
public static class SheetLayout
{
    public static IReadOnlyList<SheetColumn> Columns(SheetKind kind) => kind switch
    {
        SheetKind.Receipts =>
        [
            new("item", Required: true), new("supplier", Required: true), new("heat", Required: true), new("supplier lot"),
            new("qty", Required: true, Numeric: true), new("uom", Required: true), new("po"), new("grade"), new("certifications"),
            new("received on"), new("certificate file"), new("certificate type"), new("certificate heat"), new("allow duplicate"),
            new("lot", ExportOnly: true), new("status", ExportOnly: true),
        ],
        SheetKind.Manufacture =>
        [
            new("record ref", Required: true), new("item"), new("bom"), new("input lot"), new("input qty", Numeric: true), new("input serial"),
            new("machine"), new("tool"), new("operator"), new("sop"), new("started"), new("finished"), new("batch qty", Numeric: true),
            new("serials"), new("deviation"), new("notes"), new("output lot", ExportOnly: true),
        ],
        _ =>
        [
            new("shipment ref", Required: true), new("customer"), new("customer email"), new("order"), new("customer po"),
            new("lot"), new("qty", Numeric: true), new("unit serial"), new("container"), new("ship date"), new("ship from"), new("reference"),
            new("shipment", ExportOnly: true),
        ],
    };

    /// <summary>
    /// The template's example row. Its first cell starts with <c>#</c>, which marks a comment row that import skips,
    /// so a template imported unchanged imports nothing.
    /// </summary>
    public static IReadOnlyList<string> Example(SheetKind kind) => kind switch
    {
        SheetKind.Receipts =>
        [
            "#ALU-6061-PLATE", "Midwest Aluminum Supply", "H-24-0117", "", "4", "ea", "PO-1001", "6061-T6", "RoHS", "2024-05-14",
            "certificates/mtr-h-24-0117.pdf", "MTR", "H-24-0117", "", "", "",
        ],
        SheetKind.Manufacture =>
        [
            "#run-1", "ENCL-10", "BOM-0001", "ACR-0524-02", "5", "", "Twotrees TTC450 Pro", "3.175 mm single-flute", "Kim", "",
            "2024-05-22T08:00Z", "2024-05-22T11:30Z", "10", "", "", "", "",
        ],
        _ =>
        [
            "#shipment-1", "Dietz Prototypes", "zoe@dietz.example", "", "PO-4471", "ENC-0524-003", "2", "", "", "2024-05-30", "", "DN-88", "",
        ],
    };

    /// <summary>How headers are compared: trimmed, lower case, runs of spaces (and _ or -) as one space.</summary>
    public static string Normalise(string header) =>
        string.Join(' ', header.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
