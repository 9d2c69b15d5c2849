using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracewright.Domain.Ledger;

/// <summary>
/// Maps each event type to its stored kind (the type's name) and back, and fixes the JSON form of
/// payloads. Kinds are part of the stored, hashed record: renaming an event type is a schema change.
/// </summary>
public static class EventCatalog
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Subjects are derived from the payload; storing them would only duplicate it.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (typeof(ILedgerEvent).IsAssignableFrom(info.Type))
                    {
                        var subjects = info.Properties.FirstOrDefault(p => p.Name == "subjects");
                        if (subjects is not null)
                        {
                            info.Properties.Remove(subjects);
                        }
                    }
                },
            },
        },
    };

    private static readonly FrozenDictionary<string, Type> Types = typeof(ILedgerEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILedgerEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static string KindOf(ILedgerEvent e) => e.GetType().Name;

    public static IReadOnlyCollection<string> Kinds => Types.Keys;

    public static string Serialize(ILedgerEvent e) => JsonSerializer.Serialize(e, e.GetType(), Json);

    public static ILedgerEvent Deserialize(string kind, string payload)
    {
        if (!Types.TryGetValue(kind, out var type))
        {
            throw new InvalidDataException($"Unknown ledger event kind '{kind}'");
        }

        return (ILedgerEvent)(JsonSerializer.Deserialize(payload, type, Json)
            ?? throw new InvalidDataException($"Empty payload for ledger event kind '{kind}'"));
    }
}
