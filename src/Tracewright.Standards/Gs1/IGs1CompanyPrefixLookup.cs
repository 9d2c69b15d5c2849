namespace Tracewright.Standards.Gs1;

/// <summary>
/// Optional hook used by the <c>gcppos1</c>/<c>gcppos2</c> linters to check a GS1 Company Prefix against a record of
/// allocations. Without a lookup only the syntactic part of the check (four leading digits) is performed, matching
/// the GS1 reference linters built without a custom lookup.
/// </summary>
public interface IGs1CompanyPrefixLookup
{
    /// <summary>Checks whether <paramref name="data"/> starts with an allocated GS1 Company Prefix.</summary>
    Gs1CompanyPrefixStatus Lookup(string data);
}
