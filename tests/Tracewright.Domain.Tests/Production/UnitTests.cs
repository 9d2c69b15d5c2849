using Tracewright.Domain.Production;

namespace Tracewright.Domain.Tests.Production;

public sealed class UnitTests
{
    private static Unit Unit(string id, UnitStatus status, Unit? parent = null) =>
        new(UnitId.Parse(id).Value, status, null, null, parent?.Id, null, null);

    [Theory]
    [InlineData(UnitStatus.Available, true)]
    [InlineData(UnitStatus.Blocked, true)]
    [InlineData(UnitStatus.Returned, true)]
    [InlineData(UnitStatus.Scrapped, true)]
    [InlineData(UnitStatus.Shipped, false)]
    [InlineData(UnitStatus.InService, false)]
    [InlineData(UnitStatus.Consumed, false)]
    public void A_loose_unit_is_in_the_building_by_its_own_status(UnitStatus status, bool inBuilding) =>
        Assert.Equal(inBuilding, Domain.Production.Unit.InBuilding(Unit("BRKT:1", status), []));

    [Theory]
    [InlineData(UnitStatus.Shipped, false)]
    [InlineData(UnitStatus.InService, false)]
    [InlineData(UnitStatus.Consumed, false)]
    [InlineData(UnitStatus.Available, true)]
    [InlineData(UnitStatus.Blocked, true)]
    [InlineData(UnitStatus.Scrapped, true)]
    public void An_installed_unit_left_the_building_when_anything_it_is_inside_left(UnitStatus outermost, bool inBuilding)
    {
        var machine = Unit("MACH:1", outermost);
        var enclosure = Unit("ENC:1", UnitStatus.Available, machine);
        var bracket = Unit("BRKT:1", UnitStatus.Available, enclosure);
        Assert.Equal(inBuilding, Domain.Production.Unit.InBuilding(bracket, [enclosure, machine]));
    }
}
