using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Web;
using static Tracewright.Web.Html;

namespace Tracewright.Features.Certificates;

/// <summary>Attach a certificate on the lot's page: a new file (photographed or scanned) or one already filed.</summary>
public static class CertificatePages
{
    private static readonly string[] FieldsOnForm = ["file", "file-type", "file-heat", "file-issuer", "file-issued", "file-standards", "file-substances", "certificate"];

    public static void Map(RouteGroupBuilder pages) =>
        pages.MapPost("/lots/{id}/certificates", AttachAsync).RequireAuthorization(AccessPolicy.Operator).Upload();

    /// <summary>The form, for an operator; empty for anyone else.</summary>
    public static string Form(HttpContext context, string lot, Error? error = null, IFormCollection? typed = null)
    {
        if (!AccessPolicy.May(context.User, Role.Operator))
        {
            return "";
        }

        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var types = Enum.GetNames<CertificateType>().Select(t => (t, t));
        return $"""
            <form method="post" action="/lots/{U(lot)}/certificates" enctype="multipart/form-data" class="card" id="attach-form">{Csrf(context)}
              <h2>Attach a certificate</h2>
              {Field("file", "Certificate file (PDF or photo)", null, error, "file", extra: "accept=\"application/pdf,image/*\" capture=\"environment\"")}
              <div class="grid">
                {Select("file-type", "Type", types, V("file-type") ?? "CofC", error)}
                {Field("file-heat", "Heat number(s) printed on it", V("file-heat"), error, hint: "comma-separate several", extra: "autocapitalize=\"characters\"")}
                {Field("file-issuer", "Issued by", V("file-issuer"), error)}
                {Field("file-issued", "Issue date", V("file-issued"), error, "date")}
                {Field("file-standards", "Standards it declares conformance to", V("file-standards"), error, hint: "comma-separated, e.g. RoHS 2011/65/EU, REACH")}
                {Field("file-substances", "Restricted substances it declares present", V("file-substances"), error, hint: "comma-separated; empty when it declares none")}
              </div>
              {Field("certificate", "…or one already filed", V("certificate"), error, hint: "CERT-…")}
              <button type="submit">Attach</button>
            </form>
            """;
    }

    public static async Task<IResult> AttachAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var file = await Forms.CertificateAsync(form, "file", cancellationToken);
        var attached = await AttachCertificate.HandleAsync(shop, AccessPolicy.ActorOf(context.User), new AttachCertificate.Request(id, Forms.Text(form, "certificate"), file), cancellationToken);
        if (attached.TryGet(out _, out var error))
        {
            return TypedResults.Redirect($"/lots/{U(id)}");
        }

        return Page(context, $"Attach a certificate to {id}", $"""{Banner(error, FieldsOnForm)}<p><a href="/lots/{U(id)}">Back to the lot</a></p>{Form(context, id, error, form)}""", Pages.StatusOf(error));
    }
}
