namespace Tracewright.Features.Generate;

/// <summary>
/// The interesting places to start a trace in a generated genealogy, written beside it (<c>--json</c>, or the
/// <c>.starts.json</c> sidecar) so benchmarks and tests need not search for them. Node texts are the genealogy's own
/// (<c>lot:STL-000001</c>, <c>unit:COIL:C000000001</c>), the form trace and the SQL reference take.
/// </summary>
/// <param name="Events">Ledger records generated (the <c>--events</c> asked for).</param>
/// <param name="Seed">The seed; the same seed and count give the same records.</param>
/// <param name="HotHeat">The heat number that feeds the most serials (the hot spot).</param>
/// <param name="HotLots">Every lot received with that heat, <c>lot:…</c>, in order of receipt.</param>
/// <param name="HotSerials">Serialized units made from, or assembled with, material of the hot heat, as generated.</param>
/// <param name="DeepChainFirst">The first lot of the deep chain (each level consumes the one before).</param>
/// <param name="DeepChainLast">The last lot of the deep chain.</param>
/// <param name="DeepChainLevels">How many manufacture runs lie between the chain's first and last lot.</param>
/// <param name="SampleUnits">A deterministic sample of serialized units, spread over the whole genealogy.</param>
/// <param name="SampleLots">A deterministic sample of lots (received, pieces and batches).</param>
/// <param name="Units">Serialized units generated.</param>
/// <param name="Lots">Lots generated (received, pieces and batches).</param>
/// <param name="Customers">Customers registered.</param>
public sealed record GenerationStarts(
    long Events,
    int Seed,
    string HotHeat,
    IReadOnlyList<string> HotLots,
    long HotSerials,
    string DeepChainFirst,
    string DeepChainLast,
    int DeepChainLevels,
    IReadOnlyList<string> SampleUnits,
    IReadOnlyList<string> SampleLots,
    long Units,
    long Lots,
    int Customers);
