using System.Text.Json;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Records;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Web;
using Tracewright.Web.Components;
using static Tracewright.Web.Html;

namespace Tracewright.Features.Records;

/// <summary>Home (what needs doing), the scan box's target, any record with its history, and the lists of lots and units.</summary>
public static class RecordPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", HomeAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/search", SearchAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/records/{id}", RecordAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/lots", LotsAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/units", UnitsAsync).RequireAuthorization(AccessPolicy.Viewer);
    }

    /// <summary>Where a record of each kind is best shown.</summary>
    public static string PathOf(string kind, string id) => RecordPaths.Of(kind, id);

    public static async Task<IResult> HomeAsync(Shop shop, ShopTime time, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var today = time.Today(clock);
        var recentFrom = today.AddDays(-WorkToDo.RecentDays + 1);
        var work = await WorkToDo.ReadAsync(connection, today, time.StartOf(recentFrom), cancellationToken);
        return Pages.Render<HomePage>(new { Work = work, RecentFrom = recentFrom });
    }

    public static async Task<IResult> SearchAsync(Shop shop, CancellationToken cancellationToken, string? q = null)
    {
        var found = await ShowRecord.HandleAsync(shop, q, cancellationToken);
        if (found.TryGet(out var record, out var error))
        {
            return TypedResults.Redirect(PathOf(record.Kind, record.Id));
        }

        if (await Shipping.ShippingPages.PathOfAsync(shop, q, cancellationToken) is { } shipping)
        {
            return TypedResults.Redirect(shipping);
        }

        return Pages.Render<MessagePage>(new { Title = "Not found", error.Message, Hint = "Check the number on the label, or try the heat number or the supplier's lot number." }, Pages.StatusOf(error));
    }

    public static async Task<IResult> RecordAsync(string id, Shop shop, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var error))
        {
            return Pages.Render<MessagePage>(new { Title = "Not found", error.Message }, Pages.StatusOf(error));
        }

        var json = record.Record is ShowRecord.CertificateView or ShowRecord.NumberView or ManufactureRecord
            ? null
            : JsonSerializer.Serialize(record.Record, record.Record.GetType(), Cli.CliHost.Json);
        return Pages.Render<RecordPage>(new { Record = record, Json = json });
    }

    public static async Task<IResult> LotsAsync(HttpContext context, Shop shop, ShopTime time, CancellationToken cancellationToken)
    {
        var query = ListParams.Read(context.Request);
        var status = query.Status is not null && Text.Choice<LotStatus>(query.Status, "status").TryGet(out var s, out _) ? s.ToString() : null;
        var (filter, error) = query.ToFilter(time, status);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var lots = query.Paging.Cut(await LotLists.ListAsync(connection, filter, query.Paging.Skip, query.Paging.Take, cancellationToken));
        var items = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).Select(i => i.Code.Value).ToList();
        return Pages.Render<LotsPage>(new { Lots = lots, Params = query, Items = items, Error = error });
    }

    public static async Task<IResult> UnitsAsync(HttpContext context, Shop shop, ShopTime time, CancellationToken cancellationToken, string? test = null)
    {
        var query = ListParams.Read(context.Request);
        var status = query.Status is not null && Text.Choice<UnitStatus>(query.Status, "status").TryGet(out var s, out _) ? s.ToString() : null;
        var (filter, error) = query.ToFilter(time, status);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var failedOnly = string.Equals(test, "failed", StringComparison.OrdinalIgnoreCase);
        PageOf<UnitSummary> units;
        IReadOnlyDictionary<string, WorkToDo.FailedUnit> failed = new Dictionary<string, WorkToDo.FailedUnit>();
        if (failedOnly)
        {
            failed = (await WorkToDo.FailedLastTestAsync(connection, cancellationToken)).ToDictionary(f => f.Unit, StringComparer.Ordinal);
            var (items, hasMore) = query.Paging.Slice(await UnitLists.ListOfAsync(connection, failed.Keys.ToList(), filter, cancellationToken));
            units = new PageOf<UnitSummary>(query.Paging.Page, query.Paging.Size, hasMore, items);
        }
        else
        {
            units = query.Paging.Cut(await UnitLists.ListAsync(connection, filter, query.Paging.Skip, query.Paging.Take, cancellationToken));
        }

        var itemCodes = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).Where(i => i.Tracking is TrackingMode.Serial or TrackingMode.LotAndSerial).Select(i => i.Code.Value).ToList();
        return Pages.Render<UnitsPage>(new { Units = units, Params = query, Items = itemCodes, Error = error, FailedOnly = failedOnly, Failed = failed });
    }
}
