namespace Tracewright.Standards.Gs1;

/// <summary>
/// Decoded scanner output. Invariant: <see cref="DataString"/> is in GS1 syntax-engine notation — GS1 data starts
/// with <c>^</c> (FNC1), plain data that would start with <c>^</c> is escaped with a backslash, and an EAN/UPC with a
/// composite is written <c>digits|^...</c>; <see cref="ElementString"/> is set whenever the data is GS1 AI data or a
/// GS1 Digital Link URI, and has passed validation.
/// </summary>
public sealed record Gs1ScanResult
{
    internal Gs1ScanResult(Gs1Symbology symbology, string dataString, Gs1ElementString? elementString)
    {
        Symbology = symbology;
        DataString = dataString;
        ElementString = elementString;
    }

    /// <summary>The symbology named by the AIM identifier.</summary>
    public Gs1Symbology Symbology { get; }

    /// <summary>The carried data in syntax-engine notation.</summary>
    public string DataString { get; }

    /// <summary>The validated AI elements, or null for plain (non-GS1) data.</summary>
    public Gs1ElementString? ElementString { get; }
}
