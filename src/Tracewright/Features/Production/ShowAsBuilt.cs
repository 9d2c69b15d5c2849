using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Production;

/// <summary><c>tracewright asbuilt SN [--as-of TIME]</c>: what a unit was made of, at any moment, to any depth.</summary>
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
        if (!found.TryGet(out var unit, out var unitError))
        {
            return unitError;
        }

        var moment = asOf is null ? null : Timestamp.ToText(asOf.Value.Value);
        var tree = await AsBuiltQuery.BuildAsync(connection, unit.Id, moment, cancellationToken);
        return new Response(unit.Id.Value, moment, tree);
    }

    public static Command Verb(CliHost host)
    {
        var unit = new Argument<string>("serial") { Description = "SERIAL or ITEM:SERIAL" };
        var asOf = new Option<string?>("--as-of") { Description = "The moment to reconstruct (default now)" };
        var command = new Command("asbuilt", "The as-built tree of a unit: components, lots, heat numbers, certificates") { unit, asOf };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, p.GetValue(unit), p.GetValue(asOf), ct),
            (o, r) =>
            {
                o.WriteLine($"as built: {r.Unit}{(r.AsOf is null ? "" : $" as of {r.AsOf}")}");
                Print(o, r.Tree, 1);
            }));
        return command;
    }

    private static void Print(TextWriter o, AsBuiltNode node, int depth)
    {
        foreach (var child in node.Children)
        {
            var detail = child.Kind == "lot"
                ? $"lot {child.Id} {child.Item}{(child.Quantity is null ? "" : $" {Lookup.Format(child.Quantity.Value)} {child.Uom}")}{(child.Heat is null ? "" : $" heat {child.Heat}")}{(child.Supplier is null ? "" : $" from {child.Supplier}")}{(child.Certificates.Count == 0 ? "" : $" [{string.Join(", ", child.Certificates)}]")}"
                : $"unit {child.Id}{(child.MadeBy is null ? "" : $" made by {child.MadeBy}")}";
            o.WriteLine($"{new string(' ', depth * 2)}- {detail}{(child.Via is null ? "" : $" ({child.Via})")}");
            Print(o, child, depth + 1);
        }
    }
}
