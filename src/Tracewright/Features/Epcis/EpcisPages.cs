using Tracewright.Web;

namespace Tracewright.Features.Epcis;

/// <summary>
/// The Export page's EPCIS download (the document <c>export --epcis</c> writes, through the same handler), and the admin's
/// EPCIS integration page.
/// </summary>
public static class EpcisPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/export/epcis", DownloadAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/admin/epcis", IntegrationAsync).RequireAuthorization(AccessPolicy.Admin);
    }

    /// <summary><c>/admin/epcis</c>: the latest capture jobs, the named queries and every subscription with its delivery state.</summary>
    public static async Task<IResult> IntegrationAsync(Shop shop, CancellationToken cancellationToken)
    {
        var jobs = (await Data.Epcis.CaptureJobStore.LatestAsync(shop.Database, 50, cancellationToken)).Select(CaptureJobs.View).ToList();
        var queries = (await Data.Epcis.EpcisQueryStore.QueriesAsync(shop.Database, null, QueryEpcis.MaxPerPage, cancellationToken)).Select(NamedQueries.View).ToList();
        var subscribed = new List<System.Text.Json.Nodes.JsonObject>();
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            foreach (var s in await Data.Epcis.EpcisQueryStore.SubscriptionsAsync(connection, null, null, null, QueryEpcis.MaxPerPage, cancellationToken))
            {
                subscribed.Add(await Subscriptions.ViewAsync(shop, s, cancellationToken));
            }
        }

        return Pages.Render<IntegrationPage>(new { Jobs = jobs, Queries = queries, Subscribed = subscribed });
    }

    public static async Task<IResult> DownloadAsync(Shop shop, CancellationToken cancellationToken, string? format = null)
    {
        var kind = string.IsNullOrWhiteSpace(format) ? "json" : format.Trim().ToLowerInvariant();
        var folder = Directory.CreateTempSubdirectory("tracewright-epcis-").FullName;
        try
        {
            var path = Path.Combine(folder, $"tracewright-epcis.{kind}");
            var exported = await ExportEpcis.HandleAsync(shop, path, kind, cancellationToken);
            if (!exported.TryGet(out _, out var error))
            {
                return Pages.Render<Spreadsheets.ExportPage>(new { Error = error }, Pages.StatusOf(error));
            }

            var media = kind == "xml" ? "application/xml" : "application/ld+json";
            return TypedResults.File(await File.ReadAllBytesAsync(path, cancellationToken), media, Path.GetFileName(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
