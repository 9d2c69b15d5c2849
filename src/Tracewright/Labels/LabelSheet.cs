using Tracewright.Domain.Common;

namespace Tracewright.Labels;

/// <summary>
/// A page of labels: the page size, the grid and where the first label sits, all in millimetres. Labels fill
/// the grid row by row; a label's top-left corner is (<see cref="Left"/> + column × <see cref="PitchX"/>,
/// <see cref="Top"/> + row × <see cref="PitchY"/>). The grids are the manufacturers' published templates.
/// </summary>
public sealed record LabelSheet(
    string Name,
    string Description,
    double PageWidth,
    double PageHeight,
    int Columns,
    int Rows,
    double LabelWidth,
    double LabelHeight,
    double Left,
    double Top,
    double PitchX,
    double PitchY)
{
    /// <summary>Avery L7160: A4, 3 × 7 labels of 63.5 × 38.1 mm, 2.5 mm between columns.</summary>
    public static LabelSheet L7160 { get; } = new("l7160", "Avery L7160, A4, 3 x 7 labels 63.5 x 38.1 mm", 210, 297, 3, 7, 63.5, 38.1, 7.21, 15.15, 66.04, 38.1);

    /// <summary>Avery 5160: US Letter, 3 × 10 labels of 2 5/8 × 1 in, 1/8 in between columns.</summary>
    public static LabelSheet Avery5160 { get; } = new("5160", "Avery 5160, US Letter, 3 x 10 labels 2 5/8 x 1 in", 215.9, 279.4, 3, 10, 66.675, 25.4, 4.7625, 12.7, 69.85, 25.4);

    /// <summary>One 4 × 6 in label per page, for thermal printers driven through a PDF print dialog.</summary>
    public static LabelSheet Thermal4x6 { get; } = new("4x6", "4 x 6 in thermal label, one per page", 101.6, 152.4, 1, 1, 101.6, 152.4, 0, 0, 101.6, 152.4);

    public static IReadOnlyList<LabelSheet> All { get; } = [L7160, Avery5160, Thermal4x6];

    public int LabelsPerPage => Columns * Rows;

    /// <summary>Pages needed for <paramref name="labels"/> labels; at least one, so an empty sheet is still a document.</summary>
    public int PagesFor(int labels) => Math.Max(1, (labels + LabelsPerPage - 1) / LabelsPerPage);

    /// <summary>The top-left corner (mm) of the label at <paramref name="index"/> on its page.</summary>
    public (double X, double Y) Origin(int index)
    {
        var slot = index % LabelsPerPage;
        return (Left + (slot % Columns) * PitchX, Top + (slot / Columns) * PitchY);
    }

    public static Result<LabelSheet> Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "l7160" or "avery-l7160" => L7160,
        "5160" or "avery-5160" => Avery5160,
        "4x6" or "thermal" => Thermal4x6,
        _ => new InvalidInput("sheet", $"sheet '{name}' is not one of: {string.Join(", ", All.Select(s => s.Name))}"),
    };
}
