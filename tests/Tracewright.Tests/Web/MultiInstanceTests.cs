using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Access;
using Tracewright.Domain.Trace;
using Tracewright.Features.Receiving;
using Tracewright.Features.Suppliers;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Web;

/// <summary>
/// Several servers on one database (the load-balanced setup of docs/scaling.md): what one server or the command
/// line writes, every other server traces — caught up before the trace, and followed in the background without
/// any request reaching it.
/// </summary>
public abstract class MultiInstanceTests(DatabaseKind kind)
{
    [Fact]
    public async Task Two_servers_on_one_database_trace_each_others_writes_and_follow_the_ledger_unasked()
    {
        await using var database = await kind.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("tracewright-keys-").FullName;
        try
        {
            // A third writer, like the command line, registers the item and receives the lot.
            var cli = await OpenAsync(database);
            var lot = (await Ok(ReceiveLot.HandleAsync(cli, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea", Certificate("MTR", "H-1")), default))).Lot;

            await using var first = new WebShop(database.Target, keys);
            await using var second = new WebShop(database.Target, keys);
            var cutter = await first.ClientAsync(Role.Operator);
            var split = await cutter.PostAsJsonAsync($"/api/lots/{lot}/split", new { into = "1,1,2" });
            Assert.Equal(HttpStatusCode.OK, split.StatusCode);
            var pieces = await PiecesAsync(split);
            Assert.Equal(3, pieces.Count);

            // Nobody asks the second server anything: its follower applies the first server's split by itself.
            var tip = await LedgerCountAsync(cli);
            await WaitUntilAsync(() => second.Shop.Genealogy?.LastSequence == tip, "the second server's index to reach the ledger's tip");
            Assert.All(pieces, p => Assert.True(second.Shop.Genealogy!.Contains(new NodeKey(NodeKind.Lot, p)), $"{p} not in the second server's index"));

            // A later write on the first server is in the second server's very next trace.
            var again = await cutter.PostAsJsonAsync($"/api/lots/{pieces[2]}/split", new { into = "1,1" });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var smaller = await PiecesAsync(again);
            var viewer = await second.ClientAsync(Role.Viewer);
            var traced = await viewer.GetStringAsync($"/api/trace/forward/{lot}");
            Assert.All(pieces, p => Assert.Contains($"\"{p}\"", traced, StringComparison.Ordinal));
            Assert.All(smaller, p => Assert.Contains($"\"{p}\"", traced, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task Following_the_ledger_wakes_on_another_writers_commit()
    {
        await using var database = await kind.CreateAsync();
        var shop = await OpenAsync(database);
        var woken = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        using var stop = new CancellationTokenSource();

        // An interval far longer than the test may wait: on PostgreSQL only the commit's notification can wake
        // the follower in time; SQLite has no notification, so it is given a short interval to poll.
        var interval = kind.Dialect == Tracewright.Data.Dialect.Postgres ? TimeSpan.FromHours(1) : TimeSpan.FromMilliseconds(200);
        var before = await LedgerCountAsync(shop);
        var following = database.Database.FollowLedgerAsync(
            async ct =>
            {
                var tip = await LedgerCountAsync(shop);
                if (Interlocked.Increment(ref calls) > 1 && tip > before)
                {
                    woken.TrySetResult(tip);
                }
            },
            interval,
            stop.Token);

        await WaitUntilAsync(() => Volatile.Read(ref calls) >= 1, "the first catch-up");
        await Ok(RegisterSupplier.HandleAsync(shop, "clerk", new("Northern Steel"), default));
        var seen = await woken.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(before + 1, seen);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
    }

    private static async Task<List<string>> PiecesAsync(HttpResponseMessage split) =>
        (await split.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pieces").EnumerateArray().Select(p => p.GetProperty("piece").GetString()!).ToList();

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(50))
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"gave up waiting for {what}");
    }
}

public sealed class SqliteMultiInstanceTests() : MultiInstanceTests(new SqliteKind());

public sealed class PostgresMultiInstanceTests() : MultiInstanceTests(new PostgresKind());
