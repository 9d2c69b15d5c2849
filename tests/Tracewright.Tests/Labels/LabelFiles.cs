using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Tracewright.Tests.Labels;

/// <summary>
/// Independent readers for what the label renderers write, so tests check the files themselves: a PNG decoder
/// (greyscale or palette, any filter) and a PDF reader that follows the cross-reference table and inflates streams.
/// </summary>
internal static partial class LabelFiles
{
    /// <summary>A decoded PNG: each pixel's grey level (0 black to 255 white) and whether it is dark (below half).</summary>
    public sealed record Png(int Width, int Height, bool[,] Dark, byte[,] Grey)
    {
        /// <summary>The pixels as ZXing.Net reads them, for decoding a label's codes with a reader independent of our writers.</summary>
        public ZXing.LuminanceSource Luminance()
        {
            var grey = new byte[Width * Height];
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    grey[y * Width + x] = Grey[y, x];
                }
            }

            return new ZXing.RGBLuminanceSource(grey, Width, Height, ZXing.RGBLuminanceSource.BitmapFormat.Gray8);
        }
    }

    public static Png DecodePng(byte[] file)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, file[..8]);
        int width = 0, height = 0, depth = 0, colorType = 0;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        var p = 8;
        while (p < file.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(p));
            var type = Encoding.ASCII.GetString(file, p + 4, 4);
            var data = file.AsSpan(p + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    depth = data[8];
                    colorType = data[9];
                    Assert.Equal(0, data[12]); // not interlaced
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            p += 12 + length;
        }

        Assert.True(width > 0 && height > 0, "IHDR comes first and gives the size");
        Assert.Contains(colorType, new[] { 0, 3 });
        using var inflated = new MemoryStream();
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = (width * depth + 7) / 8;
        var bpp = Math.Max(1, depth / 8);
        var previous = new byte[stride];
        var dark = new bool[height, width];
        var greys = new byte[height, width];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? line[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }

            for (var x = 0; x < width; x++)
            {
                var sample = (line[x * depth / 8] >> (8 - depth - x * depth % 8)) & ((1 << depth) - 1);
                var grey = colorType == 3 ? palette![3 * sample] : sample * 255 / ((1 << depth) - 1);
                dark[y, x] = grey < 128;
                greys[y, x] = (byte)grey;
            }

            previous = line;
        }

        return new Png(width, height, dark, greys);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    public sealed record Pdf(int PageCount, IReadOnlyList<IReadOnlyList<string>> PageTexts);

    /// <summary>Reads the PDF through its cross-reference table (so wrong offsets fail) and returns each page's text strings.</summary>
    public static Pdf ReadPdf(byte[] file)
    {
        var text = Encoding.Latin1.GetString(file);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
        var startxref = int.Parse(StartXref().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref", text[startxref..], StringComparison.Ordinal);
        var offsets = XrefEntry().Matches(text[startxref..]).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var objects = new Dictionary<int, string>();
        for (var i = 0; i < offsets.Count; i++)
        {
            var header = $"{i + 1} 0 obj\n";
            Assert.Equal(header, text.Substring(offsets[i], header.Length));
            var end = text.IndexOf("\nendobj", offsets[i], StringComparison.Ordinal);
            objects[i + 1] = text[(offsets[i] + header.Length)..end];
        }

        var root = int.Parse(Reference("Root", TrailerOf(text)), System.Globalization.CultureInfo.InvariantCulture);
        var pages = int.Parse(Reference("Pages", objects[root]), System.Globalization.CultureInfo.InvariantCulture);
        var kids = Kids().Match(objects[pages]).Groups[1].Value;
        var pageIds = Refs().Matches(kids).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains($"/Count {pageIds.Count}", objects[pages], StringComparison.Ordinal);

        var texts = new List<IReadOnlyList<string>>();
        foreach (var page in pageIds)
        {
            Assert.Contains("/Type /Page ", objects[page], StringComparison.Ordinal);
            var content = Inflate(objects[int.Parse(Reference("Contents", objects[page]), System.Globalization.CultureInfo.InvariantCulture)]);
            texts.Add(Shown().Matches(content).Select(m => Unescape(m.Groups[1].Value)).ToList());
        }

        return new Pdf(pageIds.Count, texts);
    }

    private static string TrailerOf(string text) => text[text.LastIndexOf("trailer", StringComparison.Ordinal)..];

    private static string Reference(string key, string dictionary) => Regex.Match(dictionary, $@"/{key} (\d+) 0 R").Groups[1].Value;

    private static string Inflate(string streamObject)
    {
        var start = streamObject.IndexOf("stream\n", StringComparison.Ordinal) + "stream\n".Length;
        var end = streamObject.LastIndexOf("\nendstream", StringComparison.Ordinal);
        using var input = new MemoryStream(Encoding.Latin1.GetBytes(streamObject[start..end]));
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return Encoding.Latin1.GetString(output.ToArray());
    }

    private static string Unescape(string literal) => Regex.Replace(literal, @"\\([()\\]|[0-7]{3})", m =>
        m.Groups[1].Value.Length == 3 ? ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString() : m.Groups[1].Value);

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF\n$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"^(\d{10}) 00000 n $", RegexOptions.Multiline)]
    private static partial Regex XrefEntry();

    [GeneratedRegex(@"/Kids \[([^\]]*)\]")]
    private static partial Regex Kids();

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex Refs();

    [GeneratedRegex(@"\(((?:\\.|[^\\)])*)\) Tj")]
    private static partial Regex Shown();
}
