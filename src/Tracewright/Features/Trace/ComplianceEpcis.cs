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

        var name = standard.ToString();
        foreach (var (epc, path) in reached)
        {
            var material = await CapturedMaterial.ReadAsync(connection, epc, cancellationToken);
            if (material.MadeBy is not null || !await IsMaterialAsync(connection, epc, cancellationToken))
            {
                // Made by a transformation: judged by what went into it, which the trace reaches separately.
                continue;
            }

            var code = TracewrightIdentifiers.NativeNode(epc, ownGtins) is { Kind: NodeKind.Lot } lot ? lot.Id : epc;
            var (named, heat, supplier) = (material.Item, material.Heat, material.Supplier);
            var item = named ?? (code == epc && epc.StartsWith("https://id.gs1.org/01/", StringComparison.Ordinal) && epc.Length >= 36 ? epc.Substring(22, 14) : "");
            var what = named is null
                ? $"lot {code}{(heat is null ? "" : $" (heat {heat})")}"
                : $"lot {code} ({named}{(heat is null ? "" : $", heat {heat}")}{(supplier is null ? "" : $", from {supplier}")})";
            var ids = material.Certificates.Select(c => c.Listed).Distinct(StringComparer.Ordinal).ToList();
            var declarations = material.Certificates.Where(c => c.Declares(name)).ToList();
            if (declarations.Count == 0)
            {
                inputs.Add(new Input(code, item, heat, supplier, Verdict.Unknown, $"{what} has no {name} declaration", ids, path));
                continue;
            }

            if (declarations.FirstOrDefault(d => d.Own is { Restricted.Count: > 0 }) is { Own: { } listing })
            {
                inputs.Add(new Input(code, item, heat, supplier, Verdict.NotCompliant, $"{listing.Id} for {what} declares {string.Join(", ", listing.Restricted)}", ids, path));
                continue;
            }

            var since = declarations.Min(d => d.Since);
            inputs.Add(new Input(code, item, heat, supplier, Verdict.Compliant,
                $"{what} is covered by {string.Join(", ", declarations.Select(d => d.Shown).Distinct(StringComparer.Ordinal))}", ids, path, since));
        }
    }

    /// <summary>Whether captured events name this object at all (a node the trace reached only as a class pattern may not be).</summary>
    private static async Task<bool> IsMaterialAsync(DbConnection connection, string epc, CancellationToken cancellationToken) =>
        (await EpcisQueries.KnownObjectsAsync(connection, [epc], cancellationToken)).Count > 0;
}
