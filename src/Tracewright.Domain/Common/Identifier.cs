using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracewright.Domain.Common;

/// <summary>
/// A strongly typed identifier: text that has passed its type's validation. Construction goes through
/// <see cref="Parse"/>, so a value of the type is always valid.
/// </summary>
public interface IIdentifier<TSelf> where TSelf : struct, IIdentifier<TSelf>
{
    string Value { get; }

    static abstract Result<TSelf> Parse(string? text);
}

/// <summary>Writes an identifier as its plain text and validates it again on the way in.</summary>
public sealed class IdentifierJsonConverter<T> : JsonConverter<T> where T : struct, IIdentifier<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var parsed = T.Parse(reader.GetString());
        return parsed.IsSuccess ? parsed.Value : throw new JsonException(parsed.Error!.Message);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

public static class Identifier
{
    /// <summary>For values read back from our own store, where invalid text means corruption, not bad input.</summary>
    public static T FromStored<T>(string text) where T : struct, IIdentifier<T>
    {
        var parsed = T.Parse(text);
        return parsed.IsSuccess ? parsed.Value : throw new InvalidDataException($"Stored {typeof(T).Name} '{text}' is invalid: {parsed.Error}");
    }
}
