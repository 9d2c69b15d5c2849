using System.Data.Common;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Trace;
using Tracewright.Features.Trace;

namespace Tracewright.Features.Epcis;

/// <summary>
/// Trace start nodes for an EPC URI, EPC class URI or Digital Link URI: the <c>epc:</c> node of captured events naming it,
/// the <c>party:</c> node when events shipped or received something there, and the native lot, unit or container with that
/// identity (see <see cref="TracewrightIdentifiers"/>), so one identifier traces both worlds.
/// </summary>
internal static class EpcisTraceStart
{
    public static bool LooksLikeUri(string text) =>
        text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The objects of captured events whose ILMD carries this heat or supplier lot number (an entry named <c>heat</c>,
    /// <c>heatNumber</c>, <c>supplierLot</c> or <c>lotNumber</c>, any namespace, any case): the lots a supplier's notice names.
    /// </summary>
    public static async Task<IReadOnlyList<NodeKey>> HeatAsync(DbConnection connection, string number, CancellationToken cancellationToken)
    {
        var nodes = new List<NodeKey>();
        foreach (var row in await EpcisRecallQueries.ContainingAsync(connection, number, cancellationToken))
        {
            var (e, _) = QueryEpcis.Stored(row);
            var carries = (e.Ilmd ?? []).Any(x => x.LocalName.ToLowerInvariant() is "heat" or "heatnumber" or "supplierlot" or "lotnumber"
                && string.Equals(x.Value?.Trim(), number, StringComparison.OrdinalIgnoreCase));
            if (carries)
            {
                nodes.AddRange(e.EpcList.Concat(e.OutputEpcList).Concat(e.QuantityList.Concat(e.OutputQuantityList).Select(q => q.EpcClass))
                    .Select(id => new NodeKey(NodeKind.Epc, CaptureEpcis.Canonical(id))));
            }
        }

        return [.. nodes.Distinct()];
    }

    public static async Task<TraceStart.Start?> ResolveAsync(DbConnection connection, string text, Func<NodeKey, Task<bool>> nativeExists, CancellationToken cancellationToken)
    {
        var canonical = CaptureEpcis.Canonical(text);
        var nodes = new List<NodeKey>();
        var (asObject, asParty) = await EpcisQueries.KnownAsync(connection, canonical, cancellationToken);
        if (asObject)
        {
            nodes.Add(new NodeKey(NodeKind.Epc, canonical));
        }

        if (asParty)
        {
            nodes.Add(new NodeKey(NodeKind.Party, canonical));
        }

        var ownGtins = TracewrightIdentifiers.MayBeOwnGs1(canonical) ? await TracewrightIdentifiers.OwnGtinsAsync(connection, cancellationToken) : null;
        if (TracewrightIdentifiers.NativeNode(canonical, ownGtins) is { } native && await nativeExists(native))
        {
            nodes.Add(native);
        }

        return nodes.Count == 0 ? null : new TraceStart.Start(canonical == text ? text : $"{text} ({canonical})", nodes);
    }
}
