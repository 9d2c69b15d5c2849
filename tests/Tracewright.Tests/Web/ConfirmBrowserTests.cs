using Microsoft.Playwright;
using Tracewright.Data.Materials;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Materials;
using Tracewright.Features.Access;
using Tracewright.Features.Items;
using Tracewright.Features.Quality;
using Tracewright.Features.Shipping;
using Tracewright.Features.Suppliers;
using Tracewright.Tests.Support;
using Tracewright.Web;
using UglyToad.PdfPig;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 14 in headless Chromium on a new, empty database (SQLite and PostgreSQL): a cut shows the pieces' labels first and
/// records only when confirmed; a rejection shows what it changes and waits for the confirm; the label of the rejected lot
/// says so; the unit page shows what the unit was made of at a chosen moment; the BOMs page lists the BOMs with their
/// revisions. Only the item and supplier are registered outside the pages; everything else is typed into them.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class ConfirmBrowserTests(DatabaseKind kind) : IAsyncLifetime
{
    private const string Password = "owner password 1";

    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 };

    private readonly string _shots = Directory.CreateTempSubdirectory("tracewright-confirm-shots-").FullName;
    private TestDatabase? _database;
    private BrowserServer? _server;

    private ManualClock Clock { get; } = new(new DateTimeOffset(2024, 9, 2, 8, 0, 0, TimeSpan.Zero));

    private Shop Shop => _server!.Shop;

    private string Base => _server!.Base;

    public async Task InitializeAsync()
    {
        _database = await kind.CreateAsync();
        _server = await BrowserServer.StartAsync(new WebOptions(_database.Target, "http://127.0.0.1:0", Clock), async shop =>
        {
            await Seed.Ok(Users.AddAsync(shop, "test", new Users.AddRequest("owner", Password, "admin"), default));
            await Seed.Ok(RegisterSupplier.HandleAsync(shop, "test", new RegisterSupplier.Request("Northern Plate"), default));
            await Seed.Ok(RegisterItem.HandleAsync(shop, "test", new RegisterItem.Request("PLATE-14", "Steel plate 8 mm", "ea", "metal", RequiredCertificates: ["none"], LotPrefix: "PLT"), default));
            await Seed.Ok(RegisterItem.HandleAsync(shop, "test", new RegisterItem.Request("ARM-14", "Robot arm link", "ea", "metal", Tracking: "serial", RequiredCertificates: ["none"]), default));
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cut_shows_the_pieces_and_their_labels_first_and_records_nothing_until_confirmed()
    {
        var page = await SignInAsync();
        var lot = await ReceiveAsync(page, "H-14-001", "4");
        var before = await LedgerCountAsync();

        await page.GotoAsync($"/lots/{lot}");
        await page.FillAsync("#f-into", "1,1,2");
        await page.ClickAsync("#cut-form button");
        var preview = await page.InnerTextAsync("#cut-preview");
        Assert.Contains($"{lot}.1", preview, StringComparison.Ordinal);
        Assert.Contains($"{lot}.3", preview, StringComparison.Ordinal);
        Assert.Contains("Nothing is recorded until you confirm", preview, StringComparison.Ordinal);
        await ShotAsync(page, "cut-preview");

        // The labels to stick on first: the pieces' own numbers, read back from the PDF.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#preview-labels"));
        var words = PdfWords(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Contains($"{lot}.1", words);
        Assert.Contains($"{lot}.2", words);
        Assert.Contains($"{lot}.3", words);

        // Nothing written yet: the lot is whole, uncut, and the ledger has not grown.
        Assert.Equal(before, await LedgerCountAsync());
        var (quantity, pieces) = await LotAsync(lot);
        Assert.Equal(4m, quantity);
        Assert.Empty(pieces);

        await page.ClickAsync("#confirm-cut");
        Assert.Contains($"{lot} cut into 3 pieces", await page.InnerTextAsync("#split-done"), StringComparison.Ordinal);
        await ShotAsync(page, "cut-done");
        (_, pieces) = await LotAsync(lot);
        Assert.Equal([$"{lot}.1", $"{lot}.2", $"{lot}.3"], pieces.Order());
        Assert.Equal(before + 1, await LedgerCountAsync());
    }

    [Fact]
    public async Task Rejecting_a_lot_shows_what_changes_records_only_on_confirm_and_its_label_then_says_REJECTED()
    {
        var page = await SignInAsync();
        var lot = await ReceiveAsync(page, "H-14-002", "120");
        var before = await LedgerCountAsync();

        await page.GotoAsync($"/lots/{lot}");
        await page.SelectOptionAsync("#status-form #f-action", "reject");
        await page.FillAsync("#status-form #f-reason", "cracks found at incoming inspection");
        await page.ClickAsync("#status-form button");
        var change = await page.InnerTextAsync("#status-change");
        Assert.Contains($"REJECT lot {lot}: 120 ea, status available → rejected", change, StringComparison.Ordinal);
        Assert.Contains("cannot be undone", await page.InnerTextAsync("#status-preview"), StringComparison.Ordinal);
        await ShotAsync(page, "reject-confirm");
        Assert.Equal(before, await LedgerCountAsync());

        // Cancel: back to the lot, still available, nothing recorded.
        await page.ClickAsync("#cancel-status");
        await page.WaitForURLAsync($"{Base}/lots/{lot}", Loaded);
        Assert.Contains("available", await page.InnerTextAsync(".outcome"), StringComparison.Ordinal);
        Assert.Equal(LotStatus.Available, await StatusAsync(lot));

        await page.SelectOptionAsync("#status-form #f-action", "reject");
        await page.FillAsync("#status-form #f-reason", "cracks found at incoming inspection");
        await page.ClickAsync("#status-form button");
        await page.ClickAsync("#confirm-status");
        Assert.Contains("available → rejected", await page.InnerTextAsync("#status-done"), StringComparison.Ordinal);
        Assert.Equal(LotStatus.Rejected, await StatusAsync(lot));
        Assert.Equal(before + 1, await LedgerCountAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"a[href='/api/lots/{lot}/labels']"));
        var words = PdfWords(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Equal("REJECTED", words[0]);
        Assert.Contains(lot, words);
        await ShotAsync(page, "rejected");
    }

    [Fact]
    public async Task The_unit_page_shows_what_it_was_made_of_at_a_chosen_moment_and_the_BOMs_page_lists_every_revision()
    {
        var page = await SignInAsync();
        var lot = await ReceiveAsync(page, "H-14-003", "4");

        // Two revisions of the arm's bill of materials, defined on the BOMs page.
        await DefineBomAsync(page, "PLATE-14:2");
        await DefineBomAsync(page, "PLATE-14:1");
        var rows = await page.Locator("#bom-list tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Contains("ARM-14", rows[0], StringComparison.Ordinal);
        Assert.Contains("PLATE-14: 1 ea", rows[0], StringComparison.Ordinal);
        Assert.Contains("current", rows[0], StringComparison.Ordinal);
        Assert.Contains("PLATE-14: 2 ea", rows[1], StringComparison.Ordinal);
        Assert.Contains("superseded", rows[1], StringComparison.Ordinal);
        await ShotAsync(page, "boms");

        // Made at 08:00 from one plate, a second plate installed at 10:00.
        await page.GotoAsync("/make");
        await page.SelectOptionAsync("#f-item", "ARM-14");
        await page.FillAsync("#f-use", $"{lot}:1");
        await page.FillAsync("#f-serials", "1");
        await page.ClickAsync("form[action='/make'] button");
        var unit = await page.InnerTextAsync("#outcome a[href^='/units/']");
        Clock.Now = new DateTimeOffset(2024, 9, 2, 10, 0, 0, TimeSpan.Zero);
        var second = await ReceiveAsync(page, "H-14-004", "1");
        await page.GotoAsync($"/units/{unit}");
        await page.FillAsync("form[action$='/install'] #f-lot", $"{second}:1");
        await page.ClickAsync("form[action$='/install'] button");
        await page.WaitForURLAsync($"{Base}/units/{Uri.EscapeDataString(unit)}", Loaded);
        var now = await page.InnerTextAsync("#as-built");
        Assert.Contains(lot, now, StringComparison.Ordinal);
        Assert.Contains(second, now, StringComparison.Ordinal);

        await page.FillAsync("#f-asOf", "2024-09-02T09:00");
        await page.ClickAsync("#asof-form button");
        var then = await page.InnerTextAsync("#as-built");
        Assert.Contains(lot, then, StringComparison.Ordinal);
        Assert.DoesNotContain(second, then, StringComparison.Ordinal);
        Assert.Equal("2024-09-02T09:00", await page.InputValueAsync("#f-asOf"));
        await ShotAsync(page, "unit-as-of");

        // A moment that is not a moment comes back next to its field.
        await page.GotoAsync($"/units/{Uri.EscapeDataString(unit)}?asOf=yesterday");
        Assert.Contains("not a date", await page.InnerTextAsync("p.error[data-field='asOf']"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receiving_a_return_shows_what_comes_back_and_records_nothing_until_confirmed()
    {
        var page = await SignInAsync();
        var lot = await ReceiveAsync(page, "H-14-003", "10");
        var order = await OrderAsync("Acme Corp", 4);
        var shipment = (await Seed.Ok(Ship.HandleAsync(Shop, "test", new(order, Lots: [$"{lot}:4"]), default))).Shipment;
        var before = await LedgerCountAsync();

        await page.GotoAsync($"/shipments/{shipment}");
        await page.FillAsync("#return-form #f-reason", "two plates bent in transit");
        await page.FillAsync("#return-form #f-lot", $"{lot}:2");
        await page.ClickAsync("#return-form button");
        var change = await page.InnerTextAsync("#return-change");
        Assert.Contains($"2 ea of lot {lot} come back as a new piece {lot}.1", change, StringComparison.Ordinal);
        Assert.Contains("Nothing is recorded until you confirm", await page.InnerTextAsync("#return-preview"), StringComparison.Ordinal);
        await ShotAsync(page, "return-confirm");
        Assert.Equal(before, await LedgerCountAsync());
        Assert.Empty((await LotAsync(lot)).Pieces);

        await page.ClickAsync("#confirm-return");
        Assert.Contains("received", await page.InnerTextAsync("#return-done"), StringComparison.Ordinal);
        Assert.Equal(before + 1, await LedgerCountAsync());
        Assert.Equal([$"{lot}.1"], (await LotAsync(lot)).Pieces);
        Assert.Equal(LotStatus.Blocked, await StatusAsync($"{lot}.1"));
    }

    [Fact]
    public async Task Shipping_shows_what_leaves_first_and_records_the_shipment_only_on_confirm()
    {
        var page = await SignInAsync();
        var lot = await ReceiveAsync(page, "H-14-005", "10");
        var order = await OrderAsync("Fjord Robotics", 3);
        var before = await LedgerCountAsync();

        await page.GotoAsync($"/ship?order={order}");
        await page.FillAsync("#f-scan", $"{lot}:3");
        await page.ClickAsync("#ship-form button");
        Assert.Contains("1 lot lines and 0 units leave", await page.InnerTextAsync("#ship-change"), StringComparison.Ordinal);
        Assert.Contains($"lot {lot}\tPLATE-14\t3 ea", await page.InnerTextAsync("#ship-preview #ship-lines"), StringComparison.Ordinal);
        await ShotAsync(page, "ship-confirm");
        Assert.Equal(before, await LedgerCountAsync());
        Assert.Equal(10m, (await LotAsync(lot)).Quantity);

        await page.ClickAsync("#confirm-ship");
        Assert.Contains("Shipped SHP-", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        Assert.Equal(before + 1, await LedgerCountAsync());
        Assert.Equal(7m, (await LotAsync(lot)).Quantity);
    }

    [Fact]
    public async Task An_NCR_disposition_shows_the_status_changes_first_and_records_them_only_on_confirm()
    {
        var page = await SignInAsync();
        var lot = await ReceiveAsync(page, "H-14-004", "12");
        var ncr = (await Seed.Ok(Nonconformances.OpenAsync(Shop, "test", new([lot], [], [], "laminations along one edge", "incoming inspection"), default))).Ncr.Id.Value;
        var before = await LedgerCountAsync();

        await page.GotoAsync($"/ncrs/{ncr}");
        await page.SelectOptionAsync("#f-disposition", "scrap");
        await page.FillAsync("#f-approved-by", "Q. Lead");
        await page.FillAsync("#disposition-form #f-reason", "cannot be repaired");
        await page.ClickAsync("#disposition-form button");
        Assert.Contains($"{lot}: status available → scrapped", await page.InnerTextAsync("#disposition-change"), StringComparison.Ordinal);
        Assert.Contains("cannot be undone", await page.InnerTextAsync("#disposition-preview"), StringComparison.Ordinal);
        await ShotAsync(page, "disposition-confirm");
        Assert.Equal(before, await LedgerCountAsync());
        Assert.Equal(LotStatus.Available, await StatusAsync(lot));

        await page.ClickAsync("#confirm-disposition");
        Assert.Contains("Disposition recorded: scrap", await page.InnerTextAsync("#done"), StringComparison.Ordinal);
        Assert.Equal(LotStatus.Scrapped, await StatusAsync(lot));
        Assert.True(await LedgerCountAsync() > before);
    }

    /// <summary>A new customer's order for <paramref name="plates"/> plates (outside the pages: what is tested is what comes after).</summary>
    private async Task<string> OrderAsync(string customer, int plates)
    {
        var registered = (await Seed.Ok(Customers.RegisterAsync(Shop, "test", new(customer, Email: "buyer@example.com"), default))).Customer;
        return (await Seed.Ok(Customers.PlaceAsync(Shop, "test", new(registered, [$"PLATE-14:{plates}"]), default))).Order;
    }

    private async Task<IPage> SignInAsync()
    {
        var context = await _server!.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 }, AcceptDownloads = true, BaseURL = Base });
        var page = await context.NewPageAsync();
        await BrowserServer.SignInAsync(page, "owner", Password);
        return page;
    }

    private static async Task<string> ReceiveAsync(IPage page, string heat, string quantity)
    {
        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "PLATE-14");
        await page.SelectOptionAsync("#f-supplier", "Northern Plate");
        await page.FillAsync("#f-heat", heat);
        await page.FillAsync("#f-qty", quantity);
        await page.FillAsync("#f-uom", "ea");
        await page.ClickAsync("form[action='/receive'] button");
        Assert.Contains("available", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        return await page.InnerTextAsync("#outcome a");
    }

    private static async Task DefineBomAsync(IPage page, string line)
    {
        await page.GotoAsync("/boms");
        await page.SelectOptionAsync("#f-product", "ARM-14");
        await page.FillAsync("#f-line", line);
        await page.ClickAsync("form[action='/boms'] button");
        Assert.Contains("Defined", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
    }

    private async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, $"{kind.Dialect}-{name}.png"), FullPage = true });

    private static List<string> PdfWords(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToList();
    }

    private async Task<long> LedgerCountAsync()
    {
        await using var connection = await Shop.Database.OpenConnectionAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(decimal Quantity, List<string> Pieces)> LotAsync(string lot)
    {
        await using var connection = await Shop.Database.OpenConnectionAsync(default);
        var id = LotId.Parse(lot).Value;
        var found = await MaterialsQueries.FindLotAsync(connection, null, id, default);
        var pieces = await MaterialsQueries.DescendantsAsync(connection, null, id, default);
        return (found!.Quantity, pieces.Where(p => p.Parent == id).Select(p => p.Id.Value).ToList());
    }

    private async Task<LotStatus> StatusAsync(string lot)
    {
        await using var connection = await Shop.Database.OpenConnectionAsync(default);
        return (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(lot).Value, default))!.Status;
    }
}

public sealed class SqliteConfirmBrowserTests() : ConfirmBrowserTests(new SqliteKind());

public sealed class PostgresConfirmBrowserTests() : ConfirmBrowserTests(new PostgresKind());
