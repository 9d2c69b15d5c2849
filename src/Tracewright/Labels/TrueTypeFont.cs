using System.Buffers.Binary;

namespace Tracewright.Labels;

/// <summary>
/// Just enough of a TrueType font to measure text, embed it in a PDF and draw it: advance widths through the Unicode
/// cmap, the metrics a PDF font descriptor needs, a subset that keeps only the glyphs a document uses (the whole
/// DejaVu font would add 330 kB to every label PDF), and glyph outlines (<see cref="Outline"/>) for the PNG labels.
/// Hinting instructions are not run: labels are drawn at 300 dpi, where unhinted outlines read well.
/// </summary>
public sealed class TrueTypeFont
{
    // The tables a PDF viewer needs to render an embedded TrueType font; layout tables (GSUB, GPOS, kern) are not used by PDF text.
    private static readonly string[] KeptTables = ["OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"];

    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables;
    private readonly Dictionary<int, int> _glyphOfCharacter;
    private readonly ushort[] _advances;
    private readonly int[] _glyphOffsets;

    private TrueTypeFont(byte[] data)
    {
        _data = data;
        var count = U16(4);
        _tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + 16 * i;
            _tables[System.Text.Encoding.ASCII.GetString(data, record, 4)] = ((int)U32(record + 8), (int)U32(record + 12));
        }

