namespace Tracewright.Standards.Epcis;

/// <summary>
/// One non-standard, namespaced field (user extension, ILMD entry, master-data attribute content), kept as a neutral tree
/// so that it can be written back to either syntax and hashed. Invariants: <see cref="LocalName"/> is non-empty;
/// <see cref="Namespace"/> is the resolved namespace URI (XML namespace, or the JSON-LD context IRI of the prefix);
/// an element has either a <see cref="Value"/> or <see cref="Children"/> (or neither, for an empty element), and XML
/// attributes are children with <see cref="IsAttribute"/> set. <see cref="RawText"/> is the element exactly as it was read
/// (JSON member value or outer XML) so that callers needing the original bytes can have them.
/// </summary>
public sealed record EpcisExtensionElement(
    string Namespace,
    string LocalName,
    string? Prefix,
    string? Value,
    EpcisValueKind ValueKind,
    IReadOnlyList<EpcisExtensionElement> Children,
    bool IsAttribute = false,
    string? RawText = null)
{
    /// <summary>The expanded name as used by the event hash algorithm: <c>{namespace}localName</c>.</summary>
    public string ExpandedName => Namespace.Length == 0 ? LocalName : "{" + Namespace + "}" + LocalName;

    /// <summary>Structural equality that ignores <see cref="RawText"/> and <see cref="Prefix"/> (syntax details).</summary>
    public bool SameContentAs(EpcisExtensionElement other) =>
        Namespace == other.Namespace && LocalName == other.LocalName && (Value ?? "") == (other.Value ?? "")
        && IsAttribute == other.IsAttribute && Children.Count == other.Children.Count
        && Children.Zip(other.Children).All(p => p.First.SameContentAs(p.Second));
}
