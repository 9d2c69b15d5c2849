using System.Globalization;
using System.Text.RegularExpressions;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// xsd:dateTimeStamp handling. EPCIS 2.0 requires an explicit offset (<c>Z</c> or <c>±hh:mm</c>) on every timestamp, so a
/// local time without one is rejected rather than guessed.
/// </summary>
public static partial class EpcisTimestamp
{
    [GeneratedRegex(@"^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?(Z|[+-]\d\d:\d\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^[+-](\d\d):(\d\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
            return false;
        var fraction = m.Groups[7].Value;
        // DateTimeOffset holds 7 fractional digits; extra digits are rounded, as the hash rounds to milliseconds anyway.
        var ticks = 0L;
        if (fraction.Length > 1)
        {
            var digits = fraction[1..];
            var scaled = decimal.Parse("0." + digits, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond;
            ticks = (long)Math.Round(scaled, MidpointRounding.AwayFromZero);
        }

        var core = $"{m.Groups[1].Value}-{m.Groups[2].Value}-{m.Groups[3].Value}T{m.Groups[4].Value}:{m.Groups[5].Value}:{(m.Groups[6].Success ? m.Groups[6].Value : "00")}{(m.Groups[8].Value == "Z" ? "+00:00" : m.Groups[8].Value)}";
        if (!DateTimeOffset.TryParseExact(core, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        value = parsed.AddTicks(ticks);
        return true;
    }

    public static bool IsValidOffset(string text)
    {
        var m = OffsetPattern().Match(text);
        return m.Success && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) <= 14 && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) < 60;
    }

    /// <summary>ISO 8601 with the original offset (<c>Z</c> for UTC) and only as many fractional digits as needed.</summary>
    public static string Format(DateTimeOffset value)
    {
        var text = value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return text + (value.Offset == TimeSpan.Zero ? "Z" : value.ToString("zzz", CultureInfo.InvariantCulture));
    }

    /// <summary>The event-hash form: UTC, exactly three fractional digits, half-up rounding of the fourth.</summary>
    public static string FormatForHash(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var subMs = utc.Ticks % TimeSpan.TicksPerMillisecond;
        utc = utc.AddTicks(-subMs);
        if (subMs >= TimeSpan.TicksPerMillisecond / 2)
            utc = utc.AddMilliseconds(1);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z";
    }
}
