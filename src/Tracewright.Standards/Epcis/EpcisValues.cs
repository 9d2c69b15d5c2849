using System.Globalization;

namespace Tracewright.Standards.Epcis;

/// <summary>Value checks shared by both readers; each adds an error naming the field and returns the normalised value or null.</summary>
internal static class EpcisValues
{
    public static readonly string[] SensorMetadataFields = ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"];

    /// <summary>The sensorReport fields of EPCIS 2.0, in the event hash's canonical order.</summary>
    public static readonly string[] SensorReportStandardFields =
    [
        "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance",
        "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
        "percRank", "percValue", "uom", "coordinateReferenceSystem",
    ];

    /// <summary>
    /// What the readers accept on a sensorReport: the standard fields, and <c>bizRules</c>, which the 2.0 XSD has only on
    /// sensorMetadata but the GS1 and openepcis examples also put on sensorReport. The event hash treats it as a field outside
    /// the canonical order (see <see cref="EventHash"/>).
    /// </summary>
    public static readonly string[] SensorReportFields = [.. SensorReportStandardFields, "bizRules"];

    private static readonly HashSet<string> NumericSensorFields = ["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"];
    private static readonly HashSet<string> TimeSensorFields = ["time", "startTime", "endTime"];

    public static DateTimeOffset? Timestamp(string text, string field, string location, List<EpcisError> errors, bool lenient = false)
    {
        if (EpcisTimestamp.TryParse(text, out var value))
            return value;
        if (lenient && EpcisTimestamp.TryParse(text.Trim() + "Z", out value))
            return value;
        errors.Add(new EpcisError(location, $"'{field}' value '{text}' is not an ISO 8601 date-time with a time zone (e.g. 2024-05-01T10:00:00.000+02:00)"));
        return null;
    }

    public static string? Offset(string text, string location, List<EpcisError> errors)
    {
        var t = text.Trim();
        if (EpcisTimestamp.IsValidOffset(t))
            return t;
        errors.Add(new EpcisError(location, $"'eventTimeZoneOffset' value '{text}' is not a time zone offset of the form +hh:mm or -hh:mm"));
        return null;
    }

    public static EpcisAction? Action(string text, string location, List<EpcisError> errors)
    {
        switch (text.Trim())
        {
            case "ADD": return EpcisAction.Add;
            case "OBSERVE": return EpcisAction.Observe;
            case "DELETE": return EpcisAction.Delete;
            default:
                errors.Add(new EpcisError(location, $"'action' value '{text}' is not one of ADD, OBSERVE, DELETE"));
                return null;
        }
    }

    public static string? Vocabulary(CbvVocabularyKind kind, string field, string text, string location, List<EpcisError> errors, bool lenient = false)
    {
        if (lenient && text.Trim().Length == 0)
            return null;
        if (CbvVocabulary.TryNormalise(kind, text, out var normalised))
            return normalised;
        errors.Add(new EpcisError(location, $"'{field}' value '{text}' is neither a standard CBV {Describe(kind)} nor an absolute URI"));
        return null;
    }

    private static string Describe(CbvVocabularyKind kind) => kind switch
    {
        CbvVocabularyKind.BizStep => "business step",
        CbvVocabularyKind.Disposition => "disposition",
        CbvVocabularyKind.BizTransactionType => "business transaction type",
        CbvVocabularyKind.SourceDestinationType => "source/destination type",
        CbvVocabularyKind.ErrorReason => "error reason",
        CbvVocabularyKind.MeasurementType => "measurement type",
        CbvVocabularyKind.SensorAlertType => "sensor alert type",
        _ => "component",
    };

