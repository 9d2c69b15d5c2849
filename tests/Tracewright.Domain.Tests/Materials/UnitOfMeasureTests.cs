using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Tests.Materials;

public sealed class UnitOfMeasureTests
{
    [Theory]
    [InlineData("sheet", "ST")]
    [InlineData("kg", "KGM")]
    [InlineData("g", "GRM")]
    [InlineData("ea", "EA")]
    [InlineData("m", "MTR")]
    [InlineData("mm", "MMT")]
    [InlineData("spool", "XSO")]
    [InlineData("KGM", "KGM")]
    [InlineData("Sheets", "ST")]
    public void A_shop_word_or_a_code_stands_for_its_Rec20_code(string word, string code)
    {
        var uom = UnitOfMeasure.ParseKnown(word).Value;

        Assert.Equal(code, uom.Rec20?.Code);
    }

    [Fact]
    public void An_unknown_unit_for_a_new_item_is_refused_with_the_nearest_codes()
    {
        var refused = UnitOfMeasure.ParseKnown("sheat");

        var error = Assert.IsType<InvalidInput>(refused.Error);
        Assert.Equal("uom", error.Field);
        Assert.Contains("'sheat' is not a unit", error.Message, StringComparison.Ordinal);
        Assert.Contains("sheet (ST)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_word_outside_the_table_still_reads_back_without_a_code()
    {
        // Records written before the table existed must replay; only new items are held to it.
        var legacy = UnitOfMeasure.Parse("bananas").Value;

        Assert.Null(legacy.Rec20);
        Assert.Equal("bananas", legacy.Value);
    }

    [Fact]
    public void Every_word_and_code_of_the_table_names_one_unit()
    {
        var words = Rec20Units.All.SelectMany(u => u.Words).ToList();
        Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
        foreach (var unit in Rec20Units.All)
        {
            Assert.Matches("^[A-Z0-9]{2,3}$", unit.Code); // the pattern of GS1's EPCIS JSON schema
            Assert.Same(unit, Rec20Units.Find(unit.Code));
            Assert.Same(unit, Rec20Units.FromCode(unit.Code));
            Assert.All(unit.Words, w => Assert.Same(unit, Rec20Units.Find(w)));
            Assert.Equal(unit.Words[0], UnitOfMeasure.FromRec20(unit.Code).Value);
        }
    }

    [Fact]
    public void Two_words_for_one_unit_are_the_same_unit_and_the_item_keeps_its_own_word()
    {
        var item = new Item(ItemCode.Parse("PLA-175").Value, "PLA filament", UnitOfMeasure.Parse("kg").Value, MaterialKind.Filament,
            TrackingMode.Lot, [], "PLA", NumberPattern.Parse(NumberPattern.Default).Value, NumberPattern.Parse(NumberPattern.DefaultSerial).Value);

        Assert.Equal("kg", item.CheckUnit(UnitOfMeasure.Parse("kilogram").Value).Value.Value);
        Assert.Equal("kg", item.CheckUnit(UnitOfMeasure.Parse("KGM").Value).Value.Value);
        Assert.False(item.CheckUnit(UnitOfMeasure.Parse("g").Value).IsSuccess);
    }
}
