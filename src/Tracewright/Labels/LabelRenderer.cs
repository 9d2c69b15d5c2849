using System.Text;
using Tracewright.Domain.Common;

namespace Tracewright.Labels;

/// <summary>The file formats a label can be written in.</summary>
public enum LabelFormat
{
    /// <summary>One label, vector, true size.</summary>
    Svg,
    /// <summary>One label, raster (300 dpi greyscale).</summary>
    Png,
    /// <summary>Any number of labels on a sheet grid.</summary>
    Pdf,
    /// <summary>Any number of labels for a Zebra printer.</summary>
    Zpl,
}

/// <summary>A rendered label file: its bytes and how to name and serve it.</summary>
public sealed record LabelFile(byte[] Content, LabelFormat Format, LabelSheet Sheet, int Labels)
{
    public string Extension => Format.ToString().ToLowerInvariant();

    public string MediaType => Format switch
    {
        LabelFormat.Svg => "image/svg+xml",
        LabelFormat.Png => "image/png",
        LabelFormat.Pdf => "application/pdf",
        LabelFormat.Zpl => "application/vnd.zebra-zpl",
        _ => "application/octet-stream",
    };
}

/// <summary>
/// The one entry point for printing labels: the <c>label</c> verb, a split's <c>--labels</c> and any later HTTP
/// endpoint call <see cref="Render"/>. SVG and PNG hold one label; PDF and ZPL hold any number.
/// </summary>
public static class LabelRenderer
{
    /// <summary>The format named by <paramref name="format"/>, else the one implied by the extension of <paramref name="path"/>, else PDF.</summary>
    public static Result<LabelFormat> ParseFormat(string? format, string? path = null)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            var extension = Path.GetExtension(path ?? "").TrimStart('.');
            return Enum.TryParse<LabelFormat>(extension, ignoreCase: true, out var implied) && Enum.IsDefined(implied) && !extension.All(char.IsAsciiDigit)
                ? implied
                : LabelFormat.Pdf;
        }

        return Text.Choice<LabelFormat>(format, "format");
    }

    /// <summary>The sheet named by <paramref name="sheet"/>, else the usual one for the format: 4 × 6 in for ZPL, Avery L7160 otherwise.</summary>
    public static Result<LabelSheet> ParseSheet(string? sheet, LabelFormat format) =>
        string.IsNullOrWhiteSpace(sheet)
            ? format == LabelFormat.Zpl ? LabelSheet.Thermal4x6 : LabelSheet.L7160
            : LabelSheet.Parse(sheet);

    /// <summary>Renders <paramref name="labels"/> in order; SVG and PNG refuse more than one label.</summary>
    /// <summary>The most labels one PDF or ZPL file holds (48 pages of L7160): a bound on what one request may make the server draw.</summary>
    public const int MaxLabelsPerFile = 1000;

    public static Result<LabelFile> Render(IReadOnlyList<LabelData> labels, LabelFormat format, LabelSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sheet);
        if (labels.Count == 0)
        {
            return new InvalidInput("labels", "there are no labels to print");
        }

        if (labels.Count > MaxLabelsPerFile)
        {
            return new InvalidInput("labels", $"{labels.Count} labels are more than one file holds ({MaxLabelsPerFile}); print them in parts");
        }

        if (format is LabelFormat.Svg or LabelFormat.Png && labels.Count > 1)
        {
            return new InvalidInput("format", $"{format.ToString().ToLowerInvariant()} holds one label; use pdf or zpl for {labels.Count} labels");
        }

        var content = format switch
        {
            LabelFormat.Svg => Encoding.UTF8.GetBytes(SvgLabel.Render(labels[0], sheet.LabelWidth, sheet.LabelHeight)),
            LabelFormat.Png => PngLabel.Render(labels[0], sheet.LabelWidth, sheet.LabelHeight),
            LabelFormat.Pdf => PdfLabels.Render(labels, sheet),
            LabelFormat.Zpl => Encoding.UTF8.GetBytes(ZplLabels.Render(labels, sheet)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        return new LabelFile(content, format, sheet, labels.Count);
    }
}
