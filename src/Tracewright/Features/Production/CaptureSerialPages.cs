using Tracewright.Data.Materials;
using Tracewright.Domain.Materials;
using Tracewright.Web;

namespace Tracewright.Features.Production;

/// <summary>
/// The page for <see cref="CaptureSerial"/>: a bought-in serialized part (a motor with its maker's serial) recorded so it
/// can be installed into an assembly. Operators, as POST /api/units/capture.
/// </summary>
public static class CaptureSerialPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/capture", FormAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/capture", CaptureAsync).RequireAuthorization(AccessPolicy.Operator);
    }

    public static async Task<IResult> FormAsync(Shop shop, CancellationToken cancellationToken, string? item = null) =>
        Pages.Render<CaptureSerialPage>(new { Items = await SerializedItemsAsync(shop, cancellationToken), Item = item });

    public static async Task<IResult> CaptureAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new CaptureSerial.Request(Forms.Text(form, "item"), Forms.Text(form, "serial"), Forms.Text(form, "lot"), Forms.Text(form, "source"));
        var captured = await CaptureSerial.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        var items = await SerializedItemsAsync(shop, cancellationToken);
        return captured.TryGet(out var unit, out var error)
            ? Pages.Render<CaptureSerialPage>(new { Items = items, Item = request.Item, Captured = unit }, StatusCodes.Status201Created)
            : Pages.Render<CaptureSerialPage>(new { Items = items, Error = error, Typed = form }, Pages.StatusOf(error));
    }

    /// <summary>Only items tracked by serial have units to capture.</summary>
    private static async Task<IReadOnlyList<Item>> SerializedItemsAsync(Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).Where(i => i.Tracking != TrackingMode.Lot).ToList();
    }
}
