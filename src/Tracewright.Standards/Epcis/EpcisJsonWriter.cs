using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// Writes an EPCIS 2.0 JSON-LD document (EPCISDocument, or EPCISQueryDocument for query results) from the model. Standard CBV
/// values are written as bare short names, extension namespaces as <c>@context</c> prefixes (those seen on input, otherwise
/// generated <c>ext1</c>, <c>ext2</c>, …). Repeated extension elements of one name become a JSON array.
/// </summary>
public static class EpcisJsonWriter
{
    private const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    public static string Write(EpcisDocument document)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteDocument(w, document, document.Events, PrefixMap(document));
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Writes a document whose events arrive one at a time (too many to hold in memory) to <paramref name="output"/>, flushing
    /// as it goes. Extension prefixes are fixed before the first event, from <paramref name="envelope"/>'s events and
    /// namespaces, so the streamed events may only use extension namespaces the envelope names.
    /// </summary>
    public static void Write(Stream output, EpcisDocument envelope, IEnumerable<EpcisEvent> events)
    {
        var prefixes = PrefixMap(envelope);
        foreach (var (prefix, ns) in envelope.Namespaces)
        {
            if (prefix.Length > 0 && !prefixes.ContainsKey(ns) && !prefixes.ContainsValue(prefix) && !JsonSession.WellKnownPrefixes.ContainsKey(prefix))
                prefixes[ns] = prefix;
        }

        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var written = 0;
        WriteDocument(w, envelope, events.Select(e =>
        {
            if (++written % 1000 == 0)
                w.Flush();
            return e;
        }), prefixes);
        w.Flush();
    }

