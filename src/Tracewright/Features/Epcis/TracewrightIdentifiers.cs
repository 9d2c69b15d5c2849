using System.Data.Common;
using Tracewright.Data.Epcis;
using Tracewright.Data.Materials;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Trace;

namespace Tracewright.Features.Epcis;

/// <summary>
/// How native records are named in EPCIS. Containers carry SSCCs, so they are GS1 Digital Link URIs
/// (<c>https://id.gs1.org/00/…</c>). Items have no GTIN in Tracewright, so lots, units, manufacture records, customers,
/// suppliers and the shop get Digital-Link-shaped URIs in a private namespace, <c>https://id.tracewright.example/lot/ALU-0524-001</c>:
/// absolute URIs as EPCIS requires, readable, and impossible to confuse with a GS1 key (no GS1 application identifier in the path).
/// A deployment that owns a domain can publish resolvers for them; the host is fixed so exports from different shops compare.
/// </summary>
public static class TracewrightIdentifiers
{
    public const string Stem = "https://id.tracewright.example/";

    public static string Lot(LotId id) => Stem + "lot/" + Uri.EscapeDataString(id.Value);

    public static string Unit(UnitId id) => Stem + "unit/" + Uri.EscapeDataString(id.Item.Value) + "/" + Uri.EscapeDataString(id.Serial.Value);

    public static string Container(ContainerId id) => "https://id.gs1.org/00/" + id.Value;

    public static string Manufacture(string id) => Stem + "mfg/" + Uri.EscapeDataString(id);

    public static string Customer(string id) => Stem + "customer/" + Uri.EscapeDataString(id);

    public static string Supplier(string name) => Stem + "supplier/" + Uri.EscapeDataString(name);

    public static string Item(string code) => Stem + "item/" + Uri.EscapeDataString(code);

    public static string Shop => Stem + "location/shop";

    /// <summary>
    /// The native id in one of our URIs of this kind (<c>…/shipment/SHP-0001</c> → <c>SHP-0001</c> for <c>shipment</c>), else null:
    /// a shop's own export read back names its shipments, orders and customers as the shop does.
    /// </summary>
    public static string? Own(string uri, string kind) =>
        uri.StartsWith(Stem + kind + "/", StringComparison.Ordinal) && uri.Length > Stem.Length + kind.Length + 1 && uri.IndexOf('/', Stem.Length + kind.Length + 1) < 0
            ? Uri.UnescapeDataString(uri[(Stem.Length + kind.Length + 1)..])
            : null;

    /// <summary>The attribute of an EPCClass master data element (a GTIN) that names the Tracewright item it is.</summary>
    public const string ItemAttribute = ExportEpcis.Namespace + "item";

    /// <summary>
    /// The GTINs that are ours (issue 15): an item's GTIN in this store, or a GTIN whose captured EPCClass master data names a
    /// Tracewright item (<see cref="ItemAttribute"/>, as an export writes it). An LGTIN or SGTIN of such a GTIN is the native
    /// lot or unit; any other GS1 identifier stays as captured.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> OwnGtinsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in await EpcisQueries.MasterDataOfKindAsync(connection, "urn:epcglobal:epcis:vtype:EPCClass", cancellationToken))
        {
            if (row.Id.StartsWith(Gtin01, StringComparison.Ordinal) && row.Id.Length == Gtin01.Length + 14 && ItemOf(row.Attributes) is { } item)
            {
                items[row.Id[Gtin01.Length..]] = item;
            }
        }

        foreach (var item in await MaterialsQueries.ListItemsAsync(connection, cancellationToken))
        {
            if (item.Gtin is { } gtin)
            {
                items[gtin.Value] = item.Code.Value;
            }
        }

