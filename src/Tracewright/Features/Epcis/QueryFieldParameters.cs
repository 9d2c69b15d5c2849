using System.Globalization;
using System.Text.RegularExpressions;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Epcis;

/// <summary>
/// The query parameters of EPCIS 2.0 §8.2.7.1 that select by the event's fields rather than its columns: user extensions
/// (<c>EQ_ex:lot</c>, <c>GT_INNER_ex:temp</c>, <c>EXISTS_ex:note</c>), ILMD, error declaration, read point, business location
/// and sensor element extensions (<c>EQ_ILMD_…</c>, <c>EQ_ERROR_DECLARATION_…</c>, <c>EQ_readPoint_…</c>, <c>EQ_SENSORREPORT_…</c>),
/// the standard sensor fields (<c>EQ_type</c>, <c>EQ_deviceID</c>, <c>GE_time</c>, <c>GE_value_CEL</c>…), the persistent
/// disposition, <c>HASATTR_</c>/<c>EQATTR_</c> of vocabulary fields and quantities in a unit (<c>GE_quantity_KGM</c>).
/// A field name is <c>prefix:localName</c> (the prefix declared by the request's GS1-Extensions header or the named query's
/// <c>@context</c>; undeclared, it matches the prefix the sender wrote) or, as in EPCIS 1.2, <c>namespaceURI#localName</c>.
/// </summary>
internal static partial class QueryFieldParameters
{
    private static readonly string[] Comparisons = ["EQ", "GT", "GE", "LT", "LE"];

    /// <summary>The parts a field parameter may name after its operator (and INNER_), longest first.</summary>
    private static readonly string[] Parts = ["INNER_", "ILMD_", "ERROR_DECLARATION_", "SENSORELEMENT_", "SENSORMETADATA_", "SENSORREPORT_", "readPoint_", "bizLocation_"];

    /// <summary>Standard sensor fields holding URIs (or, for <c>stringValue</c>, any text), and where each may stand.</summary>
    private static readonly Dictionary<string, string[]> SensorEquals = new(StringComparer.Ordinal)
    {
        ["EQ_deviceID"] = ["SENSORMETADATA", "SENSORREPORT"],
        ["EQ_dataProcessingMethod"] = ["SENSORMETADATA", "SENSORREPORT"],
        ["EQ_bizRules"] = ["SENSORMETADATA", "SENSORREPORT"],
        ["EQ_microorganism"] = ["SENSORREPORT"],
        ["EQ_chemicalSubstance"] = ["SENSORREPORT"],
        ["EQ_uriValue"] = ["SENSORREPORT"],
        ["EQ_stringValue"] = ["SENSORREPORT"],
        ["EQ_hexBinaryValue"] = ["SENSORREPORT"],
        ["EQ_booleanValue"] = ["SENSORREPORT"],
    };

    /// <summary>
    /// Applies <paramref name="name"/> when it is one of these parameters (<c>Known</c> false when it is not: the caller says
    /// it is unknown), with the problem of its value, if any.
    /// </summary>
    public static (bool Known, InvalidInput? Problem) Apply(EpcisEventFilter filter, string name, List<string> values, IReadOnlyDictionary<string, string> namespaces)
    {
        if (SensorEquals.TryGetValue(name, out var sensorParts))
        {
            return (true, SensorEqual(filter, name, values, sensorParts));
        }

        switch (name)
        {
            case "EQ_type":
                var types = new List<string>();
                foreach (var v in values)
                {
                    if (!CbvVocabulary.TryNormalise(CbvVocabularyKind.MeasurementType, v, out var type))
                    {
                        return (true, new InvalidInput(name, $"EQ_type '{v}' is neither a GS1 measurement type (e.g. Temperature) nor an absolute URI"));
                    }

                    types.Add(type);
                }

                filter.Fields.Add(Standard(["SENSORREPORT"], "type") with { Operator = "=", Values = types });
                return (true, null);
            case "EQ_persistentDisposition_set" or "EQ_persistentDisposition_unset":
                var dispositions = new List<string>();
                foreach (var v in values)
                {
                    if (!CbvVocabulary.TryNormalise(CbvVocabularyKind.Disposition, Expand(v, namespaces), out var disposition))
                    {
                        return (true, new InvalidInput(name, $"{name} '{v}' is neither a CBV disposition nor an absolute URI"));
                    }

                    dispositions.Add(disposition);
                }

                filter.Fields.Add(Standard(["persistentDisposition"], name.EndsWith("_set", StringComparison.Ordinal) ? "set" : "unset") with { Operator = "=", Values = dispositions });
                return (true, null);
            case "EXISTS_sensorElementList":
                filter.Fields.Add(Standard(["SENSORELEMENT"], EpcisEventFields.SensorElementMarker));
                return (true, null);
            case "GE_time" or "LT_time" or "GE_startTime" or "LT_startTime" or "GE_endTime" or "LT_endTime":
                return (true, Compare(filter, name, values, Standard(name.EndsWith("_time", StringComparison.Ordinal) ? ["SENSORMETADATA", "SENSORREPORT"] : ["SENSORMETADATA"], name[3..]), timeOnly: true));
            case "GT_percRank" or "GE_percRank" or "LT_percRank" or "LE_percRank":
                return (true, Compare(filter, name, values, Standard(["SENSORREPORT"], "percRank"), numberOnly: true));
        }

        if (Measured().Match(name) is { Success: true } measured && EpcisEventFields.MeasuredFields.Contains(measured.Groups[2].Value))
        {
            var condition = Standard(["SENSORREPORT"], measured.Groups[2].Value) with { Uom = measured.Groups[3].Value };
            return (true, Compare(filter, name, values, condition, numberOnly: true));
        }

        if (name.StartsWith("HASATTR_", StringComparison.Ordinal) && name.Length > "HASATTR_".Length)
        {
            return Attribute(filter, name, name["HASATTR_".Length..], values, namespaces);
        }

        if (EqualAttribute().Match(name) is { Success: true } eqattr)
        {
            var rest = eqattr.Groups[1].Value;
            var field = StandardVocabularyFields.Keys.FirstOrDefault(f => rest.StartsWith(f + "_", StringComparison.Ordinal))
                ?? (rest.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && rest.IndexOf('_', colon) is var cut and > 0 ? rest[..cut] : null);
            if (field is not null && field.Length + 1 < rest.Length)
            {
                return Attribute(filter, name, field, values, namespaces, rest[(field.Length + 1)..]);
            }

            return (true, new InvalidInput(name, $"{name} names no field and attribute: write EQATTR_{{field}}_{{attribute}}, e.g. EQATTR_bizLocation_urn:epcglobal:cbv:mda#sst"));
        }

        return Extension(filter, name, values, namespaces);
    }

