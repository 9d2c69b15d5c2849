using Tracewright.Data;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Spreadsheets;

/// <summary>What one row (or group of rows) of an import made: a lot, a record, a customer, an order, a shipment.</summary>
public sealed record SheetCreated(int Row, string Record, string What, string? Note = null);

/// <summary>
/// One import in progress: the rows, the one write transaction every row runs in, and the problems and records
/// collected so far. Importers run every row even after a problem so that all problems are reported at once.
/// </summary>
internal sealed class SheetImport(WriteTransaction write, string actor, string folder, IReadOnlyList<SheetRow> rows, Action<int, int>? progress)
{
    private int _done;

    public WriteTransaction Write { get; } = write;

    public string Actor { get; } = actor;

    /// <summary>
    /// The folder a sheet's files (certificates) are in and confined to: the sheet's own, or <c>--files</c>. A path in a
    /// sheet is relative to it.
    /// </summary>
    public string Folder { get; } = folder;

    /// <summary>
    /// The full path of <paramref name="file"/> when it is inside <see cref="Folder"/> — after <c>..</c> and an absolute
    /// path are resolved, and after following a symbolic link — else null.
    /// </summary>
    public string? FileIn(string file)
    {
        var root = Resolve(Path.GetFullPath(Folder));
        var full = Resolve(Path.GetFullPath(Path.Combine(root, file)));
        var relative = Path.GetRelativePath(root, full);
        return relative == "." || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : full;
    }

    /// <summary>The path with every symbolic link in it followed (a link inside the folder may point outside it).</summary>
    private static string Resolve(string path, int depth = 0)
    {
        var parent = Path.GetDirectoryName(path);
        if (parent is null || depth > 40)
        {
            return path;
        }

        var here = Path.Combine(Resolve(parent, depth + 1), Path.GetFileName(path));
        FileSystemInfo info = Directory.Exists(here) ? new DirectoryInfo(here) : new FileInfo(here);
        return info.LinkTarget is { } target ? Resolve(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, target)), depth + 1) : here;
    }

    /// <summary>
    /// True when the files were uploaded with the sheet (the Import page): a certificate file is then matched by its file
    /// name alone among the files in <see cref="Folder"/>, whatever folder the sheet puts it in.
    /// </summary>
    public bool ByFileName { get; init; }

    /// <summary>The file names the rows' certificate file cells name (all of them, also of rows with problems).</summary>
    public SortedSet<string> FilesNamed { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SheetRow> Rows { get; } = rows;

    public List<CellProblem> Problems { get; } = [];

    public List<SheetCreated> Created { get; } = [];

    public void Step(int rows = 1)
    {
        _done += rows;
        progress?.Invoke(_done, Rows.Count);
    }

    /// <summary>Records every failed check of a row against its column; true when the row has any.</summary>
    public bool Report(SheetRow row, params (string Column, Error? Error)[] checks)
    {
        var any = false;
        foreach (var (column, error) in checks)
        {
            if (error is not null)
            {
                Problems.Add(new CellProblem(row.Number, column, error.Message));
                any = true;
            }
        }

        return any;
    }

    public void Problem(SheetRow row, string? column, string message) => Problems.Add(new CellProblem(row.Number, column, message));

    /// <summary>
    /// A handler's error, placed on the row and column it is about: the handler names its field (<c>qty</c>,
    /// <c>use</c>), <paramref name="columns"/> says which sheet column that is, and among the rows of a group the
    /// one whose cell the message quotes is blamed (else the group's first row).
    /// </summary>
    public void Fail(IReadOnlyList<SheetRow> group, Error error, IReadOnlyDictionary<string, string> columns)
    {
        var column = error.Field is { } field && columns.TryGetValue(field, out var mapped) ? mapped : null;
        var row = column is null
            ? group[0]
            : group.FirstOrDefault(r => r[column] is { } value && error.Message.Contains(value, StringComparison.OrdinalIgnoreCase)) ?? group[0];
        Problems.Add(new CellProblem(row.Number, column, error.Message));
    }

    /// <summary>One value per group for a column that describes the whole group; a second, different value is a problem.</summary>
    public string? GroupValue(IReadOnlyList<SheetRow> group, string column, string groupColumn)
    {
        string? first = null;
        foreach (var row in group)
        {
            if (row[column] is not { } value)
            {
                continue;
            }

            if (first is null)
            {
                first = value;
            }
            else if (!string.Equals(first, value, StringComparison.Ordinal))
            {
                Problem(row, column, $"{groupColumn} '{row[groupColumn]}' already has {column} '{first}' on an earlier row; give it once or the same on every row");
            }
        }

        return first;
    }

    /// <summary>Rows with the same value in <paramref name="column"/>, in the order each first appears.</summary>
    public IReadOnlyList<IReadOnlyList<SheetRow>> Groups(string column) =>
        Rows.GroupBy(r => r[column] ?? "", StringComparer.OrdinalIgnoreCase).Select(g => (IReadOnlyList<SheetRow>)g.ToList()).ToList();
}
