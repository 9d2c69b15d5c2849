namespace Tracewright.Standards.Gs1;

/// <summary>Barcode symbologies that carry GS1 data, as distinguished by AIM symbology identifiers.</summary>
public enum Gs1Symbology
{
    /// <summary>GS1 DataBar Omnidirectional (and its truncated/stacked forms); transmitted as <c>]e0</c>.</summary>
    DataBarOmni,

    /// <summary>GS1 DataBar Limited; transmitted as <c>]e0</c>.</summary>
    DataBarLimited,

    /// <summary>GS1 DataBar Expanded; <c>]e0</c>.</summary>
    DataBarExpanded,

    /// <summary>UPC-A; <c>]E0</c> as a 13-digit EAN.</summary>
    UpcA,

    /// <summary>UPC-E; <c>]E0</c> as the 13-digit EAN form of the expanded UPC-A.</summary>
    UpcE,

    /// <summary>EAN-13; <c>]E0</c>.</summary>
    Ean13,

    /// <summary>EAN-8; <c>]E4</c>.</summary>
    Ean8,

    /// <summary>GS1-128 (with an optional CC-A/B composite); <c>]C1</c>, or <c>]e0</c> with a composite.</summary>
    Gs1128CcA,

    /// <summary>GS1-128 with a CC-C composite; <c>]C1</c>, or <c>]e0</c> with a composite.</summary>
    Gs1128CcC,

    /// <summary>QR Code: <c>]Q1</c> plain data, <c>]Q3</c> GS1 data.</summary>
    QrCode,

    /// <summary>Data Matrix: <c>]d1</c> plain data, <c>]d2</c> GS1 data.</summary>
    DataMatrix,

    /// <summary>DotCode: <c>]J0</c> plain data, <c>]J1</c> GS1 data.</summary>
    DotCode,
}
