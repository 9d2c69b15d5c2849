using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Trace;
using Tracewright.Domain.Common;
using Tracewright.Domain.Trace;

namespace Tracewright.Features.Trace;

/// <summary>
/// <c>tracewright trace forward|backward ID [--as-of TIME]</c>: everything made from something (down to
/// shipments, orders and customers), or everything something was made of (down to lots, heats and
/// suppliers) — each with the path that connects it.
/// </summary>
public static class TraceRecords
{
    public enum Direction { Forward, Backward }

    /// <summary>A record reached, the path to it, and (backward) the evidence on it: heat, supplier, certificates, inspections, tests, NCRs.</summary>
    public sealed record Hit(string Node, NodeKind Kind, string Id, IReadOnlyList<string> Path, IReadOnlyList<string> Notes)
    {
        /// <summary>The path as a sentence a person reads (issue 14).</summary>
        public PathSentence Sentence { get; init; } = PathSentence.Empty;
    }

    /// <summary>
    /// <see cref="Hits"/> is every record reached, or with a page asked for, that page of them (ordered by kind, then id);
    /// <see cref="Total"/> counts them all and <see cref="NextPage"/> is the page that follows, null on the last.
    /// </summary>
    public sealed record Response(string Start, Direction Direction, string? AsOf, IReadOnlyList<string> StartNodes, IReadOnlyList<Hit> Hits, int Total, int? NextPage = null);

    /// <summary>The API's pages of a trace: a trace can reach hundreds of thousands of records; the command line and pages take all.</summary>
    public const int DefaultPageSize = 500;

    public const int MaxPageSize = 2000;

    public static async Task<Result<Response>> HandleAsync(Shop shop, string? id, Direction direction, string? asOfText, CancellationToken cancellationToken) =>
        await HandleAsync(shop, id, direction, asOfText, null, cancellationToken);

    /// <summary>One page of the trace (<paramref name="page"/> null: all of it); only the page's records are read for their evidence.</summary>
    public static async Task<Result<Response>> HandleAsync(Shop shop, string? id, Direction direction, string? asOfText, Web.Paging? page, CancellationToken cancellationToken)
    {
        Result<DateTimeOffset>? asOf = asOfText is null ? default(Result<DateTimeOffset>?) : Timestamp.Parse(asOfText, "as-of");
        if (asOf?.Error is { } asOfError)
        {
            return asOfError;
        }

        TraceStart.Start start;
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            var resolved = await TraceStart.ResolveAsync(connection, id, cancellationToken: cancellationToken);
            if (!resolved.TryGet(out start, out var error))
            {
                return error;
            }
        }

        var index = await shop.GenealogyAsync(cancellationToken);
        var hits = direction == Direction.Forward
            ? index.Forward(start.Nodes)
            : index.Backward(start.Nodes, asOf is null ? GenealogyIndex.Now : asOf.Value.Value.UtcTicks);
        var moment = asOf is null ? null : Timestamp.ToText(asOf.Value.Value);
        var ordered = hits.OrderBy(h => h.Node.Kind).ThenBy(h => h.Node.Id, StringComparer.Ordinal).ToList();
        var (shown, more) = page is { } p ? p.Slice(ordered) : (ordered, false);
        var result = new List<Hit>();
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            // A hit's path is built on each read: read each once.
            var shownPaths = shown.Select(h => (h.Node, Path: h.Path)).ToList();
            var words = await PathWords.LoadAsync(connection, shownPaths.Select(h => h.Path), cancellationToken);
            foreach (var hit in shownPaths)
            {
                // Backward answers "what is behind it and can we prove it": the evidence goes with each record.
                var notes = direction == Direction.Backward && hit.Node.Kind is NodeKind.Lot or NodeKind.Unit or NodeKind.Manufacture
                    ? await RecordNotes.ForAsync(connection, hit.Node, moment, cancellationToken)
                    : [];
                result.Add(new Hit(hit.Node.Text, hit.Node.Kind, hit.Node.Id, Describe(hit.Path), notes)
                {
                    Sentence = direction == Direction.Forward ? words.Forward(hit.Path) : words.Backward(hit.Path),
                });
            }
        }

        return new Response(start.Describes, direction, moment, start.Nodes.Select(n => n.Text).ToList(), result, ordered.Count, more ? page!.Value.Page + 1 : null);
    }

    /// <summary>A path as text: <c>lot:A --consumed 2024-05-22--> mfg:MFG-0056 --produced--> …</c>.</summary>
    internal static IReadOnlyList<string> Describe(IReadOnlyList<TraceStep> path) =>
        path.Select(s => s.Via is null ? s.Node.Text : $"{s.Via.ToString()!.ToLowerInvariant()}{(s.At is { } at ? $" {at:yyyy-MM-dd HH:mm}" : "")} → {s.Node.Text}").ToList();

    public static Command Verb(CliHost host)
    {
        var trace = new Command("trace", "Trace forward (what was made from it) or backward (what it was made of)");
        foreach (var direction in Enum.GetValues<Direction>())
        {
            var id = new Argument<string>("id") { Description = "Lot, piece, heat or supplier lot number, certificate, MFG record, unit, container, shipment, order or customer" };
            var asOf = new Option<string?>("--as-of") { Description = "Backward: what it was made of at this moment (default now)" };
            var command = new Command(direction.ToString().ToLowerInvariant(), direction == Direction.Forward ? "Everything made from it, down to customers" : "Everything it was made of, down to suppliers") { id };
            if (direction == Direction.Backward)
            {
                command.Add(asOf);
            }

            command.SetAction(host.Run(
                (p, shop, ct) => HandleAsync(shop, p.GetValue(id), direction, direction == Direction.Backward ? p.GetValue(asOf) : null, ct),
                (o, r) =>
                {
                    o.WriteLine($"{r.Direction.ToString().ToLowerInvariant()} from {r.Start}{(r.AsOf is null ? "" : $" as of {r.AsOf}")}: {r.Hits.Count} records");
                    foreach (var group in r.Hits.GroupBy(h => h.Kind))
                    {
                        o.WriteLine($"  {group.Key} ({group.Count()})");
                        foreach (var hit in group)
                        {
                            o.WriteLine($"    {hit.Id}   via {string.Join(" ", hit.Path)}");
                            foreach (var note in hit.Notes)
                            {
                                o.WriteLine($"        {note}");
                            }
                        }
                    }
                }));
            trace.Add(command);
        }

        return trace;
    }
}
