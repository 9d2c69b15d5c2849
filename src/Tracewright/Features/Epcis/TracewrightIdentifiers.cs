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

    /// <summary>The native genealogy node a canonical identifier names, when it is one of ours.</summary>
    public static NodeKey? NativeNode(string canonical)
    {
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
}
