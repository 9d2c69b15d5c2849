namespace Tracewright.Domain.Epcis;

/// <summary>
/// A party or location as EPCIS master data describes it (CBV 2.0 master data attributes): its canonical id and the details a
/// recall contacts it by. Every detail may be missing; <see cref="Name"/> falls back to nothing, never to a guess.
/// </summary>
public sealed record EpcisParty(string Id, string? Name, string? Contact, string? Email, string? Phone, string? Address)
{
    /// <summary>The CBV master data attribute stem: <c>urn:epcglobal:cbv:mda#name</c> (also read with <c>:</c> for <c>#</c>).</summary>
    public const string Mda = "urn:epcglobal:cbv:mda#";

    /// <summary>The address attributes, in the order an address is written.</summary>
    public static readonly IReadOnlyList<string> AddressParts = ["streetAddressOne", "streetAddressTwo", "streetAddressThree", "city", "state", "postalCode", "countryCode"];

    /// <summary>
    /// The party's details from its master-data attributes (attribute id, value): <c>name</c>, <c>contact</c>, <c>email</c>,
    /// <c>telephone</c> (or <c>phone</c>), and the address joined from <see cref="AddressParts"/> with ", ". Attribute ids are
    /// matched by their CBV name after <c>urn:epcglobal:cbv:mda#</c> or <c>urn:epcglobal:cbv:mda:</c>; other attributes are ignored.
    /// </summary>
    public static EpcisParty From(string id, IEnumerable<(string Id, string? Value)> attributes)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (attribute, value) in attributes)
        {
            if (CbvName(attribute) is { } name && !string.IsNullOrWhiteSpace(value))
            {
                byName.TryAdd(name, value.Trim());
            }
        }

        var address = AddressParts.Select(byName.GetValueOrDefault).Where(p => p is not null).ToList();
        return new EpcisParty(
            id,
            byName.GetValueOrDefault("name"),
            byName.GetValueOrDefault("contact"),
            byName.GetValueOrDefault("email"),
            byName.GetValueOrDefault("telephone") ?? byName.GetValueOrDefault("phone"),
            address.Count == 0 ? null : string.Join(", ", address));
    }

    private static string? CbvName(string attribute)
    {
        foreach (var stem in new[] { Mda, "urn:epcglobal:cbv:mda:" })
        {
            if (attribute.StartsWith(stem, StringComparison.OrdinalIgnoreCase) && attribute.Length > stem.Length)
            {
                return attribute[stem.Length..];
            }
        }

        return null;
    }
}
