namespace Tracewright.Standards.Gs1;

/// <summary>Answer of a GS1 Company Prefix allocation lookup.</summary>
public enum Gs1CompanyPrefixStatus
{
    /// <summary>The data starts with an allocated GCP (or the lookup chooses to fail open).</summary>
    Valid,

    /// <summary>The data does not start with an allocated GCP.</summary>
    Invalid,

    /// <summary>The lookup source is unavailable and linting must fail closed.</summary>
    Offline,
}
