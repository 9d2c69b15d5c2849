using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Xunit.Abstractions;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// Issue #8, item 2: a client that resends a capture — because it never saw the answer, because it timed out, or
/// because several of its threads retry at once — stores each event once, and every answer is a 200 that counts the
/// events already stored as duplicates, never an error. Against the real server process, on SQLite and PostgreSQL.
/// </summary>
/// <remarks>CI runs 3 rounds (2, 6 and 10 copies); <c>tests/reliability.sh</c> runs TRACEWRIGHT_RETRY_ROUNDS=30 with 2–10 copies each.</remarks>
public abstract class IdempotencyTests(DatabaseKind kind, ITestOutputHelper output) : IAsyncLifetime
{
    private TestDatabase? _test;
    private ServerProcess? _server;
    private string _keys = "";
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task InitializeAsync()
    {
        _test = await kind.CreateAsync();
        var shop = new Shop(_test.Database, TimeProvider.System);
        var token = (await Ok(ApiTokens.CreateAsync(shop, "admin", new("ERP", "operator"), default))).Secret;
        _keys = Directory.CreateTempSubdirectory("tracewright-keys-").FullName;
        _server = await ServerProcess.StartAsync(_test.Target, _keys);
        _client.BaseAddress = _server.Address;
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _server?.Dispose();
        if (_test is not null)
        {
            await _test.DisposeAsync();
        }

        Directory.Delete(_keys, recursive: true);
    }

    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("TRACEWRIGHT_RETRY_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;

    /// <summary>A document of new events (fresh eventIDs), or of the given ones.</summary>
    private static (string Document, IReadOnlyList<string> Ids) Document(Random random, int count, IReadOnlyList<string>? ids = null)
    {
        ids ??= CaptureDocument.NewIds(random, count);
        return (CaptureDocument.Of(ids, id => id[^8..]), ids);
    }

    private sealed record Answer(int Captured, int Duplicates);

    /// <summary>Sends the document; anything but a 200 with its counts fails the test.</summary>
    private async Task<Answer> CaptureAsync(string document, HttpClient? client = null)
    {
        using var response = await (client ?? _client).PostAsync(new Uri(_server!.Address, "epcis/capture?wait=true"), new StringContent(document, Encoding.UTF8, "application/ld+json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"a resent capture answered {(int)response.StatusCode}: {body}");
        using var counts = JsonDocument.Parse(body);
        return new Answer(counts.RootElement.GetProperty("captured").GetInt32(), counts.RootElement.GetProperty("duplicates").GetInt32());
    }

    private async Task AssertStoredOnceAsync(IEnumerable<string> ids)
    {
        var census = await LedgerCensus.ReadAsync(_test!.Database);
        Assert.All(ids, id => Assert.Equal(1, census.Count(CrashWorkload.Op.Capture, id)));
    }

    [Fact]
    public async Task The_same_document_sent_2_to_10_times_at_once_is_stored_once_and_answered_as_duplicates()
    {
        var random = new Random(2);
        var sent = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var copies = round < 3 ? new[] { 2, 6, 10 }[round] : random.Next(2, 11);
            var (document, ids) = Document(random, random.Next(1, 9));
            var answers = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => Task.Run(() => CaptureAsync(document))));
            sent += copies;

            // Capture holds the write lock for the whole document: one copy stores it all, every other finds it all stored.
            Assert.Equal(1, answers.Count(a => a == new Answer(ids.Count, 0)));
            Assert.Equal(copies - 1, answers.Count(a => a == new Answer(0, ids.Count)));
            await AssertStoredOnceAsync(ids);
        }

        var events = (await LedgerCensus.ReadAsync(_test!.Database)).Records;
        await ReliabilityReport.WriteAsync(output, $"{kind}: {Rounds} documents sent {sent} times in all (2–10 copies at once): each stored once ({events} ledger records), every answer 200 with the rest counted as duplicates");
    }

    [Fact]
    public async Task Overlapping_documents_sent_at_once_store_each_event_once()
    {
        var random = new Random(3);
        var (a, idsA) = Document(random, 6);
        var (_, extra) = Document(random, 3);
        var (b, idsB) = Document(random, 0, [.. idsA.Skip(3), .. extra]);
        var answers = await Task.WhenAll(Task.Run(() => CaptureAsync(a)), Task.Run(() => CaptureAsync(b)), Task.Run(() => CaptureAsync(a)), Task.Run(() => CaptureAsync(b)));

        Assert.All(answers, x => Assert.Equal(6, x.Captured + x.Duplicates));
        Assert.Equal(9, answers.Sum(x => x.Captured));
        await AssertStoredOnceAsync(idsA.Concat(idsB));
    }

    [Fact]
    public async Task A_capture_resent_after_the_client_timed_out_is_stored_once()
    {
        var random = new Random(4);
        var (document, ids) = Document(random, 5);
        var retries = Math.Max(3, Rounds);
        Answer[] answers;
        bool storedByTheFirst;

        // Hold the write lock, as a long import would, so the first attempt waits on the server until the client gives up.
        await using (var hold = await _test!.Database.BeginWriteAsync("long import", TimeProvider.System, default))
        {
            using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            impatient.DefaultRequestHeaders.Authorization = _client.DefaultRequestHeaders.Authorization;
            await Assert.ThrowsAsync<TaskCanceledException>(() => CaptureAsync(document, impatient));
        }

        // The lock is released: the abandoned attempt and the retries race for it. One of them stores the document.
        answers = await Task.WhenAll(Enumerable.Range(0, retries).Select(_ => Task.Run(() => CaptureAsync(document))));
        storedByTheFirst = answers.All(a => a == new Answer(0, ids.Count));
        Assert.Equal(storedByTheFirst ? 0 : 1, answers.Count(a => a == new Answer(ids.Count, 0)));
        Assert.All(answers, a => Assert.Contains(a, new[] { new Answer(ids.Count, 0), new Answer(0, ids.Count) }));
        await AssertStoredOnceAsync(ids);

        // And once more, later, one at a time.
        Assert.Equal(new Answer(0, ids.Count), await CaptureAsync(document));
        await AssertStoredOnceAsync(ids);
        await ReliabilityReport.WriteAsync(output, $"{kind}: a capture timed out by the client after 2 s behind a held write lock, then resent {retries + 1} times: stored once " +
            $"({(storedByTheFirst ? "by the abandoned attempt" : "by a retry; the abandoned attempt rolled back")}), every answer 200");
    }
}

public sealed class SqliteIdempotencyTests(ITestOutputHelper output) : IdempotencyTests(new SqliteKind(), output);

public sealed class PostgresIdempotencyTests(ITestOutputHelper output) : IdempotencyTests(new PostgresKind(), output);
