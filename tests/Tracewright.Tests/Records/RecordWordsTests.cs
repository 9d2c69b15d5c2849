using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Features.Records;

namespace Tracewright.Tests.Records;

/// <summary>Issue 14, "people's words": a record is named as people say it, with the details it holds.</summary>
public sealed class RecordWordsTests
{
    private static readonly UnitId Actuator = UnitId.Parse("ACT-100:SN-7").Value;

    private static readonly WorkContext Work = new("Kim", "Test rig 2", "Caliper 0.01", "EOL bench");

    [Fact]
    public void A_failed_test_names_the_measurement_outside_its_limits_and_keeps_the_step_and_who_did_it_where()
    {
        var tested = new UnitTested(Actuator, "EOL", [new("stroke", 100.09m, "mm", 99.95m, 100.05m), new("current", 1.8m, "A", null, 2.0m)], Work);

        var words = RecordWords.Describe(tested);

        Assert.Equal("Tested: fail — stroke 100.09 mm outside 99.95–100.05", words.What);
        Assert.Equal(
            [("Step", "EOL"), ("Measured", "stroke 100.09 mm (99.95–100.05); current 1.8 A (at most 2)"), ("Operator", "Kim"), ("Machine", "Test rig 2"), ("Tool", "Caliper 0.01"), ("Station", "EOL bench")],
            words.Details);
        Assert.Equal("Tested: pass", RecordWords.Describe(tested with { Measurements = [new("stroke", 100.01m, "mm", 99.95m, 100.05m)] }).What);
    }

    [Fact]
    public void A_cut_a_shipment_and_a_receipt_read_as_people_say_them()
    {
        var parent = LotId.Parse("ALU-0524-001").Value;
        var pieces = Enumerable.Range(1, 4).Select(i => new PieceLabel(LotId.Parse($"ALU-0524-001.{i}").Value, parent, ItemCode.Parse("ALU-6061-PLATE").Value, null, 1m, UnitOfMeasure.Parse("ea").Value, [])).ToList();
        var shipped = new ShipmentShipped(ShipmentId.Parse("SHP-0001").Value, OrderId.Parse("SO-0001").Value, CustomerId.Parse("CUS-0001").Value, "main warehouse", "DN-7", [], [new(Actuator, null)], []);

        Assert.Equal("Cut into 4 pieces", RecordWords.Describe(new LotSplit(parent, pieces, 0m, 0m, LotStatus.Consumed)).What);
        var shipment = RecordWords.Describe(shipped);
        Assert.Equal("Shipped to CUS-0001 on SHP-0001", shipment.What);
        Assert.Contains(("What left", "ACT-100:SN-7"), shipment.Details);
        Assert.Contains(("Delivery note", "DN-7"), shipment.Details);
        Assert.Equal("Inspected: fail — burr on the rod end", RecordWords.Describe(new UnitInspected(Actuator, false, "Lee", "burr on the rod end", Work)).What);
    }

    [Fact]
    public void A_record_this_version_cannot_read_is_shown_by_its_stored_name()
    {
        using var payload = System.Text.Json.JsonDocument.Parse("{}");

        Assert.Equal("SomethingFromTheFuture", RecordWords.Describe("SomethingFromTheFuture", payload.RootElement).What);
    }
}
