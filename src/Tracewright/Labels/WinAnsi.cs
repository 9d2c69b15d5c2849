namespace Tracewright.Labels;

/// <summary>
/// Windows-1252 ("WinAnsiEncoding" in PDF), the single-byte encoding PDF viewers understand without a font
/// program's help. Characters outside it (Polish ł, Greek, CJK) print as '?' on PDF labels; ids never contain them.
/// </summary>
public static class WinAnsi
{
    // 0x80–0x9F, where Windows-1252 differs from Latin-1; 0 marks the five unused codes.
    private static readonly int[] High =
    [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];

    public static byte[] Encode(string text)
    {
        var bytes = new List<byte>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            bytes.Add(Encode(rune.Value));
        }

        return [.. bytes];
    }

    /// <summary>The Unicode character a code stands for (the code itself for the unused ones).</summary>
    public static int Decode(byte code) => code is >= 0x80 and <= 0x9F && High[code - 0x80] != 0 ? High[code - 0x80] : code;

    private static byte Encode(int codePoint)
    {
        if (codePoint is >= 0x20 and <= 0x7E or >= 0xA0 and <= 0xFF)
        {
            return (byte)codePoint;
        }

        var index = Array.IndexOf(High, codePoint);
        return index >= 0 && codePoint != 0 ? (byte)(0x80 + index) : (byte)'?';
    }
}
