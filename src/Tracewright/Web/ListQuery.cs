namespace Tracewright.Web;

/// <summary>A list page's address with its filters, sort and page as GET query parameters (empty ones left out), so a link opens the same filtered list.</summary>
public static class ListQuery
{
    public static string Link(string path, IReadOnlyDictionary<string, string?> query, int? page = null)
    {
        var parts = query.Where(p => !string.IsNullOrWhiteSpace(p.Value) && p.Key != "page")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}")
            .ToList();
        if (page is > 1)
        {
            parts.Add($"page={page}");
        }

        return parts.Count == 0 ? path : $"{path}?{string.Join("&", parts)}";
    }
}
