using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Tests.Materials;

public sealed class NumberPatternTests
{
    private static readonly DateOnly May2024 = new(2024, 5, 14);

    [Fact]
    public void Default_FormatsThePlywoodExampleFromTheSeed()
    {
        var pattern = NumberPattern.Parse(NumberPattern.Default).Value;
        Assert.Equal("PLY-0524-001", pattern.Format("PLY", May2024, 1));
    }

    [Fact]
    public void Scope_IsPerPrefixAndMonth()
    {
        var pattern = NumberPattern.Parse(NumberPattern.Default).Value;
        Assert.Equal("PLY-0524-#", pattern.Scope("PLY", May2024));
        Assert.NotEqual(pattern.Scope("PLY", May2024), pattern.Scope("PLY", new DateOnly(2024, 6, 1)));
        Assert.NotEqual(pattern.Scope("PLY", May2024), pattern.Scope("ACR", May2024));
        Assert.Equal(pattern.Scope("PLY", May2024), pattern.Scope("PLY", new DateOnly(2024, 5, 31)));
    }

    [Fact]
    public void Counter_WidensPastItsMinimumWidthRatherThanWrapping()
    {
        var pattern = NumberPattern.Parse("{PREFIX}{YYYY}{MM}{DD}-{NN}").Value;
        Assert.Equal("ALU20240514-07", pattern.Format("ALU", May2024, 7));
        Assert.Equal("ALU20240514-123", pattern.Format("ALU", May2024, 123));
    }

    [Fact]
    public void CheckCharacter_CatchesASingleMistypedCharacter()
    {
        var pattern = NumberPattern.Parse("{PREFIX}{YY}{MM}{NNNN}{C}").Value;
        var serial = pattern.Format("ACT", May2024, 42);
        Assert.Equal(12, serial.Length);
        Assert.StartsWith("ACT24050042", serial, StringComparison.Ordinal);
        Assert.True(NumberPattern.HasValidCheckCharacter(serial));
        Assert.False(NumberPattern.HasValidCheckCharacter("ACT24050043" + serial[^1]));
        Assert.Equal("ACT2405##", pattern.Scope("ACT", May2024));
    }

    [Theory]
    [InlineData("{PREFIX}-{C}-{NNN}", "must come last")]
    [InlineData("{PREFIX}-{MM}{YY}", "exactly one counter")]
    [InlineData("{PREFIX}-{NNN}-{NN}", "exactly one counter")]
    [InlineData("{PREFIX}-{WEEK}-{NNN}", "unknown token {WEEK}")]
    [InlineData("{PREFIX}-{NNN", "unclosed")]
    [InlineData("{PREFIX} {NNN}", "may only hold")]
    public void Parse_RefusesABadPatternAndSaysWhy(string text, string expected)
    {
        var result = NumberPattern.Parse(text);
        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
        
    }
}
