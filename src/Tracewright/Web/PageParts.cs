using System.Text;
using Tracewright.Domain.Common;
using static Tracewright.Web.Html;

namespace Tracewright.Web;

/// <summary>Pieces the list and form pages share: a pager, a table, and an error moved onto the form field that produced it.</summary>
public static class PageParts
{
    /// <summary>Newer/older links for a paged list; <paramref name="query"/> keeps the list's other filters.</summary>
    public static string Pager(string path, int page, bool hasMore, string? query = null)
    {
        var extra = string.IsNullOrEmpty(query) ? "" : "&" + query;
        return $"""
            <nav class="pager">
              {(page > 1 ? $"""<a href="{path}?page={page - 1}{E(extra)}" rel="prev">← Newer</a>""" : "")}
              <span>Page {page}</span>
              {(hasMore ? $"""<a href="{path}?page={page + 1}{E(extra)}" rel="next">Older →</a>""" : "")}
            </nav>
            """;
    }

    /// <summary>A table whose cells are already HTML (each value encoded by the caller).</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string empty = "Nothing yet.", string? id = null)
    {
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            body.Append("<tr>");
            foreach (var cell in row)
            {
                body.Append("<td>").Append(cell).Append("</td>");
            }

            body.Append("</tr>");
        }

        return body.Length == 0
            ? $"<p>{E(empty)}</p>"
            : $"""<table{(id is null ? "" : $" id=\"{E(id)}\"")}><thead><tr>{string.Concat(headers.Select(h => $"<th>{E(h)}</th>"))}</tr></thead><tbody>{body}</tbody></table>""";
    }

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

    /// <summary>A link to a record's page by its id's prefix, for ids that appear in lists.</summary>
    public static string Link(string id) => $"""<a href="{E(RecordPaths.Of(null, id))}">{E(id)}</a>""";
}
