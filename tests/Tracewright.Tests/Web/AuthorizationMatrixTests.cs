using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracewright.Domain.Access;

namespace Tracewright.Tests.Web;

/// <summary>
/// Every mapped endpoint × every role and anonymous. The table below is the intended access; an endpoint that
/// is not in it fails the test, so a new endpoint cannot ship without someone deciding who may call it.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    /// <summary>null: anyone, signed in or not. Otherwise the least role that may call it.</summary>
    private static readonly Dictionary<string, Role?> Expected = new()
    {
        ["GET /health"] = null,
        ["GET /openapi/{documentName}.json"] = null,
        ["GET /app.css"] = null,
        ["GET /signin"] = null,
        ["POST /signin"] = null,
        ["GET /setup"] = null,
        ["POST /setup"] = null,
        ["POST /signout"] = Role.Viewer,
        ["GET /"] = Role.Viewer,
        ["GET /search"] = Role.Viewer,
        ["GET /records/{id}"] = Role.Viewer,
        ["GET /lots"] = Role.Viewer,
        ["GET /lots/{id}"] = Role.Viewer,
        ["POST /lots/{id}/split"] = Role.Operator,
        ["POST /lots/{id}/status"] = Role.Quality,
        ["POST /lots/{id}/correct"] = Role.Quality,
        ["POST /records/{id}/correct"] = Role.Quality,
        ["POST /units/{id}/status"] = Role.Quality,
        ["GET /receive"] = Role.Operator,
        ["POST /receive"] = Role.Operator,
        ["GET /make"] = Role.Operator,
        ["POST /make"] = Role.Operator,
        ["GET /units/{id}"] = Role.Viewer,
        ["POST /units/{id}/events"] = Role.Operator,
        ["POST /units/{id}/install"] = Role.Operator,
        ["POST /units/{id}/remove"] = Role.Operator,
        ["POST /lots/{id}/certificates"] = Role.Operator,
        ["GET /containers"] = Role.Viewer,
        ["POST /containers"] = Role.Operator,
        ["GET /containers/{id}"] = Role.Viewer,
        ["POST /containers/{id}/pack"] = Role.Operator,
        ["GET /boms"] = Role.Admin,
        ["POST /boms"] = Role.Admin,
        ["GET /customers"] = Role.Viewer,
        ["POST /customers"] = Role.Admin,
        ["GET /customers/{id}"] = Role.Viewer,
        ["POST /orders"] = Role.Operator,
        ["GET /orders/{id}"] = Role.Viewer,
        ["GET /ship"] = Role.Operator,
        ["POST /ship"] = Role.Operator,
        ["GET /shipments/{id}"] = Role.Viewer,
        ["GET /returns"] = Role.Viewer,
        ["POST /returns"] = Role.Operator,
        ["GET /trace"] = Role.Viewer,
        ["GET /recall"] = Role.Viewer,
        ["POST /recall/block"] = Role.Quality,
        ["GET /compliance"] = Role.Viewer,
        ["GET /ncrs"] = Role.Viewer,
        ["POST /ncrs"] = Role.Quality,
        ["GET /ncrs/{id}"] = Role.Viewer,
        ["POST /ncrs/{id}/disposition"] = Role.Quality,
        ["POST /ncrs/{id}/close"] = Role.Quality,
        ["GET /capas"] = Role.Viewer,
        ["POST /capas"] = Role.Quality,
        ["GET /capas/{id}"] = Role.Viewer,
        ["POST /capas/{id}/{step}"] = Role.Quality,
        ["GET /deviations"] = Role.Viewer,
        ["POST /deviations"] = Role.Quality,
        ["GET /admin"] = Role.Admin,
        ["POST /admin/users"] = Role.Admin,
        ["POST /admin/tokens"] = Role.Admin,
        ["POST /admin/tokens/{id}/revoke"] = Role.Admin,
        ["GET /api/me"] = Role.Viewer,
        ["GET /api/access-log"] = Role.Admin,
        ["GET /api/users"] = Role.Admin,
        ["POST /api/users"] = Role.Admin,
        ["GET /api/tokens"] = Role.Admin,
        ["POST /api/tokens"] = Role.Admin,
        ["POST /api/tokens/{id}/revoke"] = Role.Admin,
        ["GET /api/items"] = Role.Viewer,
        ["POST /api/items"] = Role.Admin,
        ["GET /api/suppliers"] = Role.Viewer,
        ["POST /api/suppliers"] = Role.Admin,
        ["POST /api/lots/receive"] = Role.Operator,
        ["POST /api/lots/{id}/certificates"] = Role.Operator,
        ["GET /api/certificates/{id}/file"] = Role.Viewer,
        ["GET /api/lots"] = Role.Viewer,
        ["POST /api/lots/{id}/split"] = Role.Operator,
        ["POST /api/lots/{id}/block"] = Role.Quality,
        ["POST /api/lots/{id}/release"] = Role.Quality,
        ["POST /api/lots/{id}/reject"] = Role.Quality,
        ["POST /api/lots/{id}/scrap"] = Role.Quality,
        ["POST /api/lots/{id}/corrections"] = Role.Quality,
        ["GET /api/lots/{id}/labels"] = Role.Viewer,
        ["GET /api/records/{id}"] = Role.Viewer,
        ["POST /api/boms"] = Role.Admin,
        ["POST /api/manufacture"] = Role.Operator,
        ["POST /api/units/capture"] = Role.Operator,
        ["POST /api/units/{id}/events"] = Role.Operator,
        ["POST /api/units/{id}/status"] = Role.Quality,
        ["POST /api/units/{id}/install"] = Role.Operator,
        ["POST /api/units/{id}/remove"] = Role.Operator,
        ["GET /api/units/{id}/asbuilt"] = Role.Viewer,
        ["POST /api/containers"] = Role.Operator,
        ["POST /api/containers/{id}/pack"] = Role.Operator,
        ["POST /api/containers/{id}/unpack"] = Role.Operator,
        ["GET /api/ledger/verify"] = Role.Quality,
        ["POST /api/manufacture/{id}/corrections"] = Role.Quality,
        ["GET /api/customers"] = Role.Viewer,
        ["POST /api/customers"] = Role.Admin,
        ["GET /api/customers/{id}"] = Role.Viewer,
        ["GET /api/orders"] = Role.Viewer,
        ["POST /api/orders"] = Role.Operator,
        ["GET /api/orders/{id}"] = Role.Viewer,
        ["GET /api/shipments"] = Role.Viewer,
        ["POST /api/shipments"] = Role.Operator,
        ["GET /api/shipments/{id}"] = Role.Viewer,
        ["GET /api/returns"] = Role.Viewer,
        ["POST /api/returns"] = Role.Operator,
        ["GET /api/trace/forward/{id}"] = Role.Viewer,
        ["GET /api/trace/backward/{id}"] = Role.Viewer,
        ["GET /api/recall/{id}"] = Role.Viewer,
        ["POST /api/recall/{id}/block"] = Role.Quality,
        ["GET /api/recall/{id}/export.csv"] = Role.Viewer,
        ["GET /api/recall/{id}/export.xlsx"] = Role.Viewer,
        ["GET /api/recall/{id}/report.html"] = Role.Viewer,
        ["GET /api/compliance/{id}"] = Role.Viewer,
        ["GET /api/compliance/{id}/dossier.zip"] = Role.Viewer,
        ["GET /api/ncrs"] = Role.Viewer,
        ["POST /api/ncrs"] = Role.Quality,
        ["POST /api/ncrs/{id}/disposition"] = Role.Quality,
        ["POST /api/ncrs/{id}/close"] = Role.Quality,
        ["GET /api/capas"] = Role.Viewer,
        ["POST /api/capas"] = Role.Quality,
        ["POST /api/capas/{id}/actions"] = Role.Quality,
        ["POST /api/capas/{id}/done"] = Role.Quality,
        ["POST /api/capas/{id}/checks"] = Role.Quality,
        ["POST /api/capas/{id}/close"] = Role.Quality,
        ["GET /api/deviations"] = Role.Viewer,
        ["POST /api/deviations"] = Role.Quality,
        ["POST /epcis/capture"] = Role.Operator,
        ["GET /epcis/events"] = Role.Viewer,
    };

    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    /// <summary>Method, route (a group's "" route has no trailing slash) and whether it takes multipart uploads.</summary>
    private IReadOnlyList<(string Method, string Route, bool Multipart)> MappedEndpoints() =>
        _web.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (
                m,
                "/" + e.RoutePattern.RawText!.Trim('/'),
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("multipart/form-data") == true)))
            .Distinct()
            .OrderBy(e => e.Item2, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_mapped_endpoint_has_an_intended_access_and_every_intended_one_is_mapped()
    {
        var mapped = MappedEndpoints().Select(e => $"{e.Method} {e.Route}").ToHashSet();
        var undecided = mapped.Where(k => !Expected.ContainsKey(k)).ToList();
        var missing = Expected.Keys.Where(k => !mapped.Contains(k)).ToList();
        Assert.True(undecided.Count == 0, $"endpoints nobody decided access for: {string.Join("; ", undecided)}");
        Assert.True(missing.Count == 0, $"endpoints in the table but not mapped: {string.Join("; ", missing)}");
    }

    [Fact]
    public async Task Every_endpoint_admits_exactly_the_roles_it_should_and_never_answers_500()
    {
        var failures = new List<string>();
        var callers = new Role?[] { null, Role.Viewer, Role.Operator, Role.Quality, Role.Admin };
        foreach (var (method, route, multipart) in MappedEndpoints())
        {
            var needed = Expected.GetValueOrDefault($"{method} {route}");
            var path = route.Replace("{id}", "NOPE-1", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal);
            foreach (var caller in callers)
            {
                var client = await _web.ClientAsync(caller);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                {
                    // The content type the endpoint declares, so routing reaches authorization instead of answering 415.
                    request.Content = multipart
                        ? new MultipartFormDataContent { { new StringContent("x"), "item" } }
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var toSignIn = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true;
                var refused = status is 401 or 403 || toSignIn;
                var who = caller?.Name() ?? "anonymous";
                var allowed = Expected.ContainsKey($"{method} {route}") && (needed is null || (caller is { } held && held.Allows(needed.Value)));
                if (allowed && refused)
                {
                    failures.Add($"{method} {route}: {who} was refused ({status})");
                }
                else if (!allowed && !refused)
                {
                    failures.Add($"{method} {route}: {who} got in ({status}) but needs {needed?.Name() ?? "?"}");
                }
                else if (!allowed && caller is null && status == 403)
                {
                    failures.Add($"{method} {route}: anonymous got 403 instead of a challenge");
                }

                if (status >= 500)
                {
                    failures.Add($"{method} {route}: {who} got {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
