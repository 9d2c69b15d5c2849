using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Domain.Common;
using Tracewright.Features.Records;

namespace Tracewright.Features.Scan;

/// <summary>
/// <c>tracewright parse TEXT</c>: what a scanned string means — each GS1 AI with its title and value, or the
/// error and where it is — and the record it resolves to. Exits non-zero on invalid input.
/// </summary>
public static class ParseScan
{
    public sealed record Element(string Ai, string Title, string Value);

    public sealed record Response(string Text, bool Gs1, IReadOnlyList<Element> Elements, string? Bracketed, string? Kind, string? Record);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string? text, CancellationToken cancellationToken)
    {
        var scanned = ScannedId.Parse(text, "text");
        if (!scanned.TryGet(out var scan, out var error))
        {
            return error;
        }

        var elements = scan.Gs1?.Elements.Select(e => new Element(e.Ai, e.Title, e.Value)).ToList() ?? [];
        var shown = await ShowRecord.HandleAsync(shop, scan.Text, cancellationToken);
        return new Response(scan.Text, scan.Gs1 is not null, elements, scan.Gs1?.ToBracketedString(), shown.IsSuccess ? shown.Value.Kind : null, shown.IsSuccess ? shown.Value.Id : null);
    }

    public static Command Verb(CliHost host)
    {
        var text = new Argument<string>("text") { Description = "What the scanner typed: an id, a GS1 element string or a Digital Link URI" };
        var command = new Command("parse", "What a scanned string means, and the record it resolves to") { text };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, p.GetValue(text), ct),
            (o, r) =>
            {
                if (r.Gs1)
                {
                    o.WriteLine($"GS1: {r.Bracketed}");
                    foreach (var e in r.Elements)
                    {
                        o.WriteLine($"  ({e.Ai}) {e.Title}: {e.Value}");
                    }
                }

                o.WriteLine(r.Record is null ? "no record of ours carries it" : $"resolves to {r.Kind} {r.Record}");
            }));
        return command;
    }
}
