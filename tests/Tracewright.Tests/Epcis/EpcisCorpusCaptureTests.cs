using Dapper;
using Tracewright.Data.Epcis;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Epcis;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Epcis;
using Tracewright.Standards.Tests.Epcis;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// Every valid document of the gs1-epcis and openepcis corpora (the standards tests' lists and exclusions) is captured through
/// the capture handler on SQLite: each event is captured or counted as a duplicate, the stored JSON reads back with the same
/// event hash ID, and capturing the document again stores nothing. Every deliberately invalid document is refused with its
/// problems and stores nothing. PostgreSQL captures every seventh valid document into one database.
/// </summary>
public sealed class EpcisCorpusCaptureTests
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));

    public static TheoryData<string> Valid() => [.. CorpusSelection.Gs1EpcisValid().Concat(CorpusSelection.OpenEpcisValid())];

    public static TheoryData<string> Invalid() => [.. CorpusSelection.OpenEpcisInvalid()];

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Valid_corpus_document_is_captured_once(string file)
    {
        await using var test = await new SqliteKind().CreateAsync();
        var shop = new Shop(test.Database, Clock);
        var text = await File.ReadAllTextAsync(EpcisCorpora.Full(file));
        var read = CaptureEpcis.Read(new(text)).Document!;
        var captured = await Ok(CaptureEpcis.HandleAsync(shop, "edi", new(text), default));
        Assert.Equal(read.Events.Count, captured.Events);
        Assert.Equal(captured.Events, captured.Captured + captured.Duplicates + captured.DeclaredErroneous);
        var records = await LedgerCountAsync(shop);
        Assert.Equal(captured.Captured + captured.DeclaredErroneous + (captured.MasterData > 0 ? 1 : 0), records);

        // What is stored reads back as the same events (hash IDs equal), and holds every event key once.
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            var rows = await EpcisQueries.AllAsync(connection, null, default);
            Assert.Equal(captured.Captured, rows.Count);
            foreach (var row in rows)
            {
                Assert.Equal(row.HashId, EventHash.Compute(QueryEpcis.Stored(row).Event).HashId);
            }

            var expectedKeys = read.Events.Select(e => e.EventId ?? EventHash.Compute(e).HashId).Distinct().Count();
            Assert.True(rows.Count <= expectedKeys);
        }

        var again = await Ok(CaptureEpcis.HandleAsync(shop, "edi", new(text), default));
        Assert.Equal((0, 0), (again.Captured, again.MasterData));
        Assert.Equal(records, await LedgerCountAsync(shop));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_corpus_document_is_refused_and_stores_nothing(string file)
    {
        await using var test = await new SqliteKind().CreateAsync();
        var shop = new Shop(test.Database, Clock);
        var error = await Fails(CaptureEpcis.HandleAsync(shop, "edi", new(await File.ReadAllTextAsync(EpcisCorpora.Full(file))), default));
        var invalid = Assert.IsType<InvalidEpcisDocument>(error);
        Assert.NotEmpty(invalid.Problems);
        Assert.All(invalid.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Equal(0, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task A_representative_subset_is_captured_on_PostgreSQL()
    {
        await using var test = await new PostgresKind().CreateAsync();
        var shop = new Shop(test.Database, Clock);
        var files = CorpusSelection.Gs1EpcisValid().Concat(CorpusSelection.OpenEpcisValid()).Where((_, i) => i % 7 == 0).ToList();
        var total = 0;
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(EpcisCorpora.Full(file));
            var captured = await Ok(CaptureEpcis.HandleAsync(shop, "edi", new(text), default));
            Assert.Equal(captured.Events, captured.Captured + captured.Duplicates + captured.DeclaredErroneous);
            total += captured.Captured;
            var records = await LedgerCountAsync(shop);
            var again = await Ok(CaptureEpcis.HandleAsync(shop, "edi", new(text), default));
            Assert.Equal(0, again.Captured);
            Assert.Equal(records, await LedgerCountAsync(shop));
        }

        await using var connection = await test.Database.OpenConnectionAsync(default);
        Assert.Equal(total, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM epcis_events"));
        Assert.True(files.Count >= 25 && total >= 30, $"{files.Count} files, {total} events");
        var report = await Data.LedgerVerifier.VerifyAsync(test.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
    }
}
