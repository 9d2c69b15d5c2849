using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Web.Components;
using Tracewright.Domain.Common;
using Tracewright.Features.Access;
using Tracewright.Features.Certificates;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Quality;
using Tracewright.Features.Receiving;
using Tracewright.Features.Records;
using Tracewright.Features.Shipping;
using Tracewright.Features.Trace;

namespace Tracewright.Web;

/// <summary>
/// The server-rendered pages. Every form post is checked against anti-forgery tokens here, once, before any
/// page handler runs; each feature maps its own pages.
/// </summary>
public static class Pages
{
    /// <summary>The stylesheet and scripts, embedded so a single-file binary serves them without a wwwroot folder beside it.</summary>
    private static readonly (string Path, string Resource, string ContentType)[] Assets =
    [
        ("/app.css", "Tracewright.wwwroot.app.css", "text/css; charset=utf-8"),
        ("/scan.js", "Tracewright.wwwroot.scan.js", "text/javascript; charset=utf-8"),
        ("/vendor/zxing-library.min.js", "Tracewright.wwwroot.zxing-library.min.js", "text/javascript; charset=utf-8"),
    ];

    private static byte[] Embedded(string resource)
    {
        using var stream = typeof(Pages).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded in the executable");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static void Map(WebApplication app)
    {
        foreach (var (path, resource, contentType) in Assets)
        {
            var bytes = new Lazy<byte[]>(() => Embedded(resource));
            app.MapGet(path, () => TypedResults.File(bytes.Value, contentType)).AllowAnonymous().ExcludeFromDescription();
        }

        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(RequireFormTokenAsync);
        AccessPages.Map(pages);
        RecordPages.Map(pages);
        LotPages.Map(pages);
        ReceivingPages.Map(pages);
        ProductionPages.Map(pages);
        ProductionActionPages.Map(pages);
        CertificatePages.Map(pages);
        ShippingPages.Map(pages);
        TracePages.Map(pages);
        QualityPages.Map(pages);
        Features.Records.CorrectionPages.Map(pages);
        Features.Items.ItemPages.Map(pages);
        Features.Suppliers.SupplierPages.Map(pages);
        CaptureSerialPages.Map(pages);
        Features.Labels.LabelPages.Map(pages);
        Features.Spreadsheets.SheetPages.Map(pages);
        Features.Epcis.EpcisPages.Map(pages);
        Features.Ledger.LedgerPages.Map(pages);
    }

    /// <summary>
    /// A page: the Razor component <typeparamref name="TPage"/> (in its operation's folder) with its parameters, rendered on
    /// the server inside the one document and layout (<see cref="App"/>, <see cref="MainLayout"/>), with the status given.
    /// </summary>
    public static RazorComponentResult<App> Render<TPage>(object? parameters = null, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new(new Dictionary<string, object?>
        {
            [nameof(App.Page)] = typeof(TPage),
            [nameof(App.Parameters)] = parameters is null ? new Dictionary<string, object?>() : new RouteValueDictionary(parameters).ToDictionary(p => p.Key, p => p.Value),
        })
        {
            StatusCode = status,
        };

    /// <summary>Renders an expected error as the page's status (400/404/409/422) with the form shown again.</summary>
    public static int StatusOf(Error? error) => error is null ? StatusCodes.Status200OK : Problems.StatusOf(error);

    /// <summary>
    /// The anti-forgery check reads the form first; a body that cannot be read as a form (a broken multipart section) is
    /// refused like a form without its token. The handlers then read the form already parsed.
    /// </summary>
    private static async Task<bool> IsValidFormAsync(HttpContext http)
    {
        try
        {
            return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static async ValueTask<object?> RequireFormTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method) && !await IsValidFormAsync(http))
        {
            return Render<MessagePage>(new { Title = "Form expired", Message = "This form is out of date or did not come from Tracewright. Go back, reload the page and send it again." }, StatusCodes.Status400BadRequest);
        }

        return await next(context);
    }
}
