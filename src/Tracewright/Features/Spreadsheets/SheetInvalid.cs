using Tracewright.Domain.Common;

namespace Tracewright.Features.Spreadsheets;

/// <summary>One problem in a sheet: the row number as the sheet shows it (the header is row 1), the column header, and why.</summary>
public sealed record CellProblem(int Row, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"row {Row}: {Message}" : $"row {Row}, column '{Column}': {Message}";
}

/// <summary>
/// A sheet that was not imported, with every problem found (not only the first), so a person can fix the whole
/// sheet in one go. Nothing of it was written.
/// </summary>
public sealed record SheetInvalid(string File, IReadOnlyList<CellProblem> Problems)
    : Error("sheet-invalid", $"{File}: nothing imported; {Problems.Count} problem(s):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Problems)}")
{
    public override ErrorKind Kind => ErrorKind.Invalid;

    /// <summary>The certificate file names the sheet's rows name (see <see cref="ImportSheet.Response.FilesNamed"/>).</summary>
    public IReadOnlyList<string> FilesNamed { get; init; } = [];
}
