using System.Text;
using System.Text.Json;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Lots;
using Tracewright.Web;
using static Tracewright.Web.Html;

namespace Tracewright.Features.Records;

/// <summary>Home, the scan box's target, any record with its history, and the paged list of lots.</summary>
public static class RecordPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", HomeAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/search", SearchAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/records/{id}", RecordAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapGet("/lots", LotsAsync).RequireAuthorization(AccessPolicy.Viewer);
    }

    /// <summary>Where a record of each kind is best shown.</summary>
    public static string PathOf(string kind, string id) => kind switch
    {
        "lot" => $"/lots/{U(id)}",
        "unit" => $"/units/{U(id)}",
        "ncr" => $"/ncrs/{U(id)}",
        "capa" => $"/capas/{U(id)}",
        "container" => $"/containers/{U(id)}",
        _ => $"/records/{U(id)}",
    };

    public static async Task<IResult> HomeAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var recent = await MaterialsQueries.ListLotsAsync(connection, 0, 10, cancellationToken);
        return Page(context, "Tracewright", $"""
            <p>Scan a label or type a lot, heat, serial, certificate, MFG or BOM number, or SSCC into the box above.</p>
            <h2>Latest lots</h2>
            {LotTable(recent)}
            <p><a href="/lots">All lots…</a></p>
            """);
    }

    public static async Task<IResult> SearchAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, string? q = null)
    {
        var found = await ShowRecord.HandleAsync(shop, q, cancellationToken);
        if (found.TryGet(out var record, out var error))
        {
            return TypedResults.Redirect(PathOf(record.Kind, record.Id));
        }

        if (await Shipping.ShippingPages.PathOfAsync(shop, q, cancellationToken) is { } shipping)
        {
            return TypedResults.Redirect(shipping);
        }

        return Page(context, "Not found", $"""<p class="banner error">{E(error.Message)}</p><p>Check the number on the label, or try the heat number or the supplier's lot number.</p>""", Pages.StatusOf(error));
    }

    public static async Task<IResult> RecordAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var error))
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(error.Message)}</p>""", Pages.StatusOf(error));
        }

        var body = new StringBuilder();
        switch (record.Record)
        {
            case ShowRecord.CertificateView c:
                body.Append($"""
                    <dl class="facts">
                      <dt>Type</dt><dd>{E(c.Certificate.Type.ToString())}</dd>
                      <dt>Issuer</dt><dd>{E(c.Certificate.Issuer)}</dd>
                      <dt>Heats</dt><dd>{E(string.Join(", ", c.Certificate.Heats))}</dd>
                      <dt>File</dt><dd><a href="/api/certificates/{U(c.Certificate.Id.Value)}/file" target="_blank">{E(c.Certificate.FileName)}</a> ({c.Certificate.Size:N0} bytes)</dd>
                      <dt>Attached to</dt><dd>{string.Join(", ", c.Lots.Select(l => $"""<a href="/lots/{U(l)}">{E(l)}</a>"""))}</dd>
                    </dl>
                    """);
                break;
            case ShowRecord.NumberView n:
                body.Append($"<p>Number {E(n.Number)} is marked on:</p>{LotTable(n.Lots)}");
                break;
            case ManufactureRecord m:
                body.Append($"""
                    <dl class="facts">
                      <dt>Product</dt><dd>{E(m.Product.Value)}</dd>
                      <dt>Operator</dt><dd>{E(m.Operator)}</dd>
                      <dt>Machine</dt><dd>{E(m.Machine)}</dd>
                      <dt>Started – finished</dt><dd>{E(m.StartedAt)} – {E(m.FinishedAt)}</dd>
                      <dt>Output</dt><dd>{(m.OutputLot is null ? "" : $"""lot <a href="/lots/{U(m.OutputLot.Value.Value)}">{E(m.OutputLot.Value.Value)}</a> """)}{string.Join(", ", m.OutputUnits.Select(u => $"""<a href="/units/{U(u.Value)}">{E(u.Value)}</a>"""))}</dd>
                    </dl>
                    <h2>Consumed</h2>
                    <table><thead><tr><th>What</th><th>Item</th><th>Quantity</th></tr></thead><tbody>
                    {string.Join("", m.Inputs.Select(i => $"""<tr><td><a href="{PathOf(i.Kind, i.Id)}">{E(i.Id)}</a></td><td>{E(i.Item.Value)}</td><td>{E(i.Quantity)} {E(i.Uom)}</td></tr>"""))}
                    </tbody></table>
                    """);
                body.Append(CorrectionPages.RunForm(context, m.Id.Value));
                break;
            default:
                body.Append($"""<pre class="card">{E(JsonSerializer.Serialize(record.Record, record.Record.GetType(), Cli.CliHost.Json))}</pre>""");
                break;
        }

        body.Append(History(record.History));
        return Page(context, $"{record.Kind} {record.Id}", body.ToString());
    }

    public static async Task<IResult> LotsAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int page = 1)
    {
        page = Math.Clamp(page, 1, Paging.MaxPage);
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var lots = await MaterialsQueries.ListLotsAsync(connection, (page - 1) * LotsApi.PageSize, LotsApi.PageSize + 1, cancellationToken);
        var pager = $"""
            <nav class="pager">
              {(page > 1 ? $"""<a href="/lots?page={page - 1}" rel="prev">← Newer</a>""" : "")}
              <span>Page {page}</span>
              {(lots.Count > LotsApi.PageSize ? $"""<a href="/lots?page={page + 1}" rel="next">Older →</a>""" : "")}
            </nav>
            """;
        return Page(context, "Lots", LotTable(lots.Take(LotsApi.PageSize).ToList()) + pager);
    }

    public static string LotTable(IReadOnlyList<Lot> lots)
    {
        if (lots.Count == 0)
        {
            return "<p>No lots yet.</p>";
        }

        var rows = string.Join("", lots.Select(l => $"""
            <tr><td><a href="/lots/{U(l.Id.Value)}">{E(l.Id.Value)}</a></td><td>{E(l.Item.Value)}</td><td>{E(l.Heat?.Value)}</td><td>{E(l.Supplier?.Value)}</td><td>{E(l.Quantity)} {E(l.Uom.Value)}</td><td>{Status(l.Status.Describe())}</td></tr>
            """));
        return $"<table><thead><tr><th>Lot</th><th>Item</th><th>Heat</th><th>Supplier</th><th>Qty</th><th>Status</th></tr></thead><tbody>{rows}</tbody></table>";
    }

    public static string History(IReadOnlyList<ShowRecord.HistoryLine> history) =>
        $"""
        <h2>History</h2>
        <table><thead><tr><th>#</th><th>When</th><th>What</th><th>By</th><th>Recorded (UTC)</th><th>Why</th></tr></thead><tbody>
        {string.Join("", history.Select(h => $"<tr><td>{h.Sequence}</td><td>{E(h.OccurredAt)}</td><td>{E(h.Kind)}</td><td>{E(h.RecordedBy)}</td><td>{E(h.RecordedAt)}</td><td>{E(h.Reason)}{(h.Corrects is null ? "" : $" (corrects #{h.Corrects})")}</td></tr>"))}
        </tbody></table>
        """;
}
