using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Tests.Materials;

public sealed class GtinTests
{
    [Fact]
    public void Parse_a_GTIN_13_is_the_same_GTIN_as_its_14_digit_form()
    {
        Assert.Equal(Gtin.Parse("09501101530003").Value, Gtin.Parse("9501101530003").Value);
        Assert.Equal("09501101530003", Gtin.Parse("9501101530003").Value.Value);
    }

    [Theory]
    [InlineData("09501101530004", "GTIN '09501101530004' has a wrong check digit (the last digit should be 3)")]
    [InlineData("95011O1530003", "GTIN '95011O1530003' must be digits only")]
    [InlineData("123456789", "GTIN '123456789' has 9 digits; a GTIN has 8, 12, 13 or 14")]
    public void Parse_refuses_with_a_message_that_names_the_field_GTIN(string text, string message)
    {
        var error = Assert.IsType<InvalidInput>(Gtin.Parse(text).Error);
        Assert.Equal(("gtin", message), (error.Field, error.Message));
    }
}
