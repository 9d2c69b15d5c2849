using System.Globalization;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// The shop's time zone and how a moment is written for people: in that zone, to the minute (<c>1 Dec 2026 23:02</c>).
/// Records hold UTC (ISO 8601); only the words on a page are local. One instance per server (<c>serve --time-zone</c>,
/// <c>TRACEWRIGHT_TIME_ZONE</c>, else the machine's zone).
/// </summary>
public sealed class ShopTime(TimeZoneInfo zone)
{
    public const string EnvironmentVariable = "TRACEWRIGHT_TIME_ZONE";

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>The zone named (an IANA name such as <c>Europe/Berlin</c>, or a Windows name), or the machine's when none is given.</summary>
    public static Result<TimeZoneInfo> Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return TimeZoneInfo.Local;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone)
            ? zone
            : new InvalidInput("time-zone", $"time zone \"{name.Trim()}\" is unknown; use a name like Europe/Berlin, America/Chicago or UTC");
    }

    /// <summary>A moment in the shop's zone to the minute.</summary>
    public string Format(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A recorded time (ISO 8601, as the records hold it) in people's words: a moment in the shop's zone to the minute, a
    /// bare date as the day; anything else as it was written, never hidden.
    /// </summary>
    public string Format(string? recorded)
    {
        if (string.IsNullOrWhiteSpace(recorded))
        {
            return "";
        }

        if (recorded.Length == 10 && DateOnly.TryParseExact(recorded, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        }

        return DateTimeOffset.TryParse(recorded, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Format(at) : recorded;
    }

    /// <summary>Today in the shop's zone.</summary>
    public DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The first instant of <paramref name="day"/> in the shop's zone (the first valid one when the clocks jump at midnight).</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }

    /// <summary>The date only, in the shop's zone (a list's column).</summary>
    public string Day(string? recorded) =>
        DateTimeOffset.TryParse(recorded, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && recorded!.Length > 10
            ? TimeZoneInfo.ConvertTime(at, Zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : Format(recorded);
}
