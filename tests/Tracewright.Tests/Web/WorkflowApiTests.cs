using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tracewright.Domain.Access;
using Tracewright.Features.Demo;

namespace Tracewright.Tests.Web;

/// <summary>Shipping, recall, compliance and NCRs over HTTP, on the demo shop: the same answers the CLI gives, as JSON and downloads.</summary>
public sealed class WorkflowApiTests(DemoWebShop demo) : IClassFixture<DemoWebShop>
{
    private readonly WebShop _web = demo.Web;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>An ENCL-10 batch the demo kept in stock (runs 96–100 keep three enclosures each).</summary>
    private async Task<string> StockLotAsync(HttpClient client, int run)
    {
        var record = await JsonAsync(await client.GetAsync($"/api/records/MFG-{run:0000}"), HttpStatusCode.OK);
        return record.GetProperty("record").GetProperty("outputLot").GetString()!;
    }

    [Fact]
    public async Task A_customer_order_shipment_and_return_go_through_the_api_and_shipping_more_than_is_left_is_a_422()
    {
        var admin = await _web.ClientAsync(Role.Admin);
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var viewer = await _web.ClientAsync(Role.Viewer);

        var created = await admin.PostAsJsonAsync("/api/customers", new { name = "Fjord Robotics", contactName = "Ida Berg", email = "ida@fjord.example", phone = "+47 555 0101" });
        var customer = (await JsonAsync(created, HttpStatusCode.Created)).GetProperty("customer").GetString()!;
        Assert.Equal($"/api/customers/{customer}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/customers", new { name = "Not allowed" })).StatusCode);

        var order = (await JsonAsync(await operatorClient.PostAsJsonAsync("/api/orders", new { customer, lines = new[] { "ENCL-10:2" }, reference = "PO-FJ-1" }), HttpStatusCode.Created))
            .GetProperty("order").GetString()!;
        var lot = await StockLotAsync(viewer, 100);

        var tooMany = await JsonAsync(await operatorClient.PostAsJsonAsync("/api/shipments", new { order, lots = new[] { $"{lot}:99" } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("insufficient-quantity", tooMany.GetProperty("code").GetString());
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("lot", out _), tooMany.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/shipments", new { order, lots = new[] { $"{lot}:1" } })).StatusCode);

        var shipped = await operatorClient.PostAsJsonAsync("/api/shipments", new { order, lots = new[] { $"{lot}:2" }, reference = "DN-FJ-1" });
        var shipment = (await JsonAsync(shipped, HttpStatusCode.Created)).GetProperty("shipment").GetString()!;
        var read = await JsonAsync(await viewer.GetAsync($"/api/shipments/{shipment}"), HttpStatusCode.OK);
        var line = Assert.Single(read.GetProperty("shipment").GetProperty("lines").EnumerateArray());
        Assert.Equal(lot, line.GetProperty("id").GetString());
        Assert.Equal(2m, line.GetProperty("quantity").GetDecimal());

        var orderRead = await JsonAsync(await viewer.GetAsync($"/api/orders/{order}"), HttpStatusCode.OK);
        Assert.Equal("Fjord Robotics", orderRead.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(shipment, Assert.Single(orderRead.GetProperty("shipments").EnumerateArray()).GetProperty("id").GetString());

        var returned = await JsonAsync(await operatorClient.PostAsJsonAsync("/api/returns", new { shipment, reason = "cracked lid", lots = new[] { $"{lot}:1" } }), HttpStatusCode.Created);
        Assert.StartsWith("RMA-", returned.GetProperty("return").GetString(), StringComparison.Ordinal);
        var afterReturn = await JsonAsync(await viewer.GetAsync($"/api/shipments/{shipment}"), HttpStatusCode.OK);
        Assert.Equal("cracked lid", Assert.Single(afterReturn.GetProperty("returns").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Lists_page_and_a_page_size_over_the_maximum_is_a_400_naming_it()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        var first = await JsonAsync(await viewer.GetAsync("/api/customers?pageSize=200"), HttpStatusCode.OK);
        Assert.Equal(200, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        var third = await JsonAsync(await viewer.GetAsync("/api/customers?pageSize=200&page=3"), HttpStatusCode.OK);
        Assert.False(third.GetProperty("hasMore").GetBoolean());
        Assert.InRange(third.GetProperty("items").GetArrayLength(), 20, 200);

        var problem = await JsonAsync(await viewer.GetAsync("/api/customers?pageSize=201"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/orders?page=0")).StatusCode);

        var named = await JsonAsync(await viewer.GetAsync("/api/customers?q=%23420"), HttpStatusCode.OK);
        Assert.Equal("CUS-0420", Assert.Single(named.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_recall_answer_and_its_spreadsheet_name_the_34_customers_and_only_quality_may_block()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        var recall = await JsonAsync(await viewer.GetAsync($"/api/recall/{DemoYear.RecalledLot}"), HttpStatusCode.OK);
        var customers = recall.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customer").GetString()!).ToList();
        Assert.Equal(DemoYear.RecalledCustomers, customers.Count);
        Assert.All(recall.GetProperty("customers").EnumerateArray(), c => Assert.Contains('@', c.GetProperty("email").GetString()!));

        var xlsx = await viewer.GetAsync($"/api/recall/{DemoYear.RecalledLot}/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"recall-{DemoYear.RecalledLot}.xlsx", xlsx.Content.Headers.ContentDisposition?.FileNameStar ?? xlsx.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using (var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false))
        {
            var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
            string Cell(Row row, int column) => row.Elements<Cell>().ElementAt(column).InnerText;
            var header = Enumerable.Range(0, 19).Select(i => Cell(rows[0], i)).ToList();
            var customerColumn = header.IndexOf("Customer");
            Assert.True(customerColumn >= 0, string.Join(",", header));
            Assert.Equal(recall.GetProperty("shipped").GetArrayLength(), rows.Count - 1);
            Assert.Equal(customers.Order(StringComparer.Ordinal), rows.Skip(1).Select(r => Cell(r, customerColumn)).Distinct().Order(StringComparer.Ordinal));
        }

        var csv = await viewer.GetAsync($"/api/recall/{DemoYear.RecalledLot}/export.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Traceability lot code,", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        var report = await viewer.GetStringAsync($"/api/recall/{DemoYear.RecalledLot}/report.html");
        Assert.Contains("Customers to contact", report, StringComparison.Ordinal);

        var operatorClient = await _web.ClientAsync(Role.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync($"/api/recall/{DemoYear.RecalledLot}/block", new { reason = "supplier notice" })).StatusCode);
        var quality = await _web.ClientAsync(Role.Quality);
        var noReason = await JsonAsync(await quality.PostAsJsonAsync($"/api/recall/{DemoYear.RecalledLot}/block", new { }), HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _), noReason.ToString());

        var blocked = await JsonAsync(await quality.PostAsJsonAsync($"/api/recall/{DemoYear.RecalledLot}/block", new { reason = "FilaWorks notice 2024-06: moisture" }), HttpStatusCode.OK);
        Assert.Contains(DemoYear.RecalledLot, blocked.GetProperty("blocked").EnumerateArray().Select(b => b.GetString()));
        var lot = await JsonAsync(await viewer.GetAsync($"/api/records/{DemoYear.RecalledLot}"), HttpStatusCode.OK);
        Assert.Equal("Blocked", lot.GetProperty("record").GetProperty("lot").GetProperty("status").GetString());
        Assert.Contains("moisture", lot.GetProperty("record").GetProperty("lot").GetProperty("statusReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compliance_is_answered_with_the_reason_for_every_material_and_the_dossier_holds_the_certificates()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        var compliant = await JsonAsync(await viewer.GetAsync("/api/compliance/ACR-0524-01?standard=RoHS"), HttpStatusCode.OK);
        Assert.Equal("Compliant", compliant.GetProperty("verdict").GetString());

        var batch = await StockLotAsync(viewer, 56);
        var unknown = await JsonAsync(await viewer.GetAsync($"/api/compliance/{batch}?standard=rohs"), HttpStatusCode.OK);
        Assert.Equal("Unknown", unknown.GetProperty("verdict").GetString());
        Assert.Contains($"lot {DemoYear.RecalledLot}", unknown.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ACR-0524-02", DemoYear.RecalledLot], unknown.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("lot").GetString()));

        var problem = await JsonAsync(await viewer.GetAsync($"/api/compliance/{batch}?standard=WEEE"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("standard", out _), problem.ToString());

        var zip = await viewer.GetAsync($"/api/compliance/{batch}/dossier.zip?standard=RoHS");
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync()));
        Assert.Contains("index.csv", archive.Entries.Select(e => e.FullName));
        Assert.Contains(archive.Entries, e => e.FullName.StartsWith("certificates/CERT-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ncr_disposition_of_scrap_scraps_the_lot_it_covers_and_a_second_disposition_is_refused()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var quality = await _web.ClientAsync(Role.Quality);
        var lot = await StockLotAsync(viewer, 99);
        var body = new { lots = new[] { lot }, description = "lids warped after annealing", detectedAt = "final inspection" };
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/ncrs", body)).StatusCode);

        var opened = await quality.PostAsJsonAsync("/api/ncrs", body);
        var ncr = (await JsonAsync(opened, HttpStatusCode.Created)).GetProperty("ncr").GetProperty("id").GetString()!;
        Assert.Equal($"/api/records/{ncr}", opened.Headers.Location?.OriginalString);

        var badChoice = await JsonAsync(await quality.PostAsJsonAsync($"/api/ncrs/{ncr}/disposition", new { disposition = "bin-it", approvedBy = "Q. Lead", reason = "x" }), HttpStatusCode.BadRequest);
        Assert.True(badChoice.GetProperty("errors").TryGetProperty("disposition", out _), badChoice.ToString());

        var decided = await JsonAsync(await quality.PostAsJsonAsync($"/api/ncrs/{ncr}/disposition", new { disposition = "scrap", approvedBy = "Q. Lead", reason = "cannot be flattened" }), HttpStatusCode.OK);
        var change = Assert.Single(decided.GetProperty("changed").EnumerateArray());
        Assert.Equal(lot, change.GetProperty("id").GetString());
        Assert.Equal("scrapped", change.GetProperty("to").GetString());
        var again = await quality.PostAsJsonAsync($"/api/ncrs/{ncr}/disposition", new { disposition = "use-as-is", approvedBy = "Q. Lead", reason = "changed my mind" });
        Assert.True(again.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"a second disposition answered {again.StatusCode}");

        var listed = await JsonAsync(await viewer.GetAsync("/api/ncrs?status=dispositioned"), HttpStatusCode.OK);
        var row = Assert.Single(listed.GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetString() == ncr);
        Assert.Equal(lot, row.GetProperty("covers").GetString());
        Assert.Equal(HttpStatusCode.OK, (await quality.PostAsJsonAsync($"/api/ncrs/{ncr}/close", new { reason = "scrapped and logged" })).StatusCode);
    }
}
