using Dapper;
using Microsoft.Data.Sqlite;
using Tracewright.Tests.Support;

namespace Tracewright.Tests.Cli;

/// <summary><c>supplier require</c>: what every delivery from a supplier must come with, as the receiving clerk then sees it.</summary>
public sealed class SupplierRequireCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<long> LedgerCountAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_cli.DbPath}");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger");
    }

    [Fact]
    public async Task SupplierRequire_HoldsDeliveriesWithoutIt_AndNoneClearsIt()
    {
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "PLY-6MM", "--description", "Birch plywood", "--uom", "sheet", "--material", "wood", "--lot-prefix", "PLY")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("supplier", "add", "--name", "Nordic Timber")).ExitCode);

        var set = await _cli.RunAsync("supplier", "require", "Nordic Timber", "--certificates", "CofC,RoHS", "--reason", "customer asks for chain of custody");
        Assert.Equal(0, set.ExitCode);
        Assert.Contains("supplier Nordic Timber now requires CofC, RoHS of every delivery (was no certificate)", set.Output, StringComparison.Ordinal);

        var held = await _cli.RunAsync("receive", "--item", "PLY-6MM", "--supplier", "Nordic Timber", "--heat", "NT-1", "--qty", "10", "--uom", "sheet");
        Assert.Equal(0, held.ExitCode);
        Assert.StartsWith("PLY-0524-001 quarantine: awaiting CofC, RoHS (required by supplier Nordic Timber)", held.Output, StringComparison.Ordinal);

        var show = await _cli.RunAsync("show", "Nordic Timber");
        Assert.Contains("customer asks for chain of custody", show.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("supplier", "require", "Nordic Timber", "--certificates", "none", "--reason", "dropped")).ExitCode);
        var free = await _cli.RunAsync("receive", "--item", "PLY-6MM", "--supplier", "Nordic Timber", "--heat", "NT-2", "--qty", "10", "--uom", "sheet");
        Assert.StartsWith("PLY-0524-002 available", free.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nobody", "CofC", "why", "supplier 'Nobody' does not exist")]
    [InlineData("Nordic Timber", "CofC,Paper", "why", "certificates 'Paper' is not one of")]
    [InlineData("Nordic Timber", "CofC", "", "reason")]
    public async Task SupplierRequire_BadInput_IsExit2NamingTheField_AndWritesNothing(string supplier, string certificates, string reason, string said)
    {
        Assert.Equal(0, (await _cli.RunAsync("supplier", "add", "--name", "Nordic Timber")).ExitCode);
        var before = await LedgerCountAsync();
        var run = await _cli.RunAsync("supplier", "require", supplier, "--certificates", certificates, "--reason", reason);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(said, run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync());
    }
}
