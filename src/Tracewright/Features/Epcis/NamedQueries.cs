using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tracewright.Data;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Web;

namespace Tracewright.Features.Epcis;

/// <summary>
/// Named queries of the EPCIS REST binding (issue 17): <c>POST /epcis/queries</c> defines one (<c>{"name", "query"}</c>, the
/// query object holding the parameters <c>/epcis/events</c> takes, lists as arrays), <c>GET /epcis/queries[/{name}]</c> lists
/// and reads them, <c>DELETE /epcis/queries/{name}</c> deletes one with its subscriptions, and
/// <c>GET /epcis/queries/{name}/events</c> answers it, paged. Definitions are ledger records. Anyone who may query may define
/// a query; only its owner or an admin may delete it.
/// </summary>
public static partial class NamedQueries
{
    /// <summary>A query name travels in the path: letters, digits and <c>. _ ~ -</c>, up to 100.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._~-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static void Map(RouteGroupBuilder epcis)
    {
        epcis.MapPost("/queries", PostAsync).RequireAuthorization(AccessPolicy.Viewer).Accepts<JsonElement>("application/json")
            .WithTags("EPCIS").WithSummary("Define a named query: {\"name\", \"query\"}; 201 with its Location, 409 when the name is taken");
        epcis.MapGet("/queries", ListAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS").WithSummary("The named queries, by name, paged");
        epcis.MapGet("/queries/{id}", ReadAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS").WithSummary("One named query's definition");
        epcis.MapDelete("/queries/{id}", DeleteEndpointAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS").WithSummary("Delete a named query and its subscriptions (its owner or an admin)");
        epcis.MapGet("/queries/{id}/events", EventsAsync).RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("EPCIS").WithSummary("The events the named query selects, paged; a WebSocket request subscribes to them");
    }

    /// <summary>A query object as the parameter list <see cref="QueryEpcis.Parse"/> reads (an array is several values).</summary>
    public static Result<List<KeyValuePair<string, string?>>> Parameters(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            return new InvalidInput("query", "query must be an object of query parameters, e.g. {\"eventType\": [\"ObjectEvent\"], \"EQ_bizStep\": [\"shipping\"]}");
        }

        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var p in query.EnumerateObject())
        {
            if (p.Name == "@context")
            {
                continue;
            }

            if (p.Name is "perPage" or "nextPageToken")
            {
                return new InvalidInput(p.Name, $"{p.Name} pages the answer; give it when asking for the query's events, not in its definition");
            }

            IEnumerable<JsonElement> values = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : [p.Value];
            foreach (var v in values)
            {
                string? text = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Number => v.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                if (text is null)
                {
                    return new InvalidInput(p.Name, $"{p.Name} takes strings, numbers or true/false (or an array of them)");
                }

                parameters.Add(new(p.Name, text));
            }
        }

        return parameters;
    }

    /// <summary>
    /// The prefixes a query's <c>@context</c> declares: objects of <c>prefix: namespaceURI</c>, alone or in an array (URLs of
    /// whole contexts declare nothing here).
    /// </summary>
    private static Dictionary<string, string> Context(JsonElement query)
    {
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        if (query.ValueKind == JsonValueKind.Object && query.TryGetProperty("@context", out var context))
        {
            foreach (var item in context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().ToList() : [context])
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in item.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                    {
                        declared[p.Name] = p.Value.GetString()!;
                    }
                }
            }
        }

