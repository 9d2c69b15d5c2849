using System.Net;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Access;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Items;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Features.Suppliers;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Web;

/// <summary>The quality forms for corrections and unit status, as a signed-in person uses them.</summary>
public sealed class CorrectionPageTests : IAsyncLifetime
{
    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private async Task<(string Wrong, string Right, string Record)> SetUpAsync()
    {
        var shop = _web.Shop;
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("PLY-6MM", "Birch plywood", "sheet", "wood", LotPrefix: "PLY"), default));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("MOT-20", "Stepper motor", "ea", "other", "serial", ["none"], "MOT"), default));
        await Ok(RegisterSupplier.HandleAsync(shop, "eng", new("Timber & Co"), default));
        var wrong = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", new("PLY-6MM", "Timber & Co", "T1", "10", "sheet", PurchaseOrder: "PO-1"), default))).Lot;
        var right = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", new("PLY-6MM", "Timber & Co", "T2", "10", "sheet"), default))).Lot;
        var run = await Ok(RecordManufacture.HandleAsync(shop, "op", new("MOT-20", [$"{wrong}:2"], Serials: ["M1"]), default));
        return (wrong, right, run.Record);
    }

    [Fact]
    public async Task Quality_CorrectsAReceiptARunAndAUnitsStatusFromThePages()
    {
        var (wrong, right, record) = await SetUpAsync();
        var quality = await _web.SignedInAsync("quinn", Role.Quality);

        var receipt = await WebShop.PostFormAsync(quality, $"/lots/{wrong}", $"/lots/{wrong}/correct", new() { ["po"] = "PO-11", ["reason"] = "typo" });
        Assert.Equal(HttpStatusCode.Redirect, receipt.StatusCode);
        var run = await WebShop.PostFormAsync(quality, $"/records/{record}", $"/records/{record}/correct", new() { ["use"] = $"{right}:2", ["reason"] = "wrong stack scanned" });
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        // A block is shown first, like every status change, and recorded on confirm.
        var asked = await WebShop.PostFormAsync(quality, "/units/MOT-20:M1", "/units/MOT-20:M1/status", new() { ["status"] = "blocked", ["reason"] = "noise" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var preview = await asked.Content.ReadAsStringAsync();
        Assert.Contains("BLOCKED unit MOT-20:M1</strong>: status available → blocked", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be undone", preview, StringComparison.Ordinal);
        Assert.Equal(UnitStatus.Available, await StatusAsync());
        var status = await WebShop.PostFormAsync(quality, "/units/MOT-20:M1", "/units/MOT-20:M1/status", new() { ["status"] = "blocked", ["reason"] = "noise", ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, status.StatusCode);

        await using var connection = await _web.Shop.Database.OpenConnectionAsync(default);
        Assert.Equal("PO-11", (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(wrong).Value, default))!.PurchaseOrder);
        Assert.Equal(8m, (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(right).Value, default))!.Quantity);
        Assert.Equal(UnitStatus.Blocked, (await ProductionQueries.FindUnitAsync(connection, null, UnitId.Parse("MOT-20:M1").Value, default))!.Status);

        var missingReason = await WebShop.PostFormAsync(quality, "/units/MOT-20:M1", "/units/MOT-20:M1/status", new() { ["status"] = "available" });
        Assert.Equal(HttpStatusCode.BadRequest, missingReason.StatusCode);
        Assert.Contains("reason is required", await missingReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScrappingAUnit_IsShownFirstAndRecordedOnlyOnConfirm()
    {
        await SetUpAsync();
        var quality = await _web.SignedInAsync("quinn", Role.Quality);

        var asked = await WebShop.PostFormAsync(quality, "/units/MOT-20:M1", "/units/MOT-20:M1/status", new() { ["status"] = "scrapped", ["reason"] = "dropped" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirmation = await asked.Content.ReadAsStringAsync();
        Assert.Contains("SCRAPPED unit MOT-20:M1</strong>: status available → scrapped", confirmation, StringComparison.Ordinal);
        Assert.Contains("cannot be undone", confirmation, StringComparison.Ordinal);
        Assert.Contains("name=\"confirm\" value=\"true\"", confirmation, StringComparison.Ordinal);
        Assert.Equal(UnitStatus.Available, await StatusAsync());

        var done = await WebShop.PostFormAsync(quality, "/units/MOT-20:M1", "/units/MOT-20:M1/status", new() { ["status"] = "scrapped", ["reason"] = "dropped", ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(UnitStatus.Scrapped, await StatusAsync());
    }

    private async Task<UnitStatus> StatusAsync()
    {
        await using var connection = await _web.Shop.Database.OpenConnectionAsync(default);
        return (await ProductionQueries.FindUnitAsync(connection, null, UnitId.Parse("MOT-20:M1").Value, default))!.Status;
    }

    [Fact]
    public async Task AnOperator_SeesNoCorrectionFormsAndIsRefused()
    {
        var (wrong, _, _) = await SetUpAsync();
        var operatorClient = await _web.SignedInAsync("olga", Role.Operator);
        var page = await operatorClient.GetStringAsync($"/lots/{wrong}");
        Assert.DoesNotContain("correct-receipt", page, StringComparison.Ordinal);
        var refused = await WebShop.PostFormAsync(operatorClient, $"/lots/{wrong}", $"/lots/{wrong}/correct", new() { ["po"] = "PO-9", ["reason"] = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
