using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Demo;
using Tracewright.Features.Records;
using Tracewright.Tests.Support;

namespace Tracewright.Tests.Materials;

public abstract class DemoTests(DatabaseKind kind)
{
    [Fact]
    public async Task Demo_LoadsTheSeedShopAndVerifies()
    {
        await using var test = await kind.CreateAsync();
        var shop = new Shop(test.Database, new ManualClock(Seed.May2024));
        var demo = await Seed.Ok(LoadDemo.HandleAsync(shop, "demo", default));
        Assert.Contains("ALU-0524-002 received: rejected (heat number marked on the material 'H-24-0171' does not match the MTR certificate 'MTR-H-24-0117.pdf', which covers H-24-0117: return to supplier unless a valid certificate is presented)", demo.Lots);
        Assert.Contains("PLA-0424-01 received: available", demo.Lots);
        Assert.Contains("ACR-0524-02 received: quarantine (awaiting certificate: RoHS)", demo.Lots);
        var plate = await Seed.Ok(ShowRecord.HandleAsync(shop, "ALU-0524-001", default));
        Assert.Equal(4, ((ShowRecord.LotView)plate.Record).Pieces.Count);
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);

        var again = await Seed.Fails(LoadDemo.HandleAsync(shop, "demo", default));
        Assert.Equal("not-empty", again.Code);
    }
}

public sealed class SqliteDemoTests() : DemoTests(new SqliteKind());

public sealed class PostgresDemoTests() : DemoTests(new PostgresKind());
