using Dapper;
using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Quality;
using Tracewright.Features.Receiving;
using Tracewright.Features.Shipping;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// Issue #8, item 3: writers racing for the same thing, as three servers on one database would — each with its own
/// connection pool (its own <see cref="Database"/>), each request on its own thread, started together. On SQLite and
/// PostgreSQL: many consumers of one lot (manufacture, cutting and shipping at once), one serial captured from two
/// paths at once, and numbers (lots, certificates, manufacture records, NCRs) handed out at once.
/// </summary>
public abstract class RaceTests(DatabaseKind kind)
{
    private const int Servers = 3;

    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 5, 20, 7, 0, 0, TimeSpan.Zero));

    /// <summary>The seed's shop, plus what the races need, and <see cref="Servers"/> shops over separate pools on the same database.</summary>
    private async Task<(Shop Setup, Shop[] Servers)> ShopsAsync(TestDatabase test)
    {
        var shop = await OpenAsync(test, _clock);
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ENCL-10", "Custom electronics enclosure", "ea", "other", RequiredCertificates: ["none"], LotPrefix: "ENC"), default));
        await Ok(RegisterItem.HandleAsync(shop, "eng", new("ACT-100", "Linear actuator", "ea", "other", "serial", ["none"], "ACT"), default));
        var customer = await Ok(Customers.RegisterAsync(shop, "sales", new("Harbor Robotics"), default));
        await Ok(Customers.PlaceAsync(shop, "sales", new(customer.Customer, ["PLY-6MM:1000"]), default));
        return (shop, Enumerable.Range(0, Servers).Select(_ => new Shop(Database.Open(test.Target), _clock)).ToArray());
    }

    /// <summary>Starts every call at once (on the thread pool) and waits for all of them.</summary>
    private static Task<T[]> AllAtOnceAsync<T>(IEnumerable<Func<Task<T>>> calls)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = calls.Select(call => Task.Run(async () =>
        {
            await go.Task;
            return await call();
        })).ToList();
        go.SetResult();
        return Task.WhenAll(running);
    }

    private static async Task DisposeAsync(Shop[] servers)
    {
        foreach (var server in servers)
        {
            await server.Database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Many_consumers_of_one_lot_at_once_take_exactly_what_it_holds_and_never_more()
    {
        await using var test = await kind.CreateAsync();
        var (setup, servers) = await ShopsAsync(test);
        var lot = (await Ok(ReceiveLot.HandleAsync(setup, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "10", "sheet"), default))).Lot;

        // 30 requests of one sheet each for a lot of ten: manufacture runs, cuts and shipments, spread over the servers.
        var calls = Enumerable.Range(0, 30).Select<int, Func<Task<Error?>>>(i =>
        {
            var shop = servers[i % Servers];
            return (i % 3) switch
            {
                0 => async () => (await RecordManufacture.HandleAsync(shop, $"op{i}", new("ENCL-10", [$"{lot}:1"], BatchQuantity: "1"), default)).Error,
                1 => async () => (await SplitLot.HandleAsync(shop, $"op{i}", new(lot, "1"), default)).Error,
                _ => async () => (await Ship.HandleAsync(shop, $"op{i}", new("SO-0001", [$"{lot}:1"]), default)).Error,
            };
        });
        var errors = await AllAtOnceAsync(calls);

        Assert.Equal(10, errors.Count(e => e is null));
        Assert.All(errors.OfType<Error>(), e => Assert.Equal(ErrorKind.Refused, e.Kind));
        Assert.All(errors.OfType<Error>(), e => Assert.Contains(e.Code, new[] { "insufficient-quantity", "not-available", "illegal-status" }));

        // The ledger, replayed in order, never takes the lot below zero, and ends it at exactly zero.
        var held = 10m;
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            await foreach (var entry in LedgerRows.ReadAllAsync(connection, null, default))
            {
                held -= entry.Event switch
                {
                    ManufactureRecorded m => m.Lots.Where(l => l.Lot.Value == lot).Sum(l => l.Quantity),
                    LotSplit s when s.Parent.Value == lot => s.Pieces.Sum(p => p.Quantity) + s.Scrap,
                    ShipmentShipped s => s.Lots.Where(l => l.Lot.Value == lot).Sum(l => l.Quantity),
                    _ => 0m,
                };
                Assert.True(held >= 0, $"record {entry.Sequence} ({entry.Kind}) took lot {lot} to {held}");
            }

            Assert.Equal(0m, held);
            var stored = await connection.QuerySingleAsync<(string Quantity, string Status)>("SELECT CAST(quantity AS TEXT), status FROM lots WHERE id = @lot", new { lot });
            Assert.Equal((0m, "Consumed"), (decimal.Parse(stored.Quantity, System.Globalization.CultureInfo.InvariantCulture), stored.Status));
        }

        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);
        await DisposeAsync(servers);
    }

    [Fact]
    public async Task One_serial_captured_from_two_paths_at_once_becomes_one_unit()
    {
        await using var test = await kind.CreateAsync();
        var (setup, servers) = await ShopsAsync(test);
        var lot = (await Ok(ReceiveLot.HandleAsync(setup, "clerk", Receive("PLY-6MM", "Timber & Co", "T1", "50", "sheet"), default))).Lot;

        // Scanned at the bench (capture) and declared by a manufacture run (explicit serial), by every server at once.
        var calls = Enumerable.Range(0, 16).Select<int, Func<Task<Error?>>>(i =>
        {
            var shop = servers[i % Servers];
            return i % 2 == 0
                ? async () => (await CaptureSerial.HandleAsync(shop, $"op{i}", new("ACT-100", "SN-7"), default)).Error
                : async () => (await RecordManufacture.HandleAsync(shop, $"op{i}", new("ACT-100", [$"{lot}:1"], Serials: ["SN-7"]), default)).Error;
        });
        var errors = await AllAtOnceAsync(calls);

        Assert.Equal(1, errors.Count(e => e is null));
        Assert.All(errors.OfType<Error>(), e => Assert.Equal(("already-exists", ErrorKind.Conflict), (e.Code, e.Kind)));
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE item_code = 'ACT-100' AND serial = 'SN-7'"));
            // A refused run consumed nothing: the lot lost at most the one sheet of the run that won.
            var held = await connection.ExecuteScalarAsync<string>("SELECT CAST(quantity AS TEXT) FROM lots WHERE id = @lot", new { lot });
            Assert.Contains(decimal.Parse(held!, System.Globalization.CultureInfo.InvariantCulture), new[] { 49m, 50m });
        }

        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);
        await DisposeAsync(servers);
    }

    [Fact]
    public async Task Numbers_handed_out_at_once_never_repeat_and_leave_no_gaps()
    {
        await using var test = await kind.CreateAsync();
        var (setup, servers) = await ShopsAsync(test);
        var stock = (await Ok(ReceiveLot.HandleAsync(setup, "clerk", Receive("PLY-6MM", "Timber & Co", "T0", "100", "sheet"), default))).Lot;
        const int Each = 10;

        var calls = Enumerable.Range(0, Each).SelectMany<int, Func<Task<string[]>>>(i =>
        {
            var shop = servers[i % Servers];
            return
            [
                async () => [(await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", $"T{i + 1}", "1", "sheet"), default))).Lot],
                async () =>
                {
                    var receipt = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", $"H{i}", "1", "ea", Certificate("MTR", $"H{i}")), default));
                    return [receipt.Lot, receipt.Certificate!];
                },
                async () =>
                {
                    var run = await Ok(RecordManufacture.HandleAsync(shop, "op", new("ENCL-10", [$"{stock}:1"], BatchQuantity: "1"), default));
                    return [run.Record, run.OutputLot!];
                },
                async () => [(await Ok(Nonconformances.OpenAsync(shop, "qa", new([stock], [], [], "scratched", "receiving"), default))).Ncr.Id.Value],
            ];
        });
        var numbers = (await AllAtOnceAsync(calls)).SelectMany(n => n).ToList();

        Assert.Equal(numbers.Count, numbers.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var prefix in new[] { "PLY-0524-", "ALU-0524-", "CERT-", "MFG-", "ENC-0524-", "NCR-" })
        {
            var taken = numbers.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => int.Parse(n[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            var first = prefix == "PLY-0524-" ? 2 : 1; // PLY-0524-001 is the stock lot, received before the race
            Assert.Equal(Enumerable.Range(first, Each), taken);
        }

        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);
        await DisposeAsync(servers);
    }
}

public sealed class SqliteRaceTests() : RaceTests(new SqliteKind());

public sealed class PostgresRaceTests() : RaceTests(new PostgresKind());
