using ZXing;
using ZXing.OneD;

namespace Tracewright.Labels;

/// <summary>
/// A GS1-128 linear barcode on a label: the AI digits it encodes (<see cref="Data"/>, e.g. <c>00</c> + an 18-digit SSCC; the
/// symbol starts with FNC1, which makes it GS1-128 rather than plain Code 128) and the human-readable line printed under it.
/// </summary>
public sealed record Gs1128(string Data, string Text)
{
    /// <summary>
    /// The SSCC of a box or pallet as (00): the line under the bars splits extension digit, company prefix (when its length is
    /// known), serial reference and check digit, as GS1 logistic labels print it: "(00) 0 0614141 123456789 0".
    /// </summary>
    public static Gs1128 ForSscc(string sscc, int? companyPrefixLength = null)
    {
        if (sscc.Length != 18 || !sscc.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{sscc}' is not an SSCC (18 digits)", nameof(sscc));
        }

        var text = companyPrefixLength is >= 6 and <= 12 and var length
            ? $"(00) {sscc[0]} {sscc.Substring(1, length)} {sscc[(1 + length)..17]} {sscc[17]}"
            : $"(00) {sscc[0]} {sscc[1..17]} {sscc[17]}";
        return new Gs1128("00" + sscc, text);
    }
}

/// <summary>
/// The modules of a GS1-128 symbol, drawn by ZXing.Net's Code 128 writer with its GS1 option (FNC1 after the start character),
/// not by hand: start, FNC1, data, mod-103 check character and stop. The quiet zones (ten modules each side) are left to the
/// renderer, which keeps them clear.
/// </summary>
public sealed class Gs1128Symbol
{
    /// <summary>Light modules each side of the bars, the minimum GS1 asks of Code 128.</summary>
    public const int QuietZone = 10;

    private readonly bool[] _dark;

    private Gs1128Symbol(bool[] dark) => _dark = dark;

    /// <summary>Modules from the start character to the end of the stop pattern, quiet zones excluded.</summary>
    public int Modules => _dark.Length;

    public static Gs1128Symbol Encode(string data) =>
        new(new Code128Writer().encode(data, new Dictionary<EncodeHintType, object> { [EncodeHintType.GS1_FORMAT] = true }));

    /// <summary>The bars as (first module, width in modules), left to right.</summary>
    public IEnumerable<(int Module, int Length)> Bars()
    {
        var module = 0;
        while (module < _dark.Length)
        {
            if (!_dark[module])
            {
                module++;
                continue;
            }

            var start = module;
            while (module < _dark.Length && _dark[module])
            {
                module++;
            }

            yield return (start, module - start);
        }
    }
}
