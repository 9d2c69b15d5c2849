using System.Globalization;
using System.Text.Json;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// The schedule of a scheduled EPCIS query subscription (EPCIS 2.0 REST binding, <c>query-schedule.json</c>; the
/// QuerySchedule of EPCIS §8.2.5.3): <c>second</c>, <c>minute</c>, <c>hour</c>, <c>dayOfMonth</c>, <c>month</c> and
/// <c>dayOfWeek</c> (1 = Monday … 7 = Sunday), each a comma-separated list of numbers and ranges <c>[low-high]</c>. A time
/// matches when every field matches. A field left out matches every value, except that the fields finer than the finest one
/// given start at their first value, so <c>{"hour": "1", "minute": "5"}</c> runs once a day at 01:05:00, not every second of
/// that minute. Times are UTC.
/// </summary>
public sealed class EpcisQuerySchedule
{
    private static readonly (string Name, int Low, int High)[] Fields =
    [
        ("second", 0, 59), ("minute", 0, 59), ("hour", 0, 23), ("dayOfMonth", 1, 31), ("month", 1, 12), ("dayOfWeek", 1, 7),
    ];

    private readonly bool[][] _allowed;

    private EpcisQuerySchedule(bool[][] allowed) => _allowed = allowed;

    /// <summary>Reads a schedule object; the error names the field and what is wrong with it.</summary>
    public static (EpcisQuerySchedule? Schedule, string? Error) Read(JsonElement schedule)
    {
        if (schedule.ValueKind != JsonValueKind.Object)
        {
            return (null, "schedule must be an object of second, minute, hour, dayOfMonth, month and dayOfWeek");
        }

        var given = new string?[Fields.Length];
        foreach (var property in schedule.EnumerateObject())
        {
            var index = Array.FindIndex(Fields, f => f.Name == property.Name);
            if (index < 0)
            {
                return (null, $"schedule has no field '{property.Name}' (second, minute, hour, dayOfMonth, month, dayOfWeek)");
            }

            given[index] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                _ => null,
            };
            if (given[index] is null)
            {
                return (null, $"schedule.{property.Name} must be a string such as \"5\", \"1,15\" or \"[9-17]\"");
            }
        }

        if (given.All(g => g is null))
        {
            return (null, "schedule names none of second, minute, hour, dayOfMonth, month, dayOfWeek");
        }

        // The finest time-of-day field given: the ones finer than it start at their first value.
        var finest = Array.FindIndex(given, g => g is not null);
        var allowed = new bool[Fields.Length][];
        for (var i = 0; i < Fields.Length; i++)
        {
            var (name, low, high) = Fields[i];
            allowed[i] = new bool[high + 1];
            if (given[i] is { } text)
            {
                foreach (var element in text.Split(','))
                {
                    var part = element.Trim();
                    int from, to;
                    if (part.StartsWith('[') && part.EndsWith(']') && part[1..^1].Split('-') is [var a, var b]
                        && int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out from) && int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out to))
                    {
                        // a range
                    }
                    else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out from))
                    {
                        to = from;
                    }
                    else
                    {
                        return (null, $"schedule.{name} '{text}': '{part}' is neither a number nor a range [low-high]");
                    }

                    if (from < low || to > high || from > to)
                    {
                        return (null, $"schedule.{name} '{text}': {part} is outside {low} to {high}");
                    }

                    for (var v = from; v <= to; v++)
                    {
                        allowed[i][v] = true;
                    }
                }
            }
            else
            {
                for (var v = low; v <= high; v++)
                {
                    allowed[i][v] = i >= finest || i > 2 || v == low;
                }
            }
        }

        return (new EpcisQuerySchedule(allowed), null);
    }

    /// <summary>The first whole second after <paramref name="after"/> that the schedule matches (null when none in ten years).</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var t = new DateTime(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(10);
        while (t < limit)
        {
            if (!_allowed[4][t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!_allowed[3][t.Day] || !_allowed[5][t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek])
            {
                t = t.Date.AddDays(1);
            }
            else if (!_allowed[2][t.Hour])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
            }
            else if (!_allowed[1][t.Minute])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
            }
            else if (!_allowed[0][t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return new DateTimeOffset(t);
            }
        }

        return null;
    }
}
