using System.Text.Json;

namespace Tracewright.Standards.Epcis;

/// <summary>One JSON read: namespace prefixes in scope and the errors found so far.</summary>
internal sealed class JsonSession(List<EpcisError> errors, bool lenient)
{
    internal static readonly Dictionary<string, string> WellKnownPrefixes = new(StringComparer.Ordinal)
    {
        ["gs1"] = "https://gs1.org/voc/",
        ["cbv"] = "https://ref.gs1.org/cbv/",
        ["epcis"] = "https://ref.gs1.org/epcis/",
        ["cbvmda"] = "urn:epcglobal:cbv:mda:",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["schema"] = "https://schema.org/",
        ["sh"] = "http://www.w3.org/ns/shacl#",
    };

    private static readonly HashSet<string> RootFields =
        ["@context", "type", "id", "schemaVersion", "creationDate", "sender", "receiver", "instanceIdentifier", "epcisHeader", "epcisBody"];

    private readonly Dictionary<string, string> _declared = new(StringComparer.Ordinal);
    private readonly bool _lenient = lenient;

    private void Error(string path, string message) => errors.Add(new EpcisError(path, message));

    public EpcisDocument? ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", "the document must be a JSON object");
            return null;
        }

        if (!root.TryGetProperty("@context", out var context))
            Error("$", "missing '@context': an EPCIS 2.0 JSON-LD document must reference the EPCIS context");
        else
            CollectContext(context, "$.@context");

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (type is null)
        {
            Error("$", "missing 'type': expected EPCISDocument, EPCISQueryDocument or an event type");
            return null;
        }

        if (Enum.TryParse<EpcisEventType>(type, false, out _))
        {
            var single = ReadEvent(root, "$");
            return single is null ? null : new EpcisDocument { Kind = EpcisDocumentKind.SingleEvent, Events = [single], Namespaces = _declared };
        }

        if (type is not ("EPCISDocument" or "EPCISQueryDocument"))
        {
            Error("$.type", $"'type' value '{type}' is not EPCISDocument, EPCISQueryDocument or an event type");
            return null;
        }

        foreach (var p in root.EnumerateObject())
            if (!RootFields.Contains(p.Name) && !p.Name.Contains(':', StringComparison.Ordinal) && !_lenient)
                Error("$." + p.Name, $"unknown field '{p.Name}' in {type}");

        string? schemaVersion = null;
        if (!root.TryGetProperty("schemaVersion", out var sv))
            Error("$", $"{type} is missing the required field 'schemaVersion'");
        else if (sv.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            schemaVersion = sv.ValueKind == JsonValueKind.String ? sv.GetString() : sv.GetRawText();
        else
            Error("$.schemaVersion", "'schemaVersion' must be a string");

        DateTimeOffset? creationDate = null;
        if (!root.TryGetProperty("creationDate", out var cd))
            Error("$", $"{type} is missing the required field 'creationDate'");
        else if (String(cd, "$.creationDate", "creationDate") is { } cds)
            creationDate = EpcisValues.Timestamp(cds, "creationDate", "$.creationDate", errors, _lenient);

        var header = new EpcisHeader(
            OptionalString(root, "sender", "$"), OptionalString(root, "receiver", "$"), OptionalString(root, "instanceIdentifier", "$"),
            root.TryGetProperty("epcisHeader", out var eh) ? ReadMasterData(eh, "$.epcisHeader") : []);

        if (!root.TryGetProperty("epcisBody", out var body) || body.ValueKind != JsonValueKind.Object)
        {
            Error("$", $"{type} is missing the required object 'epcisBody'");
            return null;
        }

        string? queryName = null, subscriptionId = null;
        var ignored = HashIgnoredFields(root).ToList();
        JsonElement listOwner = body;
        var listPath = "$.epcisBody";
        if (type == "EPCISQueryDocument")
        {
            if (!body.TryGetProperty("queryResults", out var qr) || qr.ValueKind != JsonValueKind.Object)
            {
                Error("$.epcisBody", "EPCISQueryDocument is missing 'epcisBody.queryResults'");
                return null;
            }

            ignored.AddRange(HashIgnoredFields(qr));
            queryName = OptionalString(qr, "queryName", "$.epcisBody.queryResults");
            subscriptionId = OptionalString(qr, "subscriptionID", "$.epcisBody.queryResults");
            if (!qr.TryGetProperty("resultsBody", out listOwner) || listOwner.ValueKind != JsonValueKind.Object)
            {
                Error("$.epcisBody.queryResults", "queryResults is missing the object 'resultsBody'");
                return null;
            }

            listPath = "$.epcisBody.queryResults.resultsBody";
        }

        var events = new List<EpcisEvent>();
        if (!listOwner.TryGetProperty("eventList", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            Error(listPath, "missing the array 'eventList'");
            return null;
        }

        var i = 0;
        foreach (var e in list.EnumerateArray())
        {
            var before = errors.Count;
            if (ReadEvent(e, $"{listPath}.eventList[{i}]") is { } ev && errors.Count == before)
                events.Add(ev);
            EpcisError.PlaceIn(errors, before, i);
            i++;
        }

        return new EpcisDocument
        {
            Kind = type == "EPCISDocument" ? EpcisDocumentKind.Document : EpcisDocumentKind.QueryDocument,
            SchemaVersion = schemaVersion, CreationDate = creationDate, Header = header, Events = events,
            QueryName = queryName, SubscriptionId = subscriptionId, Namespaces = _declared, HashIgnoredFields = ignored,
        };
    }

    /// <summary>The expanded names listed by a prefixed <c>ignoreFields</c> member of <paramref name="owner"/>.</summary>
    private IEnumerable<string> HashIgnoredFields(JsonElement owner)
    {
        foreach (var p in owner.EnumerateObject())
        {
            if (!p.Name.Contains(':', StringComparison.Ordinal) || Resolve(p.Name).Local != "ignoreFields")
                continue;
            IEnumerable<JsonElement> names = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : [p.Value];
            foreach (var name in names.Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!))
            {
                var (ns, local, _) = Resolve(name);
                yield return string.IsNullOrEmpty(ns) ? local : "{" + ns + "}" + local;
            }
        }
    }

    private void CollectContext(JsonElement context, string path)
    {
        switch (context.ValueKind)
        {
            case JsonValueKind.String:
                break;
            case JsonValueKind.Array:
                foreach (var c in context.EnumerateArray())
                    CollectContext(c, path);
                break;
            case JsonValueKind.Object:
                foreach (var p in context.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.String && !p.Name.StartsWith('@'))
                        _declared[p.Name] = p.Value.GetString()!;
                    else if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String)
                        _declared[p.Name] = id.GetString()!;
                break;
            default:
                Error(path, "'@context' must be a string, an object or an array of them");
                break;
        }
    }

    private string? String(JsonElement e, string path, string field)
    {
        if (e.ValueKind == JsonValueKind.String)
            return e.GetString();
        Error(path, $"'{field}' must be a string, not {Describe(e)}");
        return null;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a string",
    };

    private string? OptionalString(JsonElement owner, string name, string path) =>
        owner.TryGetProperty(name, out var v) ? String(v, path + "." + name, name) : null;

    /// <summary>Resolves a member name to (namespace, local name, prefix); null namespace when the name is not namespaced.</summary>
    private (string? Ns, string Local, string? Prefix) Resolve(string name)
    {
        if (name.StartsWith("http://", StringComparison.Ordinal) || name.StartsWith("https://", StringComparison.Ordinal) || name.StartsWith("urn:", StringComparison.Ordinal))
        {
            var cut = Math.Max(name.LastIndexOf('/'), Math.Max(name.LastIndexOf('#'), name.LastIndexOf(':'))) + 1;
            return (name[..cut], name[cut..], null);
        }

        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return (null, name, null);
        var prefix = name[..colon];
        var ns = _declared.GetValueOrDefault(prefix) ?? WellKnownPrefixes.GetValueOrDefault(prefix);
        return (ns ?? "", name[(colon + 1)..], prefix);
    }

    /// <summary>A namespaced member as extension elements (an array gives one element per item, as in XML).</summary>
    private IEnumerable<EpcisExtensionElement> Extension(string name, JsonElement value, string path, bool requireNamespace)
    {
        var (ns, local, prefix) = Resolve(name);
        if (ns is null && requireNamespace && !_lenient)
        {
            Error(path, $"field '{name}' is not a standard EPCIS field and has no namespace prefix");
            yield break;
        }

        if (ns == "" && prefix is not null && !_lenient)
            Error(path, $"field '{name}' uses the prefix '{prefix}', which is not defined in '@context'");
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
                yield return Element(ns ?? "", local, prefix, item, path);
        }
        else
        {
            yield return Element(ns ?? "", local, prefix, value, path);
        }
    }

    private EpcisExtensionElement Element(string ns, string local, string? prefix, JsonElement value, string path)
    {
        var raw = value.GetRawText();
        return value.ValueKind switch
        {
            JsonValueKind.Object => new EpcisExtensionElement(ns, local, prefix, null, EpcisValueKind.String,
                value.EnumerateObject().Where(p => !p.Name.StartsWith('@')).SelectMany(p => Extension(p.Name, p.Value, path + "." + p.Name, false)).ToList(), false, raw),
            JsonValueKind.String => new EpcisExtensionElement(ns, local, prefix, value.GetString(), EpcisValueKind.String, [], false, raw),
            JsonValueKind.Number => new EpcisExtensionElement(ns, local, prefix, value.GetRawText(), EpcisValueKind.Number, [], false, raw),
            JsonValueKind.True or JsonValueKind.False => new EpcisExtensionElement(ns, local, prefix, value.ValueKind == JsonValueKind.True ? "true" : "false", EpcisValueKind.Boolean, [], false, raw),
            _ => new EpcisExtensionElement(ns, local, prefix, null, EpcisValueKind.String, [], false, raw),
        };
    }

    private EpcisEvent? ReadEvent(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(path, "an event must be a JSON object");
            return null;
        }

        if (!e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            Error(path, "event is missing 'type'");
            return null;
        }

        var typeName = typeElement.GetString()!;
        if (!Enum.TryParse<EpcisEventType>(typeName, false, out var type) || !Enum.IsDefined(type) || int.TryParse(typeName, out _))
        {
            Error(path + ".type", $"unknown event type '{typeName}'; expected ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent");
            return null;
        }

        if (e.TryGetProperty("@context", out var eventContext))
            CollectContext(eventContext, path + ".@context");
        var d = new EpcisEventDraft(type);
        foreach (var p in e.EnumerateObject())
        {
            var fp = path + "." + p.Name;
            var v = p.Value;
            if (p.Name is "type" || p.Name.StartsWith('@'))
                continue;
            if (EpcisEventDraft.IsStandardField(p.Name))
            {
                d.Present[p.Name] = fp;
                if (!EpcisEventDraft.IsPermitted(type, p.Name))
                {
                    Error(fp, $"field '{p.Name}' is not permitted in {type}");
                    continue;
                }

                ReadField(d, p.Name, v, fp);
            }
            else if (p.Name.Contains(':', StringComparison.Ordinal) || _lenient)
            {
                d.Extensions.AddRange(Extension(p.Name, v, fp, true));
            }
            else
            {
                Error(fp, $"unknown field '{p.Name}' in {type}; extension fields need a namespace prefix");
            }
        }

        return d.Finish(path, errors);
    }

    private void ReadField(EpcisEventDraft d, string name, JsonElement v, string fp)
    {
        switch (name)
        {
            case "eventID":
                if (String(v, fp, name) is { } id)
                    d.EventId = EpcisValues.Uri(id, name, fp, errors, _lenient);
                break;
            case "eventTime":
                if (String(v, fp, name) is { } et)
                    d.EventTime = EpcisValues.Timestamp(et, name, fp, errors, _lenient);
                break;
            case "recordTime":
                if (String(v, fp, name) is { } rt)
                    d.RecordTime = EpcisValues.Timestamp(rt, name, fp, errors, _lenient);
                break;
            case "eventTimeZoneOffset":
                if (String(v, fp, name) is { } off)
                    d.EventTimeZoneOffset = EpcisValues.Offset(off, fp, errors);
                break;
            case "action":
                if (String(v, fp, name) is { } a)
                    d.Action = EpcisValues.Action(a, fp, errors);
                break;
            case "bizStep":
                if (String(v, fp, name) is { } bs)
                    d.BizStep = EpcisValues.Vocabulary(CbvVocabularyKind.BizStep, name, bs, fp, errors, _lenient);
                break;
            case "disposition":
                if (String(v, fp, name) is { } disp)
                    d.Disposition = EpcisValues.Vocabulary(CbvVocabularyKind.Disposition, name, disp, fp, errors, _lenient);
                break;
            case "parentID":
                if (String(v, fp, name) is { } parent)
                    d.ParentId = EpcisValues.Uri(parent, name, fp, errors, _lenient);
                break;
            case "transformationID":
                if (String(v, fp, name) is { } tid)
                    d.TransformationId = EpcisValues.Uri(tid, name, fp, errors, _lenient);
                break;
            case "epcList": d.EpcList = UriList(v, fp, "epc"); break;
            case "childEPCs": d.ChildEpcs = UriList(v, fp, "epc"); break;
            case "inputEPCList": d.InputEpcList = UriList(v, fp, "epc"); break;
            case "outputEPCList": d.OutputEpcList = UriList(v, fp, "epc"); break;
            case "quantityList": d.QuantityList = Quantities(v, fp); break;
            case "childQuantityList": d.ChildQuantityList = Quantities(v, fp); break;
            case "inputQuantityList": d.InputQuantityList = Quantities(v, fp); break;
            case "outputQuantityList": d.OutputQuantityList = Quantities(v, fp); break;
            case "readPoint": d.ReadPoint = Location(v, fp, name); break;
            case "bizLocation": d.BizLocation = Location(v, fp, name); break;
            case "bizTransactionList": d.BizTransactionList = BizTransactions(v, fp); break;
            case "sourceList": d.SourceList = SourceDestinations(v, fp, "source"); break;
            case "destinationList": d.DestinationList = SourceDestinations(v, fp, "destination"); break;
            case "sensorElementList": d.SensorElementList = SensorElements(v, fp); break;
            case "persistentDisposition": d.PersistentDisposition = PersistentDisposition(v, fp); break;
            case "ilmd":
                if (v.ValueKind != JsonValueKind.Object)
                    Error(fp, "'ilmd' must be an object");
                else
                    d.Ilmd = v.EnumerateObject().Where(p => !p.Name.StartsWith('@')).SelectMany(p => Ilmd(p, fp + "." + p.Name)).ToList();
                break;
            case "certificationInfo":
                if (v.ValueKind == JsonValueKind.Array)
                    d.CertificationInfo = UriList(v, fp, "certificationInfo");
                else if (v.ValueKind == JsonValueKind.String)
                    d.CertificationInfo = v.GetString()!.Trim() is { Length: > 0 } ci ? [ci] : [];
                else
                    Error(fp, "'certificationInfo' must be a URI string or an array of URI strings, not " + Describe(v));
                break;
            case "errorDeclaration": d.ErrorDeclaration = ErrorDeclaration(v, fp); break;
        }
    }

    private IEnumerable<EpcisExtensionElement> Ilmd(JsonProperty p, string path)
    {
        if (!p.Name.Contains(':', StringComparison.Ordinal) && !_lenient)
        {
            Error(path, $"ilmd field '{p.Name}' has no namespace prefix; ILMD fields must be namespaced (e.g. 'example:{p.Name}')");
            return [];
        }

        return Extension(p.Name, p.Value, path, true);
    }

    private List<string> UriList(JsonElement v, string path, string itemName)
    {
        var result = new List<string>();
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"must be an array of URI strings, not {Describe(v)}");
            return result;
        }

        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var ip = $"{path}[{i++}]";
            if (String(item, ip, itemName) is { } s && EpcisValues.Uri(s, itemName, ip, errors, _lenient) is { } u)
                result.Add(u);
        }

        return result;
    }

    private List<EpcisQuantity> Quantities(JsonElement v, string path)
    {
        var result = new List<EpcisQuantity>();
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(path, "a quantity list must be an array");
            return result;
        }

        var i = 0;
        foreach (var q in v.EnumerateArray())
        {
            var qp = $"{path}[{i++}]";
            if (q.ValueKind != JsonValueKind.Object)
            {
                Error(qp, "a quantity element must be an object");
                continue;
            }

            string? epcClass = null;
            decimal? quantity = null;
            string? uom = null;
            var ok = true;
            foreach (var p in q.EnumerateObject())
            {
                var pp = qp + "." + p.Name;
                switch (p.Name)
                {
                    case "epcClass":
                        epcClass = String(p.Value, pp, "epcClass") is { } c ? EpcisValues.Uri(c, "epcClass", pp, errors, _lenient) : null;
                        ok &= epcClass is not null;
                        break;
                    case "quantity":
                        if (p.Value.ValueKind != JsonValueKind.Number)
                        {
                            Error(pp, $"'quantity' must be a number, not {Describe(p.Value)}{(p.Value.ValueKind == JsonValueKind.String ? $" ('{p.Value.GetString()}')" : "")}");
                            ok = false;
                        }
                        else
                        {
                            quantity = EpcisValues.Quantity(p.Value.GetRawText(), pp, errors);
                        }

                        break;
                    case "uom":
                        uom = String(p.Value, pp, "uom") is { } u ? EpcisValues.Uom(u, pp, errors) : null;
                        break;
                    default:
                        if (!_lenient)
                        {
                            Error(pp, $"unknown field '{p.Name}' in a quantity element (permitted: epcClass, quantity, uom)");
                            ok = false;
                        }

                        break;
                }
            }

            if (epcClass is null && ok)
                Error(qp, "quantity element is missing the required field 'epcClass'");
            if (uom is not null && quantity is null && ok)
                Error(qp, "quantity element has 'uom' without 'quantity'");
            if (epcClass is not null)
                result.Add(new EpcisQuantity(epcClass, quantity, uom));
        }

        return result;
    }

    private EpcisLocation? Location(JsonElement v, string path, string field)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"'{field}' must be an object with an 'id'");
            return null;
        }

        string? id = null;
        var ext = new List<EpcisExtensionElement>();
        foreach (var p in v.EnumerateObject())
        {
            if (p.Name == "id")
                id = String(p.Value, path + ".id", "id") is { } s ? EpcisValues.Uri(s, field + ".id", path + ".id", errors, _lenient) : null;
            else if (!p.Name.StartsWith('@'))
                ext.AddRange(Extension(p.Name, p.Value, path + "." + p.Name, true));
        }

        if (id is null)
        {
            if (!v.TryGetProperty("id", out _))
                Error(path, $"'{field}' is missing the required field 'id'");
            return null;
        }

        return new EpcisLocation(id, ext);
    }

    private List<EpcisBizTransaction> BizTransactions(JsonElement v, string path)
    {
        var result = new List<EpcisBizTransaction>();
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(path, "'bizTransactionList' must be an array");
            return result;
        }

        var i = 0;
        foreach (var b in v.EnumerateArray())
        {
            var bp = $"{path}[{i++}]";
            if (b.ValueKind != JsonValueKind.Object)
            {
                Error(bp, "a bizTransaction must be an object with 'bizTransaction' and optional 'type'");
                continue;
            }

            string? value = null, type = null;
            foreach (var p in b.EnumerateObject())
            {
                if (p.Name == "bizTransaction")
                    value = String(p.Value, bp + ".bizTransaction", "bizTransaction") is { } s ? EpcisValues.Uri(s, "bizTransaction", bp + ".bizTransaction", errors, _lenient) : null;
                else if (p.Name == "type")
                    type = String(p.Value, bp + ".type", "type") is { } s ? EpcisValues.Vocabulary(CbvVocabularyKind.BizTransactionType, "bizTransaction type", s, bp + ".type", errors, _lenient) : null;
                else if (!_lenient)
                    Error(bp + "." + p.Name, $"unknown field '{p.Name}' in a bizTransaction");
            }

            if (value is null && !b.TryGetProperty("bizTransaction", out _))
                Error(bp, "bizTransaction is missing the required field 'bizTransaction'");
            if (value is not null)
                result.Add(new EpcisBizTransaction(value, type));
        }

        return result;
    }

    private List<EpcisSourceDestination> SourceDestinations(JsonElement v, string path, string field)
    {
        var result = new List<EpcisSourceDestination>();
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"'{field}List' must be an array");
            return result;
        }

        var i = 0;
        foreach (var b in v.EnumerateArray())
        {
            var bp = $"{path}[{i++}]";
            if (b.ValueKind != JsonValueKind.Object)
            {
                Error(bp, $"a {field} must be an object with '{field}' and 'type'");
                continue;
            }

            string? value = null, type = null;
            foreach (var p in b.EnumerateObject())
            {
                if (p.Name == field)
                    value = String(p.Value, bp + "." + field, field) is { } s ? EpcisValues.Uri(s, field, bp + "." + field, errors, _lenient) : null;
                else if (p.Name == "type")
                    type = String(p.Value, bp + ".type", "type") is { } s ? EpcisValues.Vocabulary(CbvVocabularyKind.SourceDestinationType, field + " type", s, bp + ".type", errors, _lenient) : null;
                else
                    Error(bp + "." + p.Name, $"unknown field '{p.Name}' in a {field}");
            }

            if (!b.TryGetProperty("type", out _))
                Error(bp, $"{field} is missing the required field 'type'");
            if (!b.TryGetProperty(field, out _))
                Error(bp, $"{field} is missing the required field '{field}'");
            if (value is not null && type is not null)
                result.Add(new EpcisSourceDestination(value, type));
        }

        return result;
    }

    private EpcisPersistentDisposition? PersistentDisposition(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(path, "'persistentDisposition' must be an object with 'set' and/or 'unset'");
            return null;
        }

        var set = new List<string>();
        var unset = new List<string>();
        foreach (var p in v.EnumerateObject())
        {
            var target = p.Name switch { "set" => set, "unset" => unset, _ => null };
            if (target is null)
            {
                Error(path + "." + p.Name, $"unknown field '{p.Name}' in persistentDisposition (permitted: set, unset)");
                continue;
            }

            if (p.Value.ValueKind != JsonValueKind.Array)
            {
                Error(path + "." + p.Name, $"persistentDisposition '{p.Name}' must be an array of dispositions");
                continue;
            }

            var i = 0;
            foreach (var item in p.Value.EnumerateArray())
            {
                var ip = $"{path}.{p.Name}[{i++}]";
                if (String(item, ip, p.Name) is { } s && EpcisValues.Vocabulary(CbvVocabularyKind.Disposition, "persistentDisposition." + p.Name, s, ip, errors, _lenient) is { } n)
                    target.Add(n);
            }
        }

        return new EpcisPersistentDisposition(set, unset);
    }

    private EpcisErrorDeclaration? ErrorDeclaration(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(path, "'errorDeclaration' must be an object");
            return null;
        }

        DateTimeOffset? time = null;
        string? reason = null;
        var corrective = new List<string>();
        var ext = new List<EpcisExtensionElement>();
        foreach (var p in v.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            switch (p.Name)
            {
                case "declarationTime":
                    time = String(p.Value, pp, p.Name) is { } s ? EpcisValues.Timestamp(s, p.Name, pp, errors, _lenient) : null;
                    break;
                case "reason":
                    reason = String(p.Value, pp, p.Name) is { } r ? EpcisValues.Vocabulary(CbvVocabularyKind.ErrorReason, "reason", r, pp, errors, _lenient) : null;
                    break;
                case "correctiveEventIDs":
                    corrective = UriList(p.Value, pp, "correctiveEventID");
                    break;
                default:
                    if (!p.Name.StartsWith('@'))
                        ext.AddRange(Extension(p.Name, p.Value, pp, true));
                    break;
            }
        }

        if (time is null)
        {
            if (!v.TryGetProperty("declarationTime", out _))
                Error(path, "errorDeclaration is missing the required field 'declarationTime'");
            return null;
        }

        return new EpcisErrorDeclaration(time.Value, reason, corrective, ext);
    }

    private List<EpcisSensorElement> SensorElements(JsonElement v, string path)
    {
        var result = new List<EpcisSensorElement>();
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(path, "'sensorElementList' must be an array");
            return result;
        }

        var i = 0;
        foreach (var se in v.EnumerateArray())
        {
            var sp = $"{path}[{i++}]";
            if (se.ValueKind != JsonValueKind.Object)
            {
                Error(sp, "a sensorElement must be an object");
                continue;
            }

            EpcisSensorPart? metadata = null;
            var reports = new List<EpcisSensorPart>();
            var ext = new List<EpcisExtensionElement>();
            foreach (var p in se.EnumerateObject())
            {
                var pp = sp + "." + p.Name;
                if (p.Name == "sensorMetadata")
                {
                    metadata = SensorPart(p.Value, pp, EpcisValues.SensorMetadataFields, "sensorMetadata");
                }
                else if (p.Name == "sensorReport")
                {
                    if (p.Value.ValueKind != JsonValueKind.Array)
                    {
                        Error(pp, "'sensorReport' must be an array");
                        continue;
                    }

                    var j = 0;
                    foreach (var r in p.Value.EnumerateArray())
                        if (SensorPart(r, $"{pp}[{j++}]", EpcisValues.SensorReportFields, "sensorReport") is { } part)
                            reports.Add(part);
                }
                else if (!p.Name.StartsWith('@'))
                {
                    ext.AddRange(Extension(p.Name, p.Value, pp, true));
                }
            }

            if (!se.TryGetProperty("sensorReport", out _))
                Error(sp, "sensorElement is missing the required field 'sensorReport'");
            result.Add(new EpcisSensorElement(metadata, reports, ext));
        }

        return result;
    }

    private EpcisSensorPart? SensorPart(JsonElement v, string path, string[] names, string what)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"'{what}' must be an object");
            return null;
        }

        var fields = new List<EpcisSensorField>();
        var ext = new List<EpcisExtensionElement>();
        foreach (var p in v.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            if (names.Contains(p.Name))
            {
                var kind = p.Value.ValueKind switch
                {
                    JsonValueKind.Number => EpcisValueKind.Number,
                    JsonValueKind.True or JsonValueKind.False => EpcisValueKind.Boolean,
                    JsonValueKind.String => EpcisValueKind.String,
                    _ => (EpcisValueKind)(-1),
                };
                if ((int)kind < 0)
                {
                    Error(pp, $"sensor field '{p.Name}' must be a scalar, not {Describe(p.Value)}");
                    continue;
                }

                var text = kind == EpcisValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                if (EpcisValues.SensorField(p.Name, text, kind, !_lenient, pp, errors, _lenient) is { } f)
                    fields.Add(f);
            }
            else if (p.Name.Contains(':', StringComparison.Ordinal) || _lenient)
            {
                ext.AddRange(Extension(p.Name, p.Value, pp, true));
            }
            else if (!p.Name.StartsWith('@'))
            {
                Error(pp, $"unknown field '{p.Name}' in {what}; extension fields need a namespace prefix");
            }
        }

        return new EpcisSensorPart(EpcisValues.OrderSensorFields(fields, names), ext);
    }

    private List<EpcisVocabulary> ReadMasterData(JsonElement header, string path)
    {
        var result = new List<EpcisVocabulary>();
        if (header.ValueKind != JsonValueKind.Object || !header.TryGetProperty("epcisMasterData", out var md))
            return result;
        if (md.ValueKind != JsonValueKind.Object || !md.TryGetProperty("vocabularyList", out var vl) || vl.ValueKind != JsonValueKind.Array)
        {
            Error(path + ".epcisMasterData", "'epcisMasterData' must contain the array 'vocabularyList'");
            return result;
        }

        var i = 0;
        foreach (var voc in vl.EnumerateArray())
        {
            var vp = $"{path}.epcisMasterData.vocabularyList[{i++}]";
            var type = voc.ValueKind == JsonValueKind.Object ? OptionalString(voc, "type", vp) : null;
            if (type is null)
            {
                Error(vp, "vocabulary is missing 'type'");
                continue;
            }

            var elements = new List<EpcisVocabularyElement>();
            if (voc.TryGetProperty("vocabularyElementList", out var vel) && vel.ValueKind == JsonValueKind.Array)
            {
                var j = 0;
                foreach (var el in vel.EnumerateArray())
                {
                    var ep = $"{vp}.vocabularyElementList[{j++}]";
                    var id = el.ValueKind == JsonValueKind.Object ? OptionalString(el, "id", ep) : null;
                    if (id is null)
                    {
                        Error(ep, "vocabulary element is missing 'id'");
                        continue;
                    }

                    var attributes = new List<EpcisVocabularyAttribute>();
                    if (el.TryGetProperty("attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Array)
                    {
                        var k = 0;
                        foreach (var a in attrs.EnumerateArray())
                        {
                            var ap = $"{ep}.attributes[{k++}]";
                            var aid = a.ValueKind == JsonValueKind.Object ? OptionalString(a, "id", ap) : null;
                            if (aid is null)
                            {
                                Error(ap, "attribute is missing 'id'");
                                continue;
                            }

                            if (!a.TryGetProperty("attribute", out var av))
                                attributes.Add(new EpcisVocabularyAttribute(aid, null, []));
                            else if (av.ValueKind == JsonValueKind.Object)
                                attributes.Add(new EpcisVocabularyAttribute(aid, null, av.EnumerateObject().Where(p => !p.Name.StartsWith('@')).SelectMany(p => Extension(p.Name, p.Value, ap + "." + p.Name, false)).ToList()));
                            else
                                attributes.Add(new EpcisVocabularyAttribute(aid, av.ValueKind == JsonValueKind.String ? av.GetString() : av.GetRawText(), []));
                        }
                    }

                    var children = el.TryGetProperty("children", out var ch) && ch.ValueKind == JsonValueKind.Array
                        ? ch.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList()
                        : [];
                    elements.Add(new EpcisVocabularyElement(id, attributes, children));
                }
            }

            result.Add(new EpcisVocabulary(type, elements));
        }

        return result;
    }
}