    /// <summary>
    /// Writes the query document <paramref name="envelope"/> (its events ignored) around events kept as one-event documents this
    /// writer wrote, copying each event's JSON as it is instead of reading and writing it again; the context declares the
    /// prefixes the documents declare. Null when that cannot be done faithfully — a document of another shape, or two
    /// documents giving one prefix different namespaces — and the caller writes the events from the model instead.
    /// </summary>
    public static string? WriteStored(EpcisDocument envelope, IReadOnlyList<string> storedDocuments)
    {
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<ReadOnlyMemory<byte>>(storedDocuments.Count);
        foreach (var stored in storedDocuments)
        {
            var bytes = Encoding.UTF8.GetBytes(stored);
            if (StoredEvent(bytes, declared) is not { } range)
                return null;
            events.Add(bytes.AsMemory(range));
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteEnvelope(w, envelope, declared.Select(d => (d.Key, d.Value)), body =>
            {
                foreach (var e in events)
                    body.WriteRawValue(e.Span, skipInputValidation: true);
            });
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Where the one event of a stored one-event document is, adding the prefixes its context declares to
    /// <paramref name="declared"/>; null when the document is not of the shape this writer writes or a prefix clashes.
    /// </summary>
    private static Range? StoredEvent(byte[] document, Dictionary<string, string> declared)
    {
        var r = new Utf8JsonReader(document);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            return null;
        Range? found = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("@context"))
            {
                if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
                    return null;
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    if (r.TokenType == JsonTokenType.String && r.ValueTextEquals(Context))
                        continue;
                    if (r.TokenType != JsonTokenType.StartObject)
                        return null;
                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        var prefix = r.GetString()!;
                        if (!r.Read() || r.TokenType != JsonTokenType.String || JsonSession.WellKnownPrefixes.ContainsKey(prefix))
                            return null;
                        var ns = r.GetString()!;
                        if (declared.TryGetValue(prefix, out var other) && other != ns)
                            return null;
                        declared[prefix] = ns;
                    }
                }
            }
            else if (r.ValueTextEquals("epcisBody"))
            {
                if (!r.Read() || r.TokenType != JsonTokenType.StartObject || !r.Read() || !r.ValueTextEquals("eventList")
                    || !r.Read() || r.TokenType != JsonTokenType.StartArray || !r.Read() || r.TokenType != JsonTokenType.StartObject)
                    return null;
                var start = (int)r.TokenStartIndex;
                r.Skip();
                found = start..(int)r.BytesConsumed;
                if (!r.Read() || r.TokenType != JsonTokenType.EndArray || !r.Read() || r.TokenType != JsonTokenType.EndObject)
                    return null;
            }
            else
            {
                r.Read();
                r.Skip();
            }
        }

        return found;
    }

    private static void WriteDocument(Utf8JsonWriter w, EpcisDocument document, IEnumerable<EpcisEvent> events, Dictionary<string, string> prefixes) =>
        WriteEnvelope(w, document, prefixes.Select(p => (p.Value, p.Key)), body =>
        {
            foreach (var e in events)
                WriteEvent(body, e, prefixes);
        });

    /// <summary>The document around its events: the context (prefix, namespace), the header and the body, the events by <paramref name="writeEvents"/>.</summary>
    private static void WriteEnvelope(Utf8JsonWriter w, EpcisDocument document, IEnumerable<(string Prefix, string Namespace)> context, Action<Utf8JsonWriter> writeEvents)
    {
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (prefix, ns) in context)
            prefixes.TryAdd(ns, prefix);
        w.WriteStartObject();
        w.WriteStartArray("@context");
        w.WriteStringValue(Context);
        foreach (var (prefix, ns) in context.OrderBy(p => p.Prefix, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString(prefix, ns);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        var query = document.Kind == EpcisDocumentKind.QueryDocument;
        w.WriteString("type", query ? "EPCISQueryDocument" : "EPCISDocument");
        w.WriteString("schemaVersion", "2.0");
        w.WriteString("creationDate", EpcisTimestamp.Format(document.CreationDate ?? DateTimeOffset.UtcNow));
        if (document.Header.Sender is { } s) w.WriteString("sender", s);
        if (document.Header.Receiver is { } r) w.WriteString("receiver", r);
        if (document.Header.InstanceIdentifier is { } ii) w.WriteString("instanceIdentifier", ii);
        if (document.Header.MasterData.Count > 0)
            WriteMasterData(w, document.Header.MasterData, prefixes);
        w.WriteStartObject("epcisBody");
        if (query)
        {
            w.WriteStartObject("queryResults");
            w.WriteString("queryName", document.QueryName ?? "SimpleEventQuery");
            if (document.SubscriptionId is { } sid) w.WriteString("subscriptionID", sid);
            w.WriteStartObject("resultsBody");
        }

        w.WriteStartArray("eventList");
        writeEvents(w);
        w.WriteEndArray();
        if (query)
        {
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static Dictionary<string, string> PrefixMap(EpcisDocument document)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(JsonSession.WellKnownPrefixes.Keys, StringComparer.Ordinal);
        var n = 1;
        foreach (var x in document.Events.SelectMany(AllExtensions).Concat(document.Header.MasterData.SelectMany(v => v.Elements).SelectMany(el => el.Attributes).SelectMany(a => a.Content).SelectMany(Flatten)))
        {
            if (x.Namespace.Length == 0 || map.ContainsKey(x.Namespace) || JsonSession.WellKnownPrefixes.ContainsValue(x.Namespace))
                continue;
            var prefix = x.Prefix is { Length: > 0 } p && !used.Contains(p) ? p : document.Namespaces.FirstOrDefault(kv => kv.Value == x.Namespace && kv.Key.Length > 0 && !used.Contains(kv.Key)).Key;
            while (prefix is null || used.Contains(prefix))
                prefix = "ext" + n++;
            used.Add(prefix);
            map[x.Namespace] = prefix;
        }

        return map;
    }

    private static IEnumerable<EpcisExtensionElement> Flatten(EpcisExtensionElement x) => x.Children.SelectMany(Flatten).Prepend(x);

    private static IEnumerable<EpcisExtensionElement> AllExtensions(EpcisEvent e) =>
        e.Extensions.Concat(e.Ilmd ?? []).Concat(e.ReadPoint?.Extensions ?? []).Concat(e.BizLocation?.Extensions ?? [])
            .Concat(e.ErrorDeclaration?.Extensions ?? [])
            .Concat(e.SensorElementList.SelectMany(s => s.Extensions.Concat(s.Metadata?.Extensions ?? []).Concat(s.Reports.SelectMany(r => r.Extensions))))
            .SelectMany(Flatten);

    private static string Name(EpcisExtensionElement x, Dictionary<string, string> prefixes)
    {
        if (x.Namespace.Length == 0)
            return x.LocalName;
        var prefix = prefixes.GetValueOrDefault(x.Namespace) ?? JsonSession.WellKnownPrefixes.First(p => p.Value == x.Namespace).Key;
        return prefix + ":" + x.LocalName;
    }

    private static void WriteExtensions(Utf8JsonWriter w, IEnumerable<EpcisExtensionElement> elements, Dictionary<string, string> prefixes)
    {
        foreach (var group in elements.GroupBy(x => Name(x, prefixes)))
        {
            w.WritePropertyName(group.Key);
            var items = group.ToList();
            if (items.Count > 1)
                w.WriteStartArray();
            foreach (var x in items)
                WriteExtensionValue(w, x, prefixes);
            if (items.Count > 1)
                w.WriteEndArray();
        }
    }

    private static void WriteExtensionValue(Utf8JsonWriter w, EpcisExtensionElement x, Dictionary<string, string> prefixes)
    {
        if (x.Children.Count > 0)
        {
            w.WriteStartObject();
            WriteExtensions(w, x.Children, prefixes);
            w.WriteEndObject();
        }
        else if (x.ValueKind == EpcisValueKind.Number && IsJsonNumber(x.Value ?? ""))
        {
            // An extension number is the sender's data: written as it was read (a 60-digit integer, "1.50"), never through a
            // double or decimal, which would round it or drop the trailing zero.
            w.WriteRawValue(x.Value!);
        }
        else
        {
            WriteScalar(w, x.Value ?? "", x.ValueKind);
        }
    }

    /// <summary>The JSON number grammar (RFC 8259 §6).</summary>
    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        bool Digits()
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
                i++;
            return i > start;
        }

        if (i < s.Length && s[i] == '-')
            i++;
        if (i < s.Length && s[i] == '0')
            i++;
        else if (!Digits())
            return false;
        if (i < s.Length && s[i] == '.' && (++i > 0) && !Digits())
            return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
                i++;
            if (!Digits())
                return false;
        }

        return i == s.Length;
    }

    private static void WriteScalar(Utf8JsonWriter w, string value, EpcisValueKind kind)
    {
        if (kind == EpcisValueKind.Number && EpcisValues.Number(value) is { } n)
            w.WriteRawValue(n);
        else if (kind == EpcisValueKind.Boolean)
            w.WriteBooleanValue(value == "true");
        else
            w.WriteStringValue(value);
    }

    private static string Vocab(CbvVocabularyKind kind, string value) => CbvVocabulary.ToShortName(kind, value) ?? value;

    private static void WriteEvent(Utf8JsonWriter w, EpcisEvent e, Dictionary<string, string> prefixes)
    {
        w.WriteStartObject();
        w.WriteString("type", e.Type.ToString());
        w.WriteString("eventTime", EpcisTimestamp.Format(e.EventTime));
        if (e.RecordTime is { } rt) w.WriteString("recordTime", EpcisTimestamp.Format(rt));
        w.WriteString("eventTimeZoneOffset", e.EventTimeZoneOffset);
        if (e.EventId is { } id) w.WriteString("eventID", id);
        if (e.CertificationInfo.Count == 1) w.WriteString("certificationInfo", e.CertificationInfo[0]);
        else if (e.CertificationInfo.Count > 1) Strings(w, "certificationInfo", e.CertificationInfo);
        if (e.ErrorDeclaration is { } ed)
        {
            w.WriteStartObject("errorDeclaration");
            w.WriteString("declarationTime", EpcisTimestamp.Format(ed.DeclarationTime));
            if (ed.Reason is { } reason) w.WriteString("reason", Vocab(CbvVocabularyKind.ErrorReason, reason));
            if (ed.CorrectiveEventIds.Count > 0) Strings(w, "correctiveEventIDs", ed.CorrectiveEventIds);
            WriteExtensions(w, ed.Extensions, prefixes);
            w.WriteEndObject();
        }

        if (e.ParentId is { } parent) w.WriteString("parentID", parent);
        if (e.EpcList.Count > 0 || (e.Type is EpcisEventType.ObjectEvent && e.NeedsEpcList)) Strings(w, "epcList", e.EpcList);
        if (e.ChildEpcs.Count > 0) Strings(w, "childEPCs", e.ChildEpcs);
        if (e.InputEpcList.Count > 0) Strings(w, "inputEPCList", e.InputEpcList);
        if (e.OutputEpcList.Count > 0) Strings(w, "outputEPCList", e.OutputEpcList);
        Quantities(w, "quantityList", e.QuantityList);
        Quantities(w, "childQuantityList", e.ChildQuantityList);
        Quantities(w, "inputQuantityList", e.InputQuantityList);
        Quantities(w, "outputQuantityList", e.OutputQuantityList);
        if (e.Action is { } a) w.WriteString("action", a.ToString().ToUpperInvariant());
        if (e.TransformationId is { } tid) w.WriteString("transformationID", tid);
        if (e.BizStep is { } bs) w.WriteString("bizStep", Vocab(CbvVocabularyKind.BizStep, bs));
        if (e.Disposition is { } d) w.WriteString("disposition", Vocab(CbvVocabularyKind.Disposition, d));
        if (e.PersistentDisposition is { } pd)
        {
            w.WriteStartObject("persistentDisposition");
            if (pd.Set.Count > 0) Strings(w, "set", pd.Set.Select(v => Vocab(CbvVocabularyKind.Disposition, v)));
            if (pd.Unset.Count > 0) Strings(w, "unset", pd.Unset.Select(v => Vocab(CbvVocabularyKind.Disposition, v)));
            w.WriteEndObject();
        }

        Location(w, "readPoint", e.ReadPoint, prefixes);
        Location(w, "bizLocation", e.BizLocation, prefixes);
        if (e.BizTransactionList.Count > 0)
        {
            w.WriteStartArray("bizTransactionList");
            foreach (var b in e.BizTransactionList)
            {
                w.WriteStartObject();
                if (b.Type is { } t) w.WriteString("type", Vocab(CbvVocabularyKind.BizTransactionType, t));
                w.WriteString("bizTransaction", b.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        SourceDestinations(w, "sourceList", "source", e.SourceList);
        SourceDestinations(w, "destinationList", "destination", e.DestinationList);
        if (e.SensorElementList.Count > 0)
        {
            w.WriteStartArray("sensorElementList");
            foreach (var se in e.SensorElementList)
            {
                w.WriteStartObject();
                if (se.Metadata is { } m)
                {
                    w.WritePropertyName("sensorMetadata");
                    SensorPart(w, m, prefixes);
                }

                w.WriteStartArray("sensorReport");
                foreach (var r in se.Reports)
                    SensorPart(w, r, prefixes);
                w.WriteEndArray();
                WriteExtensions(w, se.Extensions, prefixes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (e.Ilmd is { } ilmd)
        {
            w.WriteStartObject("ilmd");
            WriteExtensions(w, ilmd, prefixes);
            w.WriteEndObject();
        }

        WriteExtensions(w, e.Extensions, prefixes);
        w.WriteEndObject();
    }

    private static void SensorPart(Utf8JsonWriter w, EpcisSensorPart part, Dictionary<string, string> prefixes)
    {
        w.WriteStartObject();
        foreach (var f in part.Fields)
        {
            w.WritePropertyName(f.Name);
            var value = f.Name switch
            {
                "type" => Vocab(CbvVocabularyKind.MeasurementType, f.Value),
                "exception" => Vocab(CbvVocabularyKind.SensorAlertType, f.Value),
                "component" => Vocab(CbvVocabularyKind.Component, f.Value),
                _ => f.Value,
            };
            WriteScalar(w, value, f.Kind);
        }

        WriteExtensions(w, part.Extensions, prefixes);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Quantities(Utf8JsonWriter w, string name, IReadOnlyList<EpcisQuantity> items)
    {
        if (items.Count == 0)
            return;
        w.WriteStartArray(name);
        foreach (var q in items)
        {
            w.WriteStartObject();
            w.WriteString("epcClass", q.EpcClass);
            if (q.Quantity is { } n)
            {
                w.WritePropertyName("quantity");
                w.WriteRawValue(n.ToString(CultureInfo.InvariantCulture));
            }

            if (q.Uom is { } u) w.WriteString("uom", u);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Location(Utf8JsonWriter w, string name, EpcisLocation? location, Dictionary<string, string> prefixes)
    {
        if (location is null)
            return;
        w.WriteStartObject(name);
        w.WriteString("id", location.Id);
        WriteExtensions(w, location.Extensions, prefixes);
        w.WriteEndObject();
    }

    private static void SourceDestinations(Utf8JsonWriter w, string name, string item, IReadOnlyList<EpcisSourceDestination> list)
    {
        if (list.Count == 0)
            return;
        w.WriteStartArray(name);
        foreach (var s in list)
        {
            w.WriteStartObject();
            w.WriteString("type", Vocab(CbvVocabularyKind.SourceDestinationType, s.Type));
            w.WriteString(item, s.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteMasterData(Utf8JsonWriter w, IReadOnlyList<EpcisVocabulary> vocabularies, Dictionary<string, string> prefixes)
    {
        w.WriteStartObject("epcisHeader");
        w.WriteStartObject("epcisMasterData");
        w.WriteStartArray("vocabularyList");
        foreach (var v in vocabularies)
        {
            w.WriteStartObject();
            w.WriteString("type", v.Type);
            w.WriteStartArray("vocabularyElementList");
            foreach (var el in v.Elements)
            {
                w.WriteStartObject();
                w.WriteString("id", el.Id);
                if (el.Attributes.Count > 0)
                {
                    w.WriteStartArray("attributes");
                    foreach (var a in el.Attributes)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", a.Id);
                        if (a.Content.Count > 0)
                        {
                            w.WriteStartObject("attribute");
                            WriteExtensions(w, a.Content, prefixes);
                            w.WriteEndObject();
                        }
                        else if (a.Value is { } value)
                        {
                            w.WriteString("attribute", value);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                if (el.Children.Count > 0) Strings(w, "children", el.Children);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
