using System.Text.Json;
using Tracewright.Domain.Ledger;
using Tracewright.Features.Generate;

namespace Tracewright.Tests.Generate;

/// <summary>The generator without a store: the same seed gives the same records, another seed others, and the plant has the shape it promises.</summary>
public sealed class GeneratorTests
{
    private static List<string> Records(long events, int seed) =>
        new PlantGenerator(events, seed).Records()
            .Select(r => $"{EventCatalog.KindOf(r.Event.Event)} {r.Event.OccurredAt:O} {r.Event.Reason} {EventCatalog.Serialize(r.Event.Event)} {r.Document?.Sha256.Value}")
            .ToList();

    [Fact]
    public void SameSeed_GivesTheSameRecords_AndAnotherSeedOthers()
    {
        var first = Records(3_000, 42);
        var again = Records(3_000, 42);
        var other = Records(3_000, 43);

        Assert.Equal(3_000, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Starts_AreTheSameForTheSameSeed_AndNameWhatWasGenerated()
    {
        var generator = new PlantGenerator(5_000, 7);
        var records = generator.Records().Select(r => r.Event.Event).ToList();
        var starts = generator.Starts;
        var again = new PlantGenerator(5_000, 7);
        _ = again.Records().Count();

        Assert.Equal(JsonSerializer.Serialize(starts), JsonSerializer.Serialize(again.Starts));
        Assert.Equal(5_000, starts.Events);
        Assert.Equal(PlantGenerator.DeepChainLevels, starts.DeepChainLevels);
        Assert.True(starts.DeepChainLevels >= 50);
        Assert.NotEqual(starts.DeepChainFirst, starts.DeepChainLast);
        Assert.Equal(100, starts.SampleUnits.Count);
        Assert.True(starts.HotSerials > 0, "the hot heat feeds no serials");

        // Every starting point is a node the records create: a received lot, a piece, a batch or a made unit.
        var made = records.SelectMany(Created).ToHashSet();
        Assert.All(starts.HotLots.Append(starts.DeepChainFirst).Append(starts.DeepChainLast).Concat(starts.SampleUnits).Concat(starts.SampleLots), node => Assert.Contains(node, made));
    }

    [Fact]
    public void ThePlant_HasFiveAssemblyLevels_ReworkAndThousandsOfCustomersAtScale()
    {
        var records = new PlantGenerator(40_000, 3).Records().Select(r => r.Event.Event).ToList();
        var installs = records.OfType<Domain.Production.ComponentInstalled>().ToList();

        // coil → motor (consumed by a run), motor → drive → axis → robot (installed): five serialized levels.
        Assert.Contains(installs, i => i.Parent.Item.Value == "DRIVE" && i.Component!.Value.Item.Value == "MOTOR");
        Assert.Contains(installs, i => i.Parent.Item.Value == "AXIS" && i.Component!.Value.Item.Value == "DRIVE");
        Assert.Contains(installs, i => i.Parent.Item.Value == "ROBOT" && i.Component!.Value.Item.Value == "AXIS");
        Assert.Contains(records.OfType<Domain.Production.ManufactureRecorded>(), m => m.Product.Value == "MOTOR" && m.Units.Count > 1);
        Assert.NotEmpty(records.OfType<Domain.Production.ComponentRemoved>());
        Assert.NotEmpty(records.OfType<Domain.Materials.LotSplit>());
        Assert.Contains(records.OfType<Domain.Shipping.ShipmentShipped>(), s => s.Containers.Count > 0);
        Assert.Equal(200, records.OfType<Domain.Shipping.CustomerRegistered>().Count());
        Assert.True(new PlantGenerator(1_000_000, 1).CustomerCount >= 2_000);
    }

    private static IEnumerable<string> Created(ILedgerEvent e) => e switch
    {
        Domain.Materials.LotReceived r => [$"lot:{r.Lot.Value}"],
        Domain.Materials.LotSplit s => s.Pieces.Select(p => $"lot:{p.Piece.Value}"),
        Domain.Production.ManufactureRecorded m => m.OutputSerials.Select(s => $"unit:{m.Product.Value}:{s.Value}").Concat(m.OutputLot is { } l ? [$"lot:{l.Value}"] : []),
        _ => [],
    };
}
