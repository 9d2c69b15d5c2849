using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Gs1;

public sealed class Gs1GtinTests
{
    [Theory]
    [InlineData("96385074", "00000096385074")]
    [InlineData("614141000036", "00614141000036")]
    [InlineData("9501101530003", "09501101530003")]
    [InlineData("09501101530003", "09501101530003")]
    [InlineData("10614141000033", "10614141000033")]
    [InlineData(" 9501101530003 ", "09501101530003")]
    public void TryNormalize_every_GTIN_length_gives_its_14_digit_form(string text, string expected)
    {
        Assert.True(Gs1Gtin.TryNormalize(text, out var gtin14, out var problem), problem);
        Assert.Equal(expected, gtin14);
    }

    [Theory]
    [InlineData("09501101530004", "has a wrong check digit (the last digit should be 3)")]
    [InlineData("96385075", "has a wrong check digit (the last digit should be 4)")]
    [InlineData("0950110153000X", "must be digits only")]
    [InlineData("0950-110153000", "must be digits only")]
    [InlineData("950110153000", "has a wrong check digit (the last digit should be 7)")]
    [InlineData("0950110153", "has 10 digits; a GTIN has 8, 12, 13 or 14")]
    [InlineData("009501101530003", "has 15 digits; a GTIN has 8, 12, 13 or 14")]
    [InlineData("", "is empty")]
    public void TryNormalize_refuses_what_is_not_a_GTIN_and_says_why(string text, string expected)
    {
        Assert.False(Gs1Gtin.TryNormalize(text, out var gtin14, out var problem));
        Assert.Equal(expected, problem);
        Assert.Equal("", gtin14);
    }
}
