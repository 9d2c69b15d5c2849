using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;
using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Features.Items;
using Tracewright.Features.Shipping;
using Xunit.Abstractions;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// Issue #8, item 1: the real server, killed with SIGKILL at seeded random moments while a client captures EPCIS
/// documents and receives, cuts, makes and ships, then restarted on the same database. After every kill: every
/// acknowledged write is in the ledger exactly once, every write in doubt is there whole or not at all (a resent
/// document is all captured or all duplicates), nothing refused was written, and verify is clean (chain, files, and
/// derived tables equal to a replay of the ledger). At the end the built <c>tracewright verify</c> agrees.
/// </summary>
/// <remarks>
/// A few kills per database in CI; the long run is <c>tests/reliability.sh</c> (TRACEWRIGHT_CRASH_KILLS=50).
/// </remarks>
public abstract class CrashTests(DatabaseKind kind, ITestOutputHelper output)
{
    private const int Workers = 4;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Every_acknowledged_write_survives_SIGKILL_exactly_once_and_nothing_is_half_written()
    {
        var kills = Setting("TRACEWRIGHT_CRASH_KILLS", 3);
        var seed = Setting("TRACEWRIGHT_CRASH_SEED", 8);
        await using var test = await kind.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("tracewright-crash-keys-").FullName;
        var token = await SeedShopAsync(test);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var random = new Random(seed);
        var workload = new CrashWorkload(seed);
        var problems = new List<string>();
        for (var cycle = 1; cycle <= kills; cycle++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var server = await ServerProcess.StartAsync(test.Target, keys);
            var started = clock.ElapsedMilliseconds;
            problems.AddRange(await workload.FinishJobsAsync(client, server.Address, afterRestart: true));
            problems.AddRange(await workload.SettleInDoubtAsync(client, server.Address, await LedgerCensus.ReadAsync(test.Database)));
            using var stop = new CancellationTokenSource();
            var before = workload.Acknowledged.Count;
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => workload.RunAsync(client, server.Address, cycle, w, stop.Token))).ToArray();
            // The moment is counted from the first write this server acknowledged, so each kill lands on a warmed-up
            // server under load rather than on one still compiling its first request.
            for (var waited = 0; workload.Acknowledged.Count == before && waited < 600; waited++)
            {
                await Task.Delay(100);
            }

