namespace Tracewright.Domain.Materials;

/// <summary>
/// Where a lot stands. Only <see cref="Available"/> lots may be used; <see cref="Rejected"/>,
/// <see cref="Consumed"/> and <see cref="Scrapped"/> are final.
/// </summary>
public enum LotStatus { Quarantine, Available, Blocked, Rejected, Consumed, Scrapped }

public static class LotStatusRules
{
    public static bool IsFinal(this LotStatus status) => status is LotStatus.Rejected or LotStatus.Consumed or LotStatus.Scrapped;

    public static string Describe(this LotStatus status) => status.ToString().ToLowerInvariant();
}