    /// <summary>A URI-valued field; GS1 EPC URIs of the schemes the Digital Link conversion knows must also be well formed.</summary>
    public static string? Uri(string text, string field, string location, List<EpcisError> errors, bool lenient = false)
    {
        var t = text.Trim();
        if (lenient)
            return t.Length > 0 ? t : null;
        if (!CbvVocabulary.IsAbsoluteUri(t))
        {
            errors.Add(new EpcisError(location, $"'{field}' value '{text}' is not an absolute URI"));
            return null;
        }

        if (EpcUri.IsKnownScheme(t) && !EpcUri.TryParse(t, out _, out var bad))
        {
            errors.Add(new EpcisError(location, $"'{field}' value '{text}' is not a well-formed EPC URI: {bad}"));
            return null;
        }

        return t;
    }

    /// <summary>Normalises a decimal number to its shortest invariant form ("26.0" → "26"); null when not a number.</summary>
    public static string? Number(string text)
    {
        var t = text.Trim();
        if (decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x.ToString("R", CultureInfo.InvariantCulture)
            : null;
    }

    public static decimal? Quantity(string text, string location, List<EpcisError> errors)
    {
        if (decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d / 1.000000000000000000000000000000000m;
        errors.Add(new EpcisError(location, $"'quantity' value '{text}' is not a number"));
        return null;
    }

    public static string? Uom(string text, string location, List<EpcisError> errors)
    {
        var t = text.Trim();
        if (t.Length is >= 1 and <= 3 && t.All(char.IsAsciiLetterOrDigit))
            return t;
        errors.Add(new EpcisError(location, $"'uom' value '{text}' is not a UN/CEFACT Rec. 20 unit code (1-3 letters or digits)"));
        return null;
    }

    /// <summary>Checks and normalises one standard sensor field; <paramref name="kind"/> is the JSON kind the value was written with.</summary>
    public static EpcisSensorField? SensorField(string name, string text, EpcisValueKind kind, bool strictKinds, string location, List<EpcisError> errors, bool lenient = false)
    {
        if (NumericSensorFields.Contains(name))
        {
            var n = Number(text);
            if (n is null || (strictKinds && kind != EpcisValueKind.Number))
            {
                errors.Add(new EpcisError(location, $"sensor field '{name}' value '{text}' must be a number"));
                return null;
            }

            return new EpcisSensorField(name, n, EpcisValueKind.Number);
        }

        if (name == "booleanValue")
        {
            var t = text.Trim();
            if ((t is "true" or "false" or "1" or "0") && (!strictKinds || kind == EpcisValueKind.Boolean))
                return new EpcisSensorField(name, t is "true" or "1" ? "true" : "false", EpcisValueKind.Boolean);
            errors.Add(new EpcisError(location, $"sensor field 'booleanValue' value '{text}' must be true or false"));
            return null;
        }

        if (strictKinds && kind != EpcisValueKind.String)
        {
            errors.Add(new EpcisError(location, $"sensor field '{name}' must be a string"));
            return null;
        }

        if (TimeSensorFields.Contains(name))
            return Timestamp(text, name, location, errors, lenient) is { } ts ? new EpcisSensorField(name, EpcisTimestamp.Format(ts), EpcisValueKind.String) : null;
        string? v = name switch
        {
            "type" => Vocabulary(CbvVocabularyKind.MeasurementType, name, text, location, errors),
            "exception" => Vocabulary(CbvVocabularyKind.SensorAlertType, name, text, location, errors),
            "component" => Vocabulary(CbvVocabularyKind.Component, name, text, location, errors),
            "uom" => Uom(text, location, errors),
            "stringValue" => text,
            "hexBinaryValue" => text.Trim().Length % 2 == 0 && text.Trim().All(char.IsAsciiHexDigit) ? text.Trim() : Fail(location, errors, "sensor field 'hexBinaryValue' must be hexadecimal"),
            _ => Uri(text, name, location, errors, lenient),
        };
        return v is null ? null : new EpcisSensorField(name, v, EpcisValueKind.String);
    }

    private static string? Fail(string location, List<EpcisError> errors, string message)
    {
        errors.Add(new EpcisError(location, message));
        return null;
    }

    public static List<EpcisSensorField> OrderSensorFields(IEnumerable<EpcisSensorField> fields, string[] order) =>
        fields.OrderBy(f => Array.IndexOf(order, f.Name)).ToList();
}
