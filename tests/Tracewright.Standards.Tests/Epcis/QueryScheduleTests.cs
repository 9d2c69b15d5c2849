using System.Text.Json;
using Tracewright.Standards.Epcis;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>Issue 17: the schedule of a scheduled query subscription (query-schedule.json), read and stepped.</summary>
public sealed class QueryScheduleTests
{
    private static EpcisQuerySchedule Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (schedule, error) = EpcisQuerySchedule.Read(document.RootElement);
        Assert.True(schedule is not null, error);
        return schedule;
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // The binding's own example: every morning at 1.05am, once.
    [InlineData("""{"hour": "1", "minute": "5"}""", "2026-12-03T14:00:00Z", "2026-12-04T01:05:00Z")]
    [InlineData("""{"hour": "1", "minute": "5"}""", "2026-12-04T01:05:00Z", "2026-12-05T01:05:00Z")]
    [InlineData("""{"second": "30"}""", "2026-12-03T14:00:31Z", "2026-12-03T14:01:30Z")]
    [InlineData("""{"minute": "[0-59]"}""", "2026-12-03T14:00:00Z", "2026-12-03T14:01:00Z")]
    [InlineData("""{"minute": "0,30", "hour": "[9-17]"}""", "2026-12-03T17:30:00Z", "2026-12-04T09:00:00Z")]
    // 2026-12-07 is a Monday (1); a day of week alone starts at midnight.
    [InlineData("""{"dayOfWeek": "1"}""", "2026-12-03T14:00:00Z", "2026-12-07T00:00:00Z")]
    [InlineData("""{"dayOfMonth": "31", "hour": "6"}""", "2027-01-31T06:00:00Z", "2027-03-31T06:00:00Z")]
    [InlineData("""{"month": "2", "dayOfMonth": "29"}""", "2026-12-03T00:00:00Z", "2028-02-29T00:00:00Z")]
    public void The_next_time_is_the_first_whole_second_after_that_every_field_matches(string schedule, string after, string expected)
    {
        Assert.Equal(At(expected), Read(schedule).Next(At(after)));
    }

    [Theory]
    [InlineData("""{}""", "names none")]
    [InlineData("""{"hour": "24"}""", "outside 0 to 23")]
    [InlineData("""{"minute": "[30-10]"}""", "outside")]
    [InlineData("""{"minute": "*/5"}""", "neither a number nor a range")]
    [InlineData("""{"hours": "1"}""", "no field 'hours'")]
    [InlineData("""{"dayOfWeek": "0"}""", "outside 1 to 7")]
    [InlineData("""{"hour": true}""", "must be a string")]
    public void A_schedule_outside_the_grammar_is_refused_naming_the_field(string schedule, string problem)
    {
        using var document = JsonDocument.Parse(schedule);
        var (read, error) = EpcisQuerySchedule.Read(document.RootElement);
        Assert.Null(read);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }
}
