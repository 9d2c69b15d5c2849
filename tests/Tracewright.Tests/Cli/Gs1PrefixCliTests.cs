using Tracewright.Cli;

namespace Tracewright.Tests.Cli;

/// <summary><c>config gs1-prefix</c>: shows the prefix in force and where it comes from, sets it with a reason; containers follow.</summary>
public sealed class Gs1PrefixCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<CliRunner.Run> WithEnvironmentAsync(string prefix, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await TracewrightCli.RunAsync(["--db", _cli.DbPath, "--as", "tester", .. args], output, error, _cli.Clock,
            name => name == "TRACEWRIGHT_GS1_COMPANY_PREFIX" ? prefix : null);
        return new CliRunner.Run(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Config_gs1_prefix_shows_the_source_sets_it_refuses_bad_input_and_new_containers_use_it()
    {
        var none = await _cli.RunAsync("config", "gs1-prefix");
        Assert.Equal((0, "GS1 company prefix 0614141 (from: none (GS1's example prefix))"), (none.ExitCode, none.Output.Trim()));
        var fromEnvironment = await WithEnvironmentAsync("4012345", "config", "gs1-prefix");
        Assert.Equal("GS1 company prefix 4012345 (from: environment variable)", fromEnvironment.Output.Trim());
        var envBox = await WithEnvironmentAsync("4012345", "container", "create", "--kind", "box");
        Assert.Contains("box 04012345", envBox.Output, StringComparison.Ordinal);

        var bad = await _cli.RunAsync("config", "gs1-prefix", "12AB56", "--reason", "typo");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("GS1 company prefix '12AB56' must be 6 to 12 digits", bad.Error, StringComparison.Ordinal);
        var noReason = await _cli.RunAsync("config", "gs1-prefix", "9501101");
        Assert.NotEqual(0, noReason.ExitCode);
        Assert.Contains("reason", noReason.Error, StringComparison.Ordinal);

        var set = await _cli.RunAsync("config", "gs1-prefix", "9501101", "--reason", "our GS1 membership");
        Assert.Equal((0, "GS1 company prefix set to 9501101: our GS1 membership"), (set.ExitCode, set.Output.Trim()));
        var again = await _cli.RunAsync("config", "gs1-prefix", "9501101", "--reason", "twice");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("is the one set already", again.Error, StringComparison.Ordinal);

        var shown = await WithEnvironmentAsync("4012345", "config", "gs1-prefix");
        Assert.Equal("GS1 company prefix 9501101 (from: setting)", shown.Output.Trim());
        var box = await WithEnvironmentAsync("4012345", "container", "create", "--kind", "box");
        Assert.Contains("box 09501101", box.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("verify")).ExitCode);
    }
}
