using System.Globalization;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Epcis;

/// <summary>
/// The paging of the REST binding's lists that are not event queries (the resource collections, the capture jobs):
/// <c>perPage</c> and <c>nextPageToken</c>, nothing else, and a <c>Link</c> header to the next page.
/// </summary>
public static class EpcisPaging
{
    public sealed record Asked(int PerPage, string? After);

    public static Result<Asked> Read(HttpRequest request)
    {
        var perPage = QueryEpcis.DefaultPerPage;
        if (request.Query["perPage"] is { Count: > 0 } given
            && (given.Count != 1 || !int.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage is < 1 or > QueryEpcis.MaxPerPage))
        {
            return new InvalidInput("perPage", $"perPage must be a whole number from 1 to {QueryEpcis.MaxPerPage}");
        }

        string? after = null;
        if (request.Query["nextPageToken"] is { Count: > 0 } token)
        {
            if (!EpcisPageTokens.Take(request, token.ToString()).TryGet(out var position, out var error))
            {
                return error;
            }

            after = position;
        }

        if (request.Query.Keys.FirstOrDefault(k => k is not ("perPage" or "nextPageToken")) is { } unknown)
        {
            return new InvalidInput(unknown, $"'{unknown}' is not a parameter of this resource (perPage, nextPageToken)");
        }

        return new Asked(perPage, after);
    }

    /// <summary>The <c>Link</c> to the page after <paramref name="last"/>, the last item of this one.</summary>
    public static void LinkNext(HttpRequest request, int perPage, string last)
    {
        var next = QueryString.Create(new KeyValuePair<string, string?>[] { new("perPage", perPage.ToString(CultureInfo.InvariantCulture)), new("nextPageToken", EpcisPageTokens.Give(request, last)) });
        request.HttpContext.Response.Headers.Link = $"<{request.PathBase}{request.Path}{next}>; rel=\"next\"";
    }
}
