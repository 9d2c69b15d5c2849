using System.CommandLine;
using System.IO.Compression;
using System.Net;
using System.Text;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Trace;

namespace Tracewright.Features.Trace;

/// <summary>
/// <c>tracewright compliance ID --standard RoHS|REACH</c> (source 000: "is this RoHS compliant?" answered
/// immediately, with the certificates of every material that went in). Every purchased material behind the
/// unit, lot, shipment or order is checked for a declaration of the standard: a certificate of that type, or
/// one that names the standard, covering the material's heat. A declaration that lists a restricted substance
/// makes the answer "not compliant"; a material without one makes it "unknown"; otherwise "compliant", since the
/// record time at which the last of the materials got its declaration: a declaration attached after the material
/// was used (even shipped) changes the answer from then on, and the answer says so.
/// </summary>
public static partial class Compliance
{
    public enum Standard { RoHS, REACH }

    public enum Verdict { Compliant, NotCompliant, Unknown }

    /// <summary>One purchased material; <see cref="Since"/> is when its first declaration was recorded against it (compliant only).</summary>
    public sealed record Input(string Lot, string Item, string? Heat, string? Supplier, Verdict Verdict, string Reason, IReadOnlyList<string> Certificates, IReadOnlyList<string> Path, DateTimeOffset? Since = null)
    {
        /// <summary>The path from the subject back to the material, as a sentence a person reads (issue 14).</summary>
        public PathSentence Sentence { get; init; } = PathSentence.Empty;
    }

