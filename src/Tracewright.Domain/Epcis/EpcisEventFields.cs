using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tracewright.Domain.Common;
using Tracewright.Standards.Epcis;

namespace Tracewright.Domain.Epcis;

/// <summary>
/// One field of a captured event that the REST binding's field parameters select by (<c>EQ_ILMD_ex:lot</c>,
/// <c>GE_value_CEL</c>, <c>EQ_persistentDisposition_set</c>…): where it is (<see cref="Part"/>, see <see cref="EpcisEventFields"/>),
/// which sensor element, metadata or report it belongs to (<see cref="Group"/>, so a value meets its own unit), whether it is
/// nested inside another extension field (<see cref="Inner"/>), its expanded name, and its value as text and, when it reads
/// as one, as a number and as an instant (ledger text form).
/// </summary>
/// <remarks><see cref="Uom"/>: for a sensor report's measured value (value, minValue, maxValue, meanValue, sDev, percValue), the report's unit.</remarks>
public sealed record EpcisEventField(string Part, int Group, bool Inner, string Namespace, string Name, string? Prefix, string? Text, double? Number, string? Time, string? Uom = null);

/// <summary>
/// The fields of an event the field query parameters read, derived from the event itself (so the same from a capture and from a
/// replay of the ledger). Parts: <c>""</c> (user extensions at event level), <c>ILMD</c>, <c>ERROR_DECLARATION</c>,
/// <c>readPoint</c>, <c>bizLocation</c>, <c>SENSORELEMENT</c>, <c>SENSORMETADATA</c>, <c>SENSORREPORT</c> (the standard sensor
/// fields there have an empty namespace, extensions theirs) and <c>persistentDisposition</c> (names <c>set</c>, <c>unset</c>).
/// </summary>
public static class EpcisEventFields
{
    /// <summary>Values longer than this are kept as their SHA-256 (<see cref="Key"/>): equal values still meet, and every index row stays small.</summary>
    public const int LongestText = 256;

    /// <summary>The sensor report fields a unit goes with (<c>GE_value_CEL</c>…).</summary>
    public static readonly IReadOnlySet<string> MeasuredFields = new HashSet<string>(["value", "minValue", "maxValue", "meanValue", "sDev", "percValue"], StringComparer.Ordinal);

    /// <summary>The marker of a sensor element (EXISTS_sensorElementList), one per element.</summary>
    public const string SensorElementMarker = "sensorElement";

    /// <summary>The form a value is compared in: itself, or for a long value its SHA-256.</summary>
    public static string Key(string text) =>
        text.Length <= LongestText ? text : "#sha-256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A value as a number, when it is one (beyond ±10²⁸ it is compared as text only: no column type holds it alike on both databases).</summary>
    public static double? Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && Math.Abs(n) < 1e28 ? n : null;

    /// <summary>A value as an instant in ledger text form, when it is an EPCIS timestamp.</summary>
    public static string? Time(string text) => EpcisTimestamp.TryParse(text.Trim(), out var t) ? Timestamp.ToText(t) : null;

    public static IReadOnlyList<EpcisEventField> Of(EpcisEvent e)
    {
        var fields = new List<EpcisEventField>();
        var group = 0;
        Extensions(fields, "", 0, e.Extensions);
        if (e.Ilmd is { } ilmd)
        {
            Extensions(fields, "ILMD", 0, ilmd);
        }

        if (e.ErrorDeclaration is { } declaration)
        {
            Extensions(fields, "ERROR_DECLARATION", 0, declaration.Extensions);
        }

        if (e.ReadPoint is { } readPoint)
        {
            Extensions(fields, "readPoint", 0, readPoint.Extensions);
        }

        if (e.BizLocation is { } bizLocation)
        {
            Extensions(fields, "bizLocation", 0, bizLocation.Extensions);
        }

        foreach (var element in e.SensorElementList)
        {
            var g = ++group;
            fields.Add(new EpcisEventField("SENSORELEMENT", g, false, "", SensorElementMarker, null, null, null, null));
            Extensions(fields, "SENSORELEMENT", g, element.Extensions);
            foreach (var (part, sensor) in (element.Metadata is { } m ? new[] { ("SENSORMETADATA", m) } : []).Concat(element.Reports.Select(r => ("SENSORREPORT", r))))
            {
                var p = ++group;
                var uom = sensor.Get("uom");
                fields.AddRange(sensor.Fields.Select(f => Field(part, p, false, "", f.Name, null, f.Value) with { Uom = MeasuredFields.Contains(f.Name) ? uom : null }));
                Extensions(fields, part, p, sensor.Extensions);
            }
        }

        if (e.PersistentDisposition is { } persistent)
        {
            fields.AddRange(persistent.Set.Select(d => Field("persistentDisposition", 0, false, "", "set", null, d)));
            fields.AddRange(persistent.Unset.Select(d => Field("persistentDisposition", 0, false, "", "unset", null, d)));
        }

        return fields;
    }

    /// <summary>
    /// The fields of an event as stored (a one-event document in <paramref name="syntax"/>): what a replay of the ledger derives.
    /// A document that does not read as one event (never one a capture wrote) has none.
    /// </summary>
    public static IReadOnlyList<EpcisEventField> Of(string document, EpcisSyntax syntax) =>
        ReadStored(document, syntax).Document is { Events: [var e] } ? Of(e) : [];

    /// <summary>A stored one-event document read back (leniently: it was read strictly when captured).</summary>
    public static EpcisReadResult ReadStored(string document, EpcisSyntax syntax) =>
        syntax == EpcisSyntax.Xml ? EpcisXmlReader.Read(document, EpcisReadOptions.LenientDefault) : EpcisJsonReader.Read(document, EpcisReadOptions.LenientDefault);

    private static EpcisEventField Field(string part, int group, bool inner, string ns, string name, string? prefix, string? value) =>
        value is null
            ? new EpcisEventField(part, group, inner, ns, name, prefix, null, null, null)
            : new EpcisEventField(part, group, inner, ns, name, prefix, Key(value), Number(value), Time(value));

    /// <summary>Each top-level element, then every element nested in it (attributes are not fields).</summary>
    private static void Extensions(List<EpcisEventField> fields, string part, int group, IReadOnlyList<EpcisExtensionElement> elements)
    {
        foreach (var top in elements.Where(x => !x.IsAttribute))
        {
            fields.Add(Field(part, group, false, top.Namespace, top.LocalName, top.Prefix, top.Children.All(c => c.IsAttribute) ? top.Value : null));
            Nested(fields, part, group, top.Children);
        }
    }

    private static void Nested(List<EpcisEventField> fields, string part, int group, IReadOnlyList<EpcisExtensionElement> elements)
    {
        foreach (var inner in elements.Where(x => !x.IsAttribute))
        {
            fields.Add(Field(part, group, true, inner.Namespace, inner.LocalName, inner.Prefix, inner.Children.All(c => c.IsAttribute) ? inner.Value : null));
            Nested(fields, part, group, inner.Children);
        }
    }
}