        return declared;
    }

    /// <summary>The stored definition, read as a query (paging as asked).</summary>
    public static Result<QueryEpcis.Parsed> Parse(string definition, IEnumerable<KeyValuePair<string, string?>> paging)
    {
        using var json = JsonDocument.Parse(definition);
        return Parameters(json.RootElement).TryGet(out var parameters, out var error) ? QueryEpcis.Parse([.. parameters, .. paging], null, Context(json.RootElement)) : error;
    }

    public static async Task<Result<StoredQuery>> DefineAsync(Shop shop, string actor, string? name, JsonElement? query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name.Trim()))
        {
            return new InvalidInput("name", $"name '{name}' must be 1 to 100 letters, digits or . _ ~ - (it is part of the query's URL), starting with a letter or digit");
        }

        if (query is not { } given)
        {
            return new InvalidInput("query", "query is required: an object of query parameters");
        }

        if (!Parameters(given).TryGet(out var parameters, out var invalid) || !QueryEpcis.Parse(parameters, null, Context(given)).TryGet(out _, out invalid))
        {
            return invalid;
        }

        var trimmed = name.Trim();
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (await EpcisQueryStore.QueryAsync(write.Connection, write.Transaction, trimmed, cancellationToken) is not null)
        {
            return new AlreadyExists("query", trimmed, "name");
        }

        var definition = given.GetRawText();
        await write.AppendAsync(new NewEvent(new EpcisQueryDefined(trimmed, definition, actor), write.Now), cancellationToken);
        var stored = new StoredQuery(trimmed, definition, actor, Timestamp.ToText(write.Now));
        await write.CommitAsync(cancellationToken);
        return stored;
    }

    public static async Task<Result<StoredQuery>> FindAsync(Shop shop, string name, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return await EpcisQueryStore.QueryAsync(connection, null, name, cancellationToken) is { } found ? found : new NotFound("query", name, "queryName");
    }

    /// <summary>Deletes the query and ends its subscriptions, in one write; only its owner or an admin may.</summary>
    public static async Task<Result<int>> DeleteAsync(Shop shop, string actor, bool admin, string name, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (await EpcisQueryStore.QueryAsync(write.Connection, write.Transaction, name, cancellationToken) is not { } found)
        {
            return new NotFound("query", name, "queryName");
        }

        if (!admin && found.Owner != actor)
        {
            return new NotOwner("query", name, found.Owner);
        }

        var subscriptions = await EpcisQueryStore.SubscriptionsAsync(write.Connection, write.Transaction, name, null, int.MaxValue, cancellationToken);
        await write.AppendAsync(
            [.. subscriptions.Select(s => new NewEvent(new EpcisSubscriptionCancelled(s.Id, name), write.Now)), new NewEvent(new EpcisQueryDeleted(name), write.Now)],
            cancellationToken);
        await write.CommitAsync(cancellationToken);
        return subscriptions.Count;
    }

    /// <summary>A named query as the binding shows it: <c>{"name", "query"}</c>, with who defined it and when.</summary>
    public static JsonObject View(StoredQuery query) => new()
    {
        ["name"] = query.Name,
        ["query"] = JsonNode.Parse(query.Definition),
        ["owner"] = query.Owner,
        ["createdAt"] = query.DefinedAt,
    };

    private static async Task<IResult> PostAsync(HttpRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        if (!(await EpcisApi.JsonBodyAsync(request, cancellationToken)).TryGet(out var body, out var unreadable))
        {
            return Problems.ToHttp(unreadable);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problems.ToHttp(new InvalidInput("body", "the body is an object {\"name\": …, \"query\": {…}}"));
        }

        if (body.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("name" or "query")) is { } extra)
        {
            return Problems.ToHttp(new InvalidInput(extra, $"'{extra}' is not a field of a query definition (name, query)"));
        }

        var name = body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        JsonElement? query = body.TryGetProperty("query", out var q) ? q : null;
        var defined = await DefineAsync(shop, AccessPolicy.ActorOf(user), name, query, cancellationToken);
        if (!defined.TryGet(out var stored, out var error))
        {
            return Problems.ToHttp(error);
        }

        return TypedResults.Created($"{request.PathBase}/epcis/queries/{stored.Name}", View(stored));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, Shop shop, CancellationToken cancellationToken)
    {
        if (!EpcisPaging.Read(request).TryGet(out var page, out var error))
        {
            return Problems.ToHttp(error);
        }

        var queries = await EpcisQueryStore.QueriesAsync(shop.Database, page.After, page.PerPage + 1, cancellationToken);
        if (queries.Count > page.PerPage)
        {
            EpcisPaging.LinkNext(request, page.PerPage, queries[page.PerPage - 1].Name);
        }

        return TypedResults.Json(new JsonArray(queries.Take(page.PerPage).Select(q => (JsonNode)View(q)).ToArray()));
    }

    private static async Task<IResult> ReadAsync([Microsoft.AspNetCore.Mvc.FromRoute(Name = "id")] string name, Shop shop, CancellationToken cancellationToken) =>
        (await FindAsync(shop, name, cancellationToken)).TryGet(out var found, out var error) ? TypedResults.Json(View(found)) : Problems.ToHttp(error);

    private static async Task<IResult> DeleteEndpointAsync([Microsoft.AspNetCore.Mvc.FromRoute(Name = "id")] string name, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        (await DeleteAsync(shop, AccessPolicy.ActorOf(user), AccessPolicy.May(user, Role.Admin), name, cancellationToken)).TryGet(out _, out var error)
            ? TypedResults.NoContent()
            : Problems.ToHttp(error);

    /// <summary>
    /// <c>GET /epcis/queries/{name}/events</c>: a page of what the query selects (<c>perPage</c>, <c>nextPageToken</c>), as the
    /// query's EPCISQueryDocument. A WebSocket request is a subscription for as long as the socket stays open.
    /// </summary>
    private static async Task<IResult> EventsAsync([Microsoft.AspNetCore.Mvc.FromRoute(Name = "id")] string name, HttpRequest request, ClaimsPrincipal user, Shop shop, Subscriptions subscriptions, CancellationToken cancellationToken)
    {
        if (!(await FindAsync(shop, name, cancellationToken)).TryGet(out var query, out var missing))
        {
            return Problems.ToHttp(missing);
        }

        if (request.HttpContext.WebSockets.IsWebSocketRequest)
        {
            return await subscriptions.StreamAsync(request.HttpContext, query, cancellationToken);
        }

        var paging = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        if (paging.FirstOrDefault(p => p.Key is not ("perPage" or "nextPageToken")) is { Key: { } extra })
        {
            return Problems.ToHttp(new InvalidInput(extra, $"'{extra}' is not a parameter of a named query's events (perPage, nextPageToken); the query's own parameters are in its definition"));
        }

        if (!EpcisPageTokens.Open(request, paging).TryGet(out var opened, out var unopened))
        {
            return Problems.ToHttp(unopened);
        }

        if (!Parse(query.Definition, opened).TryGet(out var parsed, out var error))
        {
            return Problems.ToHttp(error);
        }

        var page = await QueryEpcis.PageAsync(shop, parsed, name, cancellationToken);
        return page.TryGet(out var answer, out var tooLarge) ? EpcisApi.AnswerPage(request, paging, answer) : Problems.ToHttp(tooLarge);
    }
}
