using System.IO.Compression;
using Tracewright.Domain.Common;
using Tracewright.Web;

namespace Tracewright.Features.Spreadsheets;

/// <summary>
/// The Import page (a receipts, manufacture or shipments sheet: a dry run first, showing every problem by row and column,
/// then the import) and the Export page's sheet download. Operators, as the verbs that each row runs through
/// (receive, make, ship) are theirs. The upload goes through <see cref="ImportSheet"/>, the handler of <c>import-sheet</c>.
/// </summary>
public static class SheetPages
{
    /// <summary>A sheet sent back in the dry run's page so "Import" needs no second upload; larger ones must be chosen again.</summary>
    public const int MaxKeptBytes = 3_000_000; // its base64 stays under the form reader's 4 MiB a value

    /// <summary>The sheet as the dry run saw it, sent back with the Import button.</summary>
    public sealed record Kept(string Sheet, string FileName, string Base64);

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/import", () => Pages.Render<ImportPage>()).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/import", ImportAsync).RequireAuthorization(AccessPolicy.Operator).Upload();
        pages.MapGet("/export", () => Pages.Render<ExportPage>()).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/export/sheet", ExportAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/export/template", TemplateAsync).RequireAuthorization(AccessPolicy.Operator);
    }

    public static async Task<IResult> ImportAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var sheet = Forms.Text(form, "sheet");
        var apply = Forms.Flag(form, "apply");
        var (fileName, content) = await UploadedAsync(form, cancellationToken);
        if (content is null || fileName is null)
        {
            Error missing = new InvalidInput("file", "choose the sheet file (.csv or .xlsx) to import");
            return Pages.Render<ImportPage>(new { Sheet = sheet, Error = missing }, Pages.StatusOf(missing));
        }

        var folder = Directory.CreateTempSubdirectory("tracewright-import-").FullName;
        try
        {
            var path = Path.Combine(folder, fileName);
            await File.WriteAllBytesAsync(path, content, cancellationToken);
            var result = await ImportSheet.HandleAsync(shop, AccessPolicy.ActorOf(context.User), sheet, path, dryRun: !apply, null, cancellationToken);
            var kept = content.Length <= MaxKeptBytes ? new Kept(sheet ?? "", fileName, Convert.ToBase64String(content)) : null;
            return result.TryGet(out var imported, out var error)
                ? Pages.Render<ImportPage>(new { Sheet = sheet, Outcome = imported, Kept = imported.DryRun ? kept : null }, apply ? StatusCodes.Status201Created : StatusCodes.Status200OK)
                : Pages.Render<ImportPage>(new { Sheet = sheet, Error = error, FileName = fileName }, Pages.StatusOf(error));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The chosen file, else the one the dry run kept in the page.</summary>
    private static async Task<(string? Name, byte[]? Content)> UploadedAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            return (SafeName(file.FileName), buffer.ToArray());
        }

        if (Forms.Text(form, "kept") is { } encoded && Forms.Text(form, "kept-name") is { } name)
        {
            var content = new byte[encoded.Length];
            return Convert.TryFromBase64String(encoded, content, out var length) ? (SafeName(name), content[..length]) : (null, null);
        }

        return (null, null);
    }

    /// <summary>Only the name, never a path the browser sent; the extension (.csv, .xlsx) decides how it is read.</summary>
    private static string SafeName(string name)
    {
        var bare = Path.GetFileName(name.Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(bare) || bare.StartsWith('.') ? "sheet" + Path.GetExtension(bare) : bare;
    }

    /// <summary>
    /// The sheet in the import layout as <c>export-sheet</c> writes it; a receipts sheet with certificate files comes as a zip of
    /// the sheet and its certificates folder, which <c>import-sheet</c> reads back unzipped.
    /// </summary>
    public static async Task<IResult> ExportAsync(Shop shop, CancellationToken cancellationToken, string? sheet = null, string? format = null)
    {
        if (Extension(format) is not { } extension)
        {
            return BadFormat(format);
        }

        var folder = Directory.CreateTempSubdirectory("tracewright-export-").FullName;
        try
        {
            var name = $"{sheet?.Trim().ToLowerInvariant()}.{extension}";
            var path = Path.Combine(folder, "out", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var exported = await ExportSheet.HandleAsync(shop, sheet, path, cancellationToken);
            if (!exported.TryGet(out var written, out var error))
            {
                return Pages.Render<ExportPage>(new { Error = error }, Pages.StatusOf(error));
            }

            if (written.Certificates == 0)
            {
                return TypedResults.File(await File.ReadAllBytesAsync(path, cancellationToken), MediaType(extension), name);
            }

            var zip = Path.Combine(folder, "sheet.zip");
            ZipFile.CreateFromDirectory(Path.Combine(folder, "out"), zip);
            return TypedResults.File(await File.ReadAllBytesAsync(zip, cancellationToken), "application/zip", Path.GetFileNameWithoutExtension(name) + ".zip");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>An empty sheet to fill in, as <c>template</c> writes it: the header row and a commented example row.</summary>
    public static async Task<IResult> TemplateAsync(CancellationToken cancellationToken, string? sheet = null, string? format = null)
    {
        if (Extension(format) is not { } extension)
        {
            return BadFormat(format);
        }

        var folder = Directory.CreateTempSubdirectory("tracewright-template-").FullName;
        try
        {
            var name = $"{sheet?.Trim().ToLowerInvariant()}-template.{extension}";
            var path = Path.Combine(folder, name);
            var written = await ExportSheet.TemplateAsync(sheet, path, cancellationToken);
            if (!written.TryGet(out _, out var error))
            {
                return Pages.Render<ExportPage>(new { Error = error }, Pages.StatusOf(error));
            }

            return TypedResults.File(await File.ReadAllBytesAsync(path, cancellationToken), MediaType(extension), name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Extension(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "xlsx" => "xlsx",
        "csv" => "csv",
        _ => null,
    };

    private static IResult BadFormat(string? format)
    {
        Error bad = new InvalidInput("format", $"format '{format}' is not xlsx or csv");
        return Pages.Render<ExportPage>(new { Error = bad }, Pages.StatusOf(bad));
    }

    private static string MediaType(string extension) =>
        extension == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
