using System.Text.Json;

namespace Tracewright.Tests.Cli;

/// <summary>What a keyboard-wedge scanner types resolves to our records wherever an id is accepted.</summary>
public sealed class ScanTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task SetUpAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "PLY-6MM", "--description", "Birch plywood", "--uom", "sheet", "--material", "wood", "--lot-prefix", "PLY")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("supplier", "add", "--name", "Timber & Co")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("receive", "--item", "PLY-6MM", "--supplier", "Timber & Co", "--heat", "T1", "--qty", "5", "--uom", "sheet")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("container", "create", "--kind", "box")).ExitCode);
    }

    [Theory]
    [InlineData("(01)09506000134352(10)PLY-0524-001", "lot", "PLY-0524-001")]
    [InlineData("https://id.gs1.org/01/09506000134352/10/PLY-0524-001", "lot", "PLY-0524-001")]
    [InlineData("https://labels.example.com/shop/01/09506000134352/10/PLY-0524-001?17=251231", "lot", "PLY-0524-001")]
    [InlineData("]d2010950600013435210PLY-0524-001", "lot", "PLY-0524-001")]
    [InlineData("\u001d010950600013435210PLY-0524-001", "lot", "PLY-0524-001")]
    [InlineData("]d20109506000134352" + "10PLY-0524-001\u001d17251231", "lot", "PLY-0524-001")]
    [InlineData("(00)006141410000000012", "container", "006141410000000012")]
    [InlineData("PLY-0524-001", "lot", "PLY-0524-001")]
    public async Task Parse_ResolvesEveryScannedFormToTheRecord(string scanned, string kind, string id)
    {
        await SetUpAsync();
        var run = await _cli.RunAsync("--json", "parse", scanned);
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal((kind, id), (json.RootElement.GetProperty("kind").GetString(), json.RootElement.GetProperty("record").GetString()));
        Assert.Equal(0, (await _cli.RunAsync("show", scanned)).ExitCode);
    }

    [Fact]
    public async Task Parse_ABadCheckDigit_IsRefusedWithItsPosition()
    {
        await SetUpAsync();
        var run = await _cli.RunAsync("parse", "(01)09506000134353(10)PLY-0524-001");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("incorrect check digit", run.Error, StringComparison.Ordinal);
        Assert.Contains("position 17", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await _cli.RunAsync("show", "(01)09506000134353(10)PLY-0524-001")).ExitCode);
    }

    [Fact]
    public async Task ScannedLabels_WorkInTraceAndSplitToo()
    {
        await SetUpAsync();
        var trace = await _cli.RunAsync("trace", "forward", "https://id.gs1.org/01/09506000134352/10/PLY-0524-001");
        Assert.Equal(0, trace.ExitCode);
        Assert.Contains("forward from lot PLY-0524-001", trace.Output, StringComparison.Ordinal);
        var split = await _cli.RunAsync("make", "--item", "PLY-6MM", "--use", "(01)09506000134352(10)PLY-0524-001:1", "--batch-qty", "1");
        Assert.Equal(0, split.ExitCode);
        Assert.Contains("used 1 sheet of PLY-0524-001", split.Output, StringComparison.Ordinal);
    }
}
