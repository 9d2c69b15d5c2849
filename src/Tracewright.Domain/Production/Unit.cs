using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Production;

/// <summary>
/// A serialized unit as it stands now. <see cref="Parent"/> is the unit it is installed in, if any; a unit
/// is in at most one parent at a time.
/// </summary>
public sealed record Unit(UnitId Id, UnitStatus Status, string? StatusReason, string? Location, UnitId? Parent, string? MadeBy, LotId? Lot)
{
    public ItemCode Item => Id.Item;

    public SerialNumber Serial => Id.Serial;

    /// <summary>Status changes a person may record; consumption happens only through manufacture.</summary>
    public Result<UnitStatusChanged> ChangeStatus(UnitStatus to)
    {
        if (Status is UnitStatus.Scrapped or UnitStatus.Consumed)
        {
            return new RuleViolated("illegal-status", $"unit {Id} is {Describe(Status)}{Suffix}; its status cannot change");
        }

        if (to == UnitStatus.Consumed)
        {
            return new RuleViolated("illegal-status", $"a unit becomes consumed only when a manufacture record uses it", "status");
        }

        return to == Status
            ? new RuleViolated("illegal-status", $"unit {Id} is already {Describe(Status)}", "status")
            : new UnitStatusChanged(Id, Status, to);
    }

    /// <summary>Only available units go into a manufacture run, an assembly or a container.</summary>
    public Result<Unit> MustBeUsable(string action) =>
        Status == UnitStatus.Available
            ? this
            : new RuleViolated("not-available", $"unit {Id} is {Describe(Status)}{Suffix} and cannot be {action}", "serial");

    /// <summary>
    /// Whether a unit is still in the building: its own status says so and nothing it is installed in (its parent, the
    /// parent's parent…, <paramref name="ancestors"/> from the nearest out) has left — a bracket inside a shipped
    /// enclosure went with it, whatever its own status says.
    /// </summary>
    public static bool InBuilding(Unit unit, IEnumerable<Unit> ancestors) =>
        unit.Status is UnitStatus.Available or UnitStatus.Blocked or UnitStatus.Returned or UnitStatus.Scrapped
        && ancestors.All(a => a.Status is not (UnitStatus.Shipped or UnitStatus.InService or UnitStatus.Consumed));

    public static string Describe(UnitStatus status) => status == UnitStatus.InService ? "in service" : status.ToString().ToLowerInvariant();

    private string Suffix => StatusReason is null ? "" : $" ({StatusReason})";
}
