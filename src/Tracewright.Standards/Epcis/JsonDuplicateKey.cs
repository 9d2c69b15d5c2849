using System.Text;
using System.Text.Json;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// Finds where a JSON text repeats a key within one object. System.Text.Json refuses duplicates
/// (<c>AllowDuplicateProperties = false</c>) but says neither where nor in which object, so this walks the tokens once more
/// when it has refused: a reader that kept the last value would silently turn OBSERVE into DELETE.
/// </summary>
internal static class JsonDuplicateKey
{
    /// <summary>The first repeated key: its JSON path, the key, and its 1-based line and column; null when every key is unique.</summary>
    public static (string Path, string Key, int Line, int Column)? Find(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 1024 });
        var frames = new Stack<Frame>();
        var path = new Stack<string>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var frame = frames.Peek();
                        if (!frame.Names!.Add(name))
                        {
                            var (line, column) = LineColumn(bytes, (int)reader.TokenStartIndex);
                            return (PathOf(path) + Member(name), name, line, column);
                        }

                        frame.Current = Member(name);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (frames.Count > 0)
                            path.Push(frames.Peek().Step());
                        frames.Push(reader.TokenType == JsonTokenType.StartObject ? new Frame { Names = new(StringComparer.Ordinal) } : new Frame());
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        if (path.Count > 0 && frames.Count > 0)
                            path.Pop();
                        break;
                    default:
                        if (frames.Count > 0)
                            frames.Peek().Step();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed text is reported by the parser; this walk only locates duplicates.
        }

        return null;
    }

    private static string Member(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or ':') ? "." + name : "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static string PathOf(Stack<string> path) => "$" + string.Concat(path.Reverse());

    private static (int Line, int Column) LineColumn(byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(bytes, lineStart, offset - lineStart) + 1);
    }

    /// <summary>An open object (the key being read) or array (the index of the next item).</summary>
    private sealed class Frame
    {
        public HashSet<string>? Names { get; init; }

        public string Current { get; set; } = "";

        private int _index;

        /// <summary>The path step of the value just starting in this container.</summary>
        public string Step() => Names is not null ? Current : "[" + _index++ + "]";
    }
}
