using Dapper;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Items;
using Tracewright.Features.Receiving;
using Tracewright.Features.Records;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Materials;

/// <summary>An item's GS1 GTIN (issue 14/15): given at registration or later as a new record, unique, found by a scan — on SQLite and PostgreSQL.</summary>
public abstract class ItemGtinTests(DatabaseKind kind)
{
    private const string Birch = "09501101530003";

    private static RegisterItem.Request Plywood(string code, string? gtin) => new(code, "Birch plywood 3 mm", "sheet", "wood", LotPrefix: "PLY", Gtin: gtin);

    private static async Task<string?> StoredGtinAsync(Shop shop, string code)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return await connection.ExecuteScalarAsync<string?>("SELECT gtin FROM items WHERE code = @code", new { code });
    }

    [Fact]
    public async Task A_GTIN_13_given_at_registration_is_kept_as_14_digits_and_read_back()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);

        var registered = await Ok(RegisterItem.HandleAsync(shop, "admin", Plywood("PLY-BIRCH-3MM", "9501101530003"), default));

        Assert.Equal(Birch, registered.Gtin);
        Assert.Equal(Birch, await StoredGtinAsync(shop, "PLY-BIRCH-3MM"));
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        var item = await MaterialsQueries.FindItemByGtinAsync(connection, null, Gtin.Parse(Birch).Value, default);
        Assert.Equal("PLY-BIRCH-3MM", item?.Code.Value);
        Assert.Null((await MaterialsQueries.FindItemAsync(connection, null, ItemCode.Parse("PLY-6MM").Value, default))!.Gtin);
    }

    [Fact]
    public async Task A_wrong_check_digit_is_refused_naming_the_GTIN_and_writes_nothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var before = await LedgerCountAsync(shop);

        var error = await Fails(RegisterItem.HandleAsync(shop, "admin", Plywood("PLY-BIRCH-3MM", "09501101530004"), default));
        var later = await Fails(AssignGtin.HandleAsync(shop, "admin", new("PLY-6MM", "0950110153000", "new barcode"), default));

        Assert.Equal(("gtin", "GTIN '09501101530004' has a wrong check digit (the last digit should be 3)"), (error.Field, error.Message));
        Assert.Equal(("gtin", "GTIN '0950110153000' has a wrong check digit (the last digit should be 7)"), (later.Field, later.Message));
        Assert.Equal(before, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task A_GTIN_another_item_holds_is_refused_by_name_at_registration_and_later()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(RegisterItem.HandleAsync(shop, "admin", Plywood("PLY-BIRCH-3MM", Birch), default));
        var before = await LedgerCountAsync(shop);

        var twice = await Fails(RegisterItem.HandleAsync(shop, "admin", Plywood("PLY-BIRCH-4MM", "9501101530003"), default));
        var later = await Fails(AssignGtin.HandleAsync(shop, "admin", new("PLY-6MM", Birch, "relabelled"), default));

        Assert.Equal((ErrorKind.Conflict, "gtin", "GTIN 09501101530003 is already item PLY-BIRCH-3MM's"), (twice.Kind, twice.Field, twice.Message));
        Assert.Equal(twice.Message, later.Message);
        Assert.Equal(before, await LedgerCountAsync(shop));
        Assert.Null(await StoredGtinAsync(shop, "PLY-6MM"));
    }

    [Fact]
    public async Task A_GTIN_given_later_is_a_new_record_with_its_reason_and_survives_verify()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);

        var first = await Ok(AssignGtin.HandleAsync(shop, "admin", new("ply-6mm", "09506000134352", "supplier barcode"), default));
        var second = await Ok(AssignGtin.HandleAsync(shop, "admin", new("PLY-6MM", "96385074", "our own GTIN-8"), default));

        Assert.Equal(("PLY-6MM", "09506000134352", (string?)null), (first.Item, first.Gtin, first.Previous));
        Assert.Equal(("00000096385074", "09506000134352"), (second.Gtin, second.Previous));
        Assert.Equal("00000096385074", await StoredGtinAsync(shop, "PLY-6MM"));
        var shown = await Ok(ShowRecord.HandleAsync(shop, "PLY-6MM", default));
        var assigned = shown.History.Where(h => h.Kind == nameof(ItemGtinAssigned)).ToList();
        Assert.Equal(["supplier barcode", "our own GTIN-8"], assigned.Select(h => h.Reason));
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);

        var same = await Fails(AssignGtin.HandleAsync(shop, "admin", new("PLY-6MM", "96385074", "again"), default));
        Assert.Equal("gtin", same.Field);
        var unknown = await Fails(AssignGtin.HandleAsync(shop, "admin", new("NO-SUCH", Birch, "x"), default));
        Assert.Equal(ErrorKind.NotFound, unknown.Kind);
        var noReason = await Fails(AssignGtin.HandleAsync(shop, "admin", new("PLY-6MM", Birch, " "), default));
        Assert.Equal("reason", noReason.Field);
    }

    [Theory]
    [InlineData("09501101530003")]
    [InlineData("9501101530003")]
    [InlineData("(01)09501101530003")]
    [InlineData("https://id.gs1.org/01/09501101530003")]
    public async Task A_scan_of_the_GTIN_alone_opens_the_item(string scanned)
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(RegisterItem.HandleAsync(shop, "admin", Plywood("PLY-BIRCH-3MM", Birch), default));

        var found = await Ok(ShowRecord.HandleAsync(shop, scanned, default));

        Assert.Equal(("item", "PLY-BIRCH-3MM"), (found.Kind, found.Id));
    }

    [Fact]
    public async Task A_scan_of_GTIN_and_batch_opens_the_delivery_of_that_item_with_that_supplier_lot()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(RegisterItem.HandleAsync(shop, "admin", Plywood("PLY-BIRCH-3MM", Birch), default));
        // The same supplier lot number on a delivery of another item: the GTIN says which one the label is for.
        await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-9", "5", "sheet", supplierLot: "SL-77"), default));
        var birch = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-BIRCH-3MM", "Timber & Co", "T-9", "5", "sheet", supplierLot: "SL-77"), default))).Lot;

        var bySupplierLot = await Ok(ShowRecord.HandleAsync(shop, "(01)09501101530003(10)SL-77", default));
        var byOurLot = await Ok(ShowRecord.HandleAsync(shop, $"https://id.gs1.org/01/09501101530003/10/{birch}", default));
        var unknownBatch = await Ok(ShowRecord.HandleAsync(shop, "(01)09501101530003(10)NOPE", default));

        Assert.Equal(("lot", birch), (bySupplierLot.Kind, bySupplierLot.Id));
        Assert.Equal(("lot", birch), (byOurLot.Kind, byOurLot.Id));
        Assert.Equal(("item", "PLY-BIRCH-3MM"), (unknownBatch.Kind, unknownBatch.Id));
    }

    [Fact]
    public async Task A_lot_label_of_an_item_with_a_GTIN_carries_its_Digital_Link_and_the_scan_of_it_opens_the_lot()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(RegisterItem.HandleAsync(shop, "admin", Plywood("PLY-BIRCH-3MM", Birch), default));
        var lot = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-BIRCH-3MM", "Timber & Co", "T-9", "5", "sheet"), default))).Lot;
        var other = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-9", "5", "sheet"), default))).Lot;

        var label = (await Ok(Features.Labels.PrintLabel.RenderAsync(shop, new(lot, "svg"), default))).Label;
        var without = (await Ok(Features.Labels.PrintLabel.RenderAsync(shop, new(other, "svg"), default))).Label;

        Assert.Equal($"https://id.gs1.org/01/{Birch}/10/{lot}", label.QrPayload);
        Assert.Equal(other, without.QrPayload);
        var scanned = await Ok(ShowRecord.HandleAsync(shop, label.QrPayload, default));
        Assert.Equal(("lot", lot), (scanned.Kind, scanned.Id));
    }
}

public sealed class SqliteItemGtinTests() : ItemGtinTests(new SqliteKind());

public sealed class PostgresItemGtinTests() : ItemGtinTests(new PostgresKind());
