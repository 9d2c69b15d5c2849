using System.Data.Common;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Trace;
using Tracewright.Features.Epcis;

namespace Tracewright.Features.Trace;

/// <summary>
/// Compliance over captured EPCIS events (issue 15): a captured material the backward trace reaches that no transformation
/// produced is a purchased material, and its declarations are the certificates its events carry — EPCIS 2.0
/// <c>certificationInfo</c> of any event naming it, and ILMD entries whose name speaks of a certificate (<c>certificationInfo</c>,
/// <c>certificationList</c>, <c>certificate</c>…). A certificate that names the standard (<c>…/rohs-2024.pdf</c>,
/// <c>urn:…:RoHS:…</c>) declares it; a declaration counts from the record time of the event that brought it.
/// Events declared erroneous are left out; a material that is one of our own lots is judged as the native lot.
/// </summary>
public static partial class Compliance
{
    private static async Task AddCapturedAsync(
        DbConnection connection, IReadOnlyList<NodeKey> starts, IReadOnlyList<TraceHit> hits, Standard standard, List<Input> inputs, CancellationToken cancellationToken)
    {
        var ownGtins = await TracewrightIdentifiers.OwnGtinsAsync(connection, cancellationToken);
        var reached = starts.Where(n => n.Kind == NodeKind.Epc).Select(n => (n.Id, Path: (IReadOnlyList<string>)[n.Text]))
            .Concat(hits.Where(h => h.Node.Kind == NodeKind.Epc).Select(h => (h.Node.Id, Path: TraceRecords.Describe(h.Path))))
            .DistinctBy(e => e.Id, StringComparer.Ordinal)
            .Where(e => TracewrightIdentifiers.NativeNode(e.Id, ownGtins) is not { Kind: NodeKind.Lot } own || inputs.All(i => i.Lot != own.Id))
            .ToList();
        if (reached.Count == 0)
        {
            return;
        }

        var sightings = (await EpcisRecallQueries.SightingsAsync(connection, reached.Select(e => e.Id), cancellationToken)).ToLookup(s => s.Epc, StringComparer.Ordinal);
        var name = standard.ToString();
        foreach (var (epc, path) in reached)
        {
            var seen = sightings[epc].ToList();
            if (seen.Count == 0 || seen.Any(s => s.Role is "output" or "output-quantity"))
            {
                // Made by a transformation: judged by what went into it, which the trace reaches separately.
                continue;
            }

            var filter = new EpcisEventFilter();
            filter.Objects.Add((Enum.GetValues<EpcisObjectRole>(), [new EpcisIdMatch(epc, null)]));
            var certificates = new List<(string Certificate, DateTimeOffset RecordedAt)>();
            string? heat = null, named = null, supplier = null;
            foreach (var row in await EpcisQueries.QueryAsync(connection, filter, 0, 10_000, cancellationToken))
            {
                if (row.Erroneous != 0)
                {
                    continue;
                }

                var (e, _) = QueryEpcis.Stored(row);
                var recorded = e.RecordTime ?? e.EventTime;
                certificates.AddRange(e.CertificationInfo.Select(c => (c, recorded)));
                foreach (var entry in e.Ilmd ?? [])
                {
                    if (entry.LocalName.Contains("certif", StringComparison.OrdinalIgnoreCase))
                    {
                        certificates.AddRange(Texts(entry).Select(c => (c, recorded)));
                    }
                    else if (entry.LocalName.Equals("heat", StringComparison.OrdinalIgnoreCase) || entry.LocalName.Equals("heatNumber", StringComparison.OrdinalIgnoreCase))
                    {
                        heat ??= entry.Value;
                    }
                    else if (entry.LocalName.Equals("item", StringComparison.OrdinalIgnoreCase))
                    {
                        named ??= entry.Value;
                    }
                    else if (entry.LocalName.Equals("supplier", StringComparison.OrdinalIgnoreCase))
                    {
                        supplier ??= entry.Value;
                    }
                }
            }

            var code = TracewrightIdentifiers.NativeNode(epc, ownGtins) is { Kind: NodeKind.Lot } lot ? lot.Id : epc;
            var item = named ?? (code == epc && epc.StartsWith("https://id.gs1.org/01/", StringComparison.Ordinal) && epc.Length >= 36 ? epc.Substring(22, 14) : "");
            var what = named is null
                ? $"lot {code}{(heat is null ? "" : $" (heat {heat})")}"
                : $"lot {code} ({named}{(heat is null ? "" : $", heat {heat}")}{(supplier is null ? "" : $", from {supplier}")})";
            var ids = certificates.Select(c => Shown(c.Certificate)).Distinct(StringComparer.Ordinal).ToList();
            var declarations = certificates.Where(c => c.Certificate.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (declarations.Count == 0)
            {
                inputs.Add(new Input(code, item, heat, supplier, Verdict.Unknown, $"{what} has no {name} declaration", ids, path));
                continue;
            }

            var since = declarations.Min(d => d.RecordedAt);
            inputs.Add(new Input(code, item, heat, supplier, Verdict.Compliant,
                $"{what} is covered by {string.Join(", ", declarations.Select(d => Shown(d.Certificate)).Distinct(StringComparer.Ordinal))}", ids, path, since));
        }
    }

    /// <summary>
    /// A certificate as the answer names it: one of our own exports' (<c>…/certificate/CERT-000013?type=CofC&amp;declares=…</c>)
    /// as the shop names it, <c>CERT-000013 (CofC)</c>; any other as captured.
    /// </summary>
    private static string Shown(string certificate)
    {
        const string Own = TracewrightIdentifiers.Stem + "certificate/";
        if (!certificate.StartsWith(Own, StringComparison.Ordinal))
        {
            return certificate;
        }

        var rest = certificate[Own.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var id = Uri.UnescapeDataString(query < 0 ? rest : rest[..query]);
        var type = query < 0 ? null : rest[(query + 1)..].Split('&').Where(p => p.StartsWith("type=", StringComparison.Ordinal)).Select(p => Uri.UnescapeDataString(p[5..])).FirstOrDefault();
        return type is null ? id : $"{id} ({type})";
    }

    /// <summary>The text values of an ILMD entry and of everything inside it (a list of certificates, or one with its fields).</summary>
    private static IEnumerable<string> Texts(Standards.Epcis.EpcisExtensionElement entry) =>
        (entry.Value is { Length: > 0 } value ? [value] : Array.Empty<string>()).Concat(entry.Children.SelectMany(Texts));
}