            var firstAcknowledged = clock.ElapsedMilliseconds;
            await Task.Delay(random.Next(300, 3000));
            Assert.False(server.HasExited, $"the server stopped by itself in cycle {cycle}:\n{server.RecentOutput}");
            server.Kill();
            var killedAt = clock.ElapsedMilliseconds;
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            await WaitUntilNoTransactionIsOpenAsync(test);
            var census = await LedgerCensus.ReadAsync(test.Database);
            problems.AddRange(workload.Check(census).Select(p => $"after kill {cycle}: {p}"));
            var verified = await LedgerVerifier.VerifyAsync(test.Database, null, default);
            Assert.True(verified.IsIntact, $"after kill {cycle}: {verified.Problem}");
            Assert.Empty(problems);
            output.WriteLine($"kill {cycle}: server up after {started} ms, first write acknowledged at {firstAcknowledged} ms, killed at {killedAt} ms " +
                $"with {workload.Acknowledged.Count - before} writes acknowledged and {workload.InDoubt.Count} in doubt; checked at {clock.ElapsedMilliseconds} ms");
        }

        // Once more after the last kill: resend what it left in doubt, then the built program's own verify.
        using (var server = await ServerProcess.StartAsync(test.Target, keys))
        {
            problems.AddRange(await workload.FinishJobsAsync(client, server.Address, afterRestart: true));
            problems.AddRange(await workload.SettleInDoubtAsync(client, server.Address, await LedgerCensus.ReadAsync(test.Database)));
            server.Kill();
        }

        await WaitUntilNoTransactionIsOpenAsync(test);
        var final = await LedgerCensus.ReadAsync(test.Database);
        problems.AddRange(workload.Check(final));
        Assert.Empty(problems);
        Assert.Empty(workload.ServerErrors);
        var verify = await ServerProcess.RunVerbAsync("verify", "--db", test.Target);
        Assert.True(verify.ExitCode == 0, $"tracewright verify exited {verify.ExitCode}: {verify.Output}{verify.Error}");

        // A rebuild from the ledger alone — backed up, restored into a new SQLite file through the projections —
        // holds the same derived state as the database that lived through the kills.
        var backup = Path.Combine(keys, "after-the-kills.twbackup");
        await using (var stream = File.Create(backup))
        {
            await Backup.WriteAsync(test.Database, stream, DateTimeOffset.UtcNow, null, default);
        }

        var derivedRows = 0;
        await using (var rebuilt = await new SqliteKind().CreateAsync(migrate: false))
        {
            await using (var stream = File.OpenRead(backup))
            {
                var restored = await Backup.RestoreAsync(stream, rebuilt.Database, null, default);
                Assert.True(restored.IsSuccess, restored.Error?.ToString());
            }

            var lived = await LedgerVerifier.DerivedStateAsync(test.Database, default);
            var replayed = await LedgerVerifier.DerivedStateAsync(rebuilt.Database, default);
            Assert.All(lived, table => Assert.Equal(table.Value, replayed[table.Key]));
            derivedRows = lived.Values.Sum(rows => rows.Count);
        }

        var acknowledged = workload.Acknowledged.GroupBy(w => w.Op).ToDictionary(g => g.Key, g => g.Count());
        var summary = $"{kind}: {kills} SIGKILLs survived (seed {seed}); {workload.Acknowledged.Count} writes acknowledged and found exactly once " +
            $"({acknowledged.GetValueOrDefault(CrashWorkload.Op.Capture)} EPCIS documents with {workload.AcknowledgedEvents} events, " +
            $"{workload.JobsAcknowledged} of them as capture jobs (202), {workload.JobsFinishedAfterRestart} of those checked finished after a restart, " +
            $"{acknowledged.GetValueOrDefault(CrashWorkload.Op.Receive)} receipts, {acknowledged.GetValueOrDefault(CrashWorkload.Op.Split)} splits, " +
            $"{acknowledged.GetValueOrDefault(CrashWorkload.Op.Make)} manufacture runs, {acknowledged.GetValueOrDefault(CrashWorkload.Op.Ship)} shipments); " +
            $"{workload.InDoubtFoundStored + workload.InDoubtFoundAbsent} writes in doubt at a kill: {workload.InDoubtFoundStored} found stored whole, " +
            $"{workload.InDoubtFoundAbsent} not at all, {workload.Resent} documents resent; {workload.Refused.Count} refused by a rule, none stored; " +
            $"{workload.NotSent} not sent (server down); {final.Records} ledger records; verify clean after every kill; {derivedRows} derived rows equal to a rebuild from the ledger; 0 server errors";
        await ReliabilityReport.WriteAsync(output, summary);

        Assert.True(workload.AcknowledgedEvents > 0 && acknowledged.GetValueOrDefault(CrashWorkload.Op.Receive) > 0, summary);
        Directory.Delete(keys, recursive: true);
    }

    /// <summary>
    /// Issue 17: a capture job is never lost. The server accepts a few small documents and one of 10,000 events (202 each)
    /// and is killed at once, with the large job still capturing: nothing of an unfinished job is stored, and the restarted
    /// server finishes every job, each event stored exactly once, verify clean.
    /// </summary>
    [Fact]
    public async Task An_accepted_capture_job_survives_SIGKILL_and_the_restarted_server_finishes_it_exactly_once()
    {
        await using var test = await kind.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("tracewright-crash-keys-").FullName;
        var token = await SeedShopAsync(test);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var random = new Random(17);
        var workload = new CrashWorkload(17);
        var serial = 0;
        using (var server = await ServerProcess.StartAsync(test.Target, keys))
        {
            // The large one last: on SQLite accepting a job waits for the write lock, which a capturing job holds, so a job
            // accepted after the large one would only be answered once the large one had finished.
            foreach (var size in new[] { 5, 5, 5, 10_000 })
            {
                var ids = CaptureDocument.NewIds(random, size);
                var document = CaptureDocument.Of(ids, _ => (++serial).ToString(CultureInfo.InvariantCulture));
                using var accepted = await client.PostAsync(new Uri(server.Address, "epcis/capture"), new StringContent(document, System.Text.Encoding.UTF8, "application/ld+json"));
                Assert.True(accepted.StatusCode == System.Net.HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
                workload.Jobs[accepted.Headers.Location!.OriginalString.Split('/')[^1]] = new CrashWorkload.Write(CrashWorkload.Op.Capture, ids, Document: document, AsJob: true);
            }

            server.Kill();
        }

        await WaitUntilNoTransactionIsOpenAsync(test);
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            var finished = (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT job_id FROM epcis_capture_results")).ToHashSet();
            Assert.True(workload.Jobs.Keys.Any(id => !finished.Contains(id)), "the kill came after every job had finished: nothing was left to resume");
        }

        var problems = workload.Check(await LedgerCensus.ReadAsync(test.Database)).ToList();
        using (var server = await ServerProcess.StartAsync(test.Target, keys))
        {
            problems.AddRange(await workload.FinishJobsAsync(client, server.Address, afterRestart: true));
            server.Kill();
        }

        await WaitUntilNoTransactionIsOpenAsync(test);
        problems.AddRange(workload.Check(await LedgerCensus.ReadAsync(test.Database)));
        Assert.Empty(problems);
        Assert.Equal(10_015, workload.AcknowledgedEvents);
        var verified = await LedgerVerifier.VerifyAsync(test.Database, null, default);
        Assert.True(verified.IsIntact, verified.Problem);
        Directory.Delete(keys, recursive: true);
    }

    /// <summary>The shop the workload writes into, and an operator's API token for the client.</summary>
    private static async Task<string> SeedShopAsync(TestDatabase test)
    {
        var shop = await OpenAsync(test, TimeProvider.System);
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ENCL-10", "Custom electronics enclosure", "ea", "other", RequiredCertificates: ["none"], LotPrefix: "ENC"), default));
        var customer = await Ok(Customers.RegisterAsync(shop, "sales", new("Harbor Robotics", "Sam Lee", "sam@harbor.example"), default));
        var order = await Ok(Customers.PlaceAsync(shop, "sales", new(customer.Customer, ["ENCL-10:1000000"]), default));
        Assert.Equal(CrashWorkload.Order, order.Order);
        return (await Ok(ApiTokens.CreateAsync(shop, "admin", new("crash client", "operator"), default))).Secret;
    }

    /// <summary>
    /// PostgreSQL learns of a killed client from its closed socket; a COMMIT the server sent just before dying still
    /// completes. The census waits until no other session of this database is inside a transaction.
    /// </summary>
    private static async Task WaitUntilNoTransactionIsOpenAsync(TestDatabase test)
    {
        if (test.Database.Dialect != Dialect.Postgres)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(test.Target) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'", connection);
        for (var attempt = 0; attempt < 300 && (long)(await command.ExecuteScalarAsync())! > 0; attempt++)
        {
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteCrashTests(ITestOutputHelper output) : CrashTests(new SqliteKind(), output);

public sealed class PostgresCrashTests(ITestOutputHelper output) : CrashTests(new PostgresKind(), output);
