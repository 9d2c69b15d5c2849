using System.Globalization;

namespace Tracewright.Domain.Common;

/// <summary>
/// The one text form of an instant used in the ledger and the derived tables: UTC, fixed width, so it
/// sorts as text and hashes to the same bytes on SQLite and PostgreSQL.
/// </summary>
public static class Timestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Parses what a person types: a date (midnight UTC) or an ISO 8601 date-time.</summary>
    public static Result<DateTimeOffset> Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InvalidInput(field, $"{field} is required");
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        return new InvalidInput(field, $"{field} '{text}' is not a date (yyyy-MM-dd) or an ISO 8601 date-time");
    }
}
