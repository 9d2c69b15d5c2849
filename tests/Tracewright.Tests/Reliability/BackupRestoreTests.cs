using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Dapper;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Epcis;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Features.Shipping;
using Tracewright.Features.Trace;
using Tracewright.Tests.Epcis;
using Xunit.Abstractions;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// Issue #8, item 7: <c>backup</c> takes one consistent moment while another task keeps writing; <c>restore</c> puts it
/// into an empty database of either kind with the same records, hashes and files, derived tables rebuilt; the result
/// verifies, holds the same derived state and answers traces the same. A damaged file restores nothing.
/// </summary>
public abstract class BackupRestoreTests(DatabaseKind source, ITestOutputHelper output)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 5, 20, 7, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Directory.CreateTempSubdirectory("tracewright-backup-").FullName;

    private static DatabaseKind KindOf(string name) => name == "Sqlite" ? new SqliteKind() : new PostgresKind();

    /// <summary>A small shop with every kind of thing a trace crosses: certificates (files), cuts, a run, a shipment, EPCIS events, a block and a correction.</summary>
    private async Task<Shop> ShopAsync(TestDatabase test)
    {
        var shop = await OpenAsync(test, _clock);
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ENCL-10", "Custom electronics enclosure", "ea", "other", RequiredCertificates: ["none"], LotPrefix: "ENC"), default));
        var alu = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-24-0117", "4", "ea", Certificate("MTR", "H-24-0117")), default));
        var ply = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "T-1", "5", "sheet"), default));
        await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ACR-3MM", "Clearcast Plastics", "CC-9", "3", "sheet", Certificate("CofC", "CC-9")), default));
        await Ok(SplitLot.HandleAsync(shop, "op", new(alu.Lot, "1,1"), default));
        var run = await Ok(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{alu.Lot}.1:1", $"{ply.Lot}:2"], BatchQuantity: "2"), default));
        var customer = await Ok(Customers.RegisterAsync(shop, "sales", new("Harbor Robotics", "Sam Lee", "sam@harbor.example"), default));
        var order = await Ok(Customers.PlaceAsync(shop, "sales", new(customer.Customer, ["ENCL-10:10"]), default));
        await Ok(Ship.HandleAsync(shop, "ship", new(order.Order, [$"{run.OutputLot}:1"]), default));
        await Ok(ChangeLotStatus.HandleAsync(shop, "qa", new(ply.Lot, ChangeLotStatus.Action.Block, "moisture"), default));
        await Ok(CorrectReceipt.HandleAsync(shop, "qa", new(alu.Lot, "PO typo", PurchaseOrder: "PO-7"), default));
        await Ok(CaptureEpcis.HandleAsync(shop, "erp", new(EpcisSamples.Chain), default));
        return shop;
    }

    private static async Task<List<(long Sequence, string Hash)>> ChainAsync(Database database)
    {
        await using var connection = await database.OpenConnectionAsync(default);
        return (await connection.QueryAsync<(long, string)>("SELECT seq, hash FROM ledger ORDER BY seq")).ToList();
    }

    private static async Task<long> CountAsync(Database database, string table)
    {
        await using var connection = await database.OpenConnectionAsync(default);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private async Task<(string File, Backup.Manifest Manifest)> BackupAsync(Database database, string name, IProgress<long>? progress = null)
    {
        var file = Path.Combine(_folder, name);
        await using var stream = File.Create(file);
        return (file, await Backup.WriteAsync(database, stream, _clock.GetUtcNow(), progress, default));
    }

    private static async Task<Backup.Manifest> RestoreAsync(string file, Database target)
    {
        await using var stream = File.OpenRead(file);
        var restored = await Backup.RestoreAsync(stream, target, null, default);
        Assert.True(restored.IsSuccess, restored.Error?.ToString());
        return restored.Value;
    }

    /// <summary>Runs a callback, once, where the backup reports its ledger read: inside its snapshot, before the files.</summary>
    private sealed class PauseInsideTheSnapshot(Func<Task> whilePaused) : IProgress<long>
    {
        private int _paused;

        public void Report(long value)
        {
            if (Interlocked.Exchange(ref _paused, 1) == 0)
            {
                whilePaused().GetAwaiter().GetResult();
            }
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_backup_taken_while_writes_continue_restores_that_moment_and_verifies_and_traces_the_same(string targetKind)
    {
        await using var test = await source.CreateAsync();
        var shop = await ShopAsync(test);
        var filesBefore = await CountAsync(test.Database, "documents");

        // Another task keeps capturing EPCIS documents through its own connections for the whole backup.
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            var random = new Random(7);
            var other = new Shop(Database.Open(test.Target), _clock);
            while (!stop.IsCancellationRequested)
            {
                await Ok(CaptureEpcis.HandleAsync(other, "erp", new(CaptureDocument.Of(CaptureDocument.NewIds(random, 3), id => id[^6..])), default));
                Interlocked.Increment(ref writes);
                await Task.Delay(10); // a steady stream, not a tight loop that would keep the SQLite write lock busy
            }

            await other.Database.DisposeAsync();
        });

        // Inside the snapshot, a receipt with a new certificate file commits: it must not get into the backup.
        long pausedReceipt = 0;
        var pause = new PauseInsideTheSnapshot(async () =>
        {
            var receipt = await Ok(ReceiveLot.HandleAsync(new Shop(test.Database, _clock), "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-LATE", "1", "ea", Certificate("MTR", "H-LATE")), default));
            pausedReceipt = receipt.Sequence;
        });
        var (online, manifest) = await BackupAsync(test.Database, "online.twbackup", pause);
        await stop.CancelAsync();
        await writer;

        Assert.True(pausedReceipt > manifest.TipSequence, $"the receipt committed inside the snapshot (#{pausedReceipt}) is in the backup (tip #{manifest.TipSequence})");
        Assert.Equal(filesBefore, manifest.Documents);
        var sourceChain = await ChainAsync(test.Database);
        Assert.True(sourceChain.Count > manifest.Records);

        await using (var target = await KindOf(targetKind).CreateAsync(migrate: false))
        {
            await RestoreAsync(online, target.Database);
            Assert.Equal(sourceChain.Take((int)manifest.Records), await ChainAsync(target.Database));
            Assert.Equal(filesBefore, await CountAsync(target.Database, "documents"));
            var report = await LedgerVerifier.VerifyAsync(target.Database, null, default);
            Assert.True(report.IsIntact, report.Problem);
        }

        // With the writers stopped, a second backup restores to the same derived state and the same trace answers.
        var (quiet, all) = await BackupAsync(test.Database, "quiet.twbackup");
        Assert.Equal(sourceChain.Count, all.Records);
        await using (var target = await KindOf(targetKind).CreateAsync(migrate: false))
        {
            await RestoreAsync(quiet, target.Database);
            Assert.Equal(sourceChain, await ChainAsync(target.Database));
            var expected = await LedgerVerifier.DerivedStateAsync(test.Database, default);
            var actual = await LedgerVerifier.DerivedStateAsync(target.Database, default);
            Assert.Equal(expected.Keys, actual.Keys);
            Assert.All(expected, table => Assert.Equal(table.Value, actual[table.Key]));
            var restored = new Shop(target.Database, _clock);
            foreach (var id in new[] { "H-24-0117", "MFG-0001", "SHP-0001", EpcisSamples.LotUrn, EpcisSamples.Unit1Urn })
            {
                foreach (var direction in new[] { TraceRecords.Direction.Forward, TraceRecords.Direction.Backward })
                {
                    var before = JsonSerializer.Serialize(await Ok(TraceRecords.HandleAsync(shop, id, direction, null, default)));
                    Assert.Equal(before, JsonSerializer.Serialize(await Ok(TraceRecords.HandleAsync(restored, id, direction, null, default))));
                }
            }

            await ReliabilityReport.WriteAsync(output, $"{source}→{targetKind}: online backup of {manifest.Records} records and {manifest.Documents} files while a writer committed {writes} capture{(writes == 1 ? "" : "s")} beside it (one receipt inside its snapshot, left out); " +
                $"restored with the same hashes and verified; after the writers stopped, {all.Records} records restored to {actual.Values.Sum(v => v.Count)} equal derived rows in {actual.Count} tables and 10 equal trace answers");
        }
    }

    [Fact]
    public async Task The_verbs_back_up_online_refuse_to_overwrite_and_restore_into_an_empty_database_only()
    {
        await using var test = await source.CreateAsync();
        await ShopAsync(test);
        var file = Path.Combine(_folder, "shop.twbackup");
        var taken = await CliAsync(test.Target, "backup", file);
        Assert.True(taken.Exit == 0, taken.Output);
        Assert.Matches(@"^backup of \d+ records \(tip #\d+ [0-9a-f]{16}…\) and 2 files, as of .*, written to .*; SHA-256 [0-9a-f]{64}", taken.Output);
        Assert.Equal(4, (await CliAsync(test.Target, "backup", file)).Exit);

        var into = Path.Combine(_folder, "restored.db");
        var restored = await CliAsync(into, "restore", file);
        Assert.True(restored.Exit == 0, restored.Output);
        Assert.Contains("verify: intact", restored.Output, StringComparison.Ordinal);

        var again = await CliAsync(into, "restore", file);
        Assert.Equal(4, again.Exit);
        Assert.Contains("already holds", again.Output, StringComparison.Ordinal);
        Assert.Contains("restored only into an empty database", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_backup_is_refused_and_restores_nothing()
    {
        await using var test = await source.CreateAsync();
        await ShopAsync(test);
        var (file, manifest) = await BackupAsync(test.Database, "good.twbackup");
        var bytes = await File.ReadAllBytesAsync(file);

        var flipped = (byte[])bytes.Clone();
        flipped[MiddleOfEntry(bytes, "ledger.jsonl")] ^= 0x20;
        var truncated = bytes[..(bytes.Length / 2)];
        var notAZip = Encoding.UTF8.GetBytes("seq,kind\n1,LotReceived\n");
        var forged = await ForgedLedgerAsync(file);

        var damaged = new[] { ("flipped", flipped), ("truncated", truncated), ("not-a-zip", notAZip), ("forged", forged) };
        foreach (var (name, content) in damaged)
        {
            var path = Path.Combine(_folder, $"{name}.twbackup");
            await File.WriteAllBytesAsync(path, content);
            var into = Path.Combine(_folder, $"{name}.db");
            var refused = await CliAsync(into, "restore", path);
            Assert.True(refused.Exit == 2, $"{name}: exit {refused.Exit}: {refused.Output}");
            Assert.Contains("the backup file is damaged or not a Tracewright backup", refused.Output, StringComparison.Ordinal);
            Assert.Contains("nothing was restored", refused.Output, StringComparison.Ordinal);
            if (name == "forged")
            {
                // Its checksums were made to match, so it was read into a transaction, which the broken chain rolled back.
                Assert.Contains("its ledger is not intact: record 3 does not match its hash", refused.Output, StringComparison.Ordinal);
                await using var target = new SqliteDatabase(into);
                Assert.Equal((0, 0, 0), (await CountAsync(target, "ledger"), await CountAsync(target, "documents"), await CountAsync(target, "lots")));
            }
            else
            {
                Assert.False(File.Exists(into), $"{name}: a database was created");
            }
        }

        Assert.True(manifest.Records > 3);
    }

    private static async Task<(int Exit, string Output)> CliAsync(string db, params string[] args)
    {
        var text = new StringWriter();
        var exit = await TracewrightCli.RunAsync(["--db", db, "--as", "ops", .. args], text, text, TimeProvider.System, _ => null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (exit, text.ToString());
    }

    /// <summary>The offset of a byte halfway through an entry's stored (compressed) data, from its local file header.</summary>
    private static int MiddleOfEntry(byte[] zip, string name)
    {
        var header = Encoding.ASCII.GetBytes(name);
        for (var at = 0; at < zip.Length - 30; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == 0x04034b50
                && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 26)) == header.Length
                && zip.AsSpan(at + 30, header.Length).SequenceEqual(header))
            {
                var data = at + 30 + header.Length + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
                return data + (int)(BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at + 18)) / 2);
            }
        }

        throw new InvalidOperationException($"no entry {name}");
    }

    /// <summary>The backup with record 3's payload edited and every checksum in the manifest recomputed, as a forger would.</summary>
    private async Task<byte[]> ForgedLedgerAsync(string file)
    {
        var copy = Path.Combine(_folder, "forged-work.twbackup");
        File.Copy(file, copy);
        using (var zip = ZipFile.Open(copy, ZipArchiveMode.Update))
        {
            string ledger;
            using (var reader = new StreamReader(zip.GetEntry("ledger.jsonl")!.Open()))
            {
                ledger = await reader.ReadToEndAsync();
            }

            var lines = ledger.Split('\n');
            var third = System.Text.Json.Nodes.JsonNode.Parse(lines[2])!;
            third["recordedBy"] = "mallory";
            lines[2] = third.ToJsonString();
            ledger = string.Join('\n', lines);
            zip.GetEntry("ledger.jsonl")!.Delete();
            await using (var writer = new StreamWriter(zip.CreateEntry("ledger.jsonl").Open(), new UTF8Encoding(false)))
            {
                await writer.WriteAsync(ledger);
            }

            var manifestEntry = zip.GetEntry("manifest.json")!;
            JsonElement manifest;
            using (var reader = new StreamReader(manifestEntry.Open()))
            {
                manifest = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
            }

            var entries = manifest.GetProperty("entries").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            entries["ledger.jsonl"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(ledger)));
            var rewritten = JsonSerializer.Deserialize<Dictionary<string, object?>>(manifest.GetRawText())!;
            rewritten["entries"] = entries;
            manifestEntry.Delete();
            await using (var stream = zip.CreateEntry("manifest.json").Open())
            {
                await JsonSerializer.SerializeAsync(stream, rewritten);
            }
        }

        return await File.ReadAllBytesAsync(copy);
    }
}

public sealed class SqliteBackupRestoreTests(ITestOutputHelper output) : BackupRestoreTests(new SqliteKind(), output);

public sealed class PostgresBackupRestoreTests(ITestOutputHelper output) : BackupRestoreTests(new PostgresKind(), output);
