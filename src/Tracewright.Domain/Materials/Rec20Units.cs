namespace Tracewright.Domain.Materials;

/// <summary>One UN/CEFACT Recommendation 20 unit: its common code, its name, and the words a shop types for it.</summary>
public sealed record Rec20Unit(string Code, string Name, IReadOnlyList<string> Words);

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
        new("EA", "each", ["ea", "each"]),
        new("H87", "piece", ["pc", "pcs", "piece", "pieces"]),
        new("C62", "one", ["one", "unit", "units", "u"]),
        new("ST", "sheet", ["sheet", "sheets", "sht"]),
        new("SET", "set", ["set", "sets"]),
        new("PR", "pair", ["pair", "pairs"]),
        new("RO", "roll", ["roll", "rolls"]),
        new("KGM", "kilogram", ["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"]),
        new("GRM", "gram", ["g", "gr", "gram", "grams"]),
        new("MGM", "milligram", ["mg", "milligram", "milligrams"]),
        new("TNE", "tonne (metric ton)", ["t", "tonne", "tonnes"]),
        new("LBR", "pound", ["lb", "lbs", "pound", "pounds"]),
        new("ONZ", "ounce", ["oz", "ounce", "ounces"]),
        new("MTR", "metre", ["m", "metre", "metres", "meter", "meters"]),
        new("MMT", "millimetre", ["mm", "millimetre", "millimetres", "millimeter", "millimeters"]),
        new("CMT", "centimetre", ["cm", "centimetre", "centimetres", "centimeter", "centimeters"]),
        new("KMT", "kilometre", ["km", "kilometre", "kilometres", "kilometer", "kilometers"]),
        new("INH", "inch", ["in", "inch", "inches"]),
        new("FOT", "foot", ["ft", "foot", "feet"]),
        new("YRD", "yard", ["yd", "yds", "yard", "yards"]),
        new("MTK", "square metre", ["m2", "sqm"]),
        new("CMK", "square centimetre", ["cm2"]),
        new("MMK", "square millimetre", ["mm2"]),
        new("FTK", "square foot", ["ft2", "sqft"]),
        new("INK", "square inch", ["in2", "sqin"]),
        new("MTQ", "cubic metre", ["m3"]),
        new("CMQ", "cubic centimetre", ["cm3", "cc"]),
        new("LTR", "litre", ["l", "litre", "litres", "liter", "liters"]),
        new("MLT", "millilitre", ["ml", "millilitre", "millilitres", "milliliter", "milliliters"]),
        new("GLL", "US gallon", ["gal", "gallon", "gallons"]),
        new("HUR", "hour", ["h", "hr", "hrs", "hour", "hours"]),
        new("MIN", "minute", ["min", "mins", "minute", "minutes"]),
        new("SEC", "second", ["s", "sec", "second", "seconds"]),
        new("XBX", "box", ["box", "boxes"]),
        new("XBG", "bag", ["bag", "bags"]),
        new("XCT", "carton", ["carton", "cartons"]),
        new("XCS", "case", ["case", "cases"]),
        new("XPK", "package", ["pack", "packs", "package", "packages"]),
        new("XPX", "pallet", ["pallet", "pallets"]),
        new("XSO", "spool", ["spool", "spools"]),
        new("XTU", "tube", ["tube", "tubes"]),
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
