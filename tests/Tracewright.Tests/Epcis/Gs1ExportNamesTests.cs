using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Trace;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Epcis;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// How an export names native records once the shop has GS1 keys (issue 15), and how an import reads them back: an LGTIN or
/// SGTIN of one of the shop's GTINs is the native lot or unit; a GTIN that is not ours stays a captured identifier.
/// </summary>
public sealed class Gs1ExportNamesTests
{
    private const string Gtin = "00614141000012";
    private static readonly TracewrightIdentifiers.Names Names = new(
        new Dictionary<string, string> { ["ACT-100"] = Gtin, ["PLY-6MM"] = Gtin },
        new Dictionary<string, string> { ["PLY-0524-01"] = "PLY-6MM", ["PLY-0524-01.2"] = "PLY-6MM", ["PLY-0524-0123456789012"] = "PLY-6MM" },
        "0614141");

    private static readonly Dictionary<string, string> Ours = new() { [Gtin] = "ACT-100" };

    [Theory]
    [InlineData("PLY-0524-01")]
    [InlineData("PLY-0524-01.2")] // a cut piece, numbered with a dot
    public void A_lot_of_an_item_with_a_GTIN_is_its_LGTIN_and_reads_back_as_the_native_lot(string lot)
    {
        var uri = Names.Lot(Identifier.FromStored<LotId>(lot));

        Assert.Equal($"https://id.gs1.org/01/{Gtin}/10/{lot}", uri);
        Assert.Equal(EpcisIdentifier.ToCanonicalDigitalLink(uri), uri);
        Assert.Equal(new NodeKey(NodeKind.Lot, lot), TracewrightIdentifiers.NativeNode(uri, Ours));
    }

    [Fact]
    public void A_unit_is_its_SGTIN_and_reads_back_as_the_native_unit()
    {
        var unit = Identifier.FromStored<UnitId>("ACT-100:SN-0042");
        var uri = Names.Unit(unit);

        Assert.Equal($"https://id.gs1.org/01/{Gtin}/21/SN-0042", uri);
        Assert.Equal(new NodeKey(NodeKind.Unit, "ACT-100:SN-0042"), TracewrightIdentifiers.NativeNode(uri, Ours));
    }

    [Fact]
    public void A_lot_id_AI_10_cannot_carry_keeps_our_own_URI()
    {
        var lot = Identifier.FromStored<LotId>("PLY-0524-0123456789012"); // 22 characters: AI 10 holds 20

        Assert.Equal(TracewrightIdentifiers.Lot(lot), Names.Lot(lot));
        Assert.Equal(TracewrightIdentifiers.Lot(Identifier.FromStored<LotId>("ALU-1")), Names.Lot(Identifier.FromStored<LotId>("ALU-1"))); // no item known
    }

    [Fact]
    public void The_shop_is_an_SGLN_and_a_PGLN_under_its_company_prefix_with_a_valid_check_digit()
    {
        Assert.Equal("https://id.gs1.org/414/0614141000005", Names.Shop);
        Assert.Equal("https://id.gs1.org/417/0614141000005", Names.ShopParty);
        Assert.NotNull(EpcisIdentifier.ToCanonicalDigitalLink("urn:epc:id:sgln:0614141.00000.0")); // the same GLN by the Tag Data Standard
        Assert.Equal("https://id.gs1.org/414/0614141000005", EpcisIdentifier.ToCanonicalDigitalLink("urn:epc:id:sgln:0614141.00000.0"));
        Assert.Equal(TracewrightIdentifiers.Shop, TracewrightIdentifiers.Names.Own.Shop);
        Assert.Null(TracewrightIdentifiers.Names.Own.ShopParty);
    }

    [Fact]
    public void An_LGTIN_of_a_GTIN_that_is_not_ours_stays_a_captured_identifier()
    {
        Assert.Null(TracewrightIdentifiers.NativeNode("https://id.gs1.org/01/04012345000009/10/PLY-0524-01", Ours));
        Assert.Null(TracewrightIdentifiers.NativeNode($"https://id.gs1.org/01/{Gtin}/10/PLY-0524-01", null));
    }
}
