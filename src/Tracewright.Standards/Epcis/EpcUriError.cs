namespace Tracewright.Standards.Epcis;

/// <summary>Why an EPC URI or element string was refused, and the 0-based position in the text of the problem.</summary>
public sealed record EpcUriError(string Message, int Position)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Message} (at position {Position})";
}
