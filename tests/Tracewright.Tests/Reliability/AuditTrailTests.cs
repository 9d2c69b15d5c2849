using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracewright.Data;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Tests.Web;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// Issue #8, item 8: every record says who made it, when (the server's clock, UTC), what, and — for status changes
/// and corrections — why, and a correction names the record it corrects. Written through the HTTP API by tokens of
/// three roles, then read back from the ledger, from <c>GET /api/records/{id}</c> and from the lot's page.
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    /// <summary>The kinds that change a status or correct a record: each must carry the reason it was given.</summary>
    private static readonly HashSet<string> NeedAReason =
    [
        "LotStatusChanged", "UnitStatusChanged", "LotReceiptCorrected", "ManufactureInputsCorrected", "ComponentRemoved",
        "NcrDispositioned", "NcrClosed", "CapaClosed", "ApiTokenRevoked", "ReturnReceived",
    ];

    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Every_record_says_who_when_what_and_why_and_what_it_corrects()
    {
        var start = _web.Clock.Now;
        var admin = await _web.ClientAsync(Role.Admin);
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var quality = await _web.ClientAsync(Role.Quality);
        await OkAsync(admin.PostAsJsonAsync("/api/items", new { code = "PLY-6MM", description = "Birch plywood 6 mm", uom = "sheet", material = "wood", lotPrefix = "PLY" }));
        await OkAsync(admin.PostAsJsonAsync("/api/items", new { code = "ENCL-10", description = "Enclosure", uom = "ea", material = "other", requiredCertificates = new[] { "none" }, lotPrefix = "ENC" }));
        await OkAsync(admin.PostAsJsonAsync("/api/items", new { code = "ACT-100", description = "Actuator", uom = "ea", material = "other", tracking = "serial", requiredCertificates = new[] { "none" }, lotPrefix = "ACT" }));
        await OkAsync(admin.PostAsJsonAsync("/api/suppliers", new { name = "Timber & Co" }));

        var lot = (await OkAsync(operatorClient.PostAsync("/api/lots/receive", new MultipartFormDataContent
        {
            { new StringContent("PLY-6MM"), "item" }, { new StringContent("Timber & Co"), "supplier" }, { new StringContent("T-1"), "heat" },
            { new StringContent("5"), "qty" }, { new StringContent("sheet"), "uom" }, { new StringContent("PO-1"), "po" },
        }))).GetProperty("lot").GetString()!;

        using (var noReason = await quality.PostAsJsonAsync($"/api/lots/{lot}/block", new { reason = " " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        await OkAsync(quality.PostAsJsonAsync($"/api/lots/{lot}/block", new { reason = "water damage on the top sheet" }));
        await OkAsync(quality.PostAsJsonAsync($"/api/lots/{lot}/release", new { reason = "dried and inspected" }));
        await OkAsync(quality.PostAsJsonAsync($"/api/lots/{lot}/corrections", new { reason = "typo in the PO", purchaseOrder = "PO-7" }));
        var run = (await OkAsync(operatorClient.PostAsJsonAsync("/api/manufacture", new { item = "ENCL-10", use = new[] { $"{lot}:1" }, batchQuantity = "1" }))).GetProperty("record").GetString()!;
        await OkAsync(quality.PostAsJsonAsync($"/api/manufacture/{run}/corrections", new { reason = "two sheets went in, not one", use = new[] { $"{lot}:2" } }));
        var unit = (await OkAsync(operatorClient.PostAsJsonAsync("/api/units/capture", new { item = "ACT-100", serial = "SN-1" }))).GetProperty("unit").GetString()!;
        await OkAsync(quality.PostAsJsonAsync($"/api/units/{unit}/status", new { status = "blocked", reason = "failed the stroke test" }));
        await OkAsync(quality.PostAsJsonAsync("/api/ncrs", new { lots = new[] { lot }, description = "warped sheet", detectedAt = "cutting" }));
        const string ncr = "NCR-0001"; // the first report in a new shop
        await OkAsync(quality.PostAsJsonAsync($"/api/ncrs/{ncr}/disposition", new { disposition = "use-as-is", approvedBy = "QA lead", reason = "within flatness tolerance" }));
        await OkAsync(quality.PostAsJsonAsync($"/api/ncrs/{ncr}/close", new { reason = "disposition carried out" }));
        var spare = (await OkAsync(admin.PostAsJsonAsync("/api/tokens", new { name = "old scanner", role = "operator" }))).GetProperty("token").GetString()!;
        await OkAsync(admin.PostAsJsonAsync($"/api/tokens/{spare}/revoke", new { reason = "scanner retired" }));
        var end = _web.Clock.Now;

        // The ledger: every record has who and a server time in the one UTC form; status changes and corrections say why.
        List<LedgerEntry> rows;
        await using (var connection = await _web.Shop.Database.OpenConnectionAsync(default))
        {
            rows = await LedgerRows.ReadAllAsync(connection, null, default).ToListAsync();
        }

        Assert.Superset(NeedAReason.Except(["CapaClosed", "ComponentRemoved", "ReturnReceived"]).ToHashSet(), rows.Select(r => r.Kind).ToHashSet());
        foreach (var row in rows)
        {
            Assert.Matches(@"^(test-admin|token:TOK-\d{4})$", row.RecordedBy);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", row.RecordedAt);
            var recorded = Timestamp.FromText(row.RecordedAt);
            Assert.InRange(recorded, start, end);
            Assert.Equal(row.Kind, EventCatalog.KindOf(row.Event));
            if (NeedAReason.Contains(row.Kind))
            {
                Assert.False(string.IsNullOrWhiteSpace(row.Reason), $"record {row.Sequence} ({row.Kind}) has no reason");
            }
        }

        var bySequence = rows.ToDictionary(r => r.Sequence);
        Assert.All(rows.Where(r => r.Kind.EndsWith("Corrected", StringComparison.Ordinal)), r =>
            Assert.Equal(r.Kind == "LotReceiptCorrected" ? "LotReceived" : "ManufactureRecorded", bySequence[r.Corrects!.Value].Kind));
        var block = rows.Single(r => r.Kind == "LotStatusChanged" && r.Reason == "water damage on the top sheet");
        var operatorToken = rows.Single(r => r.Kind == "LotReceived").RecordedBy;
        Assert.NotEqual(operatorToken, block.RecordedBy);

        // The API shows the same who, when and why.
        var history = (await OkAsync(quality.GetAsync($"/api/records/{lot}"))).GetProperty("history").EnumerateArray().ToList();
        var shown = history.Single(h => h.GetProperty("sequence").GetInt64() == block.Sequence);
        Assert.Equal((block.RecordedBy, block.RecordedAt, block.Reason), (shown.GetProperty("recordedBy").GetString(), shown.GetProperty("recordedAt").GetString(), shown.GetProperty("reason").GetString()));
        var correction = history.Single(h => h.GetProperty("kind").GetString() == "LotReceiptCorrected");
        Assert.Equal(rows.Single(r => r.Kind == "LotReceived").Sequence, correction.GetProperty("corrects").GetInt64());

        // So does the lot's page, to a viewer.
        var viewer = await _web.SignedInAsync("vera", Role.Viewer);
        var page = await viewer.GetStringAsync($"/lots/{lot}");
        Assert.Contains($"<td>{block.Sequence}</td>", page, StringComparison.Ordinal);
        // One history row holds who recorded the block, the exact moment (in the time element's datetime) and why.
        var blockRow = System.Text.RegularExpressions.Regex.Matches(page, "<tr>(?:(?!</tr>).)*</tr>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Value).Single(r => r.Contains($"<td>{block.Sequence}</td>", StringComparison.Ordinal));
        Assert.Contains($"<td>{block.RecordedBy}</td>", blockRow, StringComparison.Ordinal);
        Assert.Contains($"datetime=\"{block.RecordedAt}\"", blockRow, StringComparison.Ordinal);
        Assert.Contains("water damage on the top sheet", blockRow, StringComparison.Ordinal);
        Assert.Contains("typo in the PO (corrects #", page, StringComparison.Ordinal);
    }
}