    /// <summary>
    /// <c>{EQ|GT|GE|LT|LE|EXISTS}_[INNER_][part_]{field}</c>: a user extension at event level or in one of <see cref="Parts"/>,
    /// named <c>prefix:localName</c> or <c>namespaceURI#localName</c>.
    /// </summary>
    private static (bool Known, InvalidInput? Problem) Extension(EpcisEventFilter filter, string name, List<string> values, IReadOnlyDictionary<string, string> namespaces)
    {
        var op = name.Length > 3 && name[2] == '_' ? name[..2] : name.StartsWith("EXISTS_", StringComparison.Ordinal) ? "EXISTS" : null;
        if (op is null || !(Comparisons.Contains(op) || op == "EXISTS"))
        {
            return (false, null);
        }

        var tail = name[(op.Length + 1)..];
        var inner = tail.StartsWith("INNER_", StringComparison.Ordinal);
        tail = inner ? tail["INNER_".Length..] : tail;
        var part = Parts.Skip(1).FirstOrDefault(p => tail.StartsWith(p, StringComparison.Ordinal) && FieldName(tail[p.Length..], namespaces) is not null);
        var fieldName = part is null ? tail : tail[part.Length..];
        if (FieldName(fieldName, namespaces) is not { } resolved)
        {
            return (false, null);
        }

        var extension = new EpcisFieldCondition([part is null ? "" : part[..^1]], inner, resolved.Namespaces, resolved.Prefix, resolved.LocalName);
        if (op == "EXISTS")
        {
            filter.Fields.Add(extension);
            return (true, null);
        }

        if (op == "EQ")
        {
            filter.Fields.Add(extension with { Operator = "=", Values = values });
            return (true, null);
        }

        return (true, Compare(filter, name, values, extension));
    }

    /// <summary>A quantity parameter in a unit: <c>GE_quantity_KGM</c> (the unit must be the quantity element's).</summary>
    public static bool IsQuantityInUnit(string name, out string op, out string uom)
    {
        var match = Measured().Match(name);
        (op, uom) = match.Success && match.Groups[2].Value == "quantity" ? (match.Groups[1].Value, match.Groups[3].Value) : ("", "");
        return op.Length > 0;
    }

    /// <summary>The SQL comparison of an operator of the query language.</summary>
    public static string Operator(string op) => op switch { "EQ" => "=", "GT" => ">", "GE" => ">=", "LT" => "<", _ => "<=" };

    private static EpcisFieldCondition Standard(IReadOnlyList<string> parts, string name) => new(parts, false, [""], null, name);

    private static InvalidInput? SensorEqual(EpcisEventFilter filter, string name, List<string> values, string[] parts)
    {
        var field = name[3..];
        foreach (var v in values)
        {
            var problem = field switch
            {
                "stringValue" => null,
                "booleanValue" => v is "true" or "false" ? null : "must be true or false",
                "hexBinaryValue" => v.Length % 2 == 0 && v.All(char.IsAsciiHexDigit) ? null : "must be hexadecimal (pairs of 0-9, A-F)",
                _ => CbvVocabulary.IsAbsoluteUri(v) ? null : "is not a URI",
            };
            if (problem is not null)
            {
                return new InvalidInput(name, $"{name} '{v}' {problem}");
            }
        }

        // Hexadecimal is one value in either case.
        IReadOnlyList<string> compared = field == "hexBinaryValue" ? [.. values.SelectMany(v => new[] { v.ToUpperInvariant(), v.ToLowerInvariant() }).Distinct()] : values;
        filter.Fields.Add(Standard(parts, field) with { Operator = "=", Values = compared });
        return null;
    }

