using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// Writes an EPCIS 2.0 XML document (EPCISDocument, or EPCISQueryDocument for query results) from the model, with event fields
/// in the EPCIS 2.0 XSD sequence. Standard CBV values are written as CBV URNs (sensor types as GS1 Web URIs); extension
/// elements keep their namespaces (and prefixes where known).
/// </summary>
public static class EpcisXmlWriter
{
    private static readonly XNamespace Epcis = "urn:epcglobal:epcis:xsd:2";
    private static readonly XNamespace EpcisQuery = "urn:epcglobal:epcis-query:xsd:2";

    public static string Write(EpcisDocument document)
    {
        var query = document.Kind == EpcisDocumentKind.QueryDocument;
        var ns = query ? EpcisQuery : Epcis;
        var root = new XElement(ns + (query ? "EPCISQueryDocument" : "EPCISDocument"),
            new XAttribute(XNamespace.Xmlns + (query ? "epcisq" : "epcis"), ns.NamespaceName),
            new XAttribute("schemaVersion", "2.0"),
            new XAttribute("creationDate", EpcisTimestamp.Format(document.CreationDate ?? DateTimeOffset.UtcNow)));
        if (document.Header.MasterData.Count > 0)
            root.Add(new XElement("EPCISHeader", new XElement("extension", new XElement("EPCISMasterData", new XElement("VocabularyList",
                document.Header.MasterData.Select(v => new XElement("Vocabulary", new XAttribute("type", v.Type),
                    new XElement("VocabularyElementList", v.Elements.Select(el => new XElement("VocabularyElement", new XAttribute("id", el.Id),
                        el.Attributes.Select(a => new XElement("attribute", new XAttribute("id", a.Id), a.Content.Count > 0 ? a.Content.Select(Extension) : a.Value)),
                        el.Children.Count > 0 ? new XElement("children", el.Children.Select(c => new XElement("id", c))) : null))))))))));
        var eventList = new XElement("EventList", document.Events.Select(Event));
        root.Add(new XElement("EPCISBody", query
            ? new XElement(ns + "QueryResults", new XElement("queryName", document.QueryName ?? "SimpleEventQuery"),
                document.SubscriptionId is { } sid ? new XElement("subscriptionID", sid) : null, new XElement("resultsBody", eventList))
            : eventList));
        foreach (var (prefix, uri) in document.Namespaces)
            if (prefix.Length > 0 && root.GetNamespaceOfPrefix(prefix) is null && uri != ns.NamespaceName && root.Attribute(XNamespace.Xmlns + prefix) is null && IsNcName(prefix))
                root.Add(new XAttribute(XNamespace.Xmlns + prefix, uri));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root).ToString();
    }

    private static bool IsNcName(string s) => s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>
    /// An extension as XML. It may have been captured from JSON, whose keys need not be XML names: a <c>#text</c> key (the
    /// convention of XML-to-JSON converters such as OpenTraceability's) is the element's text, and any other key that is not an
    /// XML name is written with <see cref="XmlConvert.EncodeLocalName"/> (<c>_x0023_</c> for <c>#</c>), which reads back to it.
    /// </summary>
    private static XElement Extension(EpcisExtensionElement x)
    {
        XNamespace ns = x.Namespace;
        var e = new XElement(ns + XmlName(x.LocalName));
        foreach (var c in x.Children)
        {
            if (c.IsAttribute)
                e.Add(new XAttribute(((XNamespace)c.Namespace) + XmlName(c.LocalName), c.Value ?? ""));
            else if (c is { Namespace: "", LocalName: "#text", Children.Count: 0 })
                e.Add(c.Value ?? "");
            else
                e.Add(Extension(c));
        }

        if (x.Children.All(c => c.IsAttribute) && x.Value is { } v)
            e.Add(v);
        return e;
    }

    private static string XmlName(string name) => name.Length == 0 ? "_" : XmlConvert.EncodeLocalName(name);

    private static XElement? Text(string name, string? value) => value is null ? null : new XElement(name, value);

    private static XElement? Epcs(string name, IReadOnlyList<string> epcs, bool always = false) =>
        epcs.Count == 0 && !always ? null : new XElement(name, epcs.Select(e => new XElement("epc", e)));

    private static XElement? Quantities(string name, IReadOnlyList<EpcisQuantity> items) =>
        items.Count == 0 ? null : new XElement(name, items.Select(q => new XElement("quantityElement",
            new XElement("epcClass", q.EpcClass),
            q.Quantity is { } n ? new XElement("quantity", n.ToString(CultureInfo.InvariantCulture)) : null,
            Text("uom", q.Uom))));

    private static XElement? Location(string name, EpcisLocation? l) =>
        l is null ? null : new XElement(name, new XElement("id", l.Id), l.Extensions.Select(Extension));

    private static string Urn(CbvVocabularyKind kind, string value) => CbvVocabulary.ToUrnOrSelf(kind, value);

    private static XElement Event(EpcisEvent e)
    {
        var x = new XElement(e.Type.ToString());
        x.Add(new XElement("eventTime", EpcisTimestamp.Format(e.EventTime)));
        if (e.RecordTime is { } rt) x.Add(new XElement("recordTime", EpcisTimestamp.Format(rt)));
        x.Add(new XElement("eventTimeZoneOffset", e.EventTimeZoneOffset));
        x.Add(Text("eventID", e.EventId));
        if (e.ErrorDeclaration is { } ed)
            x.Add(new XElement("errorDeclaration",
                new XElement("declarationTime", EpcisTimestamp.Format(ed.DeclarationTime)),
                ed.Reason is { } r ? new XElement("reason", Urn(CbvVocabularyKind.ErrorReason, r)) : null,
                ed.CorrectiveEventIds.Count > 0 ? new XElement("correctiveEventIDs", ed.CorrectiveEventIds.Select(c => new XElement("correctiveEventID", c))) : null,
                ed.Extensions.Select(Extension)));
        x.Add(e.CertificationInfo.Select(c => new XElement("certificationInfo", c)));
        var action = e.Action?.ToString().ToUpperInvariant();
        var bizStep = e.BizStep is { } bs ? new XElement("bizStep", Urn(CbvVocabularyKind.BizStep, bs)) : null;
        var disposition = e.Disposition is { } d ? new XElement("disposition", Urn(CbvVocabularyKind.Disposition, d)) : null;
        var bizTx = e.BizTransactionList.Count == 0 ? null : new XElement("bizTransactionList", e.BizTransactionList.Select(b =>
            new XElement("bizTransaction", b.Type is { } t ? new XAttribute("type", Urn(CbvVocabularyKind.BizTransactionType, t)) : null, b.Value)));
        var sources = e.SourceList.Count == 0 ? null : new XElement("sourceList", e.SourceList.Select(s => new XElement("source", new XAttribute("type", Urn(CbvVocabularyKind.SourceDestinationType, s.Type)), s.Value)));
        var destinations = e.DestinationList.Count == 0 ? null : new XElement("destinationList", e.DestinationList.Select(s => new XElement("destination", new XAttribute("type", Urn(CbvVocabularyKind.SourceDestinationType, s.Type)), s.Value)));
        var sensors = e.SensorElementList.Count == 0 ? null : new XElement("sensorElementList", e.SensorElementList.Select(se => new XElement("sensorElement",
            se.Metadata is { } m ? SensorPart("sensorMetadata", m) : null,
            se.Reports.Select(r => SensorPart("sensorReport", r)),
            se.Extensions.Select(Extension))));
        var persistent = e.PersistentDisposition is { } pd ? new XElement("persistentDisposition",
            pd.Set.Select(s => new XElement("set", Urn(CbvVocabularyKind.Disposition, s))),
            pd.Unset.Select(s => new XElement("unset", Urn(CbvVocabularyKind.Disposition, s)))) : null;
        var ilmd = e.Ilmd is { } il ? new XElement("ilmd", il.Select(Extension)) : null;
        var where = new[] { Location("readPoint", e.ReadPoint), Location("bizLocation", e.BizLocation) };
        switch (e.Type)
        {
            case EpcisEventType.ObjectEvent:
                x.Add(Epcs("epcList", e.EpcList, e.NeedsEpcList), new XElement("action", action), bizStep, disposition, where,
                    bizTx, Quantities("quantityList", e.QuantityList), sources, destinations, sensors, persistent, ilmd);
                break;
            case EpcisEventType.AggregationEvent:
                x.Add(Text("parentID", e.ParentId), Epcs("childEPCs", e.ChildEpcs), new XElement("action", action), bizStep, disposition, where,
                    bizTx, Quantities("childQuantityList", e.ChildQuantityList), sources, destinations, sensors, persistent);
                break;
            case EpcisEventType.TransactionEvent:
                x.Add(bizTx, Text("parentID", e.ParentId), Epcs("epcList", e.EpcList), new XElement("action", action), bizStep, disposition, where,
                    Quantities("quantityList", e.QuantityList), sources, destinations, sensors, persistent);
                break;
            case EpcisEventType.TransformationEvent:
                x.Add(Epcs("inputEPCList", e.InputEpcList), Quantities("inputQuantityList", e.InputQuantityList), Epcs("outputEPCList", e.OutputEpcList),
                    Quantities("outputQuantityList", e.OutputQuantityList), Text("transformationID", e.TransformationId), bizStep, disposition, where,
                    bizTx, sources, destinations, sensors, persistent, ilmd);
                break;
            case EpcisEventType.AssociationEvent:
                x.Add(Text("parentID", e.ParentId), Epcs("childEPCs", e.ChildEpcs), Quantities("childQuantityList", e.ChildQuantityList), new XElement("action", action),
                    bizStep, disposition, where, bizTx, sources, destinations, sensors, persistent);
                break;
        }

        x.Add(e.Extensions.Select(Extension));
        return x;
    }

    private static XElement SensorPart(string name, EpcisSensorPart part)
    {
        var x = new XElement(name);
        foreach (var f in part.Fields)
            x.Add(new XAttribute(f.Name, f.Value));
        foreach (var ext in part.Extensions)
        {
            if (ext.IsAttribute || (ext.Children.Count == 0 && ext.Namespace.Length > 0 && !part.Extensions.Any(o => !ReferenceEquals(o, ext) && o.Namespace == ext.Namespace && o.LocalName == ext.LocalName) && ext.RawText is null or { Length: > 0 } && !(ext.RawText ?? "").StartsWith('<')))
                x.Add(new XAttribute(((XNamespace)ext.Namespace) + ext.LocalName, ext.Value ?? ""));
            else
                x.Add(Extension(ext));
        }

        return x;
    }
}
