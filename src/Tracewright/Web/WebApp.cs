using Microsoft.AspNetCore.DataProtection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using Tracewright.Data;
using Tracewright.Features.Access;
using Tracewright.Features.Certificates;
using Tracewright.Features.Items;
using Tracewright.Features.Ledger;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Features.Quality;
using Tracewright.Features.Records;
using Tracewright.Features.Shipping;
using Tracewright.Features.Suppliers;
using Tracewright.Features.Trace;

namespace Tracewright.Web;

/// <summary>What <c>tracewright serve</c> is started with.</summary>
/// <remarks>
/// <paramref name="Keys"/> is the folder of the cookie and anti-forgery keys; servers behind one load balancer
/// share it (default: $TRACEWRIGHT_KEYS, else beside the SQLite file, else ~/.tracewright/keys).
/// <paramref name="RequestsPerMinute"/> is each signed-in caller's allowance (<see cref="RequestRate"/>; 0: no limit).
/// </remarks>
/// <paramref name="Certificate"/> serves every <c>https://</c> address of <paramref name="Urls"/> (<c>serve --https</c>).
/// <paramref name="Proxies"/> are the only addresses whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed
/// (<c>serve --proxy</c>); from anyone else those headers are ignored, so a client cannot claim TLS or another address.
/// <paramref name="SessionLifetime"/> is how long a sign-in lasts at most, however active (<c>serve --session-days</c>; default 7 days).
public sealed record WebOptions(
    string? Database,
    string Urls,
    TimeProvider Clock,
    string? Keys = null,
    int RequestsPerMinute = RequestRate.DefaultPerMinute,
    System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate = null,
    IReadOnlyList<System.Net.IPAddress>? Proxies = null,
    TimeSpan? SessionLifetime = null,
    TimeZoneInfo? TimeZone = null);

