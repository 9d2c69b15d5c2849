namespace Tracewright.Standards.Epcis;

/// <summary>How a scalar was written in JSON, so that numbers and booleans are written back as such.</summary>
public enum EpcisValueKind
{
    String,
    Number,
    Boolean,
}
