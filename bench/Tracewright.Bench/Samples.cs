using System.Globalization;

namespace Tracewright.Bench;

/// <summary>Repeated measurements of one figure, reported as min / median / max.</summary>
public sealed record Samples(IReadOnlyList<double> Values)
{
    public static Samples Of(IEnumerable<double> values) => new(values.ToList());

    public double Min => Values.Min();

    public double Max => Values.Max();

    public double Median
    {
        get
        {
            var sorted = Values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary>The p-th percentile (0–100) by nearest rank, for latency lists.</summary>
    public double Percentile(double p)
    {
        var sorted = Values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Three significant digits for small numbers, thousands separators for large ones.</summary>
    public static string Format(double value) => value switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
