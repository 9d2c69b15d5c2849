namespace Tracewright.Domain.Materials;

/// <summary>
/// One UN/CEFACT Recommendation 20 unit: its common code, its name, how many decimals a quantity in it may have (things
/// counted are whole numbers; see <see cref="QuantityPrecision"/>), and the words a shop types for it.
/// </summary>
public sealed record Rec20Unit(string Code, string Name, int Decimals, IReadOnlyList<string> Words);

/// <summary>
/// The UN/CEFACT Recommendation 20 units a fabrication shop uses (codes and names from Rec. 20 Revision 17, Annex I and the
/// package-type codes of Annex V, which are Rec. 21 codes with the prefix <c>X</c>), and the words people write for each
/// (<c>kg</c>, <c>sheet</c>, <c>ea</c>, <c>spool</c>). EPCIS 2.0 (§7.3.3.3) requires a Rec. 20 code in every <c>uom</c>: an item's
/// unit is the shop's word, and this table gives the code it stands for in exchanged documents, and back.
/// </summary>
/// <remarks>
/// A word maps to one code. Every code is also accepted as a word of its own (case-insensitive), so <c>KGM</c> and
/// <c>kg</c> are the same unit. The table is data transcribed from the recommendation; it is not a full copy of its
/// ~2,000 codes, only those a shop measures material and products in.
/// </remarks>
public static class Rec20Units
{
    /// <summary>Every unit of the table, in the order shown to people.</summary>
    public static IReadOnlyList<Rec20Unit> All { get; } =
    [
        new("EA", "each", 0, ["ea", "each"]),
        new("H87", "piece", 0, ["pc", "pcs", "piece", "pieces"]),
        new("C62", "one", 0, ["one", "unit", "units", "u"]),
        new("ST", "sheet", 2, ["sheet", "sheets", "sht"]),
        new("SET", "set", 0, ["set", "sets"]),
        new("PR", "pair", 0, ["pair", "pairs"]),
        new("RO", "roll", 0, ["roll", "rolls"]),
        new("KGM", "kilogram", 3, ["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"]),
        new("GRM", "gram", 2, ["g", "gr", "gram", "grams"]),
        new("MGM", "milligram", 0, ["mg", "milligram", "milligrams"]),
        new("TNE", "tonne (metric ton)", 3, ["t", "tonne", "tonnes"]),
        new("LBR", "pound", 3, ["lb", "lbs", "pound", "pounds"]),
        new("ONZ", "ounce", 2, ["oz", "ounce", "ounces"]),
        new("MTR", "metre", 3, ["m", "metre", "metres", "meter", "meters"]),
        new("MMT", "millimetre", 1, ["mm", "millimetre", "millimetres", "millimeter", "millimeters"]),
        new("CMT", "centimetre", 2, ["cm", "centimetre", "centimetres", "centimeter", "centimeters"]),
        new("KMT", "kilometre", 3, ["km", "kilometre", "kilometres", "kilometer", "kilometers"]),
        new("INH", "inch", 3, ["in", "inch", "inches"]),
        new("FOT", "foot", 3, ["ft", "foot", "feet"]),
        new("YRD", "yard", 3, ["yd", "yds", "yard", "yards"]),
        new("MTK", "square metre", 3, ["m2", "sqm"]),
        new("CMK", "square centimetre", 2, ["cm2"]),
        new("MMK", "square millimetre", 1, ["mm2"]),
        new("FTK", "square foot", 3, ["ft2", "sqft"]),
        new("INK", "square inch", 3, ["in2", "sqin"]),
        new("MTQ", "cubic metre", 3, ["m3"]),
        new("CMQ", "cubic centimetre", 1, ["cm3", "cc"]),
        new("LTR", "litre", 3, ["l", "litre", "litres", "liter", "liters"]),
        new("MLT", "millilitre", 1, ["ml", "millilitre", "millilitres", "milliliter", "milliliters"]),
        new("GLL", "US gallon", 3, ["gal", "gallon", "gallons"]),
        new("HUR", "hour", 2, ["h", "hr", "hrs", "hour", "hours"]),
        new("MIN", "minute", 1, ["min", "mins", "minute", "minutes"]),
        new("SEC", "second", 0, ["s", "sec", "second", "seconds"]),
        new("XBX", "box", 0, ["box", "boxes"]),
        new("XBG", "bag", 0, ["bag", "bags"]),
        new("XCT", "carton", 0, ["carton", "cartons"]),
        new("XCS", "case", 0, ["case", "cases"]),
        new("XPK", "package", 0, ["pack", "packs", "package", "packages"]),
        new("XPX", "pallet", 0, ["pallet", "pallets"]),
        new("XSO", "spool", 0, ["spool", "spools"]),
        new("XTU", "tube", 0, ["tube", "tubes"]),
    ];

    private static readonly Dictionary<string, Rec20Unit> ByWord = BuildWords();

    private static readonly Dictionary<string, Rec20Unit> ByCode = All.ToDictionary(u => u.Code, StringComparer.Ordinal);

    /// <summary>The unit a shop's word or a Rec. 20 code stands for (case-insensitive), or null when the table has none.</summary>
    public static Rec20Unit? Find(string word) =>
        ByWord.TryGetValue(word.Trim().ToLowerInvariant(), out var unit) ? unit : null;

    /// <summary>The unit of a Rec. 20 code exactly as written in an exchanged document (upper case), or null.</summary>
    public static Rec20Unit? FromCode(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>
    /// The units nearest to an unknown word, one per code (its closest word, by edit distance, then by table order), for an
    /// error message: <c>sheat</c> → <c>sheet (ST)</c>, <c>set (SET)</c>, …
    /// </summary>
    public static IReadOnlyList<string> Nearest(string word, int count = 3)
    {
        var lower = word.Trim().ToLowerInvariant();
        return ByWord
            .Select((pair, order) => (Word: pair.Key, pair.Value.Code, Distance: EditDistance(lower, pair.Key), Order: order))
            .GroupBy(c => c.Code, StringComparer.Ordinal)
            .Select(g => g.MinBy(c => (c.Distance, c.Order)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Order)
            .Take(count)
            .Select(c => c.Word.Equals(c.Code, StringComparison.OrdinalIgnoreCase) ? c.Code : $"{c.Word} ({c.Code})")
            .ToList();
    }

    private static Dictionary<string, Rec20Unit> BuildWords()
    {
        var words = new Dictionary<string, Rec20Unit>(StringComparer.Ordinal);
        foreach (var unit in All)
        {
            foreach (var word in unit.Words)
            {
                words.Add(word, unit);
            }
        }

        // A code is a word of its own; no word of the table is also another unit's code.
        foreach (var unit in All)
        {
            words.TryAdd(unit.Code.ToLowerInvariant(), unit);
        }

        return words;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
