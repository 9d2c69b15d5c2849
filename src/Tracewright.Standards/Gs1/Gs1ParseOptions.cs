namespace Tracewright.Standards.Gs1;

/// <summary>
/// Settings for GS1 parsing and validation. The defaults are the strict settings of the GS1 syntax engine: known AIs
/// only, AI associations validated, no Digital Link legacy forms.
/// </summary>
public sealed record Gs1ParseOptions
{
    /// <summary>Strict defaults using the embedded dictionary.</summary>
    public static Gs1ParseOptions Default { get; } = new();

    /// <summary>The syntax dictionary to validate against; the embedded release when null.</summary>
    public Gs1SyntaxDictionary? Dictionary { get; init; }

    /// <summary>Accept AIs missing from the dictionary when their extent can be determined.</summary>
    public bool PermitUnknownAis { get; init; }

    /// <summary>Check <c>req=</c>/<c>ex=</c> attributes and repeated AIs across the whole element string.</summary>
    public bool ValidateAssociations { get; init; } = true;

    /// <summary>Allow unknown AIs as Digital Link query-string data attributes (only meaningful with unknown AIs).</summary>
    public bool PermitUnknownAisAsDigitalLinkAttributes { get; init; }

    /// <summary>Accept deprecated Digital Link convenience alphas such as <c>/gtin/</c> instead of <c>/01/</c>.</summary>
    public bool PermitConvenienceAlphas { get; init; }

    /// <summary>Accept GTIN-8/12/13 values for AI (01) in Digital Link URIs, padding them to GTIN-14.</summary>
    public bool PermitZeroSuppressedGtinInDigitalLinkUris { get; init; }

    /// <summary>Optional GS1 Company Prefix allocation lookup for the <c>gcppos1</c>/<c>gcppos2</c> linters.</summary>
    public IGs1CompanyPrefixLookup? CompanyPrefixLookup { get; init; }

    internal Gs1SyntaxDictionary EffectiveDictionary => Dictionary ?? Gs1SyntaxDictionary.Default;
}
