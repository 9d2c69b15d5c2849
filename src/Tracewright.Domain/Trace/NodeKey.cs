using Tracewright.Domain.Common;

namespace Tracewright.Domain.Trace;

/// <summary>What a genealogy node is.</summary>
public enum NodeKind : byte
{
    Lot, Unit, Manufacture, Container, Shipment, Order, Customer,

    /// <summary>An object named by a captured EPCIS event (EPC, class or parent), keyed by its canonical Digital Link URI.</summary>
    Epc,

    /// <summary>A party or location an EPCIS event sent or received something at (<c>destinationList</c>, receiving <c>bizLocation</c>).</summary>
    Party,

    /// <summary>An EPCIS transformation: its transformationID, or the event's key when it has none.</summary>
    Transformation,
}

/// <summary>
/// A node of the genealogy, written <c>kind:id</c> (<c>lot:ALU-0524-001</c>, <c>unit:ACT-100:SN1</c>,
/// <c>mfg:MFG-0056</c>, <c>ctr:…</c>, <c>shp:…</c>, <c>ord:…</c>, <c>cus:…</c>; from EPCIS <c>epc:https://id.gs1.org/…</c>,
/// <c>party:…</c>, <c>xf:…</c>) — the same text the SQL
/// reference produces, so the two can be compared.
/// </summary>
public readonly record struct NodeKey(NodeKind Kind, string Id)
{
    public string Text => $"{Prefix(Kind)}:{Id}";

    public static string Prefix(NodeKind kind) => kind switch
    {
        NodeKind.Lot => "lot",
        NodeKind.Unit => "unit",
        NodeKind.Manufacture => "mfg",
        NodeKind.Container => "ctr",
        NodeKind.Shipment => "shp",
        NodeKind.Order => "ord",
        NodeKind.Customer => "cus",
        NodeKind.Epc => "epc",
        NodeKind.Party => "party",
        NodeKind.Transformation => "xf",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static Result<NodeKey> Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? "" : text[..colon];
        NodeKind? kind = prefix switch
        {
            "lot" => NodeKind.Lot,
            "unit" => NodeKind.Unit,
            "mfg" => NodeKind.Manufacture,
            "ctr" => NodeKind.Container,
            "shp" => NodeKind.Shipment,
            "ord" => NodeKind.Order,
            "cus" => NodeKind.Customer,
            "epc" => NodeKind.Epc,
            "party" => NodeKind.Party,
            "xf" => NodeKind.Transformation,
            _ => null,
        };
        return kind is null ? new InvalidInput("node", $"'{text}' is not a genealogy node") : new NodeKey(kind.Value, text[(colon + 1)..]);
    }

    public override string ToString() => Text;
}
