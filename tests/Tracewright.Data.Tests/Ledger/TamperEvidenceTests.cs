using System.Data.Common;
using Dapper;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Data.Tests.Ledger;

/// <summary>
/// Issue #8, item 4: what someone with the database owner's rights (or the SQLite file) can do to the ledger behind
/// the application's back, and how <c>verify</c> names it. Each test first turns the append-only triggers off, as
/// such an attacker would, then edits the rows; verify must name the first bad record. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class TamperEvidenceTests(DatabaseKind kind)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 5, 14, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Turns the append-only triggers off: DROP on SQLite (anyone who can write the file), DISABLE on PostgreSQL (the tables' owner).</summary>
    private string DisableGuards => kind.Dialect == Dialect.Sqlite
        ? "DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete; DROP TRIGGER IF EXISTS documents_no_update; DROP TRIGGER IF EXISTS documents_no_delete;"
        : "ALTER TABLE ledger DISABLE TRIGGER USER; ALTER TABLE documents DISABLE TRIGGER USER;";

    /// <summary>A ledger of <paramref name="count"/> supplier records, S1 … Sn, each in its own transaction.</summary>
    private async Task<TestDatabase> LedgerOfAsync(int count)
    {
        var test = await kind.CreateAsync();
        for (var i = 1; i <= count; i++)
        {
            await using var write = await test.Database.BeginWriteAsync("clerk", _clock, default);
            await write.AppendAsync(new NewEvent(Supplier($"S{i}"), _clock.Now), default);
            await write.CommitAsync(default);
        }

        Assert.True((await VerifyAsync(test)).IsIntact);
        return test;
    }

    private static SupplierRegistered Supplier(string name) => new(SupplierName.Parse(name).Value, "Jo", "jo@example.com", null, null);

    private static Task<VerificationReport> VerifyAsync(TestDatabase test) => LedgerVerifier.VerifyAsync(test.Database, null, default);

    private async Task TamperAsync(TestDatabase test, string sql, object? parameters = null)
    {
        await using var connection = await test.Database.OpenConnectionAsync(default);
        await connection.ExecuteAsync(DisableGuards);
        await connection.ExecuteAsync(sql, parameters);
    }

    private static async Task<LedgerEntry> RowAsync(TestDatabase test, long sequence)
    {
        await using var connection = await test.Database.OpenConnectionAsync(default);
        return (await LedgerRows.FindAsync(connection, null, sequence, default))!;
    }

    /// <summary>A record made up by the attacker, chained to <paramref name="previousHash"/> with a hash computed over its own fields.</summary>
    private static LedgerEntry Forged(long sequence, string name, string previousHash)
    {
        var payload = EventCatalog.Serialize(Supplier(name));
        const string Kind = nameof(SupplierRegistered), At = "2024-05-14T08:00:00.0000000Z", By = "clerk";
        return new LedgerEntry(sequence, Kind, At, At, By, null, null, payload, previousHash, ChainHash.Compute(sequence, Kind, At, At, By, null, null, payload, previousHash));
    }

    private const string InsertRow = """
        INSERT INTO ledger (seq, kind, occurred_at, recorded_at, recorded_by, reason, corrects_seq, payload, prev_hash, hash)
        VALUES (@Sequence, @Kind, @OccurredAt, @RecordedAt, @RecordedBy, @Reason, @Corrects, @Payload, @PreviousHash, @Hash)
        """;

    /// <summary>Moves records from <paramref name="from"/> on by <paramref name="by"/> (through a gap, so no two rows ever share a key).</summary>
    private static string Renumber(long from, long by) =>
        $"UPDATE ledger SET seq = seq + 1000000 WHERE seq >= {from}; UPDATE ledger SET seq = seq - 1000000 + {by} WHERE seq >= 1000000;";

    [Fact]
    public async Task A_byte_flipped_in_a_payload_is_named_by_its_record()
    {
        await using var test = await LedgerOfAsync(5);
        var row = await RowAsync(test, 3);
        var bytes = System.Text.Encoding.UTF8.GetBytes(row.Payload);
        var at = row.Payload.IndexOf("S3", StringComparison.Ordinal) + 1;
        bytes[at] ^= 0x01; // "S3" becomes "S2": still valid JSON, a real-looking record
        await TamperAsync(test, "UPDATE ledger SET payload = @payload WHERE seq = 3", new { payload = System.Text.Encoding.UTF8.GetString(bytes) });

        var report = await VerifyAsync(test);
        Assert.Equal(3, report.FirstBadSequence);
        Assert.Equal("record 3 (SupplierRegistered) does not match its hash: it was changed after it was written", report.Problem);
    }

    [Fact]
    public async Task A_middle_record_deleted_is_named_as_missing()
    {
        await using var test = await LedgerOfAsync(5);
        await TamperAsync(test, "DELETE FROM ledger WHERE seq = 3");

        var report = await VerifyAsync(test);
        Assert.Equal(3, report.FirstBadSequence);
        Assert.Equal("record 3 is missing: the next stored record is 4", report.Problem);
    }

    [Fact]
    public async Task A_middle_record_deleted_and_the_rest_renumbered_is_named_where_the_chain_breaks()
    {
        await using var test = await LedgerOfAsync(5);
        await TamperAsync(test, "DELETE FROM ledger WHERE seq = 3; " + Renumber(4, -1));

        var report = await VerifyAsync(test);
        Assert.Equal(3, report.FirstBadSequence);
        Assert.StartsWith("record 3 does not chain to record 2", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_records_swapped_are_named_at_the_first_of_them()
    {
        await using var test = await LedgerOfAsync(5);
        await TamperAsync(test, "UPDATE ledger SET seq = 100 WHERE seq = 2; UPDATE ledger SET seq = 2 WHERE seq = 3; UPDATE ledger SET seq = 3 WHERE seq = 100;");

        var report = await VerifyAsync(test);
        Assert.Equal(2, report.FirstBadSequence);
        Assert.StartsWith("record 2 does not chain to record 1", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_record_inserted_with_a_hash_of_its_own_is_named()
    {
        await using var test = await LedgerOfAsync(5);
        var forged = Forged(3, "Mallory Metals", (await RowAsync(test, 2)).Hash);
        Assert.Equal(ChainHash.Compute(forged), forged.Hash);
        await TamperAsync(test, Renumber(3, 1));
        await TamperAsync(test, InsertRow, forged);

        var report = await VerifyAsync(test);
        Assert.Equal(3, report.FirstBadSequence);
        Assert.Equal("record 3 was inserted: record 4 chains to record 2, the one before it", report.Problem);
    }

    [Fact]
    public async Task A_forged_record_replacing_one_with_a_hash_of_its_own_is_named_by_the_record_after_it()
    {
        await using var test = await LedgerOfAsync(5);
        var forged = Forged(3, "Mallory Metals", (await RowAsync(test, 2)).Hash);
        await TamperAsync(test, "DELETE FROM ledger WHERE seq = 3");
        await TamperAsync(test, InsertRow, forged);

        var report = await VerifyAsync(test);
        Assert.Equal(4, report.FirstBadSequence);
        Assert.StartsWith("record 4 does not chain to record 3", report.Problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// A record appended after the tip with a correct hash is a valid chain; its derived rows are what give it away
    /// (whoever also writes those consistently has written a record the ledger cannot tell from a real one: that is
    /// what the database's own permissions are for, see docs/RELIABILITY.md).
    /// </summary>
    [Fact]
    public async Task A_forged_record_appended_at_the_tip_is_found_by_the_derived_state_it_lacks()
    {
        await using var test = await LedgerOfAsync(5);
        await TamperAsync(test, InsertRow, Forged(6, "Mallory Metals", (await RowAsync(test, 5)).Hash));

        var report = await VerifyAsync(test);
        Assert.False(report.IsIntact);
        Assert.Matches("^derived table (ledger_subjects|suppliers) does not match the ledger: the stored table lacks the row", report.Problem);
        Assert.Contains("MALLORY METALS", report.Problem!.ToUpperInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_tail_passes_the_chain_but_not_a_signed_checkpoint()
    {
        await using var test = await LedgerOfAsync(5);
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var checkpoint = (await Checkpoint.TakeAsync(test.Database, key, _clock.Now, default))!;
        Assert.Null(await checkpoint.CheckAsync(test.Database, key, default));

        // The last two records cut off, with their derived rows: what remains is a consistent, shorter ledger.
        await TamperAsync(test, "DELETE FROM ledger_subjects WHERE seq >= 4; DELETE FROM ledger WHERE seq >= 4; DELETE FROM suppliers WHERE name IN ('S4', 'S5');");
        Assert.True((await VerifyAsync(test)).IsIntact);
        Assert.Equal(
            $"the ledger ends at record 3, but the checkpoint taken {checkpoint.TakenAt} names record 5: records after 3 were removed",
            await checkpoint.CheckAsync(test.Database, key, default));

        var forged = checkpoint with { Sequence = 3 };
        Assert.Contains("signature does not match", await forged.CheckAsync(test.Database, key, default), StringComparison.Ordinal);
        Assert.Contains("signature does not match", await checkpoint.CheckAsync(test.Database, new byte[32], default), StringComparison.Ordinal);
        Assert.Equal(checkpoint, Checkpoint.FromJson(checkpoint.ToJson()).Value);
    }

    [Fact]
    public async Task A_whole_tail_rewritten_with_fresh_hashes_passes_the_chain_but_not_a_signed_checkpoint()
    {
        await using var test = await LedgerOfAsync(5);
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var checkpoint = (await Checkpoint.TakeAsync(test.Database, key, _clock.Now, default))!;

        // Record 4 replaced by a forgery, and record 5 re-chained to it: every hash checks out again.
        var forged4 = Forged(4, "S4", (await RowAsync(test, 3)).Hash) with { RecordedBy = "mallory" };
        forged4 = forged4 with { Hash = ChainHash.Compute(forged4) };
        var old5 = await RowAsync(test, 5);
        var rechained5 = old5 with { PreviousHash = forged4.Hash };
        rechained5 = rechained5 with { Hash = ChainHash.Compute(rechained5) };
        await TamperAsync(test, "DELETE FROM ledger WHERE seq >= 4");
        await TamperAsync(test, InsertRow, forged4);
        await TamperAsync(test, InsertRow, rechained5);

        Assert.True((await VerifyAsync(test)).IsIntact);
        Assert.Equal(
            $"record 5 no longer has the hash the checkpoint taken {checkpoint.TakenAt} recorded: the ledger was rewritten up to it",
            await checkpoint.CheckAsync(test.Database, key, default));
    }

    [Fact]
    public async Task A_derived_row_edited_behind_the_ledgers_back_is_found()
    {
        await using var test = await LedgerOfAsync(2);
        await TamperAsync(test, "UPDATE suppliers SET email = 'attacker@example.com' WHERE name = 'S2'");

        var report = await VerifyAsync(test);
        Assert.False(report.IsIntact);
        Assert.Contains("derived table suppliers does not match the ledger: the stored table has an unexpected row", report.Problem, StringComparison.Ordinal);
        Assert.Contains("attacker@example.com", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_file_changed_is_named_by_its_address()
    {
        await using var test = await kind.CreateAsync();
        var file = DocumentFile.Create("mtr.pdf", "%PDF-1.4 heat 123"u8.ToArray()).Value;
        await using (var write = await test.Database.BeginWriteAsync("clerk", _clock, default))
        {
            await Documents.PutAsync(write, file, default);
            await write.CommitAsync(default);
        }

        Assert.True((await VerifyAsync(test)).IsIntact);
        await TamperAsync(test, "UPDATE documents SET content = @content", new { content = "%PDF-1.4 heat 999"u8.ToArray() });
        Assert.Equal($"document {file.Sha256} does not match its SHA-256: the stored file was changed", (await VerifyAsync(test)).Problem);
    }
}

public sealed class SqliteTamperEvidenceTests() : TamperEvidenceTests(new SqliteKind());

public sealed class PostgresTamperEvidenceTests() : TamperEvidenceTests(new PostgresKind());
