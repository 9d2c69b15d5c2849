namespace Tracewright.Standards.Gs1;

public static partial class Gs1Linters
{
    private static Gs1LintResult Date(string d, int yearDigits, bool allowZeroDay)
    {
        var length = yearDigits + 4;
        if (d.Length < length)
        {
            return Whole(d, Gs1LintCodes.DateTooShort);
        }

        if (d.Length > length)
        {
            return Whole(d, Gs1LintCodes.DateTooLong);
        }

        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        var year = int.Parse(d.AsSpan(0, yearDigits), provider: System.Globalization.CultureInfo.InvariantCulture);
        var month = TwoDigits(d, yearDigits);
        var day = TwoDigits(d, yearDigits + 2);
        if (month is < 1 or > 12)
        {
            return Gs1LintResult.Fail(Gs1LintCodes.IllegalMonth, yearDigits, 2);
        }

        // Two-digit years only ever resolve to a century where every fourth year is a leap year (2000 was one),
        // so the divisible-by-four rule is exact for them.
        var leap = yearDigits == 2 ? year % 4 == 0 : DateTime.IsLeapYear(year == 0 ? 2000 : year);
        var daysInMonth = month == 2 ? (leap ? 29 : 28) : DateTime.DaysInMonth(2001, month);
        if (day > daysInMonth || (day == 0 && !allowZeroDay))
        {
            return Gs1LintResult.Fail(Gs1LintCodes.IllegalDay, yearDigits + 2, 2);
        }

        return Gs1LintResult.Ok;
    }

    private static int TwoDigits(string d, int at) => ((d[at] - '0') * 10) + (d[at + 1] - '0');

    private static Gs1LintResult TwoDigitField(string d, int maximum, string tooShort, string tooLong, string illegal)
    {
        if (d.Length < 2)
        {
            return Whole(d, tooShort);
        }

        if (d.Length > 2)
        {
            return Whole(d, tooLong);
        }

        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        return TwoDigits(d, 0) > maximum ? Whole(d, illegal) : Gs1LintResult.Ok;
    }

    private static Gs1LintResult HourMinute(string d)
    {
        if (d.Length < 4)
        {
            return Whole(d, Gs1LintCodes.HourWithMinuteTooShort);
        }

        if (d.Length > 4)
        {
            return Whole(d, Gs1LintCodes.HourWithMinuteTooLong);
        }

        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        if (TwoDigits(d, 0) > 23)
        {
            return Gs1LintResult.Fail(Gs1LintCodes.IllegalHour, 0, 2);
        }

        return TwoDigits(d, 2) > 59 ? Gs1LintResult.Fail(Gs1LintCodes.IllegalMinute, 2, 2) : Gs1LintResult.Ok;
    }
}
