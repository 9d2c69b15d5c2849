using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracewright.Web;

/// <summary>
/// A list of text in a request body (<c>lines</c>, <c>use</c>, <c>lots</c>…) holds text only: a null, a number or an object in
/// it is refused while binding (400 naming the list), instead of reaching a handler that takes each entry for text. The
/// serializer's own nullable checks stop at the list; they do not look at its entries.
/// </summary>
public sealed class TextListConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <summary>The message <see cref="UnexpectedErrors"/> recognises, to name the list in its answer.</summary>
    public const string NotText = "a list of text holds something other than text";

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException(NotText);
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException(NotText);
            }

            list.Add(reader.GetString()!);
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var text in value)
        {
            writer.WriteStringValue(text);
        }

        writer.WriteEndArray();
    }
}
