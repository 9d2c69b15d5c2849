using System.Data.Common;
using System.Globalization;
using Tracewright.Data.Epcis;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Trace;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Production;

/// <summary>
/// The as-built tree of a unit known from captured EPCIS events (issue 15), built as the native one is: what aggregation events
/// put inside it (ADD, not yet DELETEd at the moment asked) to any depth, and what the transformation that output it consumed;
/// a lot with the item, heat, supplier and certificates its events carry (a cut piece those of the lot it was cut from, see
/// <see cref="CapturedMaterial"/>) and, for a batch made by a transformation, its inputs. Our own identifiers (our URIs, the
/// LGTIN/SGTIN of our GTINs) are named by their native ids, so a shop's export read back answers with the shop's words.
/// Events declared erroneous do not count; the corrective events that replace them do.
/// </summary>
internal static class AsBuiltEpcis
{
    /// <summary>
    /// The captured unit a person names: a URI (EPC, Digital Link, our own) that captured events name, or <c>ITEM:SERIAL</c> of a
    /// unit captured under our own URI or the SGTIN of one of our GTINs; null when no captured event names it.
    /// </summary>
    public static async Task<string?> ResolveAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        if (EpcisTraceStart.LooksLikeUri(text))
        {
            candidates.Add(CaptureEpcis.Canonical(text));
        }
        else if (UnitId.Parse(text) is { IsSuccess: true } unit)
        {
            candidates.Add(TracewrightIdentifiers.Unit(unit.Value));
            candidates.AddRange((await TracewrightIdentifiers.OwnGtinsAsync(connection, cancellationToken))
                .Where(g => g.Value == unit.Value.Item.Value)
                .Select(g => TracewrightIdentifiers.Names.DigitalLink($"(01){g.Key}(21){unit.Value.Serial.Value}"))
                .OfType<string>());
        }

