using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Production;

/// <summary>
/// <c>tracewright asbuilt SN [--as-of TIME]</c>: what a unit was made of, at any moment, to any depth — from native records, or
/// from captured EPCIS events for a unit known only from them (<see cref="AsBuiltEpcis"/>).
/// </summary>
public static class ShowAsBuilt
{
    public sealed record Response(string Unit, string? AsOf, AsBuiltNode Tree);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string? unitText, string? asOfText, CancellationToken cancellationToken)
    {
        Result<DateTimeOffset>? asOf = asOfText is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(asOfText, "as-of");
        if (asOf?.Error is { } error)
        {
            return error;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await Lookup.UnitAsync(connection, null, unitText, "serial", cancellationToken);
        var moment = asOf is null ? null : Timestamp.ToText(asOf.Value.Value);
        if (!found.TryGet(out var unit, out var unitError))
        {
            // A unit known only from captured EPCIS events (an MES's, or the shop's own export read back) has its tree there.
            // The tree's root names the unit as answers do: its native id when it is one of ours, else as captured.
            return unitText is not null && await AsBuiltEpcis.ResolveAsync(connection, unitText.Trim(), cancellationToken) is { } epc
                && await AsBuiltEpcis.BuildAsync(connection, epc, moment, cancellationToken) is { } captured
                ? new Response(captured.Id, moment, captured)
                : unitError;
        }

        var tree = await AsBuiltQuery.BuildAsync(connection, unit.Id, moment, cancellationToken);
        return new Response(unit.Id.Value, moment, tree);
    }

    public static Command Verb(CliHost host)
    {
        var unit = new Argument<string>("serial") { Description = "SERIAL or ITEM:SERIAL" };
        var asOf = new Option<string?>("--as-of") { Description = "The moment to reconstruct (default now)" };
        var html = new Option<string?>("--html") { Description = "Also write a printable as-built record (HTML)" };
        var command = new Command("asbuilt", "The as-built tree of a unit: components, lots, heat numbers, certificates, tests, NCRs") { unit, asOf, html };
        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var result = await HandleAsync(shop, p.GetValue(unit), p.GetValue(asOf), ct);
                if (result.TryGet(out var built, out _) && p.GetValue(html) is { } path)
                {
                    var written = await Labels.PrintLabel.WriteAsync(path, Printable(built), ct);
                    if (!written.IsSuccess)
                    {
                        return written.Error!;
                    }
                }

                return result;
            },
            (o, r) =>
            {
                o.WriteLine($"as built: {r.Unit}{(r.AsOf is null ? "" : $" as of {r.AsOf}")}");
                foreach (var note in r.Tree.Notes)
                {
                    o.WriteLine($"    {note}");
                }

                Print(o, r.Tree, 1);
            }));
        return command;
    }

    /// <summary>The as-built record as a page to print or file: the tree as nested lists with every note.</summary>
    public static byte[] Printable(Response built)
    {
        static string E(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");
        var page = new System.Text.StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>As built: ").Append(E(built.Unit))
            .Append("</title><style>body{font:11pt system-ui,sans-serif;margin:1.5cm}li{margin:.3em 0}.note{font-size:9pt;color:#333}</style></head><body><h1>As-built record: ")
            .Append(E(built.Unit)).Append("</h1><p>").Append(built.AsOf is null ? "Current configuration." : $"As of {E(built.AsOf)}.").Append("</p>");
        void Node(AsBuiltNode node)
        {
            page.Append("<ul>");
            foreach (var note in node.Notes)
            {
                page.Append("<li class=\"note\">").Append(E(note)).Append("</li>");
            }

            foreach (var child in node.Children)
            {
                page.Append("<li><b>").Append(E(child.Kind)).Append(' ').Append(E(child.Id)).Append("</b> ").Append(E(child.Item.Value));
                if (child.Quantity is { } quantity)
                {
                    page.Append(' ').Append(Lookup.Format(quantity)).Append(' ').Append(E(child.Uom));
                }

                page.Append(child.Heat is null ? "" : $", heat {E(child.Heat)}").Append(child.Supplier is null ? "" : $", from {E(child.Supplier)}")
                    .Append(child.Certificates.Count == 0 ? "" : $", certificates {E(string.Join(", ", child.Certificates))}").Append(child.Via is null ? "" : $" <i>({E(child.Via)})</i>");
                Node(child);
                page.Append("</li>");
            }

            page.Append("</ul>");
        }

        Node(built.Tree);
        page.Append("</body></html>");
        return System.Text.Encoding.UTF8.GetBytes(page.ToString());
    }

    private static void Print(TextWriter o, AsBuiltNode node, int depth)
    {
        foreach (var child in node.Children)
        {
            var detail = child.Kind == "lot"
                ? $"lot {child.Id} {child.Item}{(child.Quantity is null ? "" : $" {Lookup.Format(child.Quantity.Value)} {child.Uom}")}{(child.Heat is null ? "" : $" heat {child.Heat}")}{(child.Supplier is null ? "" : $" from {child.Supplier}")}{(child.Certificates.Count == 0 ? "" : $" [{string.Join(", ", child.Certificates)}]")}"
                : $"unit {child.Id}{(child.MadeBy is null ? "" : $" made by {child.MadeBy}")}";
            o.WriteLine($"{new string(' ', depth * 2)}- {detail}{(child.Via is null ? "" : $" ({child.Via})")}");
            foreach (var note in child.Notes)
            {
                o.WriteLine($"{new string(' ', (depth * 2) + 4)}{note}");
            }

            Print(o, child, depth + 1);
        }
    }
}
