using System.Text.Json;

namespace Tracewright.Tests.Cli;

/// <summary><c>item add --gtin</c>, <c>item gtin</c> and <c>parse</c> of a GTIN, as a person types them.</summary>
public sealed class ItemGtinCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Item_add_with_a_GTIN_then_item_gtin_for_another_and_parse_finds_each()
    {
        var added = await _cli.RunAsync("item", "add", "--code", "PLY-BIRCH-3MM", "--description", "Birch plywood 3 mm", "--uom", "sheet", "--material", "wood", "--gtin", "9501101530003");
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("GTIN 09501101530003", added.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "PLY-6MM", "--description", "Birch plywood 6 mm", "--uom", "sheet", "--material", "wood")).ExitCode);

        var taken = await _cli.RunAsync("item", "gtin", "PLY-6MM", "--gtin", "09501101530003", "--reason", "new barcode");
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains("GTIN 09501101530003 is already item PLY-BIRCH-3MM's", taken.Error, StringComparison.Ordinal);
        var wrong = await _cli.RunAsync("item", "gtin", "PLY-6MM", "--gtin", "09506000134353", "--reason", "new barcode");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("GTIN '09506000134353' has a wrong check digit", wrong.Error, StringComparison.Ordinal);

        var given = await _cli.RunAsync("item", "gtin", "PLY-6MM", "--gtin", "09506000134352", "--reason", "new barcode");
        Assert.Equal(0, given.ExitCode);
        Assert.Contains("item PLY-6MM has GTIN 09506000134352: new barcode", given.Output, StringComparison.Ordinal);

        foreach (var (scanned, item) in new[] { ("(01)09506000134352", "PLY-6MM"), ("09501101530003", "PLY-BIRCH-3MM") })
        {
            var run = await _cli.RunAsync("--json", "parse", scanned);
            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.Output);
            Assert.Equal(("item", item), (json.RootElement.GetProperty("kind").GetString(), json.RootElement.GetProperty("record").GetString()));
        }

        Assert.Equal(0, (await _cli.RunAsync("verify")).ExitCode);
    }
}
