using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Tracewright.Tests.Support;

namespace Tracewright.Tests.Cli;

/// <summary>The command line as a person and a script use it: exit codes, messages, JSON, nothing written on bad input.</summary>
public sealed class CliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task SetUpAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "ALU-6061-PLATE", "--description", "6061 plate", "--uom", "ea", "--material", "metal", "--lot-prefix", "ALU")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("supplier", "add", "--name", "Acme Metals", "--email", "jo@acme.example")).ExitCode);
    }

    private async Task<long> LedgerCountAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_cli.DbPath}");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger");
    }

    [Fact]
    public async Task Issue14_Receive_AQuantityFinerThanTheUnitAllows_IsExit2NamingTheFieldAndPrecision_AndWritesNothing()
    {
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "PLA-175", "--description", "PLA filament", "--uom", "g", "--material", "filament", "--lot-prefix", "PLA")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("supplier", "add", "--name", "Filaworks")).ExitCode);
        var before = await LedgerCountAsync();

        var run = await _cli.RunAsync("receive", "--item", "PLA-175", "--supplier", "Filaworks", "--heat", "F1", "--qty", "0.0000001", "--uom", "g");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("qty", run.Error, StringComparison.Ordinal);
        Assert.Contains("0.0000001 g is finer than g allows 2 decimal places", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync());
    }

    [Fact]
    public async Task Receive_PrintsTheLotAndStatus_AndJsonIsMachineReadable()
    {
        await SetUpAsync();
        var mtr = _cli.WriteFile("mtr.pdf", Seed.Pdf("MTR H1"));
        var text = await _cli.RunAsync("receive", "--item", "alu-6061-plate", "--supplier", "ACME METALS", "--heat", "H1", "--qty", "4", "--uom", "ea", "--certificate", mtr, "--certificate-type", "mtr", "--certificate-heat", "H1");
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("ALU-0524-001 available", text.Output, StringComparison.Ordinal);
        Assert.Contains("checked: heat H1 matches the MTR", text.Output, StringComparison.Ordinal);

        var json = await _cli.RunAsync("--json", "receive", "--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H2", "--qty", "1", "--uom", "ea");
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("ALU-0524-002", document.RootElement.GetProperty("lot").GetString());
        Assert.Equal("Quarantine", document.RootElement.GetProperty("status").GetString());
        Assert.Equal("awaiting certificate: MTR", document.RootElement.GetProperty("reason").GetString());
    }

    public static TheoryData<string, string[], int, string> BadReceipts => new()
    {
        { "unknown item", ["--item", "NOPE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea"], 3, "item 'NOPE' does not exist" },
        { "unknown supplier", ["--item", "ALU-6061-PLATE", "--supplier", "Nobody", "--heat", "H1", "--qty", "1", "--uom", "ea"], 3, "supplier 'Nobody' does not exist" },
        { "zero quantity", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "0", "--uom", "ea"], 2, "qty must be greater than zero" },
        { "negative quantity", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "-3", "--uom", "ea"], 2, "qty must be greater than zero" },
        { "quantity not a number", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "four", "--uom", "ea"], 2, "qty 'four' is not a number" },
        { "unit mismatch", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "kg"], 5, "uom 'kg' does not match item ALU-6061-PLATE's unit 'ea'" },
        { "heat with a space", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H 1", "--qty", "1", "--uom", "ea"], 2, "heat 'H 1' has ' ' at position 2" },
        { "certificate without its heat", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea", "--certificate", "{mtr}", "--certificate-type", "MTR"], 2, "certificate-heat is required" },
        { "unknown certificate type", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea", "--certificate", "{mtr}", "--certificate-type", "XYZ", "--certificate-heat", "H1"], 2, "certificate-type 'XYZ' is not one of" },
        { "unreadable certificate", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea", "--certificate", "{notes}", "--certificate-type", "MTR", "--certificate-heat", "H1"], 2, "is not a PDF or an image" },
        { "oversized certificate", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea", "--certificate", "{huge}", "--certificate-type", "MTR", "--certificate-heat", "H1"], 2, "the limit is 20,971,520 bytes" },
        { "missing certificate file", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea", "--certificate", "{absent}", "--certificate-type", "MTR", "--certificate-heat", "H1"], 2, "does not exist" },
        { "bad date", ["--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea", "--received-on", "14/05/2024"], 2, "received-on '14/05/2024' is not a date" },
    };

    [Theory]
    [MemberData(nameof(BadReceipts))]
    public async Task Receive_BadInput_NamesTheProblemAndWritesNothing(string _, string[] args, int exitCode, string message)
    {
        await SetUpAsync();
        var files = new Dictionary<string, string>
        {
            ["{mtr}"] = _cli.WriteFile("mtr.pdf", Seed.Pdf("MTR")),
            ["{notes}"] = _cli.WriteFile("notes.txt", "just some text"u8.ToArray()),
            ["{huge}"] = _cli.WriteFile("huge.pdf", [.. "%PDF-"u8, .. new byte[21 * 1024 * 1024]]),
            ["{absent}"] = Path.Combine(_cli.Folder, "absent.pdf"),
        };
        var before = await LedgerCountAsync();
        var run = await _cli.RunAsync(["receive", .. args.Select(a => files.GetValueOrDefault(a, a))]);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync());
    }

    [Fact]
    public async Task Receive_TheSameDeliveryTwice_IsRefusedUnlessConfirmed_AndARepeatHeatWarns()
    {
        await SetUpAsync();
        string[] delivery = ["receive", "--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "4", "--uom", "ea", "--po", "PO-9"];
        Assert.Equal(0, (await _cli.RunAsync(delivery)).ExitCode);
        var before = await LedgerCountAsync();

        var twice = await _cli.RunAsync(delivery);
        Assert.Equal(4, twice.ExitCode);
        Assert.Contains("recorded twice", twice.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerCountAsync());

        var confirmed = await _cli.RunAsync([.. delivery, "--allow-duplicate"]);
        Assert.Equal(0, confirmed.ExitCode);
        Assert.Contains("warning: heat H1 of ALU-6061-PLATE from Acme Metals was received before as ALU-0524-001", confirmed.Output, StringComparison.Ordinal);

        var anotherPo = await _cli.RunAsync(["receive", "--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "4", "--uom", "ea", "--po", "PO-10"]);
        Assert.Equal(0, anotherPo.ExitCode);
        Assert.Contains("warning:", anotherPo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemAndSupplier_AddedTwice_AreConflicts()
    {
        await SetUpAsync();
        var item = await _cli.RunAsync("item", "add", "--code", "alu-6061-plate", "--description", "again", "--uom", "ea", "--material", "metal");
        Assert.Equal(4, item.ExitCode);
        Assert.Contains("item 'ALU-6061-PLATE' already exists", item.Error, StringComparison.Ordinal);
        var supplier = await _cli.RunAsync("supplier", "add", "--name", "ACME metals");
        Assert.Equal(4, supplier.ExitCode);
        var badEmail = await _cli.RunAsync("supplier", "add", "--name", "Other", "--email", "not-an-address");
        Assert.Equal(2, badEmail.ExitCode);
        Assert.Contains("email 'not-an-address' is not an e-mail address", badEmail.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_TooMuch_IsRefusedWithTheNumbers()
    {
        await SetUpAsync();
        await _cli.RunAsync("receive", "--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "4", "--uom", "ea", "--certificate", _cli.WriteFile("m.pdf", Seed.Pdf("m")), "--certificate-type", "MTR", "--certificate-heat", "H1");
        var run = await _cli.RunAsync("split", "ALU-0524-001", "--into", "2,2", "--scrap", "0.5");
        Assert.Equal(5, run.ExitCode);
        Assert.Contains("pieces (4) plus scrap (0.5) come to 4.5 ea, more than the 4 ea lot ALU-0524-001 holds", run.Error, StringComparison.Ordinal);
        var zero = await _cli.RunAsync("split", "ALU-0524-001", "--into", "1,0");
        Assert.Equal(2, zero.ExitCode);
        var labels = await _cli.RunAsync("--json", "split", "ALU-0524-001", "--into", "1,1", "--preview");
        using var document = JsonDocument.Parse(labels.Output);
        Assert.False(document.RootElement.GetProperty("recorded").GetBoolean());
        Assert.Equal("H1", document.RootElement.GetProperty("pieces")[0].GetProperty("heat").GetString());
    }

    [Fact]
    public async Task Split_WritesEveryPiecesLabelIntoOneSheet_BeforeTheCutIsRecorded()
    {
        await SetUpAsync();
        await _cli.RunAsync("receive", "--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "4", "--uom", "ea", "--certificate", _cli.WriteFile("m.pdf", Seed.Pdf("m")), "--certificate-type", "MTR", "--certificate-heat", "H1");
        var sheet = Path.Combine(_cli.Folder, "cut.zpl");
        var run = await _cli.RunAsync("split", "ALU-0524-001", "--into", "1,1,1,1", "--preview", "--labels", sheet);
        Assert.Equal(0, run.ExitCode);
        var zpl = await File.ReadAllTextAsync(sheet);
        Assert.Equal(4, zpl.Split("^XA").Length - 1);
        Assert.Contains("ALU-0524-001.4", zpl, StringComparison.Ordinal);
        Assert.Contains("H1", zpl, StringComparison.Ordinal);
        Assert.Equal(5, await LedgerCountAsync());
    }

    [Fact]
    public async Task UnknownVerbOrMissingOption_IsAUsageError()
    {
        Assert.Equal(2, (await _cli.RunAsync("frobnicate")).ExitCode);
        var missing = await _cli.RunAsync("receive", "--item", "X");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--supplier", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_IsNotFound()
    {
        await SetUpAsync();
        var run = await _cli.RunAsync("show", "NOTHING-HERE");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("record 'NOTHING-HERE' does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CatchesARowEditedDirectlyInTheSqliteFile()
    {
        await SetUpAsync();
        await _cli.RunAsync("receive", "--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "4", "--uom", "ea");
        await _cli.RunAsync("block", "ALU-0524-001", "--reason", "check surface");
        var clean = await _cli.RunAsync("verify");
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("ledger intact: 4 records", clean.Output, StringComparison.Ordinal);

        // Someone with the file and the sqlite3 shell quietly changes who received the material.
        await using (var connection = new SqliteConnection($"Data Source={_cli.DbPath};Pooling=False"))
        {
            await connection.ExecuteAsync("DROP TRIGGER ledger_no_update; UPDATE ledger SET payload = REPLACE(payload, '\"quantity\":4', '\"quantity\":40') WHERE seq = 3;");
        }

        SqliteConnection.ClearAllPools();
        var tampered = await _cli.RunAsync("verify");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("failed at record 3", tampered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_IsSignedAndVerifyChecksIt()
    {
        await SetUpAsync();
        var checkpoint = Path.Combine(_cli.Folder, "tip.json");
        var key = Path.Combine(_cli.Folder, "tip.key");
        var taken = await _cli.RunAsync("checkpoint", "--out", checkpoint, "--key-file", key);
        Assert.Equal(0, taken.ExitCode);
        Assert.Contains("a new key was made", taken.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("verify", "--checkpoint", checkpoint, "--key-file", key)).ExitCode);

        await File.WriteAllTextAsync(checkpoint, (await File.ReadAllTextAsync(checkpoint)).Replace("\"sequence\":2", "\"sequence\":1", StringComparison.Ordinal));
        var altered = await _cli.RunAsync("verify", "--checkpoint", checkpoint, "--key-file", key);
        Assert.Equal(1, altered.ExitCode);
        Assert.Contains("signature does not match", altered.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await _cli.RunAsync("verify", "--checkpoint", checkpoint)).ExitCode);
    }

    [Fact]
    public async Task ANewerDatabase_IsRefusedWithAClearMessage()
    {
        await SetUpAsync();
        await using (var connection = new SqliteConnection($"Data Source={_cli.DbPath};Pooling=False"))
        {
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (42, '0042_future', '2030-01-01')");
        }

        SqliteConnection.ClearAllPools();
        var run = await _cli.RunAsync("show", "ALU-6061-PLATE");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("schema version 42", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateGet_WritesTheStoredFileBack()
    {
        await SetUpAsync();
        var content = Seed.Pdf("MTR for H1, 6061-T6");
        await _cli.RunAsync("receive", "--item", "ALU-6061-PLATE", "--supplier", "Acme Metals", "--heat", "H1", "--qty", "1", "--uom", "ea", "--certificate", _cli.WriteFile("in.pdf", content), "--certificate-type", "MTR", "--certificate-heat", "H1");
        var target = Path.Combine(_cli.Folder, "out.pdf");
        Assert.Equal(0, (await _cli.RunAsync("certificate", "get", "CERT-000001", "--out", target)).ExitCode);
        Assert.Equal(content, await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task Issue14_label_of_a_container_carries_its_SSCC_digital_link_and_of_a_unit_its_id()
    {
        Assert.Equal(0, (await _cli.RunAsync("item", "add", "--code", "MOTOR-24V", "--description", "Stepper motor", "--uom", "ea", "--material", "other", "--tracking", "serial", "--requires", "none")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("serial", "capture", "--item", "MOTOR-24V", "--serial", "M-1")).ExitCode);
        var created = await _cli.RunAsync("container", "create", "--kind", "box");
        var sscc = System.Text.RegularExpressions.Regex.Match(created.Output, "[0-9]{18}").Value;
        Assert.Equal(0, (await _cli.RunAsync("container", "pack", sscc, "--unit", "MOTOR-24V:M-1")).ExitCode);

        var box = Path.Combine(_cli.Folder, "box.zpl");
        var printed = await _cli.RunAsync("label", sscc, "--of", "container", "--out", box);
        Assert.Equal(0, printed.ExitCode);
        Assert.Contains($"QR: https://id.gs1.org/00/{sscc}", printed.Output, StringComparison.Ordinal);
        var zpl = await File.ReadAllTextAsync(box);
        Assert.Contains($"https://id.gs1.org/00/{sscc}", zpl, StringComparison.Ordinal);
        Assert.Contains($"(00) {sscc}", zpl, StringComparison.Ordinal);

        var unit = await _cli.RunAsync("label", "MOTOR-24V:M-1", "--of", "unit", "--out", Path.Combine(_cli.Folder, "motor.svg"));
        Assert.Contains("QR: MOTOR-24V:M-1", unit.Output, StringComparison.Ordinal);
        var missing = await _cli.RunAsync("label", "MOTOR-24V:M-2", "--of", "unit");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("M-2", missing.Error, StringComparison.Ordinal);
    }
}
