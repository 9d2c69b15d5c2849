using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing.Template;
using Tracewright.Domain.Common;
using Tracewright.Web;

namespace Tracewright.Features.Epcis;

/// <summary>
/// What the EPCIS REST binding says about the server on every answer under <c>/epcis</c> (issue 17): the <c>GS1-EPCIS-*</c>,
/// <c>GS1-CBV-*</c>, <c>GS1-EPC-Format</c> and <c>GS1-Vendor-Version</c> headers; <c>406</c>
/// (<c>epcisException:NotAcceptableException</c>) when the client asks for a version, an identifier format or a media type
/// this server does not give; <c>GET /epcis</c>, the top-level resources; and <c>OPTIONS</c> on every resource (204 with
/// <c>Allow</c> and the same headers). Identifiers are returned as they were captured (<c>Never_Translates</c>), or all as GS1
/// Digital Links when the client asks <c>Always_GS1_Digital_Link</c>; a GS1 Digital Link cannot be turned into an EPC URN
/// without the company prefix's length, which the link does not carry, so <c>Always_EPC_URN</c> is a 406.
/// </summary>
public static class EpcisDiscovery
{
    public const string Version = "2.0.0";

    private const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    private static readonly string Vendor = "tracewright " + (typeof(EpcisDiscovery).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "dev");

    /// <summary>The resources <c>GET /epcis</c> lists, as the binding names them.</summary>
    public static readonly string[] TopLevel = ["queries", "capture", "events", "eventTypes", "epcs", "readPoints", "bizLocations", "dispositions", "bizSteps"];