        var head = Table("head");
        UnitsPerEm = U16(head + 18);
        BoundingBox = (S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42));
        var longOffsets = S16(head + 50) == 1;
        var hhea = Table("hhea");
        Ascent = S16(hhea + 4);
        Descent = S16(hhea + 6);
        var metrics = U16(hhea + 34);
        GlyphCount = U16(Table("maxp") + 4);
        var os2 = _tables.TryGetValue("OS/2", out var os2Table) ? os2Table.Offset : -1;
        CapHeight = os2 >= 0 && U16(os2) >= 2 ? S16(os2 + 88) : Ascent;

        var hmtx = Table("hmtx");
        _advances = new ushort[GlyphCount];
        for (var g = 0; g < GlyphCount; g++)
        {
            _advances[g] = U16(hmtx + 4 * Math.Min(g, metrics - 1));
        }

        var loca = Table("loca");
        _glyphOffsets = new int[GlyphCount + 1];
        for (var g = 0; g <= GlyphCount; g++)
        {
            _glyphOffsets[g] = longOffsets ? (int)U32(loca + 4 * g) : 2 * U16(loca + 2 * g);
        }

        _glyphOfCharacter = ReadUnicodeCmap();
    }

    public int UnitsPerEm { get; }

    public int Ascent { get; }

    public int Descent { get; }

    public int CapHeight { get; }

    public int GlyphCount { get; }

    public (int XMin, int YMin, int XMax, int YMax) BoundingBox { get; }

    public static TrueTypeFont Load(byte[] data) => new(data);

    /// <summary>The glyph for a character; 0 (.notdef, an empty box) when the font has none.</summary>
    public int GlyphOf(int codePoint) => _glyphOfCharacter.GetValueOrDefault(codePoint);

    /// <summary>Advance width of a character in font units.</summary>
    public int Advance(int codePoint) => _advances[GlyphOf(codePoint)];

    /// <summary>Width of <paramref name="text"/> at a font size of 1 (in ems).</summary>
    public double Measure(string text)
    {
        var units = 0L;
        foreach (var rune in text.EnumerateRunes())
        {
            units += Advance(rune.Value);
        }

        return (double)units / UnitsPerEm;
    }

    /// <summary>
    /// A valid TrueType file with the same glyph ids in which every glyph but <paramref name="codePoints"/>' (and
    /// .notdef, and the parts of composite glyphs) is empty. Glyph ids are unchanged, so the cmap and widths still hold.
    /// </summary>
    public byte[] Subset(IEnumerable<int> codePoints)
    {
        var keep = new HashSet<int> { 0 };
        var pending = new Stack<int>(codePoints.Select(GlyphOf));
        var glyf = Table("glyf");
        while (pending.Count > 0)
        {
            var glyph = pending.Pop();
            if (!keep.Add(glyph) && glyph != 0)
            {
                continue;
            }

            foreach (var component in Components(glyf + _glyphOffsets[glyph], _glyphOffsets[glyph + 1] - _glyphOffsets[glyph]))
            {
                pending.Push(component);
            }
        }

        using var newGlyf = new MemoryStream();
        var newLoca = new byte[4 * (GlyphCount + 1)];
        for (var g = 0; g < GlyphCount; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * g), (uint)newGlyf.Length);
            var length = _glyphOffsets[g + 1] - _glyphOffsets[g];
            if (keep.Contains(g) && length > 0)
            {
                newGlyf.Write(_data, glyf + _glyphOffsets[g], length);
                newGlyf.Write(new byte[(4 - length % 4) % 4]);
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * GlyphCount), (uint)newGlyf.Length);

        var head = _data.AsSpan(Table("head"), _tables["head"].Length).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment: no reader checks it inside a PDF
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // loca is rewritten with 32-bit offsets

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var tag in KeptTables.Where(_tables.ContainsKey))
        {
            tables[tag] = tag switch
            {
                "glyf" => newGlyf.ToArray(),
                "loca" => newLoca,
                "head" => head,
                _ => _data.AsSpan(_tables[tag].Offset, _tables[tag].Length).ToArray(),
            };
        }

        return WriteSfnt(tables);
    }

    private static byte[] WriteSfnt(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var power = 1;
        var log = 0;
        while (power * 2 <= count)
        {
            power *= 2;
            log++;
        }

        var header = new byte[12 + 16 * count];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)((count - power) * 16));

        using var body = new MemoryStream();
        var i = 0;
        foreach (var (tag, table) in tables)
        {
            var record = header.AsSpan(12 + 16 * i++);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(table));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)(header.Length + body.Length));
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)table.Length);
            body.Write(table);
            body.Write(new byte[(4 - table.Length % 4) % 4]);
        }

        return [.. header, .. body.ToArray()];
    }

    private static uint Checksum(byte[] table)
    {
        var sum = 0u;
        for (var i = 0; i < table.Length; i += 4)
        {
            var word = 0u;
            for (var j = 0; j < 4; j++)
            {
                word = (word << 8) | (i + j < table.Length ? table[i + j] : 0u);
            }

            sum += word;
        }

        return sum;
    }

    /// <summary>The glyphs a composite glyph is assembled from; none for a simple glyph.</summary>
    private IEnumerable<int> Components(int offset, int length) =>
        length <= 0 || S16(offset) >= 0 ? [] : CompositeParts(offset).Select(part => part.Glyph);

    /// <summary>A component of a composite glyph and the affine map (x, y) → (a·x + c·y + dx, b·x + d·y + dy) that places it.</summary>
    private readonly record struct Part(int Glyph, double A, double B, double C, double D, double Dx, double Dy);

    private List<Part> CompositeParts(int offset)
    {
        const int ArgsAreWords = 0x0001, ArgsAreXy = 0x0002, Scale = 0x0008, More = 0x0020, XyScale = 0x0040, TwoByTwo = 0x0080;
        var parts = new List<Part>();
        var p = offset + 10;
        while (true)
        {
            var flags = U16(p);
            var glyph = U16(p + 2);
            p += 4;
            int first, second;
            if ((flags & ArgsAreWords) != 0)
            {
                (first, second) = (S16(p), S16(p + 2));
                p += 4;
            }
            else
            {
                (first, second) = ((sbyte)_data[p], (sbyte)_data[p + 1]);
                p += 2;
            }

            double a = 1, b = 0, c = 0, d = 1;
            if ((flags & Scale) != 0)
            {
                a = d = F2Dot14(p);
                p += 2;
            }
            else if ((flags & XyScale) != 0)
            {
                (a, d) = (F2Dot14(p), F2Dot14(p + 2));
                p += 4;
            }
            else if ((flags & TwoByTwo) != 0)
            {
                (a, b, c, d) = (F2Dot14(p), F2Dot14(p + 2), F2Dot14(p + 4), F2Dot14(p + 6));
                p += 8;
            }

            // Without ARGS_ARE_XY_VALUES the arguments match points instead of offsetting; DejaVu's accents do not use that.
            var (dx, dy) = (flags & ArgsAreXy) != 0 ? (first, second) : (0, 0);
            parts.Add(new Part(glyph, a, b, c, d, dx, dy));
            if ((flags & More) == 0)
            {
                return parts;
            }
        }
    }

    /// <summary>
    /// The closed contours of a glyph in font units (y up), composite glyphs assembled from their parts; empty for a blank
    /// glyph such as the space.
    /// </summary>
    public IReadOnlyList<GlyphPoint[]> Outline(int glyph)
    {
        var contours = new List<GlyphPoint[]>();
        AddOutline(glyph, new Part(glyph, 1, 0, 0, 1, 0, 0), contours, 0);
        return contours;
    }

    private void AddOutline(int glyph, Part place, List<GlyphPoint[]> contours, int depth)
    {
        var length = glyph >= 0 && glyph < GlyphCount ? _glyphOffsets[glyph + 1] - _glyphOffsets[glyph] : 0;
        if (length <= 0 || depth > 8)
        {
            return;
        }

        var offset = Table("glyf") + _glyphOffsets[glyph];
        var contourCount = S16(offset);
        if (contourCount < 0)
        {
            foreach (var part in CompositeParts(offset))
            {
                // The part's own map, then the map that places this glyph.
                var combined = new Part(part.Glyph,
                    place.A * part.A + place.C * part.B, place.B * part.A + place.D * part.B,
                    place.A * part.C + place.C * part.D, place.B * part.C + place.D * part.D,
                    place.A * part.Dx + place.C * part.Dy + place.Dx, place.B * part.Dx + place.D * part.Dy + place.Dy);
                AddOutline(part.Glyph, combined, contours, depth + 1);
            }

            return;
        }

        var ends = new int[contourCount];
        for (var i = 0; i < contourCount; i++)
        {
            ends[i] = U16(offset + 10 + 2 * i);
        }

        var pointCount = contourCount == 0 ? 0 : ends[^1] + 1;
        var p = offset + 10 + 2 * contourCount;
        p += 2 + U16(p);
        var flags = new byte[pointCount];
        for (var i = 0; i < pointCount;)
        {
            var flag = _data[p++];
            flags[i++] = flag;
            if ((flag & 0x08) != 0)
            {
                for (var repeat = _data[p++]; repeat > 0 && i < pointCount; repeat--)
                {
                    flags[i++] = flag;
                }
            }
        }

        var xs = Coordinates(flags, ref p, shortBit: 0x02, sameOrPositiveBit: 0x10);
        var ys = Coordinates(flags, ref p, shortBit: 0x04, sameOrPositiveBit: 0x20);
        var start = 0;
        foreach (var end in ends)
        {
            var contour = new GlyphPoint[end - start + 1];
            for (var i = start; i <= end; i++)
            {
                contour[i - start] = new GlyphPoint(
                    place.A * xs[i] + place.C * ys[i] + place.Dx, place.B * xs[i] + place.D * ys[i] + place.Dy, (flags[i] & 0x01) != 0);
            }

            contours.Add(contour);
            start = end + 1;
        }
    }

    /// <summary>One axis of a simple glyph's points: deltas of one byte (sign in a flag) or two, or repeats of the last value.</summary>
    private int[] Coordinates(byte[] flags, ref int p, int shortBit, int sameOrPositiveBit)
    {
        var values = new int[flags.Length];
        var value = 0;
        for (var i = 0; i < flags.Length; i++)
        {
            if ((flags[i] & shortBit) != 0)
            {
                var delta = _data[p++];
                value += (flags[i] & sameOrPositiveBit) != 0 ? delta : -delta;
            }
            else if ((flags[i] & sameOrPositiveBit) == 0)
            {
                value += S16(p);
                p += 2;
            }

            values[i] = value;
        }

        return values;
    }

    private double F2Dot14(int offset) => S16(offset) / 16384.0;

    /// <summary>Reads the Windows Unicode BMP cmap (platform 3, encoding 1, format 4), which DejaVu carries.</summary>
    private Dictionary<int, int> ReadUnicodeCmap()
    {
        var cmap = Table("cmap");
        var map = new Dictionary<int, int>();
        for (var i = 0; i < U16(cmap + 2); i++)
        {
            var record = cmap + 4 + 8 * i;
            if (U16(record) != 3 || U16(record + 2) != 1)
            {
                continue;
            }

            var sub = cmap + (int)U32(record + 4);
            if (U16(sub) != 4)
            {
                continue;
            }

            var segments = U16(sub + 6) / 2;
            var ends = sub + 14;
            var starts = ends + 2 * segments + 2;
            var deltas = starts + 2 * segments;
            var rangeOffsets = deltas + 2 * segments;
            for (var s = 0; s < segments; s++)
            {
                int start = U16(starts + 2 * s), end = U16(ends + 2 * s), delta = S16(deltas + 2 * s), rangeOffset = U16(rangeOffsets + 2 * s);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    var glyph = rangeOffset == 0
                        ? (c + delta) & 0xFFFF
                        : U16(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start)) is var g and not 0 ? (g + delta) & 0xFFFF : 0;
                    if (glyph != 0 && glyph < GlyphCount)
                    {
                        map[c] = glyph;
                    }
                }
            }

            return map;
        }

        throw new InvalidOperationException("The label font has no Windows Unicode cmap.");
    }

    private int Table(string tag) => _tables.TryGetValue(tag, out var table) ? table.Offset : throw new InvalidOperationException($"The label font has no '{tag}' table.");

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(offset));

    private short S16(int offset) => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(offset));

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(offset));
}