/// <summary>
/// The web application and HTTP API: one process, the same handlers as the CLI. <see cref="Build"/> is used by
/// <c>serve</c> and by the tests (which swap the server for a test server or a loopback port).
/// </summary>
public static class WebApp
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private const string SmartScheme = "cookie-or-bearer";

    public static WebApplication Build(WebOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Per-endpoint limits (BodyLimits) are lower; this is the ceiling for any request.
            k.Limits.MaxRequestBodySize = BodyLimits.Uploads;
            k.AddServerHeader = false;
            if (options.Certificate is { } certificate)
            {
                k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate);
            }
        });
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            // The defaults believe any loopback sender; only the configured proxies are believed here.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in options.Proxies ?? [])
            {
                o.KnownProxies.Add(proxy);
            }
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var startGate = new StartLogGate();
        builder.Services.AddSingleton(startGate);
        foreach (var category in StartLogGate.Categories)
        {
            var floor = category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) ? LogLevel.Warning : LogLevel.Information;
            builder.Logging.AddFilter(category, level => startGate.Allows(level, floor));
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information);
        builder.Services.AddHttpLogging(o =>
        {
            // One line per request, no headers or bodies: certificates and passwords never reach the log.
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });

        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddSingleton(new ShopTime(options.TimeZone ?? TimeZoneInfo.Local));
        var database = Database.Open(options.Database);
        builder.Services.AddSingleton(_ => database);

        // Cookie and anti-forgery keys live beside the SQLite file (or in TRACEWRIGHT_KEYS for PostgreSQL), not
        // in the user's profile: a copy of the shop moves with its keys, and two shops (or two test servers
        // with their own clocks) never share — and expire — each other's keys.
        var keys = options.Keys
            ?? Environment.GetEnvironmentVariable("TRACEWRIGHT_KEYS")
            ?? (database is SqliteDatabase sqlite && Path.GetDirectoryName(sqlite.Path) is { Length: > 0 } folder
                ? Path.Combine(folder, "keys")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".tracewright", "keys"));
        builder.Services.AddDataProtection().SetApplicationName("Tracewright").PersistKeysToFileSystem(new DirectoryInfo(keys));
        builder.Services.AddSingleton(sp => new Shop(sp.GetRequiredService<Database>(), options.Clock));
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<AccessRecorder>();
        builder.Services.AddSingleton(sp => new Sessions(sp.GetRequiredService<Shop>(), options.SessionLifetime ?? Sessions.DefaultLifetime, sp.GetRequiredService<ILogger<Sessions>>()));
        builder.Services.AddSingleton<HeavyRenders>();
        builder.Services.AddSingleton(new RequestRate(options.Clock, options.RequestsPerMinute));
        builder.Services.AddHostedService<LedgerFollower>();
        builder.Services.AddSingleton<Features.Epcis.CaptureJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Features.Epcis.CaptureJobs>());
        builder.Services.AddSingleton<Features.Epcis.Subscriptions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Features.Epcis.Subscriptions>());
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // A field the endpoint does not take is refused (400 naming it), not ignored: a misspelt field would otherwise
            // be dropped in silence, and a client sending recordedBy, sequence or status would believe it had set them.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // null where a request record declares a non-nullable type is a 400 at binding, not a null reaching a handler.
            o.SerializerOptions.RespectNullableAnnotations = true;
            // A key given twice is a 400 naming it, not "the last one wins": two systems reading one body must not
            // see two different requests (one checks the first reason, another records the second).
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.Converters.Add(new TextListConverter());
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnexpectedErrors>();
        builder.Services.AddAntiforgery(o =>
        {
            o.FormFieldName = "__csrf";
            o.Cookie.Name = "tracewright-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // SecurityHeaders sends X-Frame-Options: DENY (and frame-ancestors 'none') on every answer, not only here.
            o.SuppressXFrameOptionsHeader = true;
        });
        builder.Services.AddOpenApi();
        builder.Services.AddRazorComponents();

        builder.Services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie (people) or bearer token (machines)", o =>
                o.ForwardDefaultSelector = c => c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "tracewright";
                o.Cookie.HttpOnly = true;
                // Strict: a form on another site cannot post with our cookie, which also protects the API's cookie use.
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request came over TLS — directly, or through a configured proxy (X-Forwarded-Proto).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.LoginPath = "/signin";
                // Every request checks its session: ended, past its absolute lifetime, or its user changed since.
                o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
                o.Events.OnRedirectToLogin = c =>
                {
                    if (IsApi(c.Request))
                    {
                        c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }
                    else
                    {
                        // Relative: the handler's RedirectUri is absolute, built from the request's Host header, which
                        // anyone can set — a poisoned cache or a link would then send people to another host to sign in.
                        var back = c.Request.PathBase + c.Request.Path + c.Request.QueryString;
                        c.Response.Redirect("/signin" + QueryString.Create("ReturnUrl", back.ToString()));
                    }

                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(AccessPolicy.Add);

        configure?.Invoke(builder);
        var app = builder.Build();

        if (options.Proxies is { Count: > 0 })
        {
            // Only with proxies configured: with no known proxy the middleware would believe every sender.
            app.UseForwardedHeaders();
        }

        app.Use(SecurityHeaders.AddAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages(ErrorPages.WriteStatusAsync);
        app.UseHttpLogging();
        app.Use(UriRouteIds.BeforeRoutingAsync);
        app.UseWebSockets();
        app.UseRouting();
        app.Use(UriRouteIds.AfterRoutingAsync);
        app.UseAuthentication();
        app.Use(RequestRate.EnforceAsync);
        app.Use(CookieWrites.EnforceAsync);
        app.UseAuthorization();
        app.Use(BodyLimits.EnforceAsync);
        app.UseAntiforgery();

        app.MapGet("/health", HealthAsync).AllowAnonymous().WithTags("Health");
        app.MapOpenApi().AllowAnonymous();
        MapApi(app.MapGroup("/api").DisableAntiforgery());
        var epcis = app.MapGroup("/epcis").DisableAntiforgery();
        Features.Epcis.EpcisDiscovery.Map(epcis);
        Features.Epcis.EpcisApi.Map(epcis);
        Features.Epcis.EpcisResources.Map(epcis);
        Features.Epcis.NamedQueries.Map(epcis);
        Features.Epcis.Subscriptions.Map(epcis);
        Features.Epcis.EpcisPageTokens.Map(epcis);
        Pages.Map(app);
        return app;
    }

    /// <summary>Brings the schema up to date before the first request.</summary>
    public static async Task MigrateAsync(WebApplication app, CancellationToken cancellationToken) =>
        await app.Services.GetRequiredService<Database>().MigrateAsync(cancellationToken);

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/epcis") || request.Headers.Authorization.Count > 0;

    private static void MapApi(RouteGroupBuilder api)
    {
        AccessApi.Map(api);
        ItemsApi.Map(api);
        SuppliersApi.Map(api);
        ReceivingApi.Map(api);
        CertificatesApi.Map(api);
        LotsApi.Map(api);
        RecordsApi.Map(api);
        ProductionApi.Map(api);
        LedgerApi.Map(api);
        ShippingApi.Map(api);
        TraceApi.Map(api);
        QualityApi.Map(api);
    }

    private static async Task<IResult> HealthAsync(Shop shop, CancellationToken cancellationToken)
    {
        // Healthy means the database answers, not merely that the process runs.
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
        return TypedResults.Ok(new { status = "healthy", database = shop.Database.Dialect.ToString().ToLowerInvariant() });
    }
}
