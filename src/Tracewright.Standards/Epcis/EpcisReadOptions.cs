namespace Tracewright.Standards.Epcis;

/// <summary>
/// Resource limits applied before any parsing, because capture endpoints receive untrusted input.
/// The defaults admit every document in the public EPCIS corpora with a wide margin.
/// </summary>
public sealed record EpcisReadOptions
{
    public static EpcisReadOptions Default { get; } = new();

    /// <summary>Maximum document size in characters.</summary>
    public int MaxCharacters { get; init; } = 64 * 1024 * 1024;

    /// <summary>Maximum nesting depth of JSON values or XML elements.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Strict (default): reject what the EPCIS 2.0 schemas forbid. Lenient: for data from systems known to bend the standard
    /// (e.g. GDST exports with unprefixed extension fields, SSCCs of the wrong length, timestamps without offset, JSON with
    /// comments or trailing commas): such values are accepted as written (timestamps without offset are taken as UTC) and unprefixed
    /// unknown fields become extensions without namespace. Required fields, event types and actions are still enforced; the one
    /// structural allowance is an XML EPCISQueryDocument whose resultsBody sits directly under the root (no EPCISBody), as the
    /// reference event hash generator's vectors have it.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>Lenient reading with the default limits.</summary>
    public static EpcisReadOptions LenientDefault { get; } = new() { Lenient = true };
}
