using Tracewright.Web;

namespace Tracewright.Features.Epcis;

/// <summary>The Export page's EPCIS download: the document <c>export --epcis</c> writes, through the same handler.</summary>
public static class EpcisPages
{
    public static void Map(RouteGroupBuilder pages) =>
        pages.MapGet("/export/epcis", DownloadAsync).RequireAuthorization(AccessPolicy.Operator);

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
