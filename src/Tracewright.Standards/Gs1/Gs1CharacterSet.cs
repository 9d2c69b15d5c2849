namespace Tracewright.Standards.Gs1;

/// <summary>Character set of an AI component, as coded in the syntax dictionary.</summary>
public enum Gs1CharacterSet
{
    /// <summary><c>N</c>: digits 0-9.</summary>
    Numeric,

    /// <summary><c>X</c>: GS1 AI encodable character set 82.</summary>
    Cset82,

    /// <summary><c>Y</c>: GS1 AI encodable character set 39.</summary>
    Cset39,

    /// <summary><c>Z</c>: GS1 AI encodable character set 64 (base64url).</summary>
    Cset64,
}
