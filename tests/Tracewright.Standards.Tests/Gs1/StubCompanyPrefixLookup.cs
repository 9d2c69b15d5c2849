using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Gs1;

/// <summary>
/// Mirrors the upstream test GCP lookup (test-gcp-lookup.h): the first <c>countdown</c> lookups answer valid, later
/// ones answer the configured status.
/// </summary>
internal sealed class StubCompanyPrefixLookup(Gs1CompanyPrefixStatus status, int countdown) : IGs1CompanyPrefixLookup
{
    private int _remaining = countdown;

    public Gs1CompanyPrefixStatus Lookup(string data)
    {
        if (_remaining > 0)
        {
            _remaining--;
            return Gs1CompanyPrefixStatus.Valid;
        }

        return status;
    }
}
