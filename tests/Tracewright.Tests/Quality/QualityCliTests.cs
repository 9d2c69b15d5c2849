using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Tracewright.Tests.Cli;

namespace Tracewright.Tests.Quality;

/// <summary>The quality verbs as a person and a script use them: output, JSON, exit codes, errors naming the field.</summary>
public sealed class QualityCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task SetUpAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "PLY-6MM", "--description", "Birch plywood 6 mm", "--uom", "sheet", "--material", "wood", "--lot-prefix", "PLY")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("supplier", "add", "--name", "Timber & Co")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("receive", "--item", "PLY-6MM", "--supplier", "Timber & Co", "--heat", "T1", "--qty", "5", "--uom", "sheet")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("receive", "--item", "PLY-6MM", "--supplier", "Timber & Co", "--heat", "T2", "--qty", "5", "--uom", "sheet")).ExitCode);
    }

    private async Task<long> LedgerCountAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_cli.DbPath}");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger");
    }

    [Fact]
    public async Task AnNcr_FromOpenToClose_OnTheCommandLine()
    {
        await SetUpAsync();
        var opened = await _cli.RunAsync("ncr", "open", "--lot", "PLY-0524-001,PLY-0524-002", "--description", "delaminated", "--detected-at", "QC bench");
        Assert.Equal((0, "NCR-0001: open"), (opened.ExitCode, opened.Output.Trim()));

        var early = await _cli.RunAsync("ncr", "close", "NCR-0001", "--reason", "fine");
        Assert.Equal(5, early.ExitCode);
        Assert.Contains("NCR-0001 has no disposition yet", early.Error, StringComparison.Ordinal);

        var json = await _cli.RunAsync("--json", "ncr", "disposition", "NCR-0001", "--disposition", "scrap", "--approved-by", "QM", "--reason", "unusable");
        Assert.Equal(0, json.ExitCode);
        using (var document = JsonDocument.Parse(json.Output))
        {
            Assert.Equal("Scrap", document.RootElement.GetProperty("ncr").GetProperty("disposition").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("changed").GetArrayLength());
        }

        Assert.Equal(0, (await _cli.RunAsync("ncr", "close", "NCR-0001", "--reason", "scrapped and binned")).ExitCode);
        var shown = await _cli.RunAsync("ncr", "show", "NCR-0001");
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("closed, scrap (approved by QM)", shown.Output, StringComparison.Ordinal);
        Assert.Contains("NcrDispositioned by tester: unusable", shown.Output, StringComparison.Ordinal);
        var lot = await _cli.RunAsync("show", "PLY-0524-002");
        Assert.Contains("scrapped (NCR-0001 scrap: unusable)", lot.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("verify")).ExitCode);
    }

    [Fact]
    public async Task ACapa_RefusesClosure_WithTheReason()
    {
        await SetUpAsync();
        Assert.Equal(0, (await _cli.RunAsync("ncr", "open", "--lot", "PLY-0524-001", "--description", "warped", "--detected-at", "receiving")).ExitCode);
        var opened = await _cli.RunAsync("capa", "open", "--ncr", "NCR-0001", "--root-cause", "stored on a damp floor");
        Assert.StartsWith("CAPA-0001: open, for NCR-0001", opened.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("capa", "action", "CAPA-0001", "--kind", "corrective", "--description", "racks", "--owner", "Sam", "--due", "2024-05-20")).ExitCode);

        var before = await LedgerCountAsync();
        var refused = await _cli.RunAsync("capa", "close", "CAPA-0001", "--reason", "done");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("action(s) not done: #1 racks (Sam, due 2024-05-20)", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync());

        Assert.Equal(0, (await _cli.RunAsync("capa", "done", "CAPA-0001", "--action", "1")).ExitCode);
        var notChecked = await _cli.RunAsync("--json", "capa", "close", "CAPA-0001", "--reason", "done");
        Assert.Equal(5, notChecked.ExitCode);
        using (var problem = JsonDocument.Parse(notChecked.Output))
        {
            Assert.Equal("capa-not-checked", problem.RootElement.GetProperty("code").GetString());
        }

        Assert.Equal(0, (await _cli.RunAsync("capa", "check", "CAPA-0001", "--effective", "yes", "--notes", "flat for 8 weeks")).ExitCode);
        var closed = await _cli.RunAsync("capa", "close", "CAPA-0001", "--reason", "effective");
        Assert.Equal((0, "CAPA-0001: closed"), (closed.ExitCode, closed.Output[..closed.Output.IndexOf(',', StringComparison.Ordinal)]));
        Assert.Contains("CapaClosed by tester: effective", (await _cli.RunAsync("show", "CAPA-0001")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviationGrant_PrintsTheNumber_AndNamesTheBadField()
    {
        await SetUpAsync();
        var granted = await _cli.RunAsync("deviation", "grant", "--lot", "PLY-0524-001", "--qty", "3", "--from", "2024-05-01", "--to", "2024-05-31", "--description", "ply for prototypes", "--approved-by", "QM");
        Assert.Equal(0, granted.ExitCode);
        Assert.StartsWith("DEV-0001: up to 3 of PLY-0524-001, 2024-05-01 to 2024-05-31", granted.Output, StringComparison.Ordinal);

        var before = await LedgerCountAsync();
        var zero = await _cli.RunAsync("deviation", "grant", "--lot", "PLY-0524-001", "--qty", "0", "--from", "2024-05-01", "--to", "2024-05-31", "--description", "d", "--approved-by", "QM");
        Assert.Equal((2, "error: qty: qty must be greater than zero (got 0)"), (zero.ExitCode, zero.Error.Trim()));
        var backwards = await _cli.RunAsync("deviation", "grant", "--lot", "PLY-0524-001", "--qty", "1", "--from", "2024-06-01", "--to", "2024-05-31", "--description", "d", "--approved-by", "QM");
        Assert.Equal(2, backwards.ExitCode);
        Assert.StartsWith("error: to: to (2024-05-31) is before from (2024-06-01)", backwards.Error, StringComparison.Ordinal);
        var missing = await _cli.RunAsync("deviation", "grant", "--lot", "PLY-0524-001", "--qty", "1", "--from", "2024-05-01", "--to", "2024-05-31", "--description", "d");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--approved-by", missing.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync());
        Assert.Contains("used 0 of 3", (await _cli.RunAsync("show", "DEV-0001")).Output, StringComparison.Ordinal);
    }
}