    /// <summary>GT_, GE_, LT_, LE_ (and EQ_ of a measured value) against one number or timestamp.</summary>
    private static InvalidInput? Compare(EpcisEventFilter filter, string name, List<string> values, EpcisFieldCondition condition, bool numberOnly = false, bool timeOnly = false)
    {
        var op = Operator(name[..2]);
        if (values.Count == 1 && !timeOnly && EpcisEventFields.Number(values[0]) is { } number)
        {
            // EQ_value_CEL: equal as a number (the = of a field condition compares its values by number too).
            filter.Fields.Add(op == "=" ? condition with { Operator = op, Values = values } : condition with { Operator = op, Number = number });
            return null;
        }

        if (values.Count == 1 && !numberOnly && EpcisTimestamp.TryParse(values[0], out var instant))
        {
            filter.Fields.Add(condition with { Operator = op, Instant = Timestamp.ToText(instant) });
            return null;
        }

        var what = numberOnly ? "one number" : timeOnly ? "one timestamp with its offset, e.g. 2024-05-14T09:00:00Z" : "one number or one timestamp with its offset";
        return new InvalidInput(name, $"{name} must be {what} (got '{string.Join("|", values)}')");
    }

    /// <summary>The standard fields whose values are vocabulary elements with master data, and their event columns.</summary>
    private static readonly Dictionary<string, string> StandardVocabularyFields = new(StringComparer.Ordinal)
    {
        ["readPoint"] = "read_point",
        ["bizLocation"] = "biz_location",
        ["bizStep"] = "biz_step",
        ["disposition"] = "disposition",
    };

    /// <summary>HASATTR_ (<paramref name="attribute"/> null: the values are attribute names, any of which) or EQATTR_ of one field.</summary>
    private static (bool, InvalidInput?) Attribute(EpcisEventFilter filter, string name, string field, IReadOnlyList<string> values, IReadOnlyDictionary<string, string> namespaces, string? attribute = null)
    {
        EpcisFieldCondition? extension = null;
        if (!StandardVocabularyFields.TryGetValue(field, out var column))
        {
            if (FieldName(field, namespaces) is not { } resolved)
            {
                return (true, new InvalidInput(name, $"{name}: '{field}' is neither readPoint, bizLocation, bizStep, disposition nor an extension field written prefix:name"));
            }

            extension = new EpcisFieldCondition([""], false, resolved.Namespaces, resolved.Prefix, resolved.LocalName);
        }

        filter.Attributes.Add(attribute is null
            ? new EpcisAttributeCondition(column, extension, values, null)
            : new EpcisAttributeCondition(column, extension, [attribute], values));
        return (true, null);
    }

    /// <summary>A field name: <c>prefix:localName</c> or <c>namespaceURI#localName</c>; null when it is neither.</summary>
    private static (IReadOnlyList<string>? Namespaces, string? Prefix, string LocalName)? FieldName(string text, IReadOnlyDictionary<string, string> namespaces)
    {
        var hash = text.LastIndexOf('#');
        if (hash > 0 && hash < text.Length - 1 && CbvVocabulary.IsAbsoluteUri(text[..hash]))
        {
            var ns = text[..hash];
            return ([ns, ns + "#"], null, text[(hash + 1)..]);
        }

        if (PrefixedName().Match(text) is { Success: true } m)
        {
            var prefix = m.Groups[1].Value;
            return namespaces.TryGetValue(prefix, out var uri) ? ([uri], null, m.Groups[2].Value) : (null, prefix, m.Groups[2].Value);
        }

        return null;
    }

    /// <summary>A CURIE with a declared prefix, as its full URI; anything else as it is.</summary>
    private static string Expand(string value, IReadOnlyDictionary<string, string> namespaces) =>
        PrefixedName().Match(value) is { Success: true } m && namespaces.TryGetValue(m.Groups[1].Value, out var uri) ? uri + m.Groups[2].Value : value;

    /// <summary>
    /// The namespaces of a request's GS1-Extensions header: <c>prefix=namespaceURI</c>, separated by commas (a value that is not
    /// of that form declares nothing).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Declared(IEnumerable<string?> headers)
    {
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in headers.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && CbvVocabulary.IsAbsoluteUri(item[(eq + 1)..].Trim()))
            {
                declared[item[..eq].Trim()] = item[(eq + 1)..].Trim();
            }
        }

        return declared;
    }

    [GeneratedRegex(@"^([a-z][A-Za-z0-9]*):([A-Za-z_][\w.-]*)$")]
    private static partial Regex PrefixedName();

    [GeneratedRegex(@"^(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percValue|quantity)_([A-Za-z0-9]{1,4})$")]
    private static partial Regex Measured();

    [GeneratedRegex(@"^EQ_?ATTR_(.+)$")]
    private static partial Regex EqualAttribute();
}
