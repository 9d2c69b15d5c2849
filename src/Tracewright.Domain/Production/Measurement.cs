using System.Globalization;
using Tracewright.Domain.Common;

namespace Tracewright.Domain.Production;

/// <summary>
/// One measured value with its unit and limits. <see cref="Passed"/> is computed from the limits, never
/// typed in; a measurement always has a unit, and a lower limit never exceeds the upper.
/// </summary>
public sealed record Measurement(string Name, decimal Value, string Unit, decimal? Lower, decimal? Upper)
{
    public bool Passed => (Lower is null || Value >= Lower) && (Upper is null || Value <= Upper);

    /// <summary>Parses <c>name=value unit [lower..upper]</c>, e.g. <c>stroke=50.02 mm [49.95..50.05]</c>.</summary>
    public static Result<Measurement> Parse(string? text)
    {
        var field = "measure";
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InvalidInput(field, "measure is required, e.g. stroke=50.02 mm [49.95..50.05]");
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return new InvalidInput(field, $"measure '{text}' must be name=value unit [lower..upper]");
        }

        var name = text[..equals].Trim();
        var rest = text[(equals + 1)..].Trim();
        string? limits = null;
        var bracket = rest.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            if (!rest.EndsWith(']'))
            {
                return new InvalidInput(field, $"measure '{text}': limits must be written [lower..upper]");
            }

            limits = rest[(bracket + 1)..^1];
            rest = rest[..bracket].Trim();
        }

        var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !decimal.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return new InvalidInput(field, $"measure '{text}': '{(parts.Length == 0 ? "" : parts[0])}' is not a number");
        }

        if (parts.Length < 2 || string.IsNullOrWhiteSpace(parts[1]))
        {
            return new InvalidInput(field, $"measure '{name}' has no unit; write the unit after the value, e.g. {parts[0]} mm");
        }

        decimal? lower = null, upper = null;
        if (limits is not null)
        {
            var range = limits.Split("..", StringSplitOptions.TrimEntries);
            if (range.Length != 2)
            {
                return new InvalidInput(field, $"measure '{name}': limits must be written [lower..upper] (either side may be empty)");
            }

            if (range[0].Length > 0)
            {
                if (!decimal.TryParse(range[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l))
                {
                    return new InvalidInput(field, $"measure '{name}': lower limit '{range[0]}' is not a number");
                }

                lower = l;
            }

            if (range[1].Length > 0)
            {
                if (!decimal.TryParse(range[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var u))
                {
                    return new InvalidInput(field, $"measure '{name}': upper limit '{range[1]}' is not a number");
                }

                upper = u;
            }
        }

        return Create(name, value, parts[1], lower, upper);
    }

    public static Result<Measurement> Create(string? name, decimal value, string? unit, decimal? lower, decimal? upper)
    {
        var checkedName = Text.Required(name, "measure", 80);
        if (!checkedName.IsSuccess)
        {
            return checkedName.Error!;
        }

        if (string.IsNullOrWhiteSpace(unit))
        {
            return new InvalidInput("measure", $"measure '{checkedName.Value}' has no unit");
        }

        if (lower is not null && upper is not null && lower > upper)
        {
            return new InvalidInput("measure", $"measure '{checkedName.Value}': lower limit {lower.Value.ToString(CultureInfo.InvariantCulture)} is above upper limit {upper.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        return new Measurement(checkedName.Value, value, unit.Trim(), lower, upper);
    }
}
