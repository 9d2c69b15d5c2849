using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Epcis;

/// <summary>
/// The REST binding's <c>nextPageToken</c>s (issue 17): opaque, protected by ASP.NET Core Data Protection (authenticated
/// encryption under the server's keys, which live beside the database and survive restarts), bound to the resource and the
/// query they page (a token given for one query is refused for another), and valid for <see cref="Lifetime"/>, which the
/// <c>GS1-Next-Page-Token-Expires</c> header states. Inside is only where the next page starts: nothing is held on the
/// server, so <c>DELETE /epcis/nextPageToken/{token}</c> has nothing to release and answers 204 for a token of ours.
/// </summary>
public static class EpcisPageTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string Purpose = "Tracewright.Epcis.NextPageToken.v1";

    public static void Map(RouteGroupBuilder epcis) =>
        epcis.MapDelete("/nextPageToken/{id}", Release)
            .RequireAuthorization(Web.AccessPolicy.Viewer).WithTags("EPCIS").WithSummary("Release a nextPageToken (nothing is held for it; 204 for a token of this server)");

    private static IResult Release(string id, HttpRequest request) =>
        Read(request, id) is null ? Problems.ToHttp(new NotFound("nextPageToken", id[..Math.Min(id.Length, 40)], "token")) : TypedResults.NoContent();

    /// <summary>A token for the page after <paramref name="position"/> of the request's resource and query; sets the expiry header.</summary>
    public static string Give(HttpRequest request, string position)
    {
        var expires = DateTimeOffset.UtcNow + Lifetime;
        request.HttpContext.Response.Headers["GS1-Next-Page-Token-Expires"] = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return Mint(request.HttpContext.RequestServices, Scope(request), position, expires);
    }

    /// <summary>A token for <paramref name="position"/> of the query <paramref name="scope"/>, valid until <paramref name="expires"/>.</summary>
    public static string Mint(IServiceProvider services, string scope, string position, DateTimeOffset expires) =>
        Protector(services).Protect(scope + "\n" + position, expires);

    /// <summary>Where the page the token names starts, for this resource and query; an error naming nextPageToken otherwise.</summary>
    public static Result<string> Take(HttpRequest request, string token) =>
        Read(request, token) is { } payload && payload.Split('\n', 2) is [var scope, var position] && scope == Scope(request)
            ? position
            : new InvalidInput("nextPageToken", "nextPageToken is not one this server gave out for this query, or it has expired (tokens last an hour): ask for the first page again");

    /// <summary>The query's parameters with its nextPageToken (if any) opened to the position it names.</summary>
    public static Result<IReadOnlyList<KeyValuePair<string, string?>>> Open(HttpRequest request, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        var opened = new List<KeyValuePair<string, string?>>(parameters.Count);
        foreach (var p in parameters)
        {
            if (p.Key != "nextPageToken")
            {
                opened.Add(p);
            }
            else if (Take(request, p.Value ?? "").TryGet(out var position, out var error))
            {
                opened.Add(new(p.Key, position));
            }
            else
            {
                return error;
            }
        }

        return opened;
    }

    private static string? Read(HttpRequest request, string token)
    {
        try
        {
            return Protector(request.HttpContext.RequestServices).Unprotect(token, out _);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>The resource and its query parameters (not the paging ones), in a fixed order.</summary>
    private static string Scope(HttpRequest request) =>
        request.Path + "?" + string.Join("&", request.Query
            .Where(q => q.Key is not ("nextPageToken" or "perPage"))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")));
}
