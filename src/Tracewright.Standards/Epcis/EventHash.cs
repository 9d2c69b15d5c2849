using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// The EPCIS event hash ID of CBV 2.0 §8.9 as implemented by the GS1 reference generator (RalphTro/epcis-event-hash-generator),
/// whose vectors this reproduces. The pre-hash string concatenates, without separators: the standard fields in the canonical
/// property order (list items sorted), then — sorted together — bizTransactionList, sourceList, destinationList, ilmd and user
/// extensions written as <c>{namespace}name=value</c>. eventID, recordTime, errorDeclaration and rdfs:comment are not hashed.
/// Values are canonicalised: CBV URNs to GS1 Web URIs, numbers without trailing zeros, EPC/DL identifiers to constrained canonical
/// Digital Link URIs, timestamps to UTC with milliseconds.
/// <para>
/// A standard field where the canonical order does not have it (a reader accepts <c>bizRules</c> on a sensorReport, where the
/// examples put it but EPCIS 2.0 has it only on sensorMetadata) is not dropped: like the reference generator, it is written in
/// the sorted tail under the path that leads to it (<c>sensorElementListsensorElementsensorReportbizRules=…</c>).
/// </para>
/// <para>
/// <c>ignoredFields</c> leaves named user extensions out of the hash: the reference generator's <c>ignoreFields</c> option,
/// which a document declares in its header (<see cref="EpcisDocument.HashIgnoredFields"/>) for fields that a repository adds
/// to events it stores (its own hash, a capture id). It is not part of CBV 2.0; the event hash ID of §8.9 is computed with
/// nothing ignored, which is what a capture stores.
/// </para>
/// </summary>
public static partial class EventHash
{
    private static readonly (string Urn, string Web)[] CbvUrns =
    [
        ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
        ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
        ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"),
        ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
        ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"),
    ];

