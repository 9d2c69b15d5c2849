using System.IO.Compression;
using Tracewright.Domain.Common;
using Tracewright.Web;

namespace Tracewright.Features.Spreadsheets;

/// <summary>
/// The Import page (a receipts, manufacture or shipments sheet: a dry run first, showing every problem by row and column,
/// then the import) and the Export page's sheet download. Operators, as the verbs that each row runs through
/// (receive, make, ship) are theirs. The upload goes through <see cref="ImportSheet"/>, the handler of <c>import-sheet</c>,
/// with the certificate files chosen beside the sheet matched by file name.
/// </summary>
public static class SheetPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/import", () => Pages.Render<ImportPage>()).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/import", ImportAsync).RequireAuthorization(AccessPolicy.Operator).Upload();
        pages.MapGet("/export", () => Pages.Render<ExportPage>()).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/export/sheet", ExportAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapGet("/export/template", TemplateAsync).RequireAuthorization(AccessPolicy.Operator);
    }

    /// <summary>
    /// A check (or, ticked, an import) of a newly chosen sheet with the certificate files it names, or the import of the
    /// sheet and files a clean check kept (<see cref="ImportUploads"/>, named by the form's <c>upload</c> token).
    /// </summary>
    public static async Task<IResult> ImportAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var sheet = Forms.Text(form, "sheet");
        var apply = Forms.Flag(form, "apply");
        var actor = AccessPolicy.ActorOf(context.User);
        var kept = await KeepAsync(form, actor, cancellationToken);
        if (!kept.TryGet(out var upload, out var keepError))
        {
            return Pages.Render<ImportPage>(new { Sheet = sheet, Error = keepError }, Pages.StatusOf(keepError));
        }

        var keep = false;
        try
        {
            var result = await ImportSheet.HandleAsync(shop, actor, sheet, upload.Sheet, dryRun: !apply, null, cancellationToken, files: upload.Files, byFileName: true);
            if (!result.TryGet(out var imported, out var error))
            {
                var named = error is SheetInvalid invalid ? invalid.FilesNamed : [];
                return Pages.Render<ImportPage>(
                    new { Sheet = sheet, Error = error, FileName = Path.GetFileName(upload.Sheet), Warnings = Unnamed(upload, named) },
                    Pages.StatusOf(error));
            }

            keep = imported.DryRun;
            return Pages.Render<ImportPage>(
                new { Sheet = sheet, Outcome = imported, Token = keep ? upload.Token : null, Files = upload.FileNames, Warnings = Unnamed(upload, imported.FilesNamed) },
                apply ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        finally
        {
            if (!keep)
            {
                upload.Delete();
            }
        }
    }

    /// <summary>An uploaded file no row names: said, never an error (it is simply not filed).</summary>
    private static IReadOnlyList<string> Unnamed(ImportUploads upload, IReadOnlyList<string> named) =>
        upload.FileNames.Except(named, StringComparer.Ordinal)
            .Select(f => $"certificate file '{f}' was uploaded but no row's certificate file names it; it is not filed")
            .ToList();

    /// <summary>The newly chosen sheet and certificate files, kept; else what a clean check kept under the form's token.</summary>
    private static async Task<Result<ImportUploads>> KeepAsync(IFormCollection form, string actor, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            if (Forms.Text(form, "upload") is { } token)
            {
                return ImportUploads.Find(token, actor) is { Sheet: not null } found
                    ? found
                    : new InvalidInput("file", $"the checked sheet and its certificate files are no longer kept (they are kept for {ImportUploads.Lifetime.TotalMinutes:0} minutes, on the server that checked them): choose them again and check the sheet");
            }

            return new InvalidInput("file", "choose the sheet file (.csv or .xlsx) to import");
        }

        var upload = ImportUploads.Create(actor);
        await using (var content = file.OpenReadStream())
        {
            await upload.KeepSheetAsync(SafeName(file.FileName), content, cancellationToken);
        }

        foreach (var certificate in form.Files.GetFiles("certificates").Where(f => f.Length > 0))
        {
            var name = Path.GetFileName(certificate.FileName.Replace('\\', '/'));
            await using var content = certificate.OpenReadStream();
            if (string.IsNullOrWhiteSpace(name) || name.StartsWith('.') || !await upload.KeepFileAsync(name, content, cancellationToken))
            {
                upload.Delete();
                return new InvalidInput("certificates", $"certificate files: '{name}' is chosen twice or is no file name a sheet can name; choose each file once");
            }
        }

        return upload;
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
