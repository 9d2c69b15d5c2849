using Tracewright.Data.Tests.Support;
using Tracewright.Features.Epcis;
using Tracewright.Standards.Epcis;
using Tracewright.Standards.Tests.Epcis;
using Xunit.Abstractions;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// The expectations stated by the ift-opentraceability corpus (README / SOURCE.txt, from the upstream QueryTests), replayed
/// against this store: the documents are captured (lenient: GDST data bends the standard), then the upstream traceback —
/// query the EPC (MATCH_anyEPC, or MATCH_anyEPCClass for a class), then repeatedly the children and inputs of what was
/// found — is run through the events query.
/// </summary>
public sealed class IftTracebackTests(ITestOutputHelper output)
{
    private const string Data = "ift-opentraceability/OpenTraceability.Tests/Data/";

    private static async Task<Shop> CaptureAsync(TestDatabase test, string file, Func<string, string>? edit = null)
    {
        var shop = new Shop(test.Database, new ManualClock(new DateTimeOffset(2024, 8, 1, 0, 0, 0, TimeSpan.Zero)));
        var text = await File.ReadAllTextAsync(EpcisCorpora.Full(Data + file));
        text = edit?.Invoke(text) ?? text;
        var captured = await Ok(CaptureEpcis.HandleAsync(shop, "gdst", new(text, CaptureEpcis.Syntax.Detect, Lenient: true), default));
        Assert.Equal(captured.Events, captured.Captured + captured.Duplicates);
        return shop;
    }

    private static async Task<IReadOnlyList<EpcisEvent>> QueryAsync(Shop shop, params (string Name, string Value)[] parameters) =>
        (await Ok(QueryEpcis.HandleAsync(shop, [.. parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)), new("perPage", "1000")], default))).Document.Events;

    /// <summary>The upstream algorithm (EPCISTraceabilityResolver.Traceback), with our query in place of its HTTP client.</summary>
    private static async Task<HashSet<string>> TracebackAsync(Shop shop, string epc)
    {
        var found = new Dictionary<string, EpcisEvent>(StringComparer.Ordinal);
        var queried = new HashSet<string>(StringComparer.Ordinal) { CaptureEpcis.Canonical(epc) };
        var pending = new List<string> { epc };
        for (var round = 0; round < 100 && pending.Count > 0; round++)
        {
            var events = new List<EpcisEvent>();
            foreach (var id in pending)
            {
                events.AddRange(await QueryAsync(shop, ("MATCH_anyEPC", id)));
                events.AddRange(await QueryAsync(shop, ("MATCH_anyEPCClass", id)));
            }

            pending = [];
            foreach (var e in events)
            {
                found[e.EventId ?? EventHash.Compute(e).HashId] = e;
                foreach (var next in e.ChildEpcs.Concat(e.InputEpcList).Concat(e.ChildQuantityList.Select(q => q.EpcClass)).Concat(e.InputQuantityList.Select(q => q.EpcClass)))
                {
                    if (queried.Add(CaptureEpcis.Canonical(next)))
                    {
                        pending.Add(next);
                    }
                }
            }
        }

        return [.. found.Keys];
    }

    /// <summary>
    /// traceback_tests.jsonld gives three eventIDs to eight events (five repeats: copies edited without a new id). The upstream
    /// count of 16 is an artefact of its client: the first query's results keep every event, while later rounds are merged by
    /// eventID (EPCISBaseDocument.Merge), so a reused id counts or not depending on the round its events arrive in. This store
    /// captures an eventID once (the EPCIS idempotence rule, part of capture here), so the repeats are duplicates and the
    /// traceback finds 14 events; with the reused eventIDs removed from the repeats (keyed by hash ID instead) every event is
    /// distinct and it finds 17. Neither rule reproduces 16, so both counts are asserted instead.
    /// </summary>
    [Fact]
    public async Task Traceback_of_the_GDST_chain_counts_reused_eventIDs_once_and_finds_17_events_when_they_are_distinct()
    {
        const string Lot = "urn:gdst:example.org:product:lot:class:processor.2u.v1-0122-2022";
        await using (var test = await new SqliteKind().CreateAsync())
        {
            var shop = await CaptureAsync(test, "traceback_tests.jsonld");
            Assert.Equal(14, (await TracebackAsync(shop, Lot)).Count);
        }

        await using (var test = await new SqliteKind().CreateAsync())
        {
            var shop = await CaptureAsync(test, "traceback_tests.jsonld", DropReusedEventIds);
            Assert.Equal(17, (await TracebackAsync(shop, Lot)).Count);
        }
    }

    private static string DropReusedEventIds(string text)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var e in root["epcisBody"]!["eventList"]!.AsArray().Select(n => n!.AsObject()))
        {
            if (e["eventID"]?.GetValue<string>() is { } id && !seen.Add(id))
            {
                e.Remove("eventID");
                dropped++;
            }
        }

        Assert.Equal(5, dropped);
        return root.ToJsonString();
    }

    [Theory]
    [InlineData("epcisquerydoc-example01.jsonld", "urn:epc:id:sscc:08600031303.0003", 18)]
    [InlineData("epcisquerydoc-example01.jsonld", "urn:epc:id:sscc:0614141.1234567890", 13)]
    public async Task Traceback_returns_the_events_the_corpus_expects(string file, string epc, int expected)
    {
        await using var test = await new SqliteKind().CreateAsync();
        var shop = await CaptureAsync(test, file);
        var events = await TracebackAsync(shop, epc);
        output.WriteLine($"{file} from {epc}: {events.Count} events");
        Assert.Equal(expected, events.Count);
    }

    [Fact]
    public async Task Advanced_filters_select_exactly_one_receiving_event()
    {
        await using var test = await new SqliteKind().CreateAsync();
        var shop = await CaptureAsync(test, "testserver_advancedfilters.jsonld");
        var events = await QueryAsync(shop,
            ("MATCH_anyEPC", "urn:epc:id:sscc:08600031303.0004"),
            ("EQ_bizStep", "urn:epcglobal:cbv:bizStep:receiving"),
            ("EQ_bizLocation", "urn:gdst:example.org:location:loc:importer.123u"));
        Assert.Single(events);
    }

    [Fact]
    public async Task A_query_on_each_product_of_the_aggregation_example_finds_exactly_its_one_event()
    {
        await using var test = await new SqliteKind().CreateAsync();
        var shop = await CaptureAsync(test, "aggregation_event_all_possible_fields.jsonld");
        var e = Assert.Single(await QueryAsync(shop));
        var products = e.ChildEpcs.Concat(e.ParentId is null ? [] : [e.ParentId]).ToList();
        Assert.NotEmpty(products);
        foreach (var product in products)
        {
            Assert.Single(await QueryAsync(shop, ("MATCH_anyEPC", product)));
        }

        foreach (var quantity in e.ChildQuantityList)
        {
            Assert.Single(await QueryAsync(shop, ("MATCH_anyEPCClass", quantity.EpcClass)));
        }
    }
}