    public static void Map(RouteGroupBuilder epcis)
    {
        epcis.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            Announce(http.Response.Headers);
            if (Refusal(http.Request) is { } refused)
            {
                return refused;
            }

            var result = await next(context);
            if (result is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { ProblemDetails: { } problem })
            {
                problem.Type = ExceptionOf(http.Request, problem.Status ?? 500) ?? problem.Type;
            }

            return result;
        });
        epcis.MapGet("", () => TypedResults.Text(
                JsonSerializer.Serialize(new Dictionary<string, object> { ["@context"] = Context, ["type"] = "Collection", ["member"] = TopLevel }), "application/ld+json"))
            .RequireAuthorization(AccessPolicy.Viewer).WithTags("EPCIS").WithSummary("The top-level resources of this EPCIS repository");
        epcis.MapMethods("/{**path}", ["OPTIONS"], Options)
            .RequireAuthorization(AccessPolicy.Viewer).WithTags("EPCIS").WithSummary("Discovery: the methods a resource takes and the server's EPCIS settings");
        epcis.MapMethods("", ["OPTIONS"], Options)
            .RequireAuthorization(AccessPolicy.Viewer).WithTags("EPCIS").WithSummary("Discovery: the server's EPCIS settings");
    }

    private static void Announce(IHeaderDictionary headers)
    {
        headers["GS1-EPCIS-Version"] = Version;
        headers["GS1-EPCIS-Min"] = Version;
        headers["GS1-EPCIS-Max"] = Version;
        headers["GS1-CBV-Version"] = Version;
        headers["GS1-CBV-Min"] = Version;
        headers["GS1-CBV-Max"] = Version;
        headers["GS1-EPC-Format"] = "Never_Translates";
        headers["GS1-CBV-XML-Format"] = "Never_Translates";
        headers["GS1-Vendor-Version"] = Vendor;
    }

    /// <summary>Why the request cannot be answered as it asks (406), or null.</summary>
    private static IResult? Refusal(HttpRequest request)
    {
        var h = request.Headers;
        foreach (var (name, low, high) in new[] { ("EPCIS", "GS1-EPCIS-Min", "GS1-EPCIS-Max"), ("CBV", "GS1-CBV-Min", "GS1-CBV-Max") })
        {
            var exact = h[$"GS1-{name}-Version"].ToString();
            if (exact.Length > 0 && Compare(exact, Version) is not 0)
            {
                return NotAcceptable($"GS1-{name}-Version {exact}: this server speaks {name} {Version}");
            }

            if (h[low].ToString() is { Length: > 0 } min && Compare(min, Version) is null or > 0)
            {
                return NotAcceptable($"{low} {min}: this server speaks {name} {Version}");
            }

            if (h[high].ToString() is { Length: > 0 } max && Compare(max, Version) is null or < 0)
            {
                return NotAcceptable($"{high} {max}: this server speaks {name} {Version}");
            }
        }

        var format = h["GS1-EPC-Format"].ToString();
        if (format is "Always_EPC_URN")
        {
            return NotAcceptable("GS1-EPC-Format Always_EPC_URN: a GS1 Digital Link cannot be turned into an EPC URN without the company prefix's length; ask with Always_GS1_Digital_Link, Never_Translates or No_Preference");
        }

        if (format.Length > 0 && format is not ("No_Preference" or "Never_Translates" or "Always_GS1_Digital_Link"))
        {
            return Problems.ToHttp(new InvalidInput("GS1-EPC-Format", $"GS1-EPC-Format is No_Preference, Always_GS1_Digital_Link, Always_EPC_URN or Never_Translates, not '{format}'"));
        }

        var accept = h.Accept.ToString();
        if (accept.Length > 0 && !accept.Split(',').Select(a => a.Split(';')[0].Trim().ToLowerInvariant())
                .Any(a => a is "*/*" or "application/*" or "application/json" or "application/ld+json" or "application/xml" or "text/xml" or "application/problem+json"))
        {
            return NotAcceptable($"Accept {accept}: this server answers application/ld+json, application/json or application/xml");
        }

        return null;
    }

    /// <summary>
    /// The binding's exception type for a problem answered under <c>/epcis</c> (the body keeps this server's <c>code</c>):
    /// a bad query parameter is a QueryParameterException, any other bad request a ValidationException, and so on.
    /// </summary>
    private static string? ExceptionOf(HttpRequest request, int status) => status switch
    {
        400 => HttpMethods.IsGet(request.Method) ? "epcisException:QueryParameterException" : "epcisException:ValidationException",
        403 => "epcisException:SecurityException",
        404 => "epcisException:NoSuchNameException",
        409 => "epcisException:ResourceAlreadyExistsException",
        413 => request.Path.StartsWithSegments("/epcis/capture") || HttpMethods.IsPost(request.Method) ? "epcisException:CaptureLimitExceededException" : "epcisException:QueryTooLargeException",
        415 => "epcisException:UnsupportedMediaTypeException",
        >= 500 => "epcisException:ImplementationException",
        _ => null,
    };

    /// <summary>Compares dotted versions (2.0 equals 2.0.0); null when one is not a version.</summary>
    private static int? Compare(string a, string b)
    {
        static int[]? Parts(string v) =>
            v.Trim().Split('.') is var parts && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)) ? parts.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : null;
        if (Parts(a) is not { } x || Parts(b) is not { } y)
        {
            return null;
        }

        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static IResult NotAcceptable(string detail) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Type = "epcisException:NotAcceptableException",
            Title = "Conflicting request and response headers",
            Status = StatusCodes.Status406NotAcceptable,
            Detail = detail,
        });

    /// <summary><c>OPTIONS</c>: 204 with the methods of the resource at this path (404 when there is none).</summary>
    private static IResult Options(HttpContext context, EndpointDataSource endpoints)
    {
        var path = context.Request.Path.Value ?? "";
        var methods = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/epcis", StringComparison.Ordinal) && !raw.Contains("**", StringComparison.Ordinal)
                && new TemplateMatcher(TemplateParser.Parse(raw), []).TryMatch(path, []))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            .Where(m => m != "OPTIONS")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (methods.Count == 0)
        {
            return Problems.ToHttp(new NotFound("EPCIS resource", path, "path"));
        }

        context.Response.Headers.Allow = string.Join(", ", ["OPTIONS", .. methods]);
        if (path.TrimEnd('/').EndsWith("/capture", StringComparison.Ordinal))
        {
            context.Response.Headers["GS1-EPCIS-Capture-Limit"] = EpcisApi.CaptureEventLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["GS1-EPCIS-Capture-File-Size-Limit"] = EpcisApi.CaptureLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["GS1-Capture-Error-Behaviour"] = "rollback, proceed";
        }

        return TypedResults.NoContent();
    }
}
