using Tracewright.Labels;
using Tracewright.Web;

namespace Tracewright.Features.Labels;

/// <summary>
/// The Labels page: choose what (a lot, its pieces, a unit, a container), the format and the sheet, and download the file.
/// Every signed-in person may print, as GET /api/lots/{id}/labels allows.
/// </summary>
public static class LabelPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/labels", Form).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/labels/file", DownloadAsync).RequireAuthorization(AccessPolicy.Viewer);
    }

    public static IResult Form(string? of = null, string? id = null) =>
        Pages.Render<LabelsPage>(new { Of = of, Id = id });

    /// <summary>The file as a download; a refusal is the form again with what was chosen and the reason.</summary>
    public static async Task<IResult> DownloadAsync(Shop shop, CancellationToken cancellationToken, string? of = null, string? id = null, string? format = null, string? sheet = null)
    {
        var printed = await LabelTargets.RenderAsync(shop, of, id, format, sheet, cancellationToken);
        if (!printed.TryGet(out var label, out var error))
        {
            return Pages.Render<LabelsPage>(new { Of = of, Id = id, Format = format, Sheet = sheet, Error = error }, Pages.StatusOf(error));
        }

        return TypedResults.File(label.File.Content, label.File.MediaType, label.FileName);
    }

    /// <summary>The sheet choices as the renderer knows them.</summary>
    public static IEnumerable<(string, string)> Sheets => LabelSheet.All.Select(s => (s.Name, s.Description));
}
