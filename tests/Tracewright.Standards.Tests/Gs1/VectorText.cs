using System.Text;
using System.Text.Json.Nodes;

namespace Tracewright.Standards.Tests.Gs1;

/// <summary>Decodes vector strings; bytes that are not UTF-8 are given as {"hex": ...} and read one byte per char.</summary>
internal static class VectorText
{
    public static string? Decode(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonObject obj && obj["hex"] is { } hex)
        {
            return Encoding.Latin1.GetString(Convert.FromHexString(hex.GetValue<string>()));
        }

        return node.GetValue<string>();
    }

    public static bool Flag(JsonObject row, string option) =>
        row["options"]?[option]?.GetValue<string>() == "true";

    public static bool? OptionalFlag(JsonObject row, string option) =>
        row["options"]?[option]?.GetValue<string>() switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
}
