using System.Globalization;
using System.Text;
using System.Text.Json;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Standards.Epcis;
using Tracewright.Web;

namespace Tracewright.Features.Epcis;

/// <summary>
/// The REST binding's resources over captured events (issue 17): <c>/epcis/eventTypes</c>, <c>/epcis/epcs</c>,
/// <c>/epcis/bizSteps</c>, <c>/epcis/bizLocations</c>, <c>/epcis/readPoints</c>, <c>/epcis/dispositions</c> — each a
/// <c>Collection</c> of the values captured events hold (paged by <c>perPage</c> and <c>nextPageToken</c>, with a
/// <c>Link</c> to the next page), each value's sub-resources (<c>events</c>), and the value's events, which take every query
/// parameter <c>/epcis/events</c> takes. Values in the path are URIs in URN or Digital Link form (CBV short names for steps
/// and dispositions), URL-encoded or not; one no captured event holds is a 404.
/// </summary>
public static class EpcisResources
{
    private const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <summary>Each resource, the column it lists and the query parameter its events are selected by (null: the objects).</summary>
    private static readonly (string Resource, string Column, string? Parameter)[] Dimensions =
    [
        ("eventTypes", "type", "eventType"),
        ("epcs", "epc", null),
        ("bizSteps", "biz_step", "EQ_bizStep"),
        ("bizLocations", "biz_location", "EQ_bizLocation"),
        ("readPoints", "read_point", "EQ_readPoint"),
        ("dispositions", "disposition", "EQ_disposition"),
    ];

    public static void Map(RouteGroupBuilder epcis)
    {
        foreach (var (resource, column, parameter) in Dimensions)
        {
            epcis.MapGet($"/{resource}", (HttpRequest request, Shop shop, CancellationToken ct) => ListAsync(request, shop, column, ct))
                .RequireAuthorization(AccessPolicy.Viewer).WithTags("EPCIS").WithSummary($"The {resource} captured events hold, as a Collection");
            epcis.MapGet($"/{resource}/{{id}}", (string id, Shop shop, CancellationToken ct) => SubResourcesAsync(shop, column, parameter, id, ct))
                .RequireAuthorization(AccessPolicy.Viewer).WithTags("EPCIS").WithSummary("Its sub-resources: events");
            epcis.MapGet($"/{resource}/{{id}}/events", (string id, HttpRequest request, Shop shop, CancellationToken ct) => EventsAsync(request, shop, column, parameter, id, ct))
                .RequireAuthorization(AccessPolicy.Viewer).WithTags("EPCIS").WithSummary("Its events, with every /events query parameter");
        }
    }

    private static async Task<IResult> ListAsync(HttpRequest request, Shop shop, string column, CancellationToken cancellationToken)
    {
        var paging = EpcisPaging.Read(request);
        if (!paging.TryGet(out var asked, out var error))
        {
            return Problems.ToHttp(error);
        }

        var (perPage, after) = asked;
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var values = await EpcisQueries.DistinctAsync(connection, column, after, perPage + 1, cancellationToken);
        var page = values.Take(perPage).ToList();
        if (values.Count > perPage)
        {
            EpcisPaging.LinkNext(request, perPage, page[^1]);
        }

        return Collection(column switch
        {
            "biz_step" => page.Select(v => CbvVocabulary.ToShortName(CbvVocabularyKind.BizStep, v) ?? v),
            "disposition" => page.Select(v => CbvVocabulary.ToShortName(CbvVocabularyKind.Disposition, v) ?? v),
            _ => page,
        });
    }

    private static async Task<IResult> SubResourcesAsync(Shop shop, string column, string? parameter, string id, CancellationToken cancellationToken)
    {
        var known = await KnownAsync(shop, column, parameter, id, cancellationToken);
        return known.TryGet(out _, out var error) ? Collection(["events"]) : Problems.ToHttp(error);
    }

    private static async Task<IResult> EventsAsync(HttpRequest request, Shop shop, string column, string? parameter, string id, CancellationToken cancellationToken)
    {
        var known = await KnownAsync(shop, column, parameter, id, cancellationToken);
        if (!known.TryGet(out var value, out var error))
        {
            return Problems.ToHttp(error);
        }

        var query = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        return await EpcisApi.AnswerQueryAsync(request, query, parameter is null ? query : [.. query, new(parameter, value)], parameter is null ? value : null, shop, cancellationToken);
    }

    /// <summary>The value as the query takes it, when some captured event holds it (else 404 naming it).</summary>
    private static async Task<Result<string>> KnownAsync(Shop shop, string column, string? parameter, string id, CancellationToken cancellationToken)
    {
        var value = id.Trim();
        if (value.Length == 0)
        {
            return new InvalidInput("id", "the resource needs a value");
        }

        // The value compared as stored: canonical identifiers, CBV values as Web URIs, event types as named.
        var stored = column switch
        {
            "type" => value,
            "biz_step" => CbvVocabulary.TryNormalise(CbvVocabularyKind.BizStep, value, out var step) ? step : value,
            "disposition" => CbvVocabulary.TryNormalise(CbvVocabularyKind.Disposition, value, out var disposition) ? disposition : value,
            _ => CaptureEpcis.Canonical(value),
        };
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return await EpcisQueries.HoldsAsync(connection, column, stored, cancellationToken) ? value : new NotFound(parameter ?? "EPC", value, "id");
    }

    private static IResult Collection(IEnumerable<string> members) =>
        TypedResults.Text(
            JsonSerializer.Serialize(new Dictionary<string, object> { ["@context"] = Context, ["type"] = "Collection", ["member"] = members.ToList() }),
            "application/ld+json");
}
