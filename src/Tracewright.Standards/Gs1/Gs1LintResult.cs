namespace Tracewright.Standards.Gs1;

/// <summary>
/// Outcome of running one GS1 linter over a component value. Invariant: <see cref="IsOk"/> is true exactly when
/// <see cref="Error"/> is null; for a failure, <see cref="Position"/> and <see cref="Length"/> delimit the offending
/// span within the linted value (the span may be empty, e.g. for an empty value).
/// </summary>
public readonly record struct Gs1LintResult
{
    private Gs1LintResult(string? error, int position, int length)
    {
        Error = error;
        Position = position;
        Length = length;
    }

    /// <summary>The GS1 reference error name, e.g. <c>GS1_LINTER_INCORRECT_CHECK_DIGIT</c>; null when the value passed.</summary>
    public string? Error { get; }

    /// <summary>Zero-based start of the offending span within the linted value.</summary>
    public int Position { get; }

    /// <summary>Length of the offending span.</summary>
    public int Length { get; }

    /// <summary>True when the linter found no problem.</summary>
    public bool IsOk => Error is null;

    /// <summary>The passing result.</summary>
    public static Gs1LintResult Ok { get; } = new(null, 0, 0);

    /// <summary>Creates a failure with the offending span.</summary>
    public static Gs1LintResult Fail(string error, int position, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new Gs1LintResult(error, position, length);
    }

    /// <summary>Shifts the span, used when a linter delegates to another on a sub-range of its value.</summary>
    internal Gs1LintResult Offset(int by) => IsOk ? this : new Gs1LintResult(Error, Position + by, Length);

    /// <summary>Renders <paramref name="value"/> with the offending span between asterisks, the GS1 test notation.</summary>
    public string Highlight(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsOk)
        {
            return value;
        }

        return $"{value[..Position]}*{value.Substring(Position, Length)}*{value[(Position + Length)..]}";
    }
}
