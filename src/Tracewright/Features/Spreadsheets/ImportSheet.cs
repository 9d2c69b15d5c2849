using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Spreadsheets;

/// <summary>
/// <c>tracewright import-sheet receipts|manufacture|shipments FILE</c>: every row is checked and run through the
/// same handler its verb uses, all in ONE write transaction; the transaction commits only when no row has a
/// problem (and never on <c>--dry-run</c>), so a sheet is imported whole or not at all.
/// </summary>
/// <remarks>
/// Checking and applying are one pass: each row is applied inside the transaction, so later rows see what earlier
/// rows did (a shipment of a lot received further up, two runs drawing on one lot) exactly as they would after
/// commit, and a problem anywhere rolls everything back. A separate "validate first" transaction would do the same
/// work twice and could be overtaken by another writer between the two.
/// </remarks>
public static class ImportSheet
{
    /// <param name="FilesNamed">The certificate file names the rows name; the Import page warns of an uploaded file none names.</param>
    public sealed record Response(string Sheet, string File, bool DryRun, int Rows, IReadOnlyList<SheetCreated> Created)
    {
        public IReadOnlyList<string> FilesNamed { get; init; } = [];
    }

    /// <remarks>
    /// <paramref name="files"/> is the folder the sheet's certificate files must be in (default: the sheet's own). With
    /// <paramref name="byFileName"/> (files uploaded with the sheet, all in that one folder) a certificate file is found by
    /// its name alone, and one not there is reported as not uploaded.
    /// </remarks>
    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, string? sheet, string? file, bool dryRun, Action<int, int>? progress, CancellationToken cancellationToken, string? files = null, bool byFileName = false)
    {
        var kind = Text.Choice<SheetKind>(sheet, "sheet");
        var path = Text.Required(file, "file", 4096);
        var error = kind.Error ?? path.Error;
        if (error is not null)
        {
            return error;
        }

        if (files is not null && !Directory.Exists(files))
        {
            return new InvalidInput("--files", $"--files: no such folder: {files}");
        }

        var read = SheetFile.Read(path.Value);
        if (!read.TryGet(out var table, out var readError))
        {
            return readError;
        }

        var name = Path.GetFileName(path.Value);
        var rows = Rows(kind.Value, table.Headers, table.Rows, out var problems);
        if (problems.Count > 0)
        {
            return new SheetInvalid(name, problems);
        }

        if (rows.Count == 0)
        {
            return new InvalidInput("file", $"{name} has no data rows (rows whose first cell starts with # are comments)");
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var import = new SheetImport(write, actor, files is null ? Path.GetDirectoryName(Path.GetFullPath(path.Value))! : Path.GetFullPath(files), rows, progress) { ByFileName = byFileName };
        await (kind.Value switch
        {
            SheetKind.Receipts => ImportReceipts.RunAsync(import, cancellationToken),
            SheetKind.Manufacture => ImportManufacture.RunAsync(import, cancellationToken),
            _ => ImportShipments.RunAsync(import, cancellationToken),
        });
        if (import.Problems.Count > 0)
        {
            return new SheetInvalid(name, import.Problems.OrderBy(p => p.Row).ToList()) { FilesNamed = [.. import.FilesNamed] };
        }

        if (!dryRun)
        {
            await write.CommitAsync(cancellationToken);
        }

        return new Response(kind.Value.ToString().ToLowerInvariant(), name, dryRun, rows.Count, import.Created) { FilesNamed = [.. import.FilesNamed] };
    }

    /// <summary>Matches the header row to the layout and turns data rows into cells by column; comment and blank rows are skipped.</summary>
    private static List<SheetRow> Rows(SheetKind kind, IReadOnlyList<string> headers, IReadOnlyList<(int Number, IReadOnlyList<string> Cells)> data, out List<CellProblem> problems)
    {
        problems = [];
        var layout = SheetLayout.Columns(kind);
        var names = new string?[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            var header = SheetLayout.Normalise(headers[i]);
            if (header.Length == 0)
            {
                continue;
            }

            if (layout.All(c => c.Name != header))
            {
                problems.Add(new CellProblem(1, headers[i], $"unknown column; the {kind.ToString().ToLowerInvariant()} sheet has: {string.Join(", ", layout.Select(c => c.Name))}"));
            }
            else if (names.Contains(header))
            {
                problems.Add(new CellProblem(1, headers[i], "this column appears twice"));
            }
            else
            {
                names[i] = header;
            }
        }

        foreach (var missing in layout.Where(c => c.Required && !names.Contains(c.Name)))
        {
            problems.Add(new CellProblem(1, missing.Name, "required column is missing"));
        }

        var rows = new List<SheetRow>();
        foreach (var (number, cells) in data)
        {
            if (cells.All(string.IsNullOrWhiteSpace) || cells[0].TrimStart().StartsWith('#'))
            {
                continue;
            }

            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < cells.Count; i++)
            {
                if (i < names.Length && names[i] is { } column)
                {
                    byName[column] = SheetFile.Unneutralise(cells[i]);
                }
                else if (!string.IsNullOrWhiteSpace(cells[i]) && (i >= headers.Count || string.IsNullOrWhiteSpace(headers[i])))
                {
                    problems.Add(new CellProblem(number, null, $"column {i + 1} holds '{cells[i]}' but has no header"));
                }
            }

            rows.Add(new SheetRow(number, byName));
        }

        return rows;
    }

    public static Command Verb(CliHost host)
    {
        var sheet = new Argument<string>("sheet") { Description = "receipts, manufacture or shipments" };
        var file = new Argument<string>("file") { Description = "The sheet: FILE.csv or FILE.xlsx (first worksheet)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row against the current data and report, writing nothing" };
        var files = new Option<string?>("--files") { Description = "The folder the sheet's certificate files are in (default: the sheet's folder); a file outside it is refused" };
        var command = new Command("import-sheet", "Import a receipts, manufacture or shipments sheet: every row, or nothing") { sheet, file, dryRun, files };
        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                // A progress bar only for a person watching a terminal; redirected or captured stderr stays clean.
                var bar = ProgressBar.For(host, "rows");
                try
                {
                    return await HandleAsync(shop, host.ActorOf(p), p.GetValue(sheet), p.GetValue(file), p.GetValue(dryRun), bar is null ? null : (done, total) => bar.Report(done, total), ct, p.GetValue(files));
                }
                finally
                {
                    bar?.Done();
                }
            },
            (o, r) =>
            {
                o.WriteLine($"{r.File}: {r.Rows} row(s) {(r.DryRun ? "checked, all would import (dry run: nothing written)" : "imported")}");
                foreach (var made in r.Created)
                {
                    o.WriteLine($"  row {made.Row}: {made.Record} {made.What}{(made.Note is null ? "" : $" ({made.Note})")}");
                }
            }));
        return command;
    }
}