        return candidates.Count == 0 ? null : (await EpcisQueries.KnownObjectsAsync(connection, candidates, cancellationToken)).FirstOrDefault();
    }

    public static async Task<AsBuiltNode> BuildAsync(DbConnection connection, string epc, string? asOf, CancellationToken cancellationToken)
    {
        var builder = new Builder(connection, await TracewrightIdentifiers.OwnGtinsAsync(connection, cancellationToken), await TracewrightIdentifiers.ItemsAsync(connection, cancellationToken), cancellationToken);
        return await builder.UnitAsync(epc, asOf, null);
    }

    private sealed class Builder(DbConnection connection, IReadOnlyDictionary<string, string> ownGtins, IReadOnlyDictionary<string, ItemWords> items, CancellationToken cancellationToken)
    {
        private readonly HashSet<string> _path = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CapturedMaterial> _materials = new(StringComparer.Ordinal);

        public async Task<AsBuiltNode> UnitAsync(string epc, string? asOf, string? via)
        {
            var (id, item) = Named(epc, NodeKind.Unit);
            var children = new List<AsBuiltNode>();
            string? madeBy = null;
            var notes = new List<string>();
            if (_path.Add(epc))
            {
                foreach (var link in (await EpcisAsBuiltQueries.ChildrenAsync(connection, epc, cancellationToken)).Where(l => InsideAt(l, asOf)))
                {
                    var installed = $"installed {link.AddedAt}";
                    children.Add(link.Role == "child-quantity"
                        ? await LotAsync(link.Child, link.Quantity, link.Uom, installed)
                        : await UnitAsync(link.Child, asOf, installed));
                }

                if (await ProducerAsync(epc) is { } made)
                {
                    madeBy = Run(made);
                    var note = (await EpcisQueries.EventsAsync(connection, [made.EventKey], cancellationToken)).Select(r => Note(QueryEpcis.Stored(r).Event)).FirstOrDefault();
                    notes.Add($"made by {madeBy}: {note ?? Minute(made.EventTime)}");
                    children.AddRange(await InputsAsync(made, madeBy));
                }

                _path.Remove(epc);
            }

            notes.AddRange(await ObservedAsync(epc, asOf));
            return new AsBuiltNode("unit", id, item, null, null, null, null, [], madeBy, via, children) { Notes = notes };
        }

        private async Task<AsBuiltNode> LotAsync(string epc, decimal? quantity, string? uom, string? via)
        {
            var (id, item) = Named(epc, NodeKind.Lot);
            // A lot appears under many parts of a tree (a bar cut for a hundred coils): read what its events say once.
            if (!_materials.TryGetValue(epc, out var material))
            {
                _materials[epc] = material = await CapturedMaterial.ReadAsync(connection, epc, cancellationToken);
            }

            var children = new List<AsBuiltNode>();
            string? madeBy = null;
            if (material.MadeBy is { } made && _path.Add(epc))
            {
                madeBy = Run(made);
                children.AddRange(await InputsAsync(made, madeBy));
                _path.Remove(epc);
            }

            var named = material.Item is { } text ? Identifier.FromStored<ItemCode>(text) : item;
            return new AsBuiltNode(
                "lot", id, named, quantity, items.GetValueOrDefault(named.Value) is { } words ? words.Shown(uom ?? material.Uom) : uom ?? material.Uom, material.Heat, material.Supplier,
                [.. material.Certificates.Select(c => c.Own is { } own ? $"{own.Id} {own.Type}" : c.Uri).Distinct(StringComparer.Ordinal)],
                madeBy, via, children);
        }

        /// <summary>What a transformation consumed: quantities of classes (lots) first, then instances (units), each by its name.</summary>
        private async Task<List<AsBuiltNode>> InputsAsync(EpcisEventObject made, string run)
        {
            var via = $"consumed by {run}";
            var inputs = (await EpcisAsBuiltQueries.ObjectsOfEventsAsync(connection, [made.EventKey], cancellationToken))
                .Where(o => o.Role is "input" or "input-quantity")
                .OrderBy(o => o.Role == "input" ? 1 : 0).ThenBy(o => Named(o.Epc, o.Role == "input" ? NodeKind.Unit : NodeKind.Lot).Id, StringComparer.Ordinal)
                .ToList();
            var nodes = new List<AsBuiltNode>();
            foreach (var input in inputs)
            {
                nodes.Add(input.Role == "input"
                    ? await UnitAsync(input.Epc, null, via)
                    : await LotAsync(input.Epc, input.Quantity, input.Uom, via));
            }

            return nodes;
        }

        /// <summary>The last transformation (not declared erroneous) that output this object.</summary>
        private async Task<EpcisEventObject?> ProducerAsync(string epc) =>
            (await EpcisAsBuiltQueries.ProducedAsync(connection, [epc], cancellationToken)).LastOrDefault(o => o.Type == "TransformationEvent");

        /// <summary>The run a transformation is: our manufacture record's id, else its transformationID, else its event.</summary>
        private static string Run(EpcisEventObject made) =>
            made.TransformationId is { } t ? TracewrightIdentifiers.NativeNode(t) is { Kind: NodeKind.Manufacture } own ? own.Id : t : made.EventKey;

        /// <summary>
        /// What object events said of it up to the moment: the shop's evidence note for events of our own export (tests,
        /// inspections, operations, rework — none for the rest, as the shop's records show none), else time, business step and
        /// disposition.
        /// </summary>
        private async Task<IEnumerable<string>> ObservedAsync(string epc, string? asOf)
        {
            var keys = (await EpcisRecallQueries.SightingsAsync(connection, [epc], cancellationToken))
                .Where(s => s.Type == "ObjectEvent" && (asOf is null || string.CompareOrdinal(s.EventTime, asOf) <= 0))
                .Select(s => s.EventKey).Distinct(StringComparer.Ordinal).ToList();
            var notes = new List<string>();
            foreach (var row in (await EpcisQueries.EventsAsync(connection, keys, cancellationToken)).Where(r => r.Erroneous == 0))
            {
                var e = QueryEpcis.Stored(row).Event;
                var at = Timestamp.ToText(e.EventTime);
                if (Note(e) is { } note)
                {
                    notes.Add(EvidenceNote.At(at, note));
                }
                else if (e.EventId?.StartsWith(TracewrightIdentifiers.Stem, StringComparison.Ordinal) != true)
                {
                    notes.Add($"{Minute(at)} {Short(CbvVocabularyKind.BizStep, e.BizStep) ?? "observed"}{(Short(CbvVocabularyKind.Disposition, e.Disposition) is { } d ? $": {d}" : "")}");
                }
            }

            return notes;
        }

        private static string? Note(Standards.Epcis.EpcisEvent e) =>
            ExportEpcis.FieldOf(e.Extensions, ExportEpcis.NoteField);

        private (string Id, ItemCode Item) Named(string epc, NodeKind kind)
        {
            var native = TracewrightIdentifiers.NativeNode(epc, ownGtins);
            if (native is { Kind: NodeKind.Unit } && UnitId.Parse(native.Value.Id) is { IsSuccess: true } unit)
            {
                return (unit.Value.Value, unit.Value.Item);
            }

            var gtin = epc.StartsWith("https://id.gs1.org/01/", StringComparison.Ordinal) && epc.Length >= 36 ? epc.Substring(22, 14) : null;
            var item = Identifier.FromStored<ItemCode>(gtin is not null && ownGtins.TryGetValue(gtin, out var own) ? own : gtin ?? "UNKNOWN");
            return native is { Kind: NodeKind.Lot } lot && kind == NodeKind.Lot ? (lot.Id, item) : (epc, item);
        }

        private static bool InsideAt(EpcisChildLink link, string? asOf) =>
            asOf is null
                ? link.RemovedAt is null
                : string.CompareOrdinal(link.AddedAt, asOf) <= 0 && (link.RemovedAt is null || string.CompareOrdinal(link.RemovedAt, asOf) > 0);

        private static string Minute(string time) => Timestamp.FromText(time).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

        private static string? Short(CbvVocabularyKind kind, string? value) => value is null ? null : CbvVocabulary.ToShortName(kind, value) ?? value;
    }
}
