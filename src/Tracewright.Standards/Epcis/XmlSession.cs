using System.Xml;
using System.Xml.Linq;

namespace Tracewright.Standards.Epcis;

/// <summary>One XML read: the errors found so far and whether the 2.0 element order applies.</summary>
internal sealed class XmlSession(List<EpcisError> errors, bool lenient)
{
    private static readonly string[] BaseOrder = ["eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration", "certificationInfo"];

    private static readonly Dictionary<EpcisEventType, string[]> Order = new()
    {
        [EpcisEventType.ObjectEvent] = [.. BaseOrder, "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
        [EpcisEventType.AggregationEvent] = [.. BaseOrder, "parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "childQuantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
        [EpcisEventType.TransactionEvent] = [.. BaseOrder, "bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
        [EpcisEventType.TransformationEvent] = [.. BaseOrder, "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
        [EpcisEventType.AssociationEvent] = [.. BaseOrder, "parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
    };

    private readonly Dictionary<string, string> _namespaces = new(StringComparer.Ordinal);
    private readonly bool _lenient = lenient;
    private bool _strictOrder;

    private static string Where(XElement e)
    {
        var line = ((IXmlLineInfo)e).HasLineInfo() ? ((IXmlLineInfo)e).LineNumber : 0;
        var path = string.Join('/', e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName));
        return $"line {line}, /{path}";
    }

    private void Error(XElement e, string message) => errors.Add(new EpcisError(Where(e), message));

    public EpcisDocument? ReadRoot(XElement root)
    {
        foreach (var a in root.DescendantsAndSelf().SelectMany(x => x.Attributes()).Where(a => a.IsNamespaceDeclaration))
            _namespaces.TryAdd(a.Name.Namespace == XNamespace.None ? "" : a.Name.LocalName, a.Value);
        // Event content is unqualified in the XSD; some writers qualify it with the EPCIS namespace, which means the same thing.
        foreach (var e in root.Descendants().Where(e => IsEpcisNamespace(e.Name.NamespaceName)).ToList())
            e.Name = XName.Get(e.Name.LocalName);
        if (IsEpcisNamespace(root.Name.NamespaceName) && Enum.TryParse<EpcisEventType>(root.Name.LocalName, false, out _))
            root.Name = XName.Get(root.Name.LocalName);
        var ns = root.Name.NamespaceName;
        var local = root.Name.LocalName;
        if (root.Name.Namespace == XNamespace.None && Enum.TryParse<EpcisEventType>(local, false, out _))
        {
            _strictOrder = (string?)root.Attribute("schemaVersion") is null or { Length: > 0 } && !((string?)root.Attribute("schemaVersion") ?? "2").StartsWith('1');
            var single = ReadEvent(root);
            return single is null ? null : new EpcisDocument { Kind = EpcisDocumentKind.SingleEvent, Events = [single], Namespaces = _namespaces };
        }

        if (local == "EPCISMasterDataDocument" && ns.StartsWith("urn:epcglobal:epcis-masterdata:xsd:", StringComparison.Ordinal))
        {
            var masterData = ReadVocabularies(root);
            var created = (string?)root.Attribute("creationDate") is { } c ? EpcisValues.Timestamp(c, "creationDate", Where(root), errors, _lenient) : null;
            return new EpcisDocument
            {
                Kind = EpcisDocumentKind.MasterDataDocument, SchemaVersion = (string?)root.Attribute("schemaVersion"), CreationDate = created,
                Header = new EpcisHeader(null, null, null, masterData), Events = [], Namespaces = _namespaces,
            };
        }

        var isDocument = local == "EPCISDocument" && ns.StartsWith("urn:epcglobal:epcis:xsd:", StringComparison.Ordinal);
        var isQuery = local == "EPCISQueryDocument" && ns.StartsWith("urn:epcglobal:epcis-query:xsd:", StringComparison.Ordinal);
        if (!isDocument && !isQuery)
        {
            Error(root, $"root element '{root.Name}' is not an EPCIS 1.2/2.0 EPCISDocument, EPCISQueryDocument or event");
            return null;
        }

        var schemaVersion = (string?)root.Attribute("schemaVersion");
        if (schemaVersion is null)
            Error(root, $"{local} is missing the required attribute 'schemaVersion'");
        _strictOrder = ns.EndsWith(":2", StringComparison.Ordinal) && !(schemaVersion ?? "2").StartsWith('1');
        DateTimeOffset? creationDate = null;
        if ((string?)root.Attribute("creationDate") is not { } cd)
            Error(root, $"{local} is missing the required attribute 'creationDate'");
        else
            creationDate = EpcisValues.Timestamp(cd, "creationDate", Where(root), errors, _lenient);

        var header = ReadHeader(root.Elements().FirstOrDefault(e => e.Name.LocalName == "EPCISHeader"));
        var body = root.Elements().FirstOrDefault(e => e.Name.LocalName == "EPCISBody");
        // Lenient: a query document whose results sit directly under the root (no EPCISBody/QueryResults), which the reference
        // hash generator accepts (it takes any EventList two levels down) and its ignoreFields vectors use.
        var bodyless = body is null && _lenient && isQuery
            ? root.Elements().FirstOrDefault(e => e.Name.LocalName == "resultsBody" && e.Elements().Any(l => l.Name.LocalName == "EventList"))
            : null;
        if (body is null && bodyless is null)
        {
            Error(root, $"{local} is missing the required element 'EPCISBody'");
            return null;
        }

        string? queryName = null, subscriptionId = null;
        XElement? eventList;
        if (bodyless is not null)
        {
            queryName = root.Elements().FirstOrDefault(e => e.Name.LocalName == "queryName")?.Value.Trim();
            eventList = bodyless.Elements().First(e => e.Name.LocalName == "EventList");
        }
        else if (isQuery)
        {
            var results = body!.Elements().FirstOrDefault(e => e.Name.LocalName == "QueryResults");
            if (results is null)
            {
                var other = body.Elements().FirstOrDefault();
                Error(other ?? body, other is null
                    ? "EPCISQueryDocument body is empty; expected QueryResults"
                    : $"EPCISQueryDocument contains '{other.Name.LocalName}', not QueryResults; only query results documents carry events");
                return null;
            }

            queryName = results.Elements().FirstOrDefault(e => e.Name.LocalName == "queryName")?.Value.Trim();
            subscriptionId = results.Elements().FirstOrDefault(e => e.Name.LocalName == "subscriptionID")?.Value.Trim();
            eventList = results.Elements().FirstOrDefault(e => e.Name.LocalName == "resultsBody")?.Elements().FirstOrDefault(e => e.Name.LocalName == "EventList");
        }
        else
        {
            eventList = body!.Elements().FirstOrDefault(e => e.Name.LocalName == "EventList");
        }

        var events = new List<EpcisEvent>();
        if (eventList is null)
        {
            Error(body!, "missing the element 'EventList'");
            return null;
        }

        var position = 0;
        foreach (var child in Flatten(eventList))
        {
            var before = errors.Count;
            if (child.Name.Namespace != XNamespace.None || !Enum.TryParse<EpcisEventType>(child.Name.LocalName, false, out _))
            {
                Error(child, $"unknown event type '{child.Name.LocalName}'; expected ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent");
            }
            else if (ReadEvent(child) is { } ev && errors.Count == before)
            {
                events.Add(ev);
            }

            EpcisError.PlaceIn(errors, before, position++);
        }

        return new EpcisDocument
        {
            Kind = isQuery ? EpcisDocumentKind.QueryDocument : EpcisDocumentKind.Document,
            SchemaVersion = schemaVersion, CreationDate = creationDate, Header = header, Events = events,
            QueryName = queryName, SubscriptionId = subscriptionId, Namespaces = _namespaces,
            HashIgnoredFields = HashIgnoredFields(root),
        };
    }

    /// <summary>
    /// The expanded names of the empty elements listed by a namespaced <c>ignoreFields</c> element in the header: a child of
    /// the root, of EPCISHeader or of QueryResults.
    /// </summary>
    private static List<string> HashIgnoredFields(XElement root) =>
        root.Elements()
            .Concat(root.Elements().Where(e => e.Name.LocalName == "EPCISHeader").Elements())
            .Concat(root.Elements().Where(e => e.Name.LocalName == "EPCISBody").Elements().Where(e => e.Name.LocalName == "QueryResults").Elements())
            .Where(e => e.Name.LocalName == "ignoreFields" && e.Name.Namespace != XNamespace.None)
            .SelectMany(e => e.Elements())
            .Select(e => e.Name.Namespace == XNamespace.None ? e.Name.LocalName : "{" + e.Name.NamespaceName + "}" + e.Name.LocalName)
            .ToList();

    private static bool IsEpcisNamespace(string ns) =>
        ns.StartsWith("urn:epcglobal:epcis:xsd:", StringComparison.Ordinal) || ns.StartsWith("urn:epcglobal:epcis-query:xsd:", StringComparison.Ordinal);

    /// <summary>Children with the unnamespaced 1.x <c>extension</c>/<c>baseExtension</c> wrappers removed, recursively.</summary>
    private static IEnumerable<XElement> Flatten(XElement parent)
    {
        foreach (var c in parent.Elements())
        {
            if (c.Name.Namespace == XNamespace.None && c.Name.LocalName is "extension" or "baseExtension")
            {
                foreach (var inner in Flatten(c))
                    yield return inner;
            }
            else
            {
                yield return c;
            }
        }
    }

    private EpcisHeader ReadHeader(XElement? header)
    {
        if (header is null)
            return new EpcisHeader(null, null, null, []);
        var sbdh = header.Elements().FirstOrDefault(e => e.Name.LocalName == "StandardBusinessDocumentHeader");
        string? Party(string name) => sbdh?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Elements().FirstOrDefault(e => e.Name.LocalName == "Identifier")?.Value.Trim();
        var instance = sbdh?.Descendants().FirstOrDefault(e => e.Name.LocalName == "InstanceIdentifier")?.Value.Trim();
        return new EpcisHeader(Party("Sender"), Party("Receiver"), instance,
            header.Descendants().Where(e => e.Name.LocalName == "EPCISMasterData").SelectMany(ReadVocabularies).ToList());
    }

    private List<EpcisVocabulary> ReadVocabularies(XElement scope)
    {
        var vocabularies = new List<EpcisVocabulary>();
        {
            foreach (var voc in scope.Descendants().Where(e => e.Name.LocalName == "Vocabulary"))
            {
                var type = (string?)voc.Attribute("type");
                if (type is null)
                {
                    Error(voc, "Vocabulary is missing the attribute 'type'");
                    continue;
                }

                var elements = new List<EpcisVocabularyElement>();
                foreach (var ve in voc.Descendants().Where(e => e.Name.LocalName == "VocabularyElement"))
                {
                    var id = (string?)ve.Attribute("id");
                    if (id is null)
                    {
                        Error(ve, "VocabularyElement is missing the attribute 'id'");
                        continue;
                    }

                    var attributes = ve.Elements().Where(e => e.Name.LocalName == "attribute").Select(a =>
                        a.HasElements
                            ? new EpcisVocabularyAttribute((string?)a.Attribute("id") ?? "", null, a.Elements().Select(ToExtension).ToList())
                            : new EpcisVocabularyAttribute((string?)a.Attribute("id") ?? "", a.Value.Trim(), [])).ToList();
                    var children = ve.Elements().Where(e => e.Name.LocalName == "children").SelectMany(c => c.Elements()).Select(c => c.Value.Trim()).ToList();
                    elements.Add(new EpcisVocabularyElement(id, attributes, children));
                }

                vocabularies.Add(new EpcisVocabulary(type, elements));
            }
        }

        return vocabularies;
    }

    private EpcisExtensionElement ToExtension(XElement e)
    {
        var children = new List<EpcisExtensionElement>();
        foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration))
            children.Add(new EpcisExtensionElement(a.Name.NamespaceName, a.Name.LocalName, null, a.Value, EpcisValueKind.String, [], true));
        children.AddRange(e.Elements().Select(ToExtension));
        var prefix = e.GetPrefixOfNamespace(e.Name.Namespace);
        return new EpcisExtensionElement(e.Name.NamespaceName, e.Name.LocalName, prefix, e.HasElements ? null : e.Value, EpcisValueKind.String, children, false, e.ToString(SaveOptions.DisableFormatting));
    }

    private EpcisEvent? ReadEvent(XElement ev)
    {
        var type = Enum.Parse<EpcisEventType>(ev.Name.LocalName);
        var d = new EpcisEventDraft(type);
        var order = Order[type];
        var lastIndex = -1;
        string? lastName = null;
        foreach (var c in Flatten(ev))
        {
            var name = c.Name.LocalName;
            if (c.Name.Namespace != XNamespace.None)
            {
                d.Extensions.Add(ToExtension(c));
                continue;
            }

            if (!EpcisEventDraft.IsStandardField(name) && (!_strictOrder || _lenient))
            {
                // EPCIS 1.2 examples put unqualified user fields inside <extension>; kept as extensions without namespace.
                d.Extensions.Add(ToExtension(c));
                continue;
            }

            if (!EpcisEventDraft.IsStandardField(name))
            {
                Error(c, $"unknown element '{name}' in {type}; extension elements must be in a namespace");
                continue;
            }

            if (!EpcisEventDraft.IsPermitted(type, name))
            {
                Error(c, $"element '{name}' is not permitted in {type}");
                continue;
            }

            var index = Array.IndexOf(order, name);
            if (_strictOrder && !_lenient && index < lastIndex)
                Error(c, $"element '{name}' is out of order: in {type} it must come before '{lastName}' (EPCIS 2.0 XSD sequence: {string.Join(", ", order)})");
            if (index > lastIndex)
            {
                lastIndex = index;
                lastName = name;
            }

            if (d.Present.ContainsKey(name) && name != "certificationInfo")
            {
                Error(c, $"element '{name}' appears more than once in {type}");
                continue;
            }

            d.Present[name] = Where(c);
            ReadField(d, name, c);
        }

        return d.Finish(Where(ev), errors);
    }

    private void ReadField(EpcisEventDraft d, string name, XElement c)
    {
        var at = Where(c);
        var text = c.Value;
        switch (name)
        {
            case "eventID": d.EventId = EpcisValues.Uri(text, name, at, errors, _lenient); break;
            case "eventTime": d.EventTime = EpcisValues.Timestamp(text, name, at, errors, _lenient); break;
            case "recordTime": d.RecordTime = EpcisValues.Timestamp(text, name, at, errors, _lenient); break;
            case "eventTimeZoneOffset": d.EventTimeZoneOffset = EpcisValues.Offset(text, at, errors); break;
            case "action": d.Action = EpcisValues.Action(text, at, errors); break;
            case "bizStep": d.BizStep = EpcisValues.Vocabulary(CbvVocabularyKind.BizStep, name, text, at, errors, _lenient); break;
            case "disposition": d.Disposition = EpcisValues.Vocabulary(CbvVocabularyKind.Disposition, name, text, at, errors, _lenient); break;
            case "parentID": d.ParentId = EpcisValues.Uri(text, name, at, errors, _lenient); break;
            case "transformationID": d.TransformationId = EpcisValues.Uri(text, name, at, errors, _lenient); break;
            case "certificationInfo":
                if (text.Trim() is { Length: > 0 } ci)
                    d.CertificationInfo.Add(ci);
                break;
            case "epcList": d.EpcList = Epcs(c); break;
            case "childEPCs": d.ChildEpcs = Epcs(c); break;
            case "inputEPCList": d.InputEpcList = Epcs(c); break;
            case "outputEPCList": d.OutputEpcList = Epcs(c); break;
            case "quantityList": d.QuantityList = Quantities(c); break;
            case "childQuantityList": d.ChildQuantityList = Quantities(c); break;
            case "inputQuantityList": d.InputQuantityList = Quantities(c); break;
            case "outputQuantityList": d.OutputQuantityList = Quantities(c); break;
            case "readPoint": d.ReadPoint = Location(c); break;
            case "bizLocation": d.BizLocation = Location(c); break;
            case "bizTransactionList":
                foreach (var b in Children(c, "bizTransaction"))
                {
                    var type = (string?)b.Attribute("type") is { } t ? EpcisValues.Vocabulary(CbvVocabularyKind.BizTransactionType, "bizTransaction type", t, Where(b), errors, _lenient) : null;
                    if (EpcisValues.Uri(b.Value, "bizTransaction", Where(b), errors, _lenient) is { } v)
                        d.BizTransactionList.Add(new EpcisBizTransaction(v, type));
                }

                break;
            case "sourceList": d.SourceList = SourceDestinations(c, "source"); break;
            case "destinationList": d.DestinationList = SourceDestinations(c, "destination"); break;
            case "sensorElementList": d.SensorElementList = SensorElements(c); break;
            case "persistentDisposition":
                var set = new List<string>();
                var unset = new List<string>();
                foreach (var p in Flatten(c))
                {
                    var target = p.Name.LocalName switch { "set" => set, "unset" => unset, _ => null };
                    if (target is null)
                        Error(p, $"unknown element '{p.Name.LocalName}' in persistentDisposition (permitted: set, unset)");
                    else if (EpcisValues.Vocabulary(CbvVocabularyKind.Disposition, "persistentDisposition." + p.Name.LocalName, p.Value, Where(p), errors, _lenient) is { } v)
                        target.Add(v);
                }

                d.PersistentDisposition = new EpcisPersistentDisposition(set, unset);
                break;
            case "ilmd":
                d.Ilmd = [];
                foreach (var i in Flatten(c))
                {
                    if (i.Name.Namespace == XNamespace.None)
                        Error(i, $"ilmd element '{i.Name.LocalName}' has no namespace; ILMD fields must be namespaced");
                    else
                        d.Ilmd.Add(ToExtension(i));
                }

                break;
            case "errorDeclaration": d.ErrorDeclaration = ErrorDeclaration(c); break;
        }
    }

    private IEnumerable<XElement> Children(XElement parent, string expected)
    {
        foreach (var c in Flatten(parent))
        {
            if (c.Name.Namespace == XNamespace.None && c.Name.LocalName == expected)
                yield return c;
            else
                Error(c, $"unexpected element '{c.Name.LocalName}' in {parent.Name.LocalName}; expected '{expected}'");
        }
    }

    private List<string> Epcs(XElement list)
    {
        var result = new List<string>();
        foreach (var e in Children(list, "epc"))
            if (EpcisValues.Uri(e.Value, "epc", Where(e), errors, _lenient) is { } u)
                result.Add(u);
        return result;
    }

    private List<EpcisQuantity> Quantities(XElement list)
    {
        var result = new List<EpcisQuantity>();
        foreach (var q in Children(list, "quantityElement"))
        {
            string? epcClass = null, uom = null;
            decimal? quantity = null;
            var ok = true;
            foreach (var f in Flatten(q))
            {
                switch (f.Name.LocalName)
                {
                    case "epcClass": epcClass = EpcisValues.Uri(f.Value, "epcClass", Where(f), errors, _lenient); ok &= epcClass is not null; break;
                    // An empty <quantity/> appears in "valid" GS1 and openepcis examples; it is read as an absent quantity.
                    case "quantity" when f.Value.Trim().Length == 0: break;
                    case "quantity": quantity = EpcisValues.Quantity(f.Value, Where(f), errors); ok &= quantity is not null; break;
                    case "uom": uom = EpcisValues.Uom(f.Value, Where(f), errors); break;
                    default:
                        if (!_lenient)
                        {
                            Error(f, $"unknown element '{f.Name.LocalName}' in quantityElement (permitted: epcClass, quantity, uom)");
                            ok = false;
                        }

                        break;
                }
            }

            if (epcClass is null && ok)
                Error(q, "quantityElement is missing the required element 'epcClass'");
            if (epcClass is not null)
                result.Add(new EpcisQuantity(epcClass, quantity, uom));
        }

        return result;
    }

    private EpcisLocation? Location(XElement c)
    {
        string? id = null;
        var ext = new List<EpcisExtensionElement>();
        foreach (var f in Flatten(c))
        {
            if (f.Name.Namespace == XNamespace.None && f.Name.LocalName == "id")
                id = EpcisValues.Uri(f.Value, c.Name.LocalName + ".id", Where(f), errors, _lenient);
            else if (f.Name.Namespace != XNamespace.None)
                ext.Add(ToExtension(f));
            else
                Error(f, $"unknown element '{f.Name.LocalName}' in {c.Name.LocalName}");
        }

        if (id is null)
        {
            if (!c.Elements().Any(e => e.Name.LocalName == "id"))
                Error(c, $"{c.Name.LocalName} is missing the required element 'id'");
            return null;
        }

        return new EpcisLocation(id, ext);
    }

    private List<EpcisSourceDestination> SourceDestinations(XElement list, string name)
    {
        var result = new List<EpcisSourceDestination>();
        foreach (var s in Children(list, name))
        {
            var t = (string?)s.Attribute("type");
            if (t is null)
            {
                Error(s, $"{name} is missing the required attribute 'type'");
                continue;
            }

            var type = EpcisValues.Vocabulary(CbvVocabularyKind.SourceDestinationType, name + " type", t, Where(s), errors, _lenient);
            var value = EpcisValues.Uri(s.Value, name, Where(s), errors, _lenient);
            if (type is not null && value is not null)
                result.Add(new EpcisSourceDestination(value, type));
        }

        return result;
    }

    private EpcisErrorDeclaration? ErrorDeclaration(XElement c)
    {
        DateTimeOffset? time = null;
        string? reason = null;
        var corrective = new List<string>();
        var ext = new List<EpcisExtensionElement>();
        foreach (var f in Flatten(c))
        {
            if (f.Name.Namespace != XNamespace.None)
            {
                ext.Add(ToExtension(f));
                continue;
            }

            switch (f.Name.LocalName)
            {
                case "declarationTime": time = EpcisValues.Timestamp(f.Value, "declarationTime", Where(f), errors, _lenient); break;
                case "reason": reason = EpcisValues.Vocabulary(CbvVocabularyKind.ErrorReason, "reason", f.Value, Where(f), errors, _lenient); break;
                case "correctiveEventIDs":
                    foreach (var id in Children(f, "correctiveEventID"))
                        if (EpcisValues.Uri(id.Value, "correctiveEventID", Where(id), errors, _lenient) is { } u)
                            corrective.Add(u);
                    break;
                default: Error(f, $"unknown element '{f.Name.LocalName}' in errorDeclaration"); break;
            }
        }

        if (time is null)
        {
            if (!c.Elements().Any(e => e.Name.LocalName == "declarationTime"))
                Error(c, "errorDeclaration is missing the required element 'declarationTime'");
            return null;
        }

        return new EpcisErrorDeclaration(time.Value, reason, corrective, ext);
    }

    private List<EpcisSensorElement> SensorElements(XElement list)
    {
        var result = new List<EpcisSensorElement>();
        foreach (var se in Children(list, "sensorElement"))
        {
            EpcisSensorPart? metadata = null;
            var reports = new List<EpcisSensorPart>();
            var ext = new List<EpcisExtensionElement>();
            foreach (var f in Flatten(se))
            {
                if (f.Name.Namespace != XNamespace.None)
                    ext.Add(ToExtension(f));
                else if (f.Name.LocalName == "sensorMetadata")
                    metadata = SensorPart(f, EpcisValues.SensorMetadataFields);
                else if (f.Name.LocalName == "sensorReport")
                    reports.Add(SensorPart(f, EpcisValues.SensorReportFields));
                else if (!_strictOrder || _lenient)
                    ext.Add(ToExtension(f));
                else
                    Error(f, $"unknown element '{f.Name.LocalName}' in sensorElement");
            }

            if (reports.Count == 0)
                Error(se, "sensorElement is missing the required element 'sensorReport'");
            result.Add(new EpcisSensorElement(metadata, reports, ext));
        }

        return result;
    }

    private EpcisSensorPart SensorPart(XElement e, string[] names)
    {
        var fields = new List<EpcisSensorField>();
        var ext = new List<EpcisExtensionElement>();
        foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            if (a.Name.Namespace != XNamespace.None)
                ext.Add(new EpcisExtensionElement(a.Name.NamespaceName, a.Name.LocalName, e.GetPrefixOfNamespace(a.Name.Namespace), a.Value, EpcisValueKind.String, [], true));
            else if (names.Contains(a.Name.LocalName))
            {
                // Prefixed values such as example:someSensorProperty are kept as written, as the event hash requires.
                var value = a.Value;
                if (EpcisValues.SensorField(a.Name.LocalName, value, EpcisValueKind.String, false, Where(e) + "/@" + a.Name.LocalName, errors, _lenient) is { } f)
                    fields.Add(f);
            }
            else
                Error(e, $"unknown attribute '{a.Name.LocalName}' on {e.Name.LocalName}");
        }

        foreach (var c in e.Elements())
            ext.Add(ToExtension(c));
        return new EpcisSensorPart(EpcisValues.OrderSensorFields(fields, names), ext);
    }

}
