using System.Text;
using Tracewright.Tests.Cli;

namespace Tracewright.Tests.Epcis;

/// <summary>The import, trace and export verbs on an EPCIS document, as a person runs them.</summary>
public sealed class EpcisCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Import_then_trace_by_Digital_Link_then_export()
    {
        var file = _cli.WriteFile("chain.jsonld", Encoding.UTF8.GetBytes(EpcisSamples.Chain));
        var imported = await _cli.RunAsync("import", file);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("4 events: 4 captured, 0 already captured", imported.Output, StringComparison.Ordinal);
        Assert.Contains("0 captured, 4 already captured", (await _cli.RunAsync("import", file)).Output, StringComparison.Ordinal);

        var trace = await _cli.RunAsync("trace", "forward", EpcisSamples.LotDigitalLink);
        Assert.Equal(0, trace.ExitCode);
        Assert.Contains(EpcisSamples.CustomerDigitalLink, trace.Output, StringComparison.Ordinal);

        var broken = _cli.WriteFile("broken.jsonld", Encoding.UTF8.GetBytes(EpcisSamples.Chain.Replace("\"OBSERVE\"", "\"LOOK\"", StringComparison.Ordinal)));
        var refused = await _cli.RunAsync("import", broken);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("eventList[3]", refused.Error, StringComparison.Ordinal);

        var output = Path.Combine(_cli.Folder, "export.xml");
        var exported = await _cli.RunAsync("export", "--epcis", output, "--format", "xml");
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains("<TransformationEvent>", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
        Assert.Equal(2, (await _cli.RunAsync("export", "--epcis", output, "--format", "csv")).ExitCode);
    }
}
