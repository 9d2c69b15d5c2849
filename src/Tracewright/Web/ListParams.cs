using System.Globalization;
using Tracewright.Data.Records;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// A list page's GET parameters as typed: <c>status</c>, <c>item</c>, <c>from</c> and <c>to</c> (days in the shop's zone,
/// both included), <c>q</c> (free text), <c>sort</c>, <c>dir</c> (asc/desc) and <c>page</c>. Links keep them, so the home page's
/// counts open the filtered list and the pager keeps the filter.
/// </summary>
public sealed record ListParams(string? Status, string? Item, string? From, string? To, string? Q, string? Sort, string? Dir, int Page)
{
    public static ListParams Read(HttpRequest request)
    {
        string? Get(string name) => request.Query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var page = int.TryParse(Get("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 1;
        return new ListParams(Get("status"), Get("item"), Get("from"), Get("to"), Get("q"), Get("sort"), Get("dir"), Paging.Lenient(page).Page);
    }

    public Paging Paging => Paging.Lenient(Page);

    /// <summary>The parameters for links (the pager adds the page).</summary>
    public IReadOnlyDictionary<string, string?> Query => new Dictionary<string, string?>
    {
        ["status"] = Status, ["item"] = Item, ["from"] = From, ["to"] = To, ["q"] = Q, ["sort"] = Sort, ["dir"] = Dir,
    };

    /// <summary>
    /// The filter for the query, with <paramref name="status"/> as the list stores it (the caller checks it against its
    /// statuses). A day that is not a date is left out and named in the error, so the rest of the filter still applies.
    /// </summary>
    public (ListFilter Filter, Error? Error) ToFilter(ShopTime time, string? status)
    {
        Error? error = null;
        DateTimeOffset? Day(string? text, string field, int add)
        {
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return time.StartOf(day.AddDays(add));
            }

            error ??= new InvalidInput(field, $"{(field == "from" ? "From" : "To")} \"{text}\" is not a day; write it as 2026-12-01");
            return null;
        }

        var filter = new ListFilter(status, Item?.ToUpperInvariant(), Day(From, "from", 0), Day(To, "to", 1), Q, Sort, !string.Equals(Dir, "asc", StringComparison.OrdinalIgnoreCase));
        return (filter, error);
    }
}
