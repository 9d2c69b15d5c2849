using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Certificates;
using Tracewright.Web;

namespace Tracewright.Features.Receiving;

/// <summary>The Receiving form (<see cref="ReceivePage"/>): a delivery with its certificate, and the verification outcome in plain words (<see cref="ReceivedPage"/>).</summary>
public static class ReceivingPages
{
    /// <summary>A file sent back in the page after a refusal, so the clerk need not choose it again; larger ones must be.</summary>
    public const int MaxKeptBytes = 3_000_000; // its base64 stays under the form reader's 4 MiB a value

    public const string DuplicateLabel = "This is a second delivery: record it although one like it is on file";

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

        return Pages.Render<ReceivedPage>(new { Lot = lot }, StatusCodes.Status201Created);
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
        return Pages.Render<ReceivePage>(new { Items = items, Suppliers = suppliers, Error = error, Typed = typed, Sent = sent }, Pages.StatusOf(error));
    }
}
