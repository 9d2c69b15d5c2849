namespace Tracewright.Standards.Epcis;

/// <summary>The three kinds of EPC URI of the Tag Data Standard.</summary>
public enum EpcUriKind
{
    /// <summary><c>urn:epc:id:</c>, one object.</summary>
    Id,

    /// <summary><c>urn:epc:class:</c>, a class of objects (LGTIN: GTIN + lot).</summary>
    Class,

    /// <summary><c>urn:epc:idpat:</c>, a pattern whose trailing components may be <c>*</c>.</summary>
    Pattern,
}
