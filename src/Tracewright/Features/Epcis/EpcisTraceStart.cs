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

        if (TracewrightIdentifiers.NativeNode(canonical) is { } native && await nativeExists(native))
        {
            nodes.Add(native);
        }

        return nodes.Count == 0 ? null : new TraceStart.Start(canonical == text ? text : $"{text} ({canonical})", nodes);
    }
}
