using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data;
using Tracewright.Web;

namespace Tracewright.Features.Ledger;

public static class LedgerApi
{
    /// <summary>Quality and admin: verifying reads the whole ledger, too heavy to leave to every viewer.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/ledger/verify", VerifyAsync)
            .RequireAuthorization(AccessPolicy.Quality)
            .WithTags("Ledger")
            .WithSummary("Recompute the hash chain, stored files and derived state; isIntact false names the first bad record");

    public static async Task<Ok<VerificationReport>> VerifyAsync(Shop shop, CancellationToken cancellationToken) =>
        TypedResults.Ok(await LedgerVerifier.VerifyAsync(shop.Database, null, cancellationToken));
}
