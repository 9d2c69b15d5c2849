using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;
using Tracewright.Features.Production;
using Tracewright.Features.Records;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Production;

/// <summary>The shop's GS1 company prefix as a ledger setting (issue 15 item 3): it wins over the environment variable — on SQLite and PostgreSQL.</summary>
public abstract class Gs1PrefixTests(DatabaseKind kind)
{
    [Fact]
    public async Task Set_prefix_is_recorded_with_its_reason_and_new_SSCCs_use_it_while_old_ones_stay()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var before = await Ok(Containers.CreateAsync(shop, "op", new("box", "0614141"), default));

        var set = await Ok(Gs1Prefix.SetAsync(shop, "admin", new(" 9501101 ", "our own GS1 membership"), default));
        var after = await Ok(Containers.CreateAsync(shop, "op", new("box", "0614141"), default));
        var changed = await Ok(Gs1Prefix.SetAsync(shop, "admin", new("950110199", "second prefix"), default));
        var later = await Ok(Containers.CreateAsync(shop, "op", new("pallet"), default));

        Assert.Equal(("9501101", (string?)null, "our own GS1 membership"), (set.Prefix, set.Previous, set.Reason));
        Assert.Equal("9501101", changed.Previous);
        Assert.StartsWith("00614141", before.Container, StringComparison.Ordinal);
        Assert.StartsWith("09501101", after.Container, StringComparison.Ordinal);
        Assert.StartsWith("0950110199", later.Container, StringComparison.Ordinal);
        Assert.True(ContainerId.Parse(later.Container).IsSuccess);
        Assert.Equal(("950110199", Gs1Prefix.FromSetting), ((await Gs1Prefix.CurrentAsync(shop, "0614141", default)).Prefix, (await Gs1Prefix.CurrentAsync(shop, "0614141", default)).Source));
        Assert.Equal(before.Container, (await Ok(ShowRecord.HandleAsync(shop, before.Container, default))).Id);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Fact]
    public async Task Without_a_setting_the_environment_variable_is_used_then_the_example_prefix()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);

        var fromEnvironment = await Gs1Prefix.CurrentAsync(shop, "4012345", default);
        var none = await Gs1Prefix.CurrentAsync(shop, null, default);
        var box = await Ok(Containers.CreateAsync(shop, "op", new("box", "4012345"), default));

        Assert.Equal(("4012345", Gs1Prefix.FromEnvironment), (fromEnvironment.Prefix, fromEnvironment.Source));
        Assert.Equal((Containers.ExampleCompanyPrefix, Gs1Prefix.FromNowhere), (none.Prefix, none.Source));
        Assert.StartsWith("04012345", box.Container, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567890123")]
    [InlineData("06141A1")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_prefix_that_is_not_6_to_12_digits_is_refused_naming_the_field_and_writes_nothing(string? typed)
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var before = await LedgerCountAsync(shop);

        var error = await Fails(Gs1Prefix.SetAsync(shop, "admin", new(typed, "why"), default));

        Assert.Equal(("company-prefix", ErrorKind.Invalid), (error.Field, error.Kind));
        Assert.StartsWith("GS1 company prefix", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal(Gs1Prefix.FromNowhere, (await Gs1Prefix.CurrentAsync(shop, null, default)).Source);
    }

    [Fact]
    public async Task The_same_prefix_again_or_no_reason_is_refused_and_writes_nothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(Gs1Prefix.SetAsync(shop, "admin", new("0614141", "first"), default));
        var before = await LedgerCountAsync(shop);

        var same = await Fails(Gs1Prefix.SetAsync(shop, "admin", new("0614141", "again"), default));
        var noReason = await Fails(Gs1Prefix.SetAsync(shop, "admin", new("9501101", "  "), default));

        Assert.Equal(("company-prefix", "GS1 company prefix 0614141 is the one set already"), (same.Field, same.Message));
        Assert.Equal("reason", noReason.Field);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Equal("0614141", (await Gs1Prefix.CurrentAsync(shop, null, default)).Prefix);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }
}

public sealed class SqliteGs1PrefixTests() : Gs1PrefixTests(new SqliteKind());

public sealed class PostgresGs1PrefixTests() : Gs1PrefixTests(new PostgresKind());