        return items;
    }

    private const string Gtin01 = "https://id.gs1.org/01/";

    /// <summary>
    /// Each item's description and unit as the shop types it: the store's own items, and the items an imported export's EPCClass
    /// master data names (<see cref="ItemAttribute"/> with <c>mda#descriptionShort</c> and <see cref="UnitAttribute"/>), so a
    /// store that knows the shop only from its export describes lots, units and runs as the shop does.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ItemWords>> ItemsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, ItemWords>(StringComparer.Ordinal);
        foreach (var row in await EpcisQueries.MasterDataOfKindAsync(connection, "urn:epcglobal:epcis:vtype:EPCClass", cancellationToken))
        {
            if (ItemOf(row.Attributes) is { } item && Attribute(row.Attributes, EpcisParty.Mda + "descriptionShort") is { } description)
            {
                items[item] = new ItemWords(description, Attribute(row.Attributes, UnitAttribute));
            }
        }

        foreach (var item in await MaterialsQueries.ListItemsAsync(connection, cancellationToken))
        {
            items[item.Code.Value] = new ItemWords(item.Description, item.Uom.Value);
        }

        return items;
    }

    /// <summary>The attribute of an EPCClass master data element that gives the item's unit as the shop types it (<c>kg</c>, <c>sheet</c>).</summary>
    public const string UnitAttribute = ExportEpcis.Namespace + "unit";

    /// <summary>Whether a canonical identifier is a GTIN key, so <see cref="OwnGtinsAsync"/> is worth asking (skipped for any other).</summary>
    public static bool MayBeOwnGs1(string canonical) => canonical.StartsWith(Gtin01, StringComparison.Ordinal);

    /// <summary>The LGTIN Digital Link of a lot of this GTIN, or null when AI 10 cannot carry the lot id.</summary>
    public static string? Lgtin(string gtin, LotId lot) => Names.DigitalLink($"(01){gtin}(10){lot.Value}");

    private static string? ItemOf(string attributes) => Attribute(attributes, ItemAttribute);

    private static string? Attribute(string attributes, string name)
    {
        using var json = System.Text.Json.JsonDocument.Parse(attributes);
        return json.RootElement.TryGetProperty("attributes", out var list)
            ? list.EnumerateArray()
                .Where(a => a.TryGetProperty("id", out var id) && id.GetString() == name && a.TryGetProperty("value", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String)
                .Select(a => a.GetProperty("value").GetString())
                .FirstOrDefault()
            : null;
    }

    /// <summary>
    /// The native genealogy node a canonical identifier names, when it is one of ours: our own URIs, SSCCs, and the LGTIN
    /// (<c>…/01/GTIN/10/LOT</c>) or SGTIN (<c>…/01/GTIN/21/SERIAL</c>) of one of <paramref name="ownGtins"/> (item by GTIN).
    /// </summary>
    public static NodeKey? NativeNode(string canonical, IReadOnlyDictionary<string, string>? ownGtins = null)
    {
        if (ownGtins is { Count: > 0 } && canonical.StartsWith(Gtin01, StringComparison.Ordinal)
            && canonical[Gtin01.Length..].Split('/') is [var gtin, var ai, var value] && ownGtins.TryGetValue(gtin, out var ownItem))
        {
            var text = Uri.UnescapeDataString(value);
            return ai switch
            {
                "10" when LotId.Parse(text) is { IsSuccess: true } l => new NodeKey(NodeKind.Lot, l.Value.Value),
                "21" when UnitId.Parse(ownItem + ":" + text) is { IsSuccess: true } u => new NodeKey(NodeKind.Unit, u.Value.Value),
                _ => null,
            };
        }

        if (canonical.StartsWith("https://id.gs1.org/00/", StringComparison.Ordinal) && ContainerId.Parse(canonical["https://id.gs1.org/00/".Length..]) is { IsSuccess: true } container)
        {
            return new NodeKey(NodeKind.Container, container.Value.Value);
        }

        if (!canonical.StartsWith(Stem, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = canonical[Stem.Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        return parts switch
        {
            ["lot", var lot] when LotId.Parse(lot) is { IsSuccess: true } l => new NodeKey(NodeKind.Lot, l.Value.Value),
            ["unit", var item, var serial] when UnitId.Parse(item + ":" + serial) is { IsSuccess: true } u => new NodeKey(NodeKind.Unit, u.Value.Value),
            ["mfg", var mfg] => new NodeKey(NodeKind.Manufacture, mfg),
            ["customer", var customer] => new NodeKey(NodeKind.Customer, customer),
            _ => null,
        };
    }

    /// <summary>
    /// How an export names native records (issue 15): with the shop's GS1 keys where it has them — a lot of an item with a GTIN
    /// as its LGTIN, a unit as its SGTIN, the shop as an SGLN (location) and PGLN (party) under its company prefix (location
    /// reference 0) — otherwise our own URIs. A lot or serial the GS1 syntax cannot carry (AI 10/21: up to 20 characters of
    /// CSET 82) keeps our own URI.
    /// </summary>
    public sealed class Names(IReadOnlyDictionary<string, string> gtinByItem, IReadOnlyDictionary<string, string> itemByLot, string? companyPrefix)
    {
        public static readonly Names Own = new(new Dictionary<string, string>(), new Dictionary<string, string>(), null);

        private readonly string? _gln = companyPrefix is null ? null : Gln(companyPrefix);

        public string Lot(LotId lot) =>
            itemByLot.TryGetValue(lot.Value, out var item) && gtinByItem.TryGetValue(item, out var gtin) && DigitalLink($"(01){gtin}(10){lot.Value}") is { } dl
                ? dl
                : TracewrightIdentifiers.Lot(lot);

        public string Unit(UnitId unit) =>
            gtinByItem.TryGetValue(unit.Item.Value, out var gtin) && DigitalLink($"(01){gtin}(21){unit.Serial.Value}") is { } dl
                ? dl
                : TracewrightIdentifiers.Unit(unit);

        public string Shop => _gln is null ? TracewrightIdentifiers.Shop : "https://id.gs1.org/414/" + _gln;

        /// <summary>The shop as a party (PGLN), when it has a company prefix.</summary>
        public string? ShopParty => _gln is null ? null : "https://id.gs1.org/417/" + _gln;

        /// <summary>The GTIN each item carries, for the EPCClass master data that lets an import know the GTIN is this item.</summary>
        public IReadOnlyDictionary<string, string> GtinByItem => gtinByItem;

        private static string Gln(string prefix)
        {
            var digits = prefix.PadRight(12, '0');
            return digits + ContainerId.CheckDigit(digits);
        }

        internal static string? DigitalLink(string bracketed) =>
            Tracewright.Standards.Gs1.Gs1ElementString.TryParseBracketed(bracketed, Tracewright.Standards.Gs1.Gs1ParseOptions.Default, out var parsed, out _)
            && Tracewright.Standards.Gs1.Gs1DigitalLink.TryBuild(parsed, null, out var uri, out _)
                ? uri
                : null;
    }
}

/// <summary>An item as answers describe it: its description and its unit as the shop types it (null when unknown).</summary>
public sealed record ItemWords(string Description, string? Unit)
{
    /// <summary>
    /// A captured quantity's unit (a UN/CEFACT Rec. 20 code) as the shop writes it, when it is this item's unit (<c>KGM</c> → <c>kg</c>);
    /// otherwise the code as captured.
    /// </summary>
    public string? Shown(string? code) =>
        code is not null && Unit is not null && UnitOfMeasure.Parse(Unit) is { IsSuccess: true } unit && unit.Value.Rec20?.Code == code ? Unit : code;
}