    /// <summary>The answer; <see cref="Since"/> is from when it is compliant (the latest of the inputs' times), null otherwise.</summary>
    public sealed record Response(string Subject, Standard Standard, Verdict Verdict, string Summary, IReadOnlyList<Input> Inputs, DateTimeOffset? Since = null);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string? id, string? standardText, CancellationToken cancellationToken)
    {
        var standard = Text.Choice<Standard>(standardText, "standard");
        if (!standard.IsSuccess)
        {
            return standard.Error!;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var start = await TraceStart.ResolveAsync(connection, id, cancellationToken: cancellationToken);
        if (!start.TryGet(out var begin, out var startError))
        {
            return startError;
        }

        var index = await shop.GenealogyAsync(cancellationToken);
        var hits = index.Backward(begin.Nodes).ToList();
        var candidates = begin.Nodes.Where(n => n.Kind == NodeKind.Lot).Select(n => (Node: n, Steps: (IReadOnlyList<TraceStep>)[new TraceStep(n, null, null)]))
            .Concat(hits.Where(h => h.Node.Kind == NodeKind.Lot).Select(h => (h.Node, Steps: h.Path)))
            .ToList();
        var words = await PathWords.LoadAsync(connection, candidates.Select(c => c.Steps), cancellationToken);
        var inputs = new List<Input>();
        foreach (var (node, steps) in candidates)
        {
            var lot = await MaterialsQueries.FindLotAsync(connection, null, Identifier.FromStored<LotId>(node.Id), cancellationToken);
            if (lot is null || lot.Origin == LotOrigin.Made || inputs.Any(i => i.Lot == lot.Id.Value))
            {
                // A batch made here is judged by what went into it, which the trace reaches separately.
                continue;
            }

            var certificates = await MaterialsQueries.CertificatesOfLotAsync(connection, null, lot.Id, cancellationToken);
            var attached = await MaterialsQueries.CertificateAttachTimesAsync(connection, null, lot.Id, cancellationToken);
            inputs.Add(Judge(lot, certificates, attached, standard.Value, TraceRecords.Describe(steps)) with { Sentence = words.Backward(steps) });
        }

        await AddCapturedAsync(connection, begin.Nodes, hits, standard.Value, inputs, cancellationToken);
        var verdict = inputs.Count == 0 ? Verdict.Unknown
            : inputs.Any(i => i.Verdict == Verdict.NotCompliant) ? Verdict.NotCompliant
            : inputs.Any(i => i.Verdict == Verdict.Unknown) ? Verdict.Unknown
            : Verdict.Compliant;
        var since = verdict == Verdict.Compliant ? inputs.Max(i => i.Since) : null;
        var ordered = inputs.OrderBy(i => i.Lot, StringComparer.Ordinal).ToList();
        return new Response(begin.Describes, standard.Value, verdict, Sentence(begin.Describes, standard.Value, verdict, ordered, since, Utc), ordered, since);
    }

    /// <summary>
    /// The answer in one sentence, with the moment it became compliant written by <paramref name="when"/>: UTC to the
    /// second for the CLI, the API and the dossier; the shop's zone to the minute on the page.
    /// </summary>
    public static string Sentence(string subject, Standard standard, Verdict verdict, IReadOnlyList<Input> inputs, DateTimeOffset? since, Func<DateTimeOffset, string> when) => verdict switch
    {
        Verdict.Compliant => $"{subject} is {standard} compliant{(since is { } at ? $" since {when(at)}" : "")}: all {inputs.Count} materials have a declaration",
        Verdict.NotCompliant => $"{subject} is NOT {standard} compliant: {string.Join("; ", inputs.Where(i => i.Verdict == Verdict.NotCompliant).Select(i => i.Reason))}",
        _ when inputs.Count == 0 => $"{subject}: no purchased material is recorded behind it, so {standard} compliance cannot be shown",
        _ => $"{subject}: {standard} compliance is unknown: {string.Join("; ", inputs.Where(i => i.Verdict == Verdict.Unknown).Select(i => i.Reason))}",
    };

    /// <summary>An input's reason with, when compliant, since when (UTC): the CLI's and the dossier's words.</summary>
    public static string Why(Input input) => input.Reason + SinceText(input.Since);

    internal static string SinceText(DateTimeOffset? since) => since is { } at ? $" since {Utc(at)}" : "";

    private static string Utc(DateTimeOffset at) =>
        $"{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC";

    private static Input Judge(Lot lot, IReadOnlyList<Certificate> certificates, IReadOnlyDictionary<CertificateId, DateTimeOffset> attached, Standard standard, IReadOnlyList<string> path)
    {
        var name = standard.ToString();
        var declarations = certificates
            .Where(c => c.Type.ToString() == name || c.Standards.Any(s => s.Contains(name, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var ids = certificates.Select(c => $"{c.Id} {c.Type} {c.FileName}").ToList();
        var what = $"lot {lot.Id} ({lot.Item}{(lot.Heat is null ? "" : $", heat {lot.Heat}")}{(lot.Supplier is null ? "" : $", from {lot.Supplier}")})";
        if (declarations.Count == 0)
        {
            return new Input(lot.Id.Value, lot.Item.Value, lot.Heat?.Value, lot.Supplier?.Value, Verdict.Unknown, $"{what} has no {name} declaration", ids, path);
        }

        var listing = declarations.FirstOrDefault(d => d.RestrictedSubstances.Count > 0);
        return listing is not null
            ? new Input(lot.Id.Value, lot.Item.Value, lot.Heat?.Value, lot.Supplier?.Value, Verdict.NotCompliant, $"{listing.Id} for {what} declares {string.Join(", ", listing.RestrictedSubstances)}", ids, path)
            : Covered();

        Input Covered()
        {
            DateTimeOffset? since = declarations.Select(d => attached.TryGetValue(d.Id, out var at) ? at : (DateTimeOffset?)null).Min();
            return new Input(lot.Id.Value, lot.Item.Value, lot.Heat?.Value, lot.Supplier?.Value, Verdict.Compliant, $"{what} is covered by {string.Join(", ", declarations.Select(d => $"{d.Id} ({d.Type})"))}", ids, path, since);
        }
    }

    /// <summary>A zip of every certificate file behind the answer, with an index (CSV and HTML) that says which covers what.</summary>
    public static async Task<byte[]> DossierAsync(Shop shop, Response answer, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var csv = new StringBuilder("lot,item,heat,supplier,verdict,reason,certificates\r\n");
            var html = new StringBuilder($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(answer.Summary)}</title></head><body><h1>{answer.Standard} dossier</h1><p>{WebUtility.HtmlEncode(answer.Summary)}</p><table border=\"1\"><tr><th>Lot</th><th>Item</th><th>Heat</th><th>Supplier</th><th>Verdict</th><th>Reason</th><th>Certificates</th></tr>");
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var input in answer.Inputs)
            {
                var files = new List<string>();
                foreach (var certificate in await MaterialsQueries.CertificatesOfLotAsync(connection, null, Identifier.FromStored<LotId>(input.Lot), cancellationToken))
                {
                    var entry = $"certificates/{certificate.Id}-{Path.GetFileName(certificate.FileName)}";
                    files.Add(entry);
                    if (written.Add(entry) && await Documents.GetAsync(connection, certificate.File, cancellationToken) is { } stored)
                    {
                        await using var target = zip.CreateEntry(entry, CompressionLevel.Optimal).Open();
                        await target.WriteAsync(stored.Content, cancellationToken);
                    }
                }

                csv.Append(string.Join(",", new[] { input.Lot, input.Item, input.Heat, input.Supplier, input.Verdict.ToString(), Why(input), string.Join(" ", files) }.Select(v => "\"" + (v ?? "").Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))).Append("\r\n");
                html.Append("<tr>").AppendJoin("", new[] { input.Lot, input.Item, input.Heat, input.Supplier, input.Verdict.ToString(), Why(input) }.Select(v => $"<td>{WebUtility.HtmlEncode(v ?? "")}</td>"))
                    .Append("<td>").AppendJoin("<br>", files.Select(f => $"<a href=\"{WebUtility.HtmlEncode(f)}\">{WebUtility.HtmlEncode(f)}</a>")).Append("</td></tr>");
            }

            html.Append("</table></body></html>");
            foreach (var (name, content) in new[] { ("index.csv", csv.ToString()), ("index.html", html.ToString()) })
            {
                await using var target = zip.CreateEntry(name).Open();
                await target.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
            }
        }

        return stream.ToArray();
    }

    public static Command Verb(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "A unit, lot, shipment or order" };
        var standard = new Option<string>("--standard") { Description = "RoHS or REACH", Required = true };
        var dossier = new Option<string?>("--dossier") { Description = "Also write a zip of the certificates with an index" };
        var command = new Command("compliance", "Is it RoHS / REACH compliant? With the certificate behind every material") { id, standard, dossier };
        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var result = await HandleAsync(shop, p.GetValue(id), p.GetValue(standard), ct);
                if (result.TryGet(out var answer, out _) && p.GetValue(dossier) is { } path)
                {
                    var written = await Labels.PrintLabel.WriteAsync(path, await DossierAsync(shop, answer, ct), ct);
                    if (!written.IsSuccess)
                    {
                        return written.Error!;
                    }
                }

                return result;
            },
            (o, r) =>
            {
                o.WriteLine(r.Summary);
                foreach (var input in r.Inputs)
                {
                    o.WriteLine($"  {input.Verdict,-13} {Why(input)}");
                }
            }));
        return command;
    }
}
