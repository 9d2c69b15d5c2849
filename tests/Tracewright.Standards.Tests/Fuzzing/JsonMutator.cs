using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tracewright.Standards.Tests.Fuzzing;

/// <summary>
/// Mutations that keep JSON well formed, so that the reader's meaning checks run rather than the tokenizer's: a value of the
/// wrong type, a null, a huge or odd string or number, a field removed or added (including fields a client must not set),
/// an array item repeated or dropped, deep nesting.
/// </summary>
public static class JsonMutator
{
    /// <summary>Fields that name what the server decides: a body may carry them, but they must never take effect.</summary>
    public static readonly string[] ServerOwnedFields = ["id", "recordedBy", "recordedAt", "status", "sequence", "seq", "hash", "prevHash", "recorded_by", "createdBy", "eventID"];

    public static string Mutate(Random random, string json)
    {
        try
        {
            var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            var edits = 1 + random.Next(3);
            for (var e = 0; e < edits; e++)
            {
                root = MutateOnce(random, root);
            }

            return root?.ToJsonString() ?? "null";
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Not JSON, or JSON that JsonNode cannot hold (a repeated property name): mutate it as text.
            return Fuzz.Mutate(random, json);
        }
    }

    private static JsonNode? MutateOnce(Random random, JsonNode? root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0)
        {
            return Value(random);
        }

        var target = nodes[random.Next(nodes.Count)];
        switch (random.Next(6))
        {
            case 0 when target.Parent is JsonObject owner:
                owner.Remove(target.GetPropertyName());
                break;
            case 1 when target.Parent is JsonArray list:
                list.RemoveAt(target.GetElementIndex());
                break;
            case 2 when target is JsonObject obj:
                var name = random.Next(2) == 0 ? ServerOwnedFields[random.Next(ServerOwnedFields.Length)] : "unknown" + random.Next(100);
                obj[name] = Value(random);
                break;
            case 3 when target is JsonArray array && array.Count > 0:
                array.Add(array[random.Next(array.Count)]?.DeepClone());
                break;
            default:
                if (target.Parent is null)
                {
                    return Value(random);
                }

                target.ReplaceWith(Value(random));
                break;
        }

        return root;
    }

    /// <summary>A value of any kind, chosen to break assumptions about type, size and range.</summary>
    public static JsonNode? Value(Random random) => random.Next(16) switch
    {
        0 => null,
        1 => JsonValue.Create(true),
        2 => JsonValue.Create(0),
        3 => JsonValue.Create(-1),
        4 => JsonValue.Create(long.MaxValue),
        5 => JsonValue.Create(decimal.MaxValue),
        6 => JsonValue.Create(1e300),
        7 => JsonValue.Create(""),
        8 => JsonValue.Create(new string('x', 1 + random.Next(200_000))),
        9 => JsonValue.Create(Fuzz.RandomText(random, 40)),
        10 => new JsonArray(),
        11 => new JsonObject(),
        12 => Nested(random.Next(2, 300)),
        13 => new JsonArray(JsonValue.Create(Fuzz.RandomText(random, 20)), JsonValue.Create(3)),
        14 => JsonValue.Create("2024-13-45T25:61:61Z"),
        _ => JsonValue.Create("1,1,-1,abc,1e9"),
    };

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["a"] = node };
        }

        return node;
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, nodes);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, nodes);
                }

                break;
        }
    }
}
