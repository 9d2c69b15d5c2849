using Dapper;
using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Trace;

namespace Tracewright.Tests.Trace;

/// <summary>
/// Genealogy snapshots in the database, on SQLite and PostgreSQL: a start from one catches up to the same index a
/// full replay builds; a damaged, incomplete or foreign snapshot is not used (the index is rebuilt from the ledger
/// and the reason given); <c>verify</c> compares snapshots with the ledger replayed.
/// </summary>
public abstract class GenealogySnapshotTests(DatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);

    private async Task AppendAsync(Database database, IEnumerable<NewEvent> events)
    {
        await using var write = await database.BeginWriteAsync("generator", _clock, default);
        await write.AppendAsync(events, default);
        await write.CommitAsync(default);
    }

    /// <summary>The index a replay of the whole ledger builds, as snapshot bytes (the same index always writes the same bytes).</summary>
    private static async Task<byte[]> ReplayedAsync(Database database)
    {
        var index = new GenealogyIndex();
        await GenealogyLoader.CatchUpAsync(database, index, null, default);
        return CompactIndexTests.Bytes(index);
    }

    private async Task<TestDatabase> WithSnapshotAsync(List<NewEvent> events)
    {
        var test = await kind.CreateAsync();
        await AppendAsync(test.Database, events.Take(events.Count / 2));
        var first = await GenealogyLoader.StartAsync(test.Database, _clock, snapshotAfter: 0, default);
        Assert.NotNull(first.Saved);
        await AppendAsync(test.Database, events.Skip(events.Count / 2));
        return test;
    }

    [Fact]
    public async Task A_start_from_a_snapshot_catches_up_to_the_index_a_full_replay_builds()
    {
        var (events, _, _) = CompactIndexTests.RandomEvents(genealogies: 12);
        await using var test = await WithSnapshotAsync(events);

        var start = await GenealogyLoader.StartAsync(test.Database, _clock, GenealogyLoader.SnapshotAfter, default);

        Assert.Null(start.SnapshotProblem);
        Assert.Equal(events.Count / 2, start.Snapshot?.Seq);
        Assert.Equal(events.Count - (events.Count / 2), start.Replayed);
        Assert.Null(start.Saved);
        Assert.Equal(await ReplayedAsync(test.Database), CompactIndexTests.Bytes(start.Index));
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);
    }

    [Fact]
    public async Task Two_servers_on_one_database_start_from_the_same_snapshot_and_catch_up_on_each_others_records()
    {
        var (events, _, _) = CompactIndexTests.RandomEvents(genealogies: 12);
        await using var test = await kind.CreateAsync();
        var first = new Shop(test.Database, _clock);
        var second = new Shop(test.Database, _clock);
        await AppendAsync(test.Database, events.Take(events.Count / 2));
        await GenealogySnapshots.SaveAsync(test.Database, await first.GenealogyAsync(default), _clock, default);

        // The first server records the rest; the second starts after that, from the snapshot the first stored.
        await AppendAsync(test.Database, events.Skip(events.Count / 2));
        var secondIndex = await second.GenealogyAsync(default);
        var firstIndex = await first.GenealogyAsync(default);

        Assert.Equal(events.Count / 2, second.GenealogyStart?.Snapshot?.Seq);
        Assert.Equal(events.Count - (events.Count / 2), second.GenealogyStart?.Replayed);
        var replayed = await ReplayedAsync(test.Database);
        Assert.Equal(replayed, CompactIndexTests.Bytes(firstIndex));
        Assert.Equal(replayed, CompactIndexTests.Bytes(secondIndex));
    }

    [Fact]
    public async Task A_new_snapshot_replaces_the_older_ones()
    {
        var (events, _, _) = CompactIndexTests.RandomEvents(genealogies: 6);
        await using var test = await WithSnapshotAsync(events);

        var start = await GenealogyLoader.StartAsync(test.Database, _clock, snapshotAfter: 1, default);

        Assert.Equal(events.Count, start.Saved?.Seq);
        await using var connection = await test.Database.OpenConnectionAsync(default);
        Assert.Equal([(long)events.Count], (await connection.QueryAsync<long>("SELECT seq FROM genealogy_snapshots")).ToList());
        Assert.Equal(start.Saved!.Chunks, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM genealogy_snapshot_chunks"));
        Assert.Equal(await ReplayedAsync(test.Database), CompactIndexTests.Bytes((await GenealogyLoader.StartAsync(test.Database, _clock, 1_000, default)).Index));
    }

    [Theory]
    [InlineData("UPDATE genealogy_snapshot_chunks SET content = @damaged", "does not match its checksum")]
    [InlineData("DELETE FROM genealogy_snapshot_chunks", "chunks are missing")]
    [InlineData("UPDATE genealogy_snapshots SET ledger_hash = 'ffff'", "made from another ledger")]
    [InlineData("UPDATE genealogy_snapshots SET seq = seq + 1000000", "which the ledger does not have")]
    [InlineData("UPDATE genealogy_snapshots SET bytes = bytes - 1", "hold more than")]
    public async Task A_snapshot_that_does_not_fit_is_not_used_and_the_index_is_rebuilt(string damage, string reason)
    {
        var (events, _, _) = CompactIndexTests.RandomEvents(genealogies: 6);
        await using var test = await WithSnapshotAsync(events);
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            var content = await connection.QuerySingleAsync<byte[]>("SELECT content FROM genealogy_snapshot_chunks");
            content[content.Length / 2] ^= 0x10;
            await connection.ExecuteAsync(damage, new { damaged = content });
        }

        var start = await GenealogyLoader.StartAsync(test.Database, _clock, snapshotAfter: 0, default);

        Assert.Contains(reason, start.SnapshotProblem, StringComparison.Ordinal);
        Assert.Equal(events.Count, start.Replayed);
        Assert.Equal(await ReplayedAsync(test.Database), CompactIndexTests.Bytes(start.Index));
        // The rebuilt index is stored in place of the unusable one, and the next start uses it.
        Assert.Equal(events.Count, start.Saved?.Seq);
        var next = await GenealogyLoader.StartAsync(test.Database, _clock, snapshotAfter: 0, default);
        Assert.Null(next.SnapshotProblem);
        Assert.Equal(0, next.Replayed);
    }

    [Fact]
    public async Task An_incomplete_snapshot_is_never_used()
    {
        var (events, _, _) = CompactIndexTests.RandomEvents(genealogies: 6);
        await using var test = await WithSnapshotAsync(events);
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            await connection.ExecuteAsync("UPDATE genealogy_snapshots SET complete = 0");
        }

        var start = await GenealogyLoader.StartAsync(test.Database, _clock, GenealogyLoader.SnapshotAfter, default);

        Assert.Null(start.Snapshot);
        Assert.Equal(events.Count, start.Replayed);
    }

    [Fact]
    public async Task Verify_finds_a_well_formed_snapshot_that_says_something_the_ledger_does_not()
    {
        var (events, _, _) = CompactIndexTests.RandomEvents(genealogies: 6);
        await using var test = await kind.CreateAsync();
        await AppendAsync(test.Database, events);
        var tip = events.Count;

        // A forgery that passes every check a start makes: the right record and hash, a valid checksum, but one
        // shipment fewer than the ledger holds.
        var forged = new GenealogyIndex();
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            var entries = (await connection.QueryAsync<LedgerEntry>(
                "SELECT seq AS Sequence, kind AS Kind, occurred_at AS OccurredAt, recorded_at AS RecordedAt, recorded_by AS RecordedBy, reason AS Reason, corrects_seq AS Corrects, payload AS Payload, prev_hash AS PreviousHash, hash AS Hash FROM ledger ORDER BY seq")).ToList();
            var dropped = entries.Last(e => e.Kind is "ShipmentShipped" or "ManufactureRecorded");
            foreach (var entry in entries)
            {
                forged.Apply(entry == dropped ? entry with { Kind = "CustomerRegistered" } : entry);
            }
        }

        Assert.Equal(tip, forged.LastSequence);
        await GenealogySnapshots.SaveAsync(test.Database, forged, _clock, default);
        var start = await GenealogyLoader.StartAsync(test.Database, _clock, GenealogyLoader.SnapshotAfter, default);
        Assert.Null(start.SnapshotProblem);

        var report = await LedgerVerifier.VerifyAsync(test.Database, null, default);

        Assert.False(report.IsIntact);
        Assert.Contains("genealogy_snapshots", report.Problem, StringComparison.Ordinal);
    }
}

public sealed class SqliteGenealogySnapshotTests() : GenealogySnapshotTests(new SqliteKind());

public sealed class PostgresGenealogySnapshotTests() : GenealogySnapshotTests(new PostgresKind());
