namespace Tracewright.Standards.Epcis;

/// <summary>
/// A read EPCIS document: header data and events in document order. Syntax-neutral: the same document read from JSON-LD or
/// XML gives equal events (compare with <see cref="EventHash"/>). <see cref="Namespaces"/> maps the extension prefixes seen
/// on input to namespace URIs so that writers can keep them.
/// </summary>
public sealed record EpcisDocument
{
    public required EpcisDocumentKind Kind { get; init; }
    public string? SchemaVersion { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public EpcisHeader Header { get; init; } = new(null, null, null, []);
    public required IReadOnlyList<EpcisEvent> Events { get; init; }

    /// <summary>For query documents: the query name and subscription id, when present.</summary>
    public string? QueryName { get; init; }
    public string? SubscriptionId { get; init; }

    public IReadOnlyDictionary<string, string> Namespaces { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Expanded names (<c>{namespace}localName</c>) of user extensions that the document's header declares outside the event
    /// hash: an element <c>ignoreFields</c> in any namespace, listing CURIEs (JSON-LD) or empty elements (XML), at document
    /// or query-results level, as the reference hash generator reads it. Pass them to <see cref="EventHash.Compute"/> to
    /// reproduce that generator's hashes; empty when not declared.
    /// </summary>
    public IReadOnlyList<string> HashIgnoredFields { get; init; } = [];
}
