using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Web;

namespace Tracewright.Features.Records;

public static class RecordsApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/records/{id}", ShowAsync)
            .RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("Records")
            .WithSummary("Any record by what is in hand: lot/piece id, heat or supplier lot number, serial, certificate, MFG/BOM id, SSCC, item, supplier");

    public static async Task<Results<Ok<ShowRecord.Response>, ProblemHttpResult>> ShowAsync(string id, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await ShowRecord.HandleAsync(shop, id, cancellationToken));
}
