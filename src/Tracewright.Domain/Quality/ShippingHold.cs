using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Quality;

/// <summary>
/// A quality user let a unit ship despite what holds it (a failed last test, an open NCR), with the reason in the ledger
/// record. It releases the holds there were when it was recorded, not later ones.
/// </summary>
public sealed record UnitReleasedToShip(UnitId Unit, IReadOnlyList<string> Holds) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Unit.Value, Unit.Serial.Value];
}

/// <summary>
/// Whether a unit may ship as far as quality is concerned (issue 14): a unit whose last test failed, or that an open NCR
/// covers, is held until a quality user releases it (<see cref="UnitReleasedToShip"/>). Each hold is the ledger sequence
/// that made it; a release recorded after a hold releases it.
/// </summary>
public static class ShippingHold
{
    /// <summary>What holds a unit: its last test (if it failed), the open NCRs covering it, and its latest release.</summary>
    public sealed record Facts(string? FailedTest, long? FailedTestAt, IReadOnlyList<(string Ncr, long OpenedAt)> OpenNcrs, long? ReleasedAt);

    /// <summary>The holds not released, as text; empty when the unit may ship.</summary>
    public static IReadOnlyList<string> Holds(Facts facts)
    {
        var released = facts.ReleasedAt ?? long.MinValue;
        var holds = new List<string>();
        if (facts.FailedTest is not null && facts.FailedTestAt > released)
        {
            holds.Add($"its last test ({facts.FailedTest}) failed");
        }

        holds.AddRange(facts.OpenNcrs.Where(n => n.OpenedAt > released).Select(n => $"{n.Ncr} is open"));
        return holds;
    }

    /// <summary>The refusal to ship <paramref name="unit"/>, or null when nothing holds it.</summary>
    public static Error? Refuse(UnitId unit, Facts facts, string field) =>
        Holds(facts) is { Count: > 0 } holds
            ? new RuleViolated("quality-hold", $"unit {unit} cannot ship: {string.Join("; ", holds)}. A quality user may release it to ship, with the reason, on the unit's page (or tracewright release-to-ship {unit} --reason …)", field)
            : null;
}
