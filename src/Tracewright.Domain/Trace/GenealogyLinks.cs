namespace Tracewright.Domain.Trace;

/// <summary>
/// The live links of a genealogy as flat arrays, in the order they were added (links of corrected records and of
/// events declared erroneous left out): what a baseline walk or an export needs, without the index's lists and
/// flags. Nodes are the index's node numbers (see <see cref="GenealogyIndex.Find"/>, <see cref="GenealogyIndex.KeyOf"/>).
/// A one-off link has <see cref="End"/> = <see cref="GenealogyIndex.Forever"/> and is not <see cref="Lasting"/>.
/// </summary>
public sealed record GenealogyLinks(int NodeCount, int[] From, int[] To, long[] Start, long[] End, bool[] Lasting);
