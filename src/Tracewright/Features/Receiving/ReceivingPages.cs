using System.Text;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Certificates;
using Tracewright.Web;
using static Tracewright.Web.Html;

namespace Tracewright.Features.Receiving;

/// <summary>The Receiving form: a delivery with its certificate, and the verification outcome in plain words.</summary>
public static class ReceivingPages
{
    /// <summary>A file sent back in the page after a refusal, so the clerk need not choose it again; larger ones must be.</summary>
    private const int MaxKeptBytes = 3_000_000; // its base64 stays under the form reader's 4 MiB a value

    private const string DuplicateLabel = "This is a second delivery: record it although one like it is on file";

    private static readonly string[] FieldsOnForm =
        ["item", "supplier", "heat", "qty", "uom", "supplier-lot", "po", "grade", "certifications", "received-on", "allow-duplicate",
         "certificate", "certificate-type", "certificate-heat", "certificate-issuer", "certificate-issued", "certificate-standards", "certificate-substances"];

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/receive", FormAsync).RequireAuthorization(AccessPolicy.Operator);
        pages.MapPost("/receive", ReceiveAsync).RequireAuthorization(AccessPolicy.Operator).Upload();
    }

    public static Task<IResult> FormAsync(HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderAsync(context, shop, null, null, null, cancellationToken);

    public static async Task<IResult> ReceiveAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = await ReceivingApi.RequestOfAsync(form, cancellationToken);
        request = request with { Certificate = request.Certificate ?? Kept(form) };
        var received = await ReceiveLot.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        if (!received.TryGet(out var lot, out var error))
        {
            return await RenderAsync(context, shop, InPageTerms(error), form, request.Certificate, cancellationToken);
        }

        var verdict = lot.Status switch
        {
            LotStatus.Available => $"Accepted: {lot.Checked}. The lot is available.",
            LotStatus.Quarantine => $"Quarantined: {lot.Checked}. The lot cannot be used until its required certificate is attached.",
            LotStatus.Rejected => "Rejected: return it to the supplier unless a valid certificate is presented.",
            _ => lot.Status.Describe(),
        };
        var body = $"""
            <div class="outcome" id="outcome">
              <p><a href="/lots/{U(lot.Lot)}">{E(lot.Lot)}</a> {Status(lot.Status.Describe())}</p>
              <p id="verdict">{E(verdict)}</p>
              {(lot.Reason is null ? "" : $"<p><strong>Why:</strong> {E(lot.Reason)}</p>")}
            </div>
            <dl class="facts">
              <dt>Item</dt><dd>{E(lot.Item)}</dd>
              <dt>Supplier</dt><dd>{E(lot.Supplier)}</dd>
              <dt>Heat</dt><dd>{E(lot.Heat)}</dd>
              <dt>Quantity</dt><dd>{E(lot.Quantity)} {E(lot.Uom)}</dd>
              <dt>Certificate</dt><dd>{(lot.Certificate is null ? "none" : $"""<a href="/api/certificates/{U(lot.Certificate)}/file" target="_blank">{E(lot.Certificate)}</a>""")}</dd>
            </dl>
            {string.Join("", lot.Warnings.Select(w => $"""<p class="banner">{E(w)}</p>"""))}
            <p><a href="/lots/{U(lot.Lot)}">Open the lot</a> · <a href="/api/lots/{U(lot.Lot)}/labels" download>Print its label</a> · <a href="/receive">Receive another delivery</a></p>
            """;
        return Page(context, $"Received {lot.Lot}", body, StatusCodes.Status201Created);
    }

    /// <summary>The handler tells a CLI or API caller to send allow-duplicate; a person ticks the box the page shows with the warning.</summary>
    private static Error InPageTerms(Error error) =>
        error is StateConflict { Rule: ReceiveLot.DuplicateDelivery } duplicate
            ? new StateConflict(duplicate.Rule, duplicate.Explanation.Replace(ReceiveLot.DuplicateAdvice, $"if it really is a second delivery, tick \u201c{DuplicateLabel}\u201d and press Receive again", StringComparison.Ordinal), duplicate.InputField)
            : error;

    /// <summary>The certificate file the page sent back after a refusal, when the clerk did not choose another.</summary>
    private static CertificateInput? Kept(IFormCollection form)
    {
        if (Forms.Text(form, "certificate-kept") is not { } encoded || Forms.Text(form, "certificate-kept-name") is not { } name)
        {
            return null;
        }

        var content = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, content, out var length) ? Forms.Certificate(form, "certificate", name, content[..length]) : null;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, Shop shop, Error? error, IFormCollection? typed, CertificateInput? sent, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        var suppliers = await MaterialsQueries.ListSuppliersAsync(connection, cancellationToken);
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var types = new[] { ("", "— no certificate —") }.Concat(Enum.GetNames<CertificateType>().Select(t => (t, t)));
        var duplicate = error is StateConflict { Rule: ReceiveLot.DuplicateDelivery } || (typed is not null && Forms.Flag(typed, "allow-duplicate"));
        var kept = sent is { FileName: { } fileName, Content: { Length: > 0 and <= MaxKeptBytes } content }
            ? $"""
              <input type="hidden" name="certificate-kept-name" value="{E(fileName)}">
              <input type="hidden" name="certificate-kept" value="{Convert.ToBase64String(content)}">
              <p class="kept" id="certificate-kept">Kept: {E(fileName)} — choose another file only to replace it.</p>
              """
            : sent is null ? "" : """<p class="kept">Choose the certificate file again: it is too large to keep between tries.</p>""";
        var body = new StringBuilder();
        body.Append(Banner(error, FieldsOnForm));
        body.Append($"""
            <form method="post" action="/receive" enctype="multipart/form-data" class="card">{Csrf(context)}
              <div class="grid">
                {Select("item", "Item", items.Select(i => (i.Code.Value, $"{i.Code.Value} — {i.Description}")), V("item"), error)}
                {Select("supplier", "Supplier", suppliers.Select(s => (s.Name.Value, s.Name.Value)), V("supplier"), error)}
                {Field("heat", "Heat / batch number on the material", V("heat"), error, required: true, extra: "autocapitalize=\"characters\"")}
                {Field("qty", "Quantity", V("qty"), error, "text", required: true, extra: "inputmode=\"decimal\"")}
                {Field("uom", "Unit", V("uom"), error, hint: "the item's unit: ea, sheet, g, kg…", required: true)}
                {Field("supplier-lot", "Supplier's lot number", V("supplier-lot"), error)}
                {Field("po", "Purchase order", V("po"), error)}
                {Field("grade", "Grade / specification", V("grade"), error)}
                {Field("certifications", "Certifications the supplier claims", V("certifications"), error, hint: "comma-separated, e.g. RoHS, REACH")}
                {Field("received-on", "Received on", V("received-on"), error, "date", hint: "empty: now")}
              </div>
              {(duplicate ? $"""<div class="banner" id="duplicate">{Checkbox("allow-duplicate", DuplicateLabel, typed is not null && Forms.Flag(typed, "allow-duplicate"), error, "only when the supplier really sent the same heat, PO and quantity twice")}</div>""" : "")}
              <h2>Certificate</h2>
              <div class="grid">
                {Field("certificate", "Certificate file (PDF or image)", null, error, "file", extra: "accept=\"application/pdf,image/*\" capture=\"environment\"")}
                {Select("certificate-type", "Type", types, V("certificate-type"), error)}
                {Field("certificate-heat", "Heat number printed on the certificate", V("certificate-heat"), error, hint: "comma-separate several", extra: "autocapitalize=\"characters\"")}
                {Field("certificate-issuer", "Issued by", V("certificate-issuer"), error)}
                {Field("certificate-issued", "Issue date", V("certificate-issued"), error, "date")}
                {Field("certificate-standards", "Standards it declares conformance to", V("certificate-standards"), error, hint: "comma-separated, e.g. ASTM B209, RoHS 2011/65/EU")}
                {Field("certificate-substances", "Restricted substances it declares present", V("certificate-substances"), error, hint: "comma-separated; empty when it declares none")}
              </div>
              {kept}
              <button type="submit">Receive</button>
            </form>
            """);
        return Page(context, "Receive a delivery", body.ToString(), Pages.StatusOf(error));
    }
}
