using Tracewright.Web;

namespace Tracewright.Features.Certificates;

/// <summary>Attach a certificate on the lot's page (<see cref="AttachCertificateForm"/>): a new file (photographed or scanned) or one already filed.</summary>
public static class CertificatePages
{
    public static void Map(RouteGroupBuilder pages) =>
        pages.MapPost("/lots/{id}/certificates", AttachAsync).RequireAuthorization(AccessPolicy.Operator).Upload();

    public static async Task<IResult> AttachAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var file = await Forms.CertificateAsync(form, "file", cancellationToken);
        var attached = await AttachCertificate.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new AttachCertificate.Request(id, Forms.Text(form, "certificate"), file), cancellationToken);
        return attached.TryGet(out _, out var error)
            ? TypedResults.Redirect($"/lots/{Uri.EscapeDataString(id)}")
            : Pages.Render<AttachCertificatePage>(new { Lot = id, Error = error, Typed = form }, Pages.StatusOf(error));
    }
}
