using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using Tracewright.Data.Tests.Support;
using Tracewright.Tests.Labels;
using Tracewright.Tests.Support;
using Tracewright.Web;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;

namespace Tracewright.Tests.Web;

/// <summary>
/// Issue 14, "what a shop needs without the command line": on an EMPTY database, in headless Chromium, a new shop creates
/// its administrator on /setup, registers items and a supplier, records a bought-in serial, receives a delivery, prints
/// labels of a lot, a unit and an SSCC box in PDF, PNG and ZPL (each file read back: PDF text with PdfPig, the QR code
/// decoded with ZXing), imports a sheet (a dry run naming the bad row and column, then a good sheet), exports the records,
/// checks the ledger and downloads a backup. Run on SQLite and on PostgreSQL.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class NewPagesBrowserTests(DatabaseKind kind) : IAsyncLifetime
{
    private const string Admin = "owner";
    private const string Password = "a long shop password";

    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-newpages-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 9, 2, 8, 0, 0, TimeSpan.Zero));
    private TestDatabase? _database;
    private BrowserServer? _server;

    /// <summary>Where the screenshots go (kept after the test, to look at).</summary>
    private string Shots => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tracewright-newpages-shots", kind.ToString())).FullName;

    private IBrowser Browser => _server!.Browser;

    private string Base => _server!.Base;

    public async Task InitializeAsync()
    {
        _database = await kind.CreateAsync(migrate: false);
        _server = await BrowserServer.StartAsync(new WebOptions(_database.Target, "http://127.0.0.1:0", _clock, Path.Combine(_folder, "keys")));
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

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Issue14_a_new_shop_sets_up_items_suppliers_serials_labels_imports_exports_and_checks_its_ledger_with_no_command_line()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 900 }, AcceptDownloads = true, BaseURL = Base });
        await BrowserServer.WatchContentSecurityPolicyAsync(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);

        // The first administrator, created on /setup (an empty database sends every visitor there).
        await page.GotoAsync("/");
        Assert.EndsWith("/setup", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#f-user", Admin);
        await page.FillAsync("#f-display-name", "Sam Owner");
        await page.FillAsync("#f-password", Password);
        await page.FillAsync("#f-confirm", Password);
        await page.ClickAsync("form[action='/setup'] button");
        await page.WaitForURLAsync($"{Base}/admin", Loaded);

        // Items: an unknown unit is refused naming the nearest Rec. 20 units, and what was typed stays.
        await page.ClickAsync("header nav a[href='/items']");
        await page.WaitForURLAsync($"{Base}/items", Loaded);
        Assert.Contains("No items yet", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.FillAsync("#f-code", "ALU-6061-PLATE");
        await page.FillAsync("#f-description", "Aluminium plate 6061-T6, 10 mm");
        await page.FillAsync("#f-uom", "sheat");
        await page.SelectOptionAsync("#f-material", "metal");
        await page.ClickAsync("#item-form button");
        var unitError = await page.InnerTextAsync("p.error[data-field='uom']");
        Assert.Contains("Unit 'sheat' is not a unit Tracewright knows", unitError, StringComparison.Ordinal);
        Assert.Contains("sheet (ST)", unitError, StringComparison.Ordinal);
        Assert.Equal("Aluminium plate 6061-T6, 10 mm", await page.InputValueAsync("#f-description"));
        await Shot(page, "items-unknown-unit");
        await page.FillAsync("#f-uom", "sheet");
        await page.ClickAsync("#item-form button");
        await page.WaitForURLAsync($"{Base}/items/ALU-6061-PLATE?registered=1", Loaded);
        Assert.Equal("MTR", await page.InnerTextAsync("#required"));
        Assert.Contains("sheet (ST)", await page.InnerTextAsync("#item"), StringComparison.Ordinal);

        await page.GotoAsync("/items");
        await page.FillAsync("#f-code", "MOTOR-24V");
        await page.FillAsync("#f-description", "Stepper motor 24 V, bought in");
        await page.FillAsync("#f-uom", "ea");
        await page.SelectOptionAsync("#f-material", "other");
        await page.SelectOptionAsync("#f-tracking", "serial");
        await page.CheckAsync("#item-form input[name=requires][value=CofC]");
        await page.ClickAsync("#item-form button");
        await page.WaitForURLAsync($"{Base}/items/MOTOR-24V?registered=1", Loaded);
        Assert.Equal("CofC", await page.InnerTextAsync("#required"));
        Assert.Contains("serial number", await page.InnerTextAsync("#item"), StringComparison.Ordinal);
        await page.GotoAsync("/items");
        Assert.Equal(2, await page.Locator("#items tbody tr").CountAsync());
        await Shot(page, "items");

        // Suppliers: a wrong e-mail is refused in the field's words; then registered, with what its deliveries must bring.
        await page.ClickAsync("header nav a[href='/suppliers']");
        await page.FillAsync("#f-name", "Midwest Aluminum Supply");
        await page.FillAsync("#f-contact", "Dana Reyes");
        await page.FillAsync("#f-email", "dana.midwest.example");
        await page.EvalOnSelectorAsync("#f-email", "e => e.type = 'text'");
        await page.ClickAsync("#supplier-form button");
        Assert.Contains("E-mail 'dana.midwest.example' is not an e-mail address", await page.InnerTextAsync("p.error[data-field='email']"), StringComparison.Ordinal);
        Assert.Equal("Dana Reyes", await page.InputValueAsync("#f-contact"));
        await page.FillAsync("#f-email", "dana@midwest.example");
        await page.ClickAsync("#supplier-form button");
        await page.WaitForURLAsync($"{Base}/suppliers/Midwest%20Aluminum%20Supply?registered=1", Loaded);
        var requirements = await page.InnerTextAsync("#requirements");
        Assert.Contains("ALU-6061-PLATE", requirements, StringComparison.Ordinal);
        Assert.Contains("MTR", requirements, StringComparison.Ordinal);
        await Shot(page, "supplier");

        // A bought-in motor recorded by its maker's serial; the same serial twice is refused.
        await page.ClickAsync("header nav a[href='/capture']");
        await page.SelectOptionAsync("#f-item", "MOTOR-24V");
        await page.FillAsync("#f-serial", "M-778812");
        await page.FillAsync("#f-source", "Nema Motors, delivery note DN-4411");
        await page.ClickAsync("#capture-form button");
        Assert.Equal("MOTOR-24V:M-778812", await page.InnerTextAsync("#outcome a"));
        await Shot(page, "capture");
        await page.FillAsync("#f-serial", "M-778812");
        var again = await SubmitAsync(page, "#capture-form button");
        Assert.Equal(409, again.Status);
        Assert.Contains("M-778812", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // A delivery through the existing Receive page, with its mill certificate.
        await page.GotoAsync("/receive");
        await page.SelectOptionAsync("#f-item", "ALU-6061-PLATE");
        await page.SelectOptionAsync("#f-supplier", "Midwest Aluminum Supply");
        await page.FillAsync("#f-heat", "H-24-0117");
        await page.FillAsync("#f-qty", "4");
        await page.FillAsync("#f-uom", "sheet");
        await page.SetInputFilesAsync("#f-certificate", new FilePayload { Name = "MTR-H-24-0117.pdf", MimeType = "application/pdf", Buffer = Seed.Pdf("MTR H-24-0117") });
        await page.SelectOptionAsync("#f-certificate-type", "MTR");
        await page.FillAsync("#f-certificate-heat", "H-24-0117");
        await page.ClickAsync("form[action='/receive'] button");
        var lot = await page.InnerTextAsync("#outcome a");

        // A box with a new SSCC, the motor packed in it.
        await page.GotoAsync("/containers");
        await page.ClickAsync("form[action='/containers'] button");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/containers/[0-9]{18}$"), Loaded);
        var sscc = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.FillAsync("#f-scan", "MOTOR-24V:M-778812");
        await page.ClickAsync($"form[action='/containers/{sscc}/pack'] button");

        // Labels: the lot on a PDF sheet, the unit as PNG, the box (SSCC) as PNG and ZPL.
        await page.ClickAsync("header nav a[href='/labels']");
        await Shot(page, "labels");
        var pdf = await DownloadLabelAsync(page, "lot", lot, "pdf");
        using (var document = PdfDocument.Open(pdf))
        {
            var text = string.Concat(document.GetPages().Select(p => p.Text));
            Assert.Contains(lot, text, StringComparison.Ordinal);
            Assert.Contains("H-24-0117", text, StringComparison.Ordinal);
        }

        Assert.Equal("MOTOR-24V:M-778812", Qr(await DownloadLabelAsync(page, "unit", "MOTOR-24V:M-778812", "png")));
        Assert.Equal($"https://id.gs1.org/00/{sscc}", Qr(await DownloadLabelAsync(page, "container", sscc, "png")));
        var zpl = Encoding.UTF8.GetString(await DownloadLabelAsync(page, "container", sscc, "zpl"));
        Assert.StartsWith("^XA", zpl.TrimStart(), StringComparison.Ordinal);
        Assert.Contains($"https://id.gs1.org/00/{sscc}", zpl, StringComparison.Ordinal);
        Assert.Contains("unit MOTOR-24V:M-778812", zpl, StringComparison.Ordinal);

        // Refusals name what is wrong and keep what was chosen.
        await page.GotoAsync("/labels");
        await page.SelectOptionAsync("#f-of", "lot");
        await page.FillAsync("#f-id", "ALU-0999-999");
        var unknown = await SubmitAsync(page, "#label-form button");
        Assert.Equal(404, unknown.Status);
        Assert.Contains("ALU-0999-999", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal("ALU-0999-999", await page.InputValueAsync("#f-id"));
        await page.SelectOptionAsync("#f-of", "pieces");
        await page.FillAsync("#f-id", lot);
        await page.SelectOptionAsync("#f-format", "pdf");
        await SubmitAsync(page, "#label-form button");
        Assert.Contains("has not been cut into pieces", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Shot(page, "labels-refused");

        // Import: a sheet with bad rows is checked, nothing recorded, each problem named by row and column.
        await page.ClickAsync("header nav a[href='/import']");
        await page.SelectOptionAsync("#f-sheet", "receipts");
        await page.SetInputFilesAsync("#f-file", Csv("receipts-bad.csv",
            "item,supplier,heat,qty,uom",
            "ALU-6061-PLATE,Midwest Aluminum Supply,H-24-0200,2,sheet",
            "ALU-6061-PLATE,Midwest Aluminum Supply,H-24-0201,lots,sheet",
            "NOPE-1,Midwest Aluminum Supply,H-24-0202,1,sheet"));
        var bad = await SubmitAsync(page, "#import-form button");
        Assert.Equal(400, bad.Status);
        Assert.Contains("Nothing imported", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        var problems = await page.Locator("#problems tbody tr").AllInnerTextsAsync();
        Assert.Contains(problems, p => p.StartsWith("3\tqty\t", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("4\titem\t", StringComparison.Ordinal) && p.Contains("NOPE-1", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.StartsWith("2\t", StringComparison.Ordinal));
        await Shot(page, "import-problems");

        // The good sheet: a dry run first (nothing recorded), then Import.
        await page.SetInputFilesAsync("#f-file", Csv("receipts.csv",
            "item,supplier,heat,qty,uom",
            "ALU-6061-PLATE,Midwest Aluminum Supply,H-24-0200,2,sheet",
            "ALU-6061-PLATE,Midwest Aluminum Supply,H-24-0201,3,sheet"));
        await SubmitAsync(page, "#import-form button");
        Assert.Contains("all 2 rows are good", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        await Shot(page, "import-dry-run");
        var other = await context.NewPageAsync();
        await other.GotoAsync("/lots");
        Assert.DoesNotContain("H-24-0200", await other.InnerTextAsync("main"), StringComparison.Ordinal);
        await other.CloseAsync();
        await SubmitAsync(page, "#apply-form button");
        Assert.Contains("2 rows recorded", await page.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("#created tbody tr a").CountAsync());
        await page.GotoAsync("/lots");
        Assert.Contains("H-24-0201", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // Export: the receipts (with the certificate received above, so a zip of sheet and files) and the EPCIS document.
        await page.ClickAsync("header nav a[href='/export']");
        var receipts = await DownloadAsync(page, "#export-receipts-xlsx");
        using (var zip = new ZipArchive(new MemoryStream(receipts)))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "receipts.xlsx");
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("receipts-certificates/", StringComparison.Ordinal));
        }

        var shipments = Encoding.UTF8.GetString(await DownloadAsync(page, "#export-shipments-csv"));
        Assert.StartsWith("shipment ref,", shipments.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var template = Encoding.UTF8.GetString(await DownloadAsync(page, "#template-receipts-csv"));
        Assert.StartsWith("item,supplier,heat", template.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var epcis = Encoding.UTF8.GetString(await DownloadAsync(page, "#export-epcis-json"));
        Assert.Contains("EPCISDocument", epcis, StringComparison.Ordinal);
        Assert.Contains("H-24-0201", epcis, StringComparison.Ordinal);

        // The ledger check in people's words, and a backup zip.
        await page.ClickAsync("header nav a[href='/admin/ledger']");
        await SubmitAsync(page, "#verify-form button");
        var verdict = await page.InnerTextAsync("#verdict");
        Assert.Contains("The chain is intact", verdict, StringComparison.Ordinal);
        Assert.Matches("[1-9][0-9]* records checked", verdict);
        await Shot(page, "ledger");
        var backup = await DownloadAsync(page, "#backup-form button");
        using (var zip = new ZipArchive(new MemoryStream(backup)))
        {
            Assert.NotEmpty(zip.Entries);
        }

        Assert.Empty(await BrowserServer.ContentSecurityPolicyViolationsAsync(page));

        // On a phone (390 px) the pages fit the screen: wide tables scroll inside the page, the page itself does not.
        await page.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { "/items", "/items/ALU-6061-PLATE", "/suppliers/Midwest%20Aluminum%20Supply", "/capture", "/labels", "/import", "/export", "/admin/ledger" })
        {
            await page.GotoAsync(path);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), $"{path} is wider than a 390 px phone");
        }

        await Shot(page, "ledger-phone");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Issue14_the_ledger_page_names_the_record_changed_behind_the_applications_back()
    {
        var shop = _server!.Shop;
        await Seed.Ok(Features.Access.Users.AddAsync(shop, "test", new Features.Access.Users.AddRequest(Admin, Password, "admin"), default));
        var supplier = await Seed.Ok(Features.Suppliers.RegisterSupplier.HandleAsync(shop, Admin, new("Midwest Aluminum Supply", "Dana Reyes"), default));
        await Seed.Ok(Features.Suppliers.RegisterSupplier.HandleAsync(shop, Admin, new("Nema Motors"), default));

        // Someone with the database changes the contact of a supplier record directly.
        await using (var connection = await shop.Database.OpenConnectionAsync(default))
        {
            var guards = kind.Dialect == Data.Dialect.Sqlite ? "DROP TRIGGER IF EXISTS ledger_no_update;" : "ALTER TABLE ledger DISABLE TRIGGER USER;";
            await Dapper.SqlMapper.ExecuteAsync(connection, $"{guards} UPDATE ledger SET payload = REPLACE(payload, 'Dana Reyes', 'Dan Reyes') WHERE seq = {supplier.Sequence};");
        }

        var context = await Browser.NewContextAsync(new() { BaseURL = Base });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        await page.GotoAsync("/signin");
        await page.FillAsync("#f-user", Admin);
        await page.FillAsync("#f-password", Password);
        await page.ClickAsync("form[action='/signin'] button");
        await page.WaitForURLAsync($"{Base}/", Loaded);
        await page.GotoAsync("/admin/ledger");
        var answer = await SubmitAsync(page, "#verify-form button");
        Assert.Equal(409, answer.Status);
        var verdict = await page.InnerTextAsync("#verdict");
        Assert.Contains($"The ledger has been changed outside Tracewright, at record {supplier.Sequence}", verdict, StringComparison.Ordinal);
        Assert.DoesNotContain("intact", verdict, StringComparison.Ordinal);
        await Shot(page, "ledger-tampered");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Issue14_an_operator_sees_items_and_suppliers_without_the_forms_and_may_not_open_the_ledger_page()
    {
        await Seed.Ok(Features.Access.Users.AddAsync(_server!.Shop, "test", new Features.Access.Users.AddRequest("kim", Password, "operator"), default));
        var context = await Browser.NewContextAsync(new() { BaseURL = Base });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        await page.GotoAsync("/signin");
        await page.FillAsync("#f-user", "kim");
        await page.FillAsync("#f-password", Password);
        await page.ClickAsync("form[action='/signin'] button");
        await page.WaitForURLAsync($"{Base}/", Loaded);
        await page.GotoAsync("/items");
        Assert.Equal(0, await page.Locator("#item-form").CountAsync());
        await page.GotoAsync("/suppliers");
        Assert.Equal(0, await page.Locator("#supplier-form").CountAsync());
        Assert.Equal(0, await page.Locator("header nav a[href='/admin/ledger']").CountAsync());
        var ledger = await page.GotoAsync("/admin/ledger");
        Assert.Equal(403, ledger!.Status);
        Assert.Equal(1, await page.Locator("header nav a[href='/import']").CountAsync());
        await context.CloseAsync();
    }

    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 };

    private async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, name + ".png"), FullPage = true });

    /// <summary>Clicks a submit button and waits for the page it leads to; its answer (status) is returned.</summary>
    /// <summary>Clicks a submit button and waits for the page it navigates to; the import test uses it too.</summary>
    internal static async Task<IResponse> SubmitAsync(IPage page, string selector)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(selector), r => r.Request.IsNavigationRequest);
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return response;
    }

    internal static FilePayload Csv(string name, params string[] lines) =>
        new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n") };

    private static async Task<byte[]> DownloadLabelAsync(IPage page, string of, string id, string format)
    {
        await page.GotoAsync("/labels");
        await page.SelectOptionAsync("#f-of", of);
        await page.FillAsync("#f-id", id);
        await page.SelectOptionAsync("#f-format", format);
        var bytes = await DownloadAsync(page, "#label-form button");
        Assert.True(bytes.Length > 0, $"{of} {id} {format}: empty file");
        return bytes;
    }

    private static async Task<byte[]> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(selector));
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }

    /// <summary>The QR code of a label PNG, decoded by ZXing from the pixels (our own PNG reader gives the grey levels).</summary>
    private static string Qr(byte[] png)
    {
        var image = LabelFiles.DecodePng(png);
        var luminance = new byte[image.Width * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                luminance[(y * image.Width) + x] = image.Grey[y, x];
            }
        }

        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { TryHarder = true, PossibleFormats = [BarcodeFormat.QR_CODE] } };
        var result = reader.Decode(new RGBLuminanceSource(luminance, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8));
        Assert.True(result is not null, "no QR code found in the label PNG");
        return result.Text;
    }
}

public sealed class NewPagesBrowserTestsSqlite() : NewPagesBrowserTests(new SqliteKind());

public sealed class NewPagesBrowserTestsPostgres() : NewPagesBrowserTests(new PostgresKind());
