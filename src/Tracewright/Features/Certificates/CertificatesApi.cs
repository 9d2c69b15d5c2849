using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Web;

namespace Tracewright.Features.Certificates;

/// <summary>Attach a certificate to a lot (multipart: <c>file</c> with file-type, file-heat…, or <c>certificate</c> naming a filed one); open a certificate's file.</summary>
public static class CertificatesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/lots/{id}/certificates", AttachAsync)
            .RequireAuthorization(AccessPolicy.Operator)
            .Upload()
            .Accepts<IFormFile>("multipart/form-data")
            .WithTags("Certificates")
            .WithSummary("Attach a certificate (new file or one already filed) to a lot and its pieces");
        api.MapGet("/certificates/{id}/file", FileAsync)
            .RequireAuthorization(AccessPolicy.Viewer)
            .WithTags("Certificates")
            .WithSummary("The certificate's file as it was filed");
    }

    public static async Task<Results<Ok<AttachCertificate.Response>, ProblemHttpResult>> AttachAsync(string id, HttpRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        var form = await Forms.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return Problems.ToHttp(Forms.NotAForm);
        }

        var file = await Forms.CertificateAsync(form, "file", cancellationToken);
        var attached = await AttachCertificate.HandleAsync(shop, AccessPolicy.ActorOf(user), new AttachCertificate.Request(id, Forms.Text(form, "certificate"), file), cancellationToken);
        return ApiResults.Reply(attached);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(string id, Shop shop, CancellationToken cancellationToken)
    {
        var certificateId = CertificateId.Parse(id);
        if (!certificateId.TryGet(out var certificate, out var error))
        {
            return Problems.ToHttp(error);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var found = await MaterialsQueries.FindCertificateAsync(connection, null, certificate, cancellationToken);
        var stored = found is null ? null : await Documents.GetAsync(connection, found.File, cancellationToken);
        if (found is null || stored is null)
        {
            return Problems.ToHttp(new Domain.Common.NotFound("certificate", certificate.Value, "id"));
        }

        // Inline, so a tablet opens the PDF in place; the stored media type was checked when it was filed.
        return TypedResults.File(stored.Content, found.MediaType);
    }
}
