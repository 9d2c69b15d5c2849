using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Domain.Common;
using Tracewright.Web;

namespace Tracewright.Features.Receiving;

/// <summary>
/// <c>POST /api/lots/receive</c>: multipart/form-data with the CLI's field names (item, supplier, heat, qty, uom,
/// supplier-lot, po, grade, certifications, received-on, allow-duplicate) and the certificate file as
/// <c>certificate</c> with certificate-type, certificate-heat, certificate-issuer, certificate-issued,
/// certificate-standards, certificate-substances.
/// </summary>
public static class ReceivingApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/lots/receive", ReceiveAsync)
            .RequireAuthorization(AccessPolicy.Operator)
            .Upload()
            .Accepts<IFormFile>("multipart/form-data")
            .WithTags("Receiving")
            .WithSummary("Receive a delivery as a new lot, checking its certificate");

    public static async Task<Results<Created<ReceiveLot.Response>, ProblemHttpResult>> ReceiveAsync(HttpRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        var form = await Forms.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return Problems.ToHttp(Forms.NotAForm);
        }

        var received = await ReceiveLot.HandleAsync(shop, AccessPolicy.ActorOf(user), await RequestOfAsync(form, cancellationToken), cancellationToken);
        return ApiResults.Created(received, r => $"/api/records/{Uri.EscapeDataString(r.Lot)}");
    }

    /// <summary>The receipt a form describes; the Receiving page posts the same fields.</summary>
    public static async Task<ReceiveLot.Request> RequestOfAsync(IFormCollection form, CancellationToken cancellationToken) =>
        new(
            Forms.Text(form, "item"),
            Forms.Text(form, "supplier"),
            Forms.Text(form, "heat"),
            Forms.Text(form, "qty"),
            Forms.Text(form, "uom"),
            Forms.Text(form, "supplier-lot"),
            Forms.Text(form, "po"),
            Forms.Text(form, "grade"),
            Text.List(Forms.Text(form, "certifications")),
            Forms.Text(form, "received-on"),
            await Forms.CertificateAsync(form, "certificate", cancellationToken),
            Forms.Flag(form, "allow-duplicate"));
}
