using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>Pieces the form pages share: the lines of a scan box, and an error moved onto the form field that produced it.</summary>
public static class PageParts
{
    /// <summary>The lines of a scan text area: one entry per line (commas also separate), blanks dropped.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The same error shown at <paramref name="field"/> when the handler named one of <paramref name="from"/>:
    /// a scan box feeds several handler inputs (lot, unit, container), and the message belongs next to the box.
    /// </summary>
    public static Error? Onto(Error? error, string field, params string[] from) =>
        error?.Field is { } named && from.Contains(named) ? new Moved(error, field) : error;

    private sealed record Moved(Error Inner, string To) : Error(Inner.Code, Inner.Message)
    {
        public override ErrorKind Kind => Inner.Kind;

        public override string? Field => To;
    }
}
