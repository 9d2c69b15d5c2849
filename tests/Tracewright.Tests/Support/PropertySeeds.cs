using System.Globalization;

namespace Tracewright.Tests.Support;

/// <summary>
/// How many random cases (generator seeds) each property test runs: <c>TRACEWRIGHT_PROPERTY_SEEDS</c> when set, otherwise
/// the test's CI default, sized so each property class stays within about 15 s on two shared cores. The seeds are
/// 1, 2, … so a run is fixed by its count and a failure is reproduced by the same number; <c>tests/property.sh</c> runs
/// the long count. Every count asserts the same things, only on more genealogies.
/// </summary>
public static class PropertySeeds
{
    public const string Variable = "TRACEWRIGHT_PROPERTY_SEEDS";

    public static int Count(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciDefault;

    /// <summary>Seeds 1…<see cref="Count"/> in batches of at most <paramref name="perBatch"/>, each batch for one fresh database.</summary>
    public static IEnumerable<int[]> Batches(int ciDefault, int perBatch) =>
        Enumerable.Range(1, Count(ciDefault)).Chunk(perBatch);
}
