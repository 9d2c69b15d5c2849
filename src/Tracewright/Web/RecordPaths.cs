namespace Tracewright.Web;

/// <summary>Where a record is best shown: by its kind when known, else by its id's prefix, else through the scan box's search.</summary>
public static class RecordPaths
{
    public static string Of(string? kind, string id) => kind switch
    {
        "lot" => $"/lots/{Uri.EscapeDataString(id)}",
        "unit" => $"/units/{Uri.EscapeDataString(id)}",
        "ncr" => $"/ncrs/{Uri.EscapeDataString(id)}",
        "capa" => $"/capas/{Uri.EscapeDataString(id)}",
        "container" => $"/containers/{Uri.EscapeDataString(id)}",
        "manufacture" or "certificate" or "deviation" or "bom" or "item" or "supplier" or "number" => $"/records/{Uri.EscapeDataString(id)}",
        null => ByPrefix(id),
        _ => $"/records/{Uri.EscapeDataString(id)}",
    };

    private static string ByPrefix(string id) => id switch
    {
        _ when id.StartsWith("CUS-", StringComparison.Ordinal) => $"/customers/{Uri.EscapeDataString(id)}",
        _ when id.StartsWith("SO-", StringComparison.Ordinal) => $"/orders/{Uri.EscapeDataString(id)}",
        _ when id.StartsWith("SHP-", StringComparison.Ordinal) => $"/shipments/{Uri.EscapeDataString(id)}",
        _ when id.StartsWith("NCR-", StringComparison.Ordinal) => $"/ncrs/{Uri.EscapeDataString(id)}",
        _ when id.StartsWith("CAPA-", StringComparison.Ordinal) => $"/capas/{Uri.EscapeDataString(id)}",
        _ => $"/search?q={Uri.EscapeDataString(id)}",
    };
}
