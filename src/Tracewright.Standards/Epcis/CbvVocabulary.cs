namespace Tracewright.Standards.Epcis;

/// <summary>
/// Normalisation of CBV vocabulary values. The model stores every standard value as its GS1 Web URI
/// (<c>https://ref.gs1.org/cbv/BizStep-receiving</c>; sensor measurement and alert types as <c>https://gs1.org/voc/Temperature</c>,
/// the form the event hash uses) whichever of the bare short name, the CBV 1.x URN, the CURIE or the Web URI was read.
/// Non-standard values must be absolute URIs and are kept verbatim. The JSON writer emits standard values as short names
/// (as the EPCIS 2.0 JSON-LD context expects) and the XML writer as CBV URNs (as the 2.0 XML examples do; sensor types as Web URIs).
/// </summary>
public static class CbvVocabulary
{
    private sealed record Spec(string? UrnPrefix, string WebPrefix, string CuriePrefix, HashSet<string> Terms);

    private static readonly Dictionary<CbvVocabularyKind, Spec> Specs = new()
    {
        [CbvVocabularyKind.BizStep] = new("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-", "cbv:BizStep-",
        [
            "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance", "cycle_counting",
            "decommissioning", "departing", "destroying", "disassembling", "dispensing", "encoding", "entering_exiting", "holding",
            "inspecting", "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging",
            "repairing", "replacing", "reserving", "retail_selling", "shipping", "staging_outbound", "stock_taking", "stocking", "storing",
            "transporting", "unloading", "unpacking", "void_shipping", "sensor_reporting", "sampling",
        ]),
        [CbvVocabularyKind.Disposition] = new("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-", "cbv:Disp-",
        [
            "active", "container_closed", "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired", "in_progress", "in_transit",
            "inactive", "no_pedigree_match", "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold", "returned",
            "sellable_accessible", "sellable_not_accessible", "stolen", "unknown", "available", "completeness_verified",
            "completeness_inferred", "conformant", "container_open", "mismatch_instance", "mismatch_class", "mismatch_quantity",
            "needs_replacement", "non_conformant", "unavailable",
        ]),
        [CbvVocabularyKind.BizTransactionType] = new("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-", "cbv:BTT-",
            ["bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres", "upevt"]),
        [CbvVocabularyKind.SourceDestinationType] = new("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-", "cbv:SDT-",
            ["owning_party", "possessing_party", "location"]),
        [CbvVocabularyKind.ErrorReason] = new("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-", "cbv:ER-",
            ["did_not_occur", "incorrect_data"]),
        [CbvVocabularyKind.MeasurementType] = new(null, "https://gs1.org/voc/", "gs1:",
        [
            "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude", "AmountOfSubstance",
            "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area", "Capacitance",
            "Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity",
            "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force",
            "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance",
            "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass",
            "MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass",
            "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance", "Resistivity",
            "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension", "Temperature", "Time", "Torque", "Voltage",
            "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux", "Wavenumber",
        ]),
        [CbvVocabularyKind.SensorAlertType] = new(null, "https://gs1.org/voc/", "gs1:", ["ALARM_CONDITION", "ERROR_CONDITION"]),
        [CbvVocabularyKind.Component] = new(null, "https://ref.gs1.org/cbv/Comp-", "cbv:Comp-",
        [
            "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle", "elevation_angle", "easting",
            "northing", "latitude", "longitude", "altitude",
        ]),
    };

    /// <summary>
    /// Normalises <paramref name="value"/> to the model form. Returns false when it is neither a standard short name nor an
    /// absolute URI (e.g. the misspelt <c>in_transport</c>), in which case <paramref name="normalised"/> is the trimmed input.
    /// </summary>
    public static bool TryNormalise(CbvVocabularyKind kind, string value, out string normalised)
    {
        var spec = Specs[kind];
        var v = value.Trim();
        normalised = v;
        if (spec.Terms.Contains(v) || (kind == CbvVocabularyKind.MeasurementType && v.Length > 0 && v.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            normalised = spec.WebPrefix + v;
            return true;
        }

        if (spec.UrnPrefix is not null && v.StartsWith(spec.UrnPrefix, StringComparison.Ordinal))
        {
            normalised = spec.WebPrefix + v[spec.UrnPrefix.Length..];
            return true;
        }

        if (v.StartsWith(spec.CuriePrefix, StringComparison.Ordinal))
        {
            normalised = spec.WebPrefix + v[spec.CuriePrefix.Length..];
            return true;
        }

        if (v.StartsWith("https://gs1.org/voc/", StringComparison.Ordinal) && spec.WebPrefix.StartsWith("https://ref.gs1.org/voc/", StringComparison.Ordinal))
        {
            normalised = spec.WebPrefix + v["https://gs1.org/voc/".Length..];
            return true;
        }

        return IsAbsoluteUri(v);
    }

    /// <summary>The bare short name of a standard value in model form, or null for a non-standard URI.</summary>
    public static string? ToShortName(CbvVocabularyKind kind, string normalised)
    {
        var spec = Specs[kind];
        if (!normalised.StartsWith(spec.WebPrefix, StringComparison.Ordinal))
            return null;
        var term = normalised[spec.WebPrefix.Length..];
        return spec.Terms.Contains(term) ? term : null;
    }

    /// <summary>The CBV 1.x URN of a standard value (for XML output), or the value itself when there is none.</summary>
    public static string ToUrnOrSelf(CbvVocabularyKind kind, string normalised)
    {
        var spec = Specs[kind];
        return spec.UrnPrefix is not null && ToShortName(kind, normalised) is { } term ? spec.UrnPrefix + term : normalised;
    }

    /// <summary>The standard short names of a vocabulary, for messages.</summary>
    public static IReadOnlyCollection<string> Terms(CbvVocabularyKind kind) => Specs[kind].Terms;

    /// <summary>
    /// An absolute URI in the sense of RFC 3986 (scheme ':' non-empty rest, no whitespace) or a CURIE, which EPCIS treats alike.
    /// </summary>
    public static bool IsAbsoluteUri(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1 || !char.IsAsciiLetter(value[0]))
            return false;
        for (var i = 1; i < colon; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '_'))
                return false;
        }

        return !value.Any(char.IsWhiteSpace);
    }
}