    [GeneratedRegex(@"^\s*[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>The hash ID of an event; <paramref name="ignoredFields"/> are expanded names (<c>{namespace}localName</c>) of
    /// event-level user extensions to leave out.</summary>
    public static EventHashResult Compute(EpcisEvent e, IReadOnlyCollection<string>? ignoredFields = null)
    {
        var pre = PreHash(e, ignoredFields);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(pre));
        return new EventHashResult("ni:///sha-256;" + Convert.ToHexStringLower(digest) + "?ver=CBV2.0", pre);
    }

    public static string PreHash(EpcisEvent e, IReadOnlyCollection<string>? ignoredFields = null)
    {
        var sb = new StringBuilder();
        sb.Append("eventType=").Append(e.Type);
        sb.Append("eventTime=").Append(EpcisTimestamp.FormatForHash(e.EventTime));
        sb.Append("eventTimeZoneOffset=").Append(e.EventTimeZoneOffset.Trim());
        sb.Append(Sorted(e.CertificationInfo.Select(c => "certificationInfo=" + Canon(c))));
        sb.Append(List("epcList", e.EpcList));
        sb.Append(Field("parentID", e.ParentId));
        sb.Append(List("inputEPCList", e.InputEpcList));
        sb.Append(List("childEPCs", e.ChildEpcs));
        sb.Append(Quantities("quantityList", e.QuantityList));
        sb.Append(Quantities("childQuantityList", e.ChildQuantityList));
        sb.Append(Quantities("inputQuantityList", e.InputQuantityList));
        sb.Append(List("outputEPCList", e.OutputEpcList));
        sb.Append(Quantities("outputQuantityList", e.OutputQuantityList));
        sb.Append(Field("action", e.Action?.ToString().ToUpperInvariant()));
        sb.Append(Field("transformationID", e.TransformationId));
        sb.Append(Field("bizStep", e.BizStep));
        sb.Append(Field("disposition", e.Disposition));
        if (e.PersistentDisposition is { } pd && pd.Set.Count + pd.Unset.Count > 0)
            sb.Append("persistentDisposition").Append(Sorted(pd.Set.Select(s => "set=" + Canon(s)))).Append(Sorted(pd.Unset.Select(s => "unset=" + Canon(s))));
        sb.Append(Location("readPoint", e.ReadPoint));
        sb.Append(Location("bizLocation", e.BizLocation));
        if (e.SensorElementList.Count > 0)
            sb.Append("sensorElementList").Append(Sorted(e.SensorElementList.Select(SensorElement)));

        var rest = new List<string>();
        if (e.BizTransactionList.Count > 0)
            rest.Add("bizTransactionList" + Sorted(e.BizTransactionList.Select(b => (b.Type is null ? "" : "type=" + Canon(b.Type)) + "bizTransaction=" + Canon(b.Value))));
        if (e.SourceList.Count > 0)
            rest.Add("sourceList" + Sorted(e.SourceList.Select(s => "type=" + Canon(s.Type) + "source=" + Canon(s.Value))));
        if (e.DestinationList.Count > 0)
            rest.Add("destinationList" + Sorted(e.DestinationList.Select(s => "type=" + Canon(s.Type) + "destination=" + Canon(s.Value))));
        if (e.Ilmd is { Count: > 0 } ilmd)
            rest.Add("ilmd" + Generic(ilmd));
        if (SensorFieldsOutOfOrder(e.SensorElementList) is { } outOfOrder)
            rest.Add(outOfOrder);
        rest.AddRange(e.Extensions.Where(x => !IsComment(x) && ignoredFields?.Contains(x.ExpandedName) != true).Select(GenericOne));
        sb.Append(Sorted(rest));
        return sb.ToString();
    }

    private static bool IsComment(EpcisExtensionElement x) => x.LocalName == "comment" && (x.Namespace is "" or "http://www.w3.org/2000/01/rdf-schema#");

    private static string Sorted(IEnumerable<string> parts)
    {
        var list = parts.Where(p => p.Length > 0).ToList();
        list.Sort(string.CompareOrdinal);
        return string.Concat(list);
    }

    private static string Field(string name, string? value) => value is null || value.Trim().Length == 0 ? "" : name + "=" + Canon(value);

    private static string List(string name, IReadOnlyList<string> items) => items.Count == 0 ? "" : name + Sorted(items.Select(i => "epc=" + Canon(i)));

    private static string Quantities(string name, IReadOnlyList<EpcisQuantity> items) =>
        items.Count == 0 ? "" : name + Sorted(items.Select(q =>
            "quantityElement" + "epcClass=" + Canon(q.EpcClass)
            + (q.Quantity is { } n ? "quantity=" + Canon(n.ToString(CultureInfo.InvariantCulture)) : "")
            + (q.Uom is { } u ? "uom=" + Canon(u) : "")));

    private static string Location(string name, EpcisLocation? location) =>
        location is null ? "" : name + "id=" + Canon(location.Id) + Generic(location.Extensions);

    private static string SensorElement(EpcisSensorElement se)
    {
        var sb = new StringBuilder("sensorElement");
        if (se.Metadata is { } m)
            sb.Append(SensorPart("sensorMetadata", m, EpcisValues.SensorMetadataFields));
        sb.Append(Sorted(se.Reports.Select(r => SensorPart("sensorReport", r, EpcisValues.SensorReportStandardFields))));
        sb.Append(Generic(se.Extensions));
        return sb.ToString();
    }

    private static string SensorPart(string name, EpcisSensorPart part, string[] order)
    {
        var sb = new StringBuilder(name);
        foreach (var field in order)
            foreach (var f in part.Fields.Where(f => f.Name == field))
                sb.Append(field).Append('=').Append(field.Contains("time", StringComparison.OrdinalIgnoreCase) && EpcisTimestamp.TryParse(f.Value, out var t)
                    ? EpcisTimestamp.FormatForHash(t)
                    : Canon(f.Value));
        sb.Append(Generic(part.Extensions));
        return sb.ToString();
    }

    /// <summary>
    /// Sensor fields outside the canonical order, as the reference generator leaves them after taking the ordered ones: the
    /// path of list, elements and parts that still hold something, each level sorted; null when there are none.
    /// </summary>
    private static string? SensorFieldsOutOfOrder(IReadOnlyList<EpcisSensorElement> elements)
    {
        static string Rest(string name, EpcisSensorPart? part, string[] order)
        {
            var rest = part?.Fields.Where(f => !order.Contains(f.Name)).Select(f => f.Name + "=" + Canon(f.Value)).ToList() ?? [];
            return rest.Count == 0 ? "" : name + Sorted(rest);
        }

        var left = elements
            .Select(se => Sorted(se.Reports.Select(r => Rest("sensorReport", r, EpcisValues.SensorReportStandardFields))
                .Append(Rest("sensorMetadata", se.Metadata, EpcisValues.SensorMetadataFields))))
            .Where(s => s.Length > 0)
            .Select(s => "sensorElement" + s)
            .ToList();
        return left.Count == 0 ? null : "sensorElementList" + Sorted(left);
    }

    private static string Generic(IEnumerable<EpcisExtensionElement> elements) => Sorted(elements.Select(GenericOne));

    private static string GenericOne(EpcisExtensionElement x)
    {
        var text = x.Value?.Trim() ?? "";
        return x.ExpandedName + (text.Length > 0 ? "=" + Canon(text) : "") + Generic(x.Children);
    }

    /// <summary>The reference implementation's value canonicalisation: CBV URN → Web URI, numbers, identifiers.</summary>
    internal static string Canon(string value)
    {
        var text = value.Trim();
        foreach (var (urn, web) in CbvUrns)
            text = text.Replace(urn, web, StringComparison.Ordinal);
        text = FormatNumeric(text);
        return EpcisIdentifier.ToCanonicalDigitalLink(text) ?? text;
    }

    /// <summary>Python's <c>str(float(x))</c> with integral values printed as integers, for values that parse as numbers.</summary>
    private static string FormatNumeric(string text)
    {
        if (!NumberPattern().IsMatch(text))
        {
            var lower = text.Trim().ToLowerInvariant().TrimStart('+', '-');
            if (lower is "inf" or "infinity")
                return text.Trim().StartsWith('-') ? "-inf" : "inf";
            return lower == "nan" ? "nan" : text;
        }

        if (!double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return text;
        if (Math.Floor(d) == d && double.IsFinite(d))
            return new BigInteger(d).ToString(CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
    }
}
