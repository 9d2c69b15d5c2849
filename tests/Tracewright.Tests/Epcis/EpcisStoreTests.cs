using Dapper;
using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Data.Trace;
using Tracewright.Domain.Epcis;
using Tracewright.Features.Epcis;
using Tracewright.Features.Trace;
using Tracewright.Standards.Epcis;
using static Tracewright.Tests.Epcis.EpcisSamples;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Epcis;

/// <summary>Capture, idempotence, error declarations, queries and traces of EPCIS events, on both databases.</summary>
/// <remarks><paramref name="common"/>: on SQLite, the matches after which a condition is checked event by event (1: always).</remarks>
public abstract class EpcisStoreTests(DatabaseKind kind, int? common = null)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2024, 6, 10, 12, 0, 0, TimeSpan.Zero));

    private async Task<Shop> ShopAsync(TestDatabase test)
    {
        await Task.CompletedTask;
        return new Shop(test.Database, _clock);
    }

    private static Task<Domain.Common.Result<CaptureEpcis.Response>> Capture(Shop shop, string document, bool lenient = false) =>
        CaptureEpcis.HandleAsync(shop, "edi", new CaptureEpcis.Request(document, CaptureEpcis.Syntax.Detect, lenient), default);

    private async Task<List<string>> EventIdsAsync(Shop shop, params (string Name, string Value)[] parameters)
    {
        Data.Epcis.EpcisQueries.CommonInTests.Value = common;
        var page = await Ok(QueryEpcis.HandleAsync(shop, parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)), default));
        return page.Document.Events.Select(e => e.EventId![^1..]).ToList();
    }

    [Fact]
    public async Task The_REST_resources_values_page_in_order_and_an_event_is_found_by_its_eventID_on_this_database()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        await using var connection = await test.Database.OpenConnectionAsync(default);
        var epcs = await Data.Epcis.EpcisQueries.DistinctAsync(connection, "epc", null, 1000, default);
        Assert.Contains(EpcisSamples.LotDigitalLink, epcs);
        var paged = new List<string>();
        for (string? after = null; ;)
        {
            var page = await Data.Epcis.EpcisQueries.DistinctAsync(connection, "epc", after, 2, default);
            paged.AddRange(page);
            if (page.Count < 2)
            {
                break;
            }

            after = page[^1];
        }

        Assert.Equal(epcs, paged);
        Assert.True(await Data.Epcis.EpcisQueries.HoldsAsync(connection, "biz_step", "https://ref.gs1.org/cbv/BizStep-shipping", default));
        Assert.False(await Data.Epcis.EpcisQueries.HoldsAsync(connection, "biz_step", "https://ref.gs1.org/cbv/BizStep-repairing", default));

        var any = (await Ok(QueryEpcis.HandleAsync(shop, [], default))).Document.Events[1].EventId!;
        var found = await Ok(QueryEpcis.EventAsync(shop, any, default));
        Assert.Equal([any], found.Document.Events.Select(e => e.EventId));
        Assert.Equal([any[^1..]], await EventIdsAsync(shop, ("EQ_eventID", any)));
        Assert.IsType<Domain.Common.NotFound>(await Fails(QueryEpcis.EventAsync(shop, "urn:uuid:00000000-0000-4000-8000-000000000999", default)));
    }

    [Fact]
    public async Task Issue17_the_binding_query_parameters_are_answered_from_the_stored_columns_on_this_database()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        Assert.Equal(["1", "3"], await EventIdsAsync(shop, ("EQ_action", "ADD")));
        Assert.Equal(["4"], await EventIdsAsync(shop, ("EQ_action", "OBSERVE|DELETE")));
        Assert.Equal(["4"], await EventIdsAsync(shop, ("EQ_bizTransaction_po", "urn:epcglobal:cbv:bt:4012345000009:PO-77")));
        Assert.Empty(await EventIdsAsync(shop, ("EQ_bizTransaction_desadv", "urn:epcglobal:cbv:bt:4012345000009:PO-77")));
        Assert.Equal(["4"], await EventIdsAsync(shop, ("EQ_destination_owning_party", "urn:epc:id:pgln:4012345.00001")));
        Assert.Equal(["1"], await EventIdsAsync(shop, ("EQ_source_urn:epcglobal:cbv:sdt:possessing_party", "urn:epc:id:pgln:4012345.00002")));
        Assert.Empty(await EventIdsAsync(shop, ("EQ_source_owning_party", "urn:epc:id:pgln:4012345.00002")));
        Assert.Equal(["1"], await EventIdsAsync(shop, ("GE_quantity", "60")));
        Assert.Equal(["2"], await EventIdsAsync(shop, ("LT_quantity", "60")));
        Assert.Equal(["2"], await EventIdsAsync(shop, ("EQ_quantity", "50.0")));
        Assert.Equal(["1", "2"], await EventIdsAsync(shop, ("LE_quantity", "100")));
        Assert.Empty(await EventIdsAsync(shop, ("EXISTS_errorDeclaration", "")));

        await Ok(Capture(shop, PackingDeclaredErroneous));
        Assert.Equal(["3"], await EventIdsAsync(shop, ("EXISTS_errorDeclaration", "true")));
        Assert.Equal(["3"], await EventIdsAsync(shop, ("EQ_errorReason", "incorrect_data")));
        Assert.Empty(await EventIdsAsync(shop, ("EQ_errorReason", "did_not_occur")));
        Assert.Equal(["3"], await EventIdsAsync(shop, ("EQ_correctiveEventID", "urn:uuid:2b0c1a6e-0000-4000-8000-000000000099")));
        Assert.Empty(await EventIdsAsync(shop, ("EQ_correctiveEventID", "urn:uuid:2b0c1a6e-0000-4000-8000-00000000009")));
        Assert.Equal(["3"], await EventIdsAsync(shop, ("GE_errorDeclarationTime", "2024-06-06T00:00:00Z")));
        Assert.Empty(await EventIdsAsync(shop, ("LT_errorDeclarationTime", "2024-06-06T00:00:00Z")));

        var limited = await Ok(QueryEpcis.HandleAsync(shop, [new("eventCountLimit", "2")], default));
        Assert.Equal((2, null), (limited.Document.Events.Count, limited.NextPageToken));
        Assert.IsType<Domain.Common.TooLarge>(await Fails(QueryEpcis.HandleAsync(shop, [new("maxEventCount", "3")], default)));
        Assert.Equal(4, (await Ok(QueryEpcis.HandleAsync(shop, [new("maxEventCount", "4")], default))).Document.Events.Count);
        foreach (var (name, value) in new[] { ("EQ_action", "JUMP"), ("GT_quantity", "lots"), ("eventCountLimit", "0"), ("EQ_transformationID", "not a uri") })
        {
            var refused = Assert.IsType<Domain.Common.InvalidInput>(await Fails(QueryEpcis.HandleAsync(shop, [new(name, value)], default)));
            Assert.Equal(name, refused.Name);
        }

        // An event that happened before the others but was captured after them: the orders differ.
        await Ok(Capture(shop, """
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
             "creationDate": "2024-06-07T08:00:00Z", "epcisBody": {"eventList": [
              {"type": "ObjectEvent", "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-000000000005", "eventTime": "2024-05-01T08:00:00Z",
               "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:4012345.012345.1001"], "bizStep": "inspecting"}]}}
            """));
        Assert.Equal(["1", "2", "3", "4", "5"], await EventIdsAsync(shop));
        Assert.Equal(["5", "1", "2", "3", "4"], await EventIdsAsync(shop, ("orderBy", "eventTime"), ("orderDirection", "ASC")));
        Assert.Equal(["4", "3", "2", "1", "5"], await EventIdsAsync(shop, ("orderBy", "eventTime")));
        Assert.Equal(["5", "4", "3", "2", "1"], await EventIdsAsync(shop, ("orderBy", "recordTime"), ("orderDirection", "DESC")));
        Assert.Equal(["1", "2", "3", "4", "5"], await EventIdsAsync(shop, ("orderBy", "recordTime"), ("orderDirection", "ASC")));
        foreach (var (by, direction, expected) in new[] { ("eventTime", "ASC", "51234"), ("eventTime", "DESC", "43215"), ("recordTime", "DESC", "54321") })
        {
            var paged = new List<string>();
            string? token = null;
            do
            {
                List<KeyValuePair<string, string?>> asked = [new("orderBy", by), new("orderDirection", direction), new("perPage", "2")];
                if (token is not null)
                {
                    asked.Add(new("nextPageToken", token));
                }

                var page = await Ok(QueryEpcis.HandleAsync(shop, asked, default));
                paged.AddRange(page.Document.Events.Select(e => e.EventId![^1..]));
                token = page.NextPageToken;
            }
            while (token is not null);
            Assert.Equal(expected, string.Concat(paged));
        }

        Assert.Equal("orderBy", Assert.IsType<Domain.Common.InvalidInput>(await Fails(QueryEpcis.HandleAsync(shop, [new("orderBy", "bizStep")], default))).Name);
        Assert.Equal("orderDirection", Assert.IsType<Domain.Common.InvalidInput>(await Fails(QueryEpcis.HandleAsync(shop, [new("orderBy", "eventTime"), new("orderDirection", "UP")], default))).Name);
    }

    [Fact]
    public async Task Issue17_WD_HASATTR_and_EQATTR_select_events_by_the_master_data_of_their_locations()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        static string At(int n, string place) => $$$"""
            {"type": "ObjectEvent", "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-00000000010{{{n}}}", "eventTime": "2024-06-01T08:00:00Z", "eventTimeZoneOffset": "+00:00",
             "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:4012345.012345.{{{n}}}"], "readPoint": {"id": "{{{place}}}"}, "bizLocation": {"id": "{{{place}}}"}}
            """;
        await Ok(Capture(shop, $$$"""
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-06-01T08:00:00Z",
             "epcisHeader": {"epcisMasterData": {"vocabularyList": [{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
               {"id": "urn:epc:id:sgln:4012345.00000.0", "children": ["urn:epc:id:sgln:4012345.00000.1"], "attributes": [{"id": "urn:epcglobal:cbv:mda#sst", "attribute": "201"}]},
               {"id": "urn:epc:id:sgln:4012345.11111.0", "attributes": [{"id": "urn:epcglobal:cbv:mda#sst", "attribute": "305"}, {"id": "urn:epcglobal:cbv:mda#name", "attribute": "Dock B"}]},
               {"id": "https://id.gs1.org/414/4012345000009/254/1", "children": ["urn:epc:id:sgln:4012345.00000.2"]}]}]}},
             "epcisBody": {"eventList": [{{{At(1, "urn:epc:id:sgln:4012345.00000.0")}}}, {{{At(2, "urn:epc:id:sgln:4012345.00000.2")}}}, {{{At(3, "urn:epc:id:sgln:4012345.11111.0")}}}, {{{At(4, "urn:epc:id:sgln:4012345.00000.1")}}}] } }
            """));
        Assert.Equal(["1", "2", "4"], await EventIdsAsync(shop, ("WD_bizLocation", "urn:epc:id:sgln:4012345.00000.0")));
        Assert.Equal(["2", "4"], await EventIdsAsync(shop, ("WD_readPoint", "https://id.gs1.org/414/4012345000009/254/1")));
        Assert.Equal(["3"], await EventIdsAsync(shop, ("WD_bizLocation", "urn:epc:id:sgln:4012345.11111.0")));
        Assert.Equal(["1"], await EventIdsAsync(shop, ("WD_bizLocation", "urn:epc:id:sgln:4012345.00000.0"), ("EQ_readPoint", "urn:epc:id:sgln:4012345.00000.0")));

        // HASATTR_ / EQATTR_: by the master data's attributes of the event's location.
        Assert.Equal(["1", "3"], await EventIdsAsync(shop, ("HASATTR_bizLocation", "urn:epcglobal:cbv:mda#sst")));
        Assert.Equal(["3"], await EventIdsAsync(shop, ("HASATTR_readPoint", "urn:epcglobal:cbv:mda#name")));
        Assert.Equal(["1"], await EventIdsAsync(shop, ("EQATTR_bizLocation_urn:epcglobal:cbv:mda#sst", "201|999")));
        Assert.Empty(await EventIdsAsync(shop, ("EQATTR_bizLocation_urn:epcglobal:cbv:mda#sst", "999")));
        Assert.Empty(await EventIdsAsync(shop, ("HASATTR_bizLocation", "urn:example:nobody-has-this")));
    }

    [Fact]
    public async Task Issue17_named_queries_subscriptions_and_their_delivery_state_are_stored_on_this_database()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        using var definition = System.Text.Json.JsonDocument.Parse("""{"EQ_bizStep": ["shipping"]}""");
        var query = await Ok(NamedQueries.DefineAsync(shop, "erp", "shipments", definition.RootElement, default));
        Assert.Equal("erp", query.Owner);
        Assert.IsType<Domain.Common.AlreadyExists>(await Fails(NamedQueries.DefineAsync(shop, "erp", "shipments", definition.RootElement, default)));
        var subscription = await Ok(Subscriptions.SubscribeAsync(shop, "erp", "shipments", new("https://erp.example.com/hook", "k3y", true, null, false, null), default));
        Assert.True(subscription.Signed);
        Assert.Equal("k3y", await Data.Epcis.EpcisQueryStore.TokenAsync(test.Database, subscription.Id, default));

        await Ok(Capture(shop, Chain));
        var pending = await Subscriptions.ViewAsync(shop, subscription, default);
        Assert.Equal(1, pending["delivery"]!["pending"]!.GetValue<long>());
        Assert.Equal("pending", pending["delivery"]!["state"]!.GetValue<string>());

        var at = DateTimeOffset.Parse("2024-06-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await Data.Epcis.EpcisQueryStore.FailedAsync(test.Database, subscription.Id, "https://erp.example.com/hook answered 503", at, at.AddSeconds(2), default);
        var failing = (await Data.Epcis.EpcisQueryStore.SubscriptionAsync(test.Database, subscription.Id, default))!;
        Assert.Equal((1L, "https://erp.example.com/hook answered 503"), (failing.Attempts, failing.LastError));
        Assert.Equal("failing", (await Subscriptions.ViewAsync(shop, failing, default))["delivery"]!["state"]!.GetValue<string>());

        var stored = await Ok(NamedQueries.FindAsync(shop, "shipments", default));
        var filter = NamedQueries.Parse(stored.Definition, []).Value.Filter;
        await using (var connection = await test.Database.OpenConnectionAsync(default))
        {
            var last = (await Data.Epcis.EpcisQueries.QueryAsync(connection, filter, failing.DeliveredSeq, 10, default)).Single();
            await Data.Epcis.EpcisQueryStore.DeliveredAsync(test.Database, subscription.Id, last.Seq, 1, at.AddSeconds(3), default);
        }

        await Data.Epcis.EpcisQueryStore.RanAsync(test.Database, subscription.Id, at.AddSeconds(4), default);
        var delivered = (await Data.Epcis.EpcisQueryStore.SubscriptionAsync(test.Database, subscription.Id, default))!;
        Assert.Equal((0L, 1L, null), (delivered.Attempts, delivered.DeliveredCount, delivered.NextAttemptAt));
        Assert.NotNull(delivered.LastRunAt);
        Assert.Equal("delivered", (await Subscriptions.ViewAsync(shop, delivered, default))["delivery"]!["state"]!.GetValue<string>());

        Assert.IsType<Domain.Common.NotOwner>(await Fails(NamedQueries.DeleteAsync(shop, "someone", false, "shipments", default)));
        Assert.Equal(1, await Ok(NamedQueries.DeleteAsync(shop, "someone", true, "shipments", default)));
        Assert.Null(await Data.Epcis.EpcisQueryStore.SubscriptionAsync(test.Database, subscription.Id, default));
        Assert.IsType<Domain.Common.NotFound>(await Fails(NamedQueries.FindAsync(shop, "shipments", default)));
        Assert.True((await LedgerVerifier.VerifyAsync(test.Database, null, default)).IsIntact);

        // The name may be defined again.
        await Ok(NamedQueries.DefineAsync(shop, "erp", "shipments", definition.RootElement, default));
    }

    [Fact]
    public async Task Capture_stores_each_event_once_and_a_second_capture_nothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var first = await Ok(Capture(shop, Chain));
        Assert.Equal((4, 4, 0, 0, 2), (first.Events, first.Captured, first.Duplicates, first.DeclaredErroneous, first.MasterData));
        var records = await LedgerCountAsync(shop);
        Assert.Equal(5, records);

        var again = await Ok(Capture(shop, Chain));
        Assert.Equal((4, 0, 4, 0), (again.Events, again.Captured, again.Duplicates, again.MasterData));
        Assert.Equal(records, await LedgerCountAsync(shop));

        var report = await LedgerVerifier.VerifyAsync(test.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task Identifiers_are_stored_canonical_and_master_data_with_names()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        await using var connection = await test.Database.OpenConnectionAsync(default);
        var objects = (await connection.QueryAsync<(string Role, string Epc)>("SELECT role, epc FROM epcis_epcs ORDER BY event_key, role, position")).ToList();
        Assert.Contains(("quantity", LotDigitalLink), objects);
        Assert.Contains(("input-quantity", LotDigitalLink), objects);
        Assert.Contains(("output", Unit1DigitalLink), objects);
        Assert.Contains(("parent", PalletDigitalLink), objects);
        Assert.Equal(CustomerDigitalLink, await connection.ExecuteScalarAsync<string>("SELECT party FROM epcis_destinations"));
        Assert.Equal(DockDigitalLink, await connection.ExecuteScalarAsync<string>("SELECT biz_location FROM epcis_events WHERE biz_location IS NOT NULL"));
        var names = (await connection.QueryAsync<(string Id, string Name)>("SELECT id, name FROM epcis_master_data ORDER BY id")).ToList();
        Assert.Equal([(DockDigitalLink, "Receiving dock"), (CustomerDigitalLink, "Harbor Foods")], names);
        Assert.Equal("2024-06-04T06:00:00.0000000Z", await connection.ExecuteScalarAsync<string>("SELECT event_time FROM epcis_events WHERE biz_step LIKE '%shipping'"));
        Assert.StartsWith("2024-06-10T12:00:00.00000", await connection.ExecuteScalarAsync<string>("SELECT MIN(record_time) FROM epcis_events"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_without_eventID_are_duplicates_by_their_hash_ID()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var anonymous = Chain.Replace("\"eventID\": \"urn:uuid:2b0c1a6e-0000-4000-8000-000000000004\",", "", StringComparison.Ordinal);
        var first = await Ok(Capture(shop, anonymous));
        Assert.Equal(4, first.Captured);
        Assert.StartsWith("ni:///sha-256;", first.Keys[3], StringComparison.Ordinal);
        var reordered = anonymous.Replace("\"disposition\": \"in_transit\",\n", "", StringComparison.Ordinal).Replace("\"action\": \"OBSERVE\",", "\"action\": \"OBSERVE\", \"disposition\": \"in_transit\",", StringComparison.Ordinal);
        var second = await Ok(Capture(shop, reordered));
        Assert.Equal((0, 4), (second.Captured, second.Duplicates));
        var changed = await Ok(Capture(shop, anonymous.Replace("\"disposition\": \"in_transit\"", "\"disposition\": \"in_progress\"", StringComparison.Ordinal)));
        Assert.Equal((1, 3), (changed.Captured, changed.Duplicates));
    }

    [Fact]
    public async Task Within_one_document_a_repeated_event_is_a_duplicate_and_a_later_declaration_marks_the_first()
    {
        // Duplicates are looked up for the whole document at once, so what the document itself captured must count too.
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var chain = EpcisJsonReader.Read(Chain).Document!;
        var anonymous = EpcisJsonReader.Read(Chain.Replace("\"eventID\": \"urn:uuid:2b0c1a6e-0000-4000-8000-000000000004\",", "", StringComparison.Ordinal)).Document!.Events[3];
        var declaration = EpcisJsonReader.Read(PackingDeclaredErroneous).Document!.Events;
        var document = chain with { Events = [.. chain.Events, anonymous, .. chain.Events, anonymous, .. declaration, .. declaration] };

        Assert.Single(declaration);

        // The copy without an eventID repeats the fourth event by its hash ID: a duplicate, like every second copy.
        var captured = await Ok(Capture(shop, EpcisJsonWriter.Write(document)));
        Assert.Equal((12, 4, 7, 1), (captured.Events, captured.Captured, captured.Duplicates, captured.DeclaredErroneous));
        await using var connection = await test.Database.OpenConnectionAsync(default);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM epcis_events WHERE erroneous = 1"));
        var report = await LedgerVerifier.VerifyAsync(test.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task An_invalid_document_is_refused_whole_with_every_problem_and_stores_nothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        var broken = Chain.Replace("\"action\": \"OBSERVE\"", "\"action\": \"LOOK\"", StringComparison.Ordinal).Replace("\"bizStep\": \"packing\"", "\"bizStep\": \"packin\"", StringComparison.Ordinal);
        var error = await Fails(Capture(shop, broken));
        var invalid = Assert.IsType<InvalidEpcisDocument>(error);
        Assert.Contains(invalid.Problems, p => p.Location.Contains("eventList[3]", StringComparison.Ordinal) && p.Message.Contains("action", StringComparison.Ordinal));
        Assert.Contains(invalid.Problems, p => p.Location.Contains("eventList[2]", StringComparison.Ordinal) && p.Message.Contains("bizStep", StringComparison.Ordinal));
        Assert.Equal(400, Problems.StatusOf(error));
        Assert.True(Problems.BodyOf(error).Errors!.Count >= 2);
        Assert.Equal(0, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task A_lot_captured_via_EPCIS_traces_forward_to_its_customer_party_by_its_Digital_Link_URI()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));

        // Another host and a query string: still the same lot.
        var trace = await Ok(TraceRecords.HandleAsync(shop, "https://example.com/01/04012345123456/10/LOT-A?x=1", TraceRecords.Direction.Forward, null, default));
        Assert.Equal([$"epc:{LotDigitalLink}"], trace.StartNodes);
        var hit = Assert.Single(trace.Hits, h => h.Node == $"party:{CustomerDigitalLink}");
        Assert.Contains(hit.Path, p => p.Contains("packed", StringComparison.Ordinal));
        Assert.Contains(trace.Hits, h => h.Node == $"epc:{PalletDigitalLink}");
        Assert.Contains(trace.Hits, h => h.Node == $"party:{DockDigitalLink}");

        var fromUrn = await Ok(TraceRecords.HandleAsync(shop, LotUrn, TraceRecords.Direction.Forward, null, default));
        Assert.Equal(trace.Hits.Select(h => h.Node), fromUrn.Hits.Select(h => h.Node));

        var back = await Ok(TraceRecords.HandleAsync(shop, CustomerUrn, TraceRecords.Direction.Backward, null, default));
        Assert.Contains(back.Hits, h => h.Node == $"epc:{LotDigitalLink}");
        Assert.Contains(back.Hits, h => h.Node == $"epc:{Unit1DigitalLink}");

        var unknown = await Fails(TraceRecords.HandleAsync(shop, "urn:epc:id:sgtin:4012345.012345.9999", TraceRecords.Direction.Forward, null, default));
        Assert.Equal(404, Problems.StatusOf(unknown));
    }

    [Fact]
    public async Task An_error_declaration_marks_the_original_and_its_links_stop_counting_in_traces()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        var before = await Ok(TraceRecords.HandleAsync(shop, LotDigitalLink, TraceRecords.Direction.Forward, null, default));
        Assert.Contains(before.Hits, h => h.Node == $"party:{CustomerDigitalLink}");

        var declared = await Ok(Capture(shop, PackingDeclaredErroneous));
        Assert.Equal((0, 0, 1), (declared.Captured, declared.Duplicates, declared.DeclaredErroneous));
        var again = await Ok(Capture(shop, PackingDeclaredErroneous));
        Assert.Equal((0, 1, 0), (again.Captured, again.Duplicates, again.DeclaredErroneous));

        var after = await Ok(TraceRecords.HandleAsync(shop, LotDigitalLink, TraceRecords.Direction.Forward, null, default));
        Assert.DoesNotContain(after.Hits, h => h.Node == $"party:{CustomerDigitalLink}");
        Assert.DoesNotContain(after.Hits, h => h.Node == $"epc:{PalletDigitalLink}");
        Assert.Contains(after.Hits, h => h.Node == $"epc:{Unit1DigitalLink}");

        // The recursive-SQL reference over the derived tables agrees, in a fresh index too.
        var sql = await TraceReference.ForwardAsync(test.Database, [$"epc:{LotDigitalLink}"], default);
        Assert.True(sql.SetEquals(after.Hits.Select(h => h.Node)), string.Join(", ", sql));
        var fresh = await GenealogyLoader.LoadAsync(test.Database, default);
        Assert.True(sql.SetEquals(fresh.Forward([new(Domain.Trace.NodeKind.Epc, LotDigitalLink)]).Select(h => h.Node.Text)));

        var page = await Ok(QueryEpcis.HandleAsync(shop, [new("MATCH_parentID", PalletUrn)], default));
        var e = Assert.Single(page.Document.Events);
        Assert.Equal("https://ref.gs1.org/cbv/ER-incorrect_data", e.ErrorDeclaration?.Reason);
        Assert.Equal(["urn:uuid:2b0c1a6e-0000-4000-8000-000000000099"], e.ErrorDeclaration!.CorrectiveEventIds);
        var report = await LedgerVerifier.VerifyAsync(test.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task An_event_reusing_a_stored_eventID_with_other_content_is_stored_under_its_hash_ID_and_reported()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        const string Pallet2Urn = "urn:epc:id:sscc:4012345.0000000002";
        var undeclared = PackingDeclaredErroneous[..PackingDeclaredErroneous.LastIndexOf(',', PackingDeclaredErroneous.IndexOf("\"errorDeclaration\"", StringComparison.Ordinal))] + "}]}}";
        var otherPallet = undeclared.Replace(PalletUrn, Pallet2Urn, StringComparison.Ordinal);

        var reused = await Ok(Capture(shop, otherPallet));
        Assert.Equal((1, 0), (reused.Captured, reused.Duplicates));
        var key = Assert.Single(reused.Conflicts);
        Assert.Equal(EventHash.Compute(CaptureEpcis.Read(new(otherPallet)).Document!.Events[0]).HashId, key);
        Assert.Equal([key], reused.Keys);
        Assert.Equal(["3", "3"], await EventIdsAsync(shop, ("MATCH_anyEPC", Unit1Urn), ("eventType", "AggregationEvent")));
        var again = await Ok(Capture(shop, otherPallet));
        Assert.Equal((0, 1), (again.Captured, again.Duplicates));
        var sameAsOriginal = await Ok(Capture(shop, undeclared));
        Assert.Equal((0, 1, 0), (sameAsOriginal.Captured, sameAsOriginal.Duplicates, sameAsOriginal.Conflicts.Count));

        var trace = await Ok(TraceRecords.HandleAsync(shop, Unit1Urn, TraceRecords.Direction.Forward, null, default));
        Assert.Contains(trace.Hits, h => h.Node == $"epc:{PalletDigitalLink}");
        Assert.Contains(trace.Hits, h => h.Node == "epc:https://id.gs1.org/00/040123450000000023");

        // A declaration repeating the copy's content names the copy, not the original under the same eventID.
        var declared = await Ok(Capture(shop, PackingDeclaredErroneous.Replace(PalletUrn, Pallet2Urn, StringComparison.Ordinal)));
        Assert.Equal(1, declared.DeclaredErroneous);
        var after = await Ok(TraceRecords.HandleAsync(shop, Unit1Urn, TraceRecords.Direction.Forward, null, default));
        Assert.Contains(after.Hits, h => h.Node == $"epc:{PalletDigitalLink}");
        Assert.DoesNotContain(after.Hits, h => h.Node == "epc:https://id.gs1.org/00/040123450000000023");
        var sql = await TraceReference.ForwardAsync(test.Database, [$"epc:{Unit1DigitalLink}"], default);
        Assert.True(sql.SetEquals(after.Hits.Select(h => h.Node)), string.Join(", ", sql));
        var report = await LedgerVerifier.VerifyAsync(test.Database, null, default);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task Query_filters_each_select_the_events_they_name()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        _clock.Now = _clock.Now.AddHours(1);
        await Ok(Capture(shop, Chain.Replace("2b0c1a6e-0000-4000-8000-00000000000", "2b0c1a6e-0000-4000-8000-00000000010", StringComparison.Ordinal)));

        Assert.Equal(8, (await EventIdsAsync(shop)).Count);
        Assert.Equal(["4", "4"], await EventIdsAsync(shop, ("EQ_bizStep", "shipping")));
        Assert.Equal(["1", "1"], await EventIdsAsync(shop, ("EQ_bizStep", "urn:epcglobal:cbv:bizstep:receiving")));
        Assert.Equal(["1", "1"], await EventIdsAsync(shop, ("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-receiving")));
        Assert.Equal(["4", "4"], await EventIdsAsync(shop, ("EQ_disposition", "in_transit")));
        Assert.Equal(["3", "3"], await EventIdsAsync(shop, ("MATCH_epc", Unit1DigitalLink)));
        Assert.Equal(["3", "3"], await EventIdsAsync(shop, ("MATCH_epc", "urn:epc:idpat:sgtin:4012345.012345.*")));
        Assert.Equal(["2", "3", "2", "3"], await EventIdsAsync(shop, ("MATCH_anyEPC", Unit1Urn)));
        Assert.Equal(["3", "3"], await EventIdsAsync(shop, ("MATCH_parentID", "https://example.org/00/040123450000000016")));
        Assert.Empty(await EventIdsAsync(shop, ("MATCH_inputEPC", Unit1Urn)));
        Assert.Equal(["2", "2"], await EventIdsAsync(shop, ("MATCH_outputEPC", Unit1Urn)));
        Assert.Equal(["1", "1"], await EventIdsAsync(shop, ("MATCH_epcClass", LotDigitalLink)));
        Assert.Equal(["1", "2", "1", "2"], await EventIdsAsync(shop, ("MATCH_anyEPCClass", LotUrn)));
        Assert.Equal(["3", "4", "3", "4"], await EventIdsAsync(shop, ("GE_eventTime", "2024-06-03T00:00:00Z")));
        Assert.Equal(["1", "1"], await EventIdsAsync(shop, ("LT_eventTime", "2024-06-02T00:00:00Z")));
        Assert.Equal(["4", "4"], await EventIdsAsync(shop, ("GE_eventTime", "2024-06-04T07:59:00+02:00"), ("LT_eventTime", "2024-06-04T08:01:00+02:00")));
        Assert.Equal(["1", "2", "3", "4"], await EventIdsAsync(shop, ("LT_recordTime", "2024-06-10T12:30:00Z")));
        Assert.Equal(4, (await EventIdsAsync(shop, ("GE_recordTime", "2024-06-10T12:30:00Z"))).Count);
        Assert.Equal(["1", "1"], await EventIdsAsync(shop, ("EQ_bizLocation", DockUrn)));
        Assert.Equal(["4", "4"], await EventIdsAsync(shop, ("EQ_readPoint", DockDigitalLink)));
        Assert.Equal(["1", "4", "1", "4"], await EventIdsAsync(shop, ("EQ_bizStep", "receiving|shipping")));
        Assert.Equal(["3", "3"], await EventIdsAsync(shop, ("eventType", "AggregationEvent")));
        Assert.Equal(["4"], await EventIdsAsync(shop, ("EQ_bizStep", "shipping"), ("LT_recordTime", "2024-06-10T12:30:00Z")));
    }

    [Fact]
    public async Task Query_pages_follow_the_next_page_token_and_bad_parameters_are_named()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        var first = await Ok(QueryEpcis.HandleAsync(shop, [new("perPage", "3")], default));
        Assert.Equal(3, first.Document.Events.Count);
        Assert.NotNull(first.NextPageToken);
        var second = await Ok(QueryEpcis.HandleAsync(shop, [new("perPage", "3"), new("nextPageToken", first.NextPageToken)], default));
        Assert.Equal(EpcisEventType.ObjectEvent, Assert.Single(second.Document.Events).Type);
        Assert.Null(second.NextPageToken);

        foreach (var (name, value) in new[]
        {
            ("perPage", "0"), ("perPage", "1001"), ("perPage", "ten"), ("GE_eventTime", "2024-06-01"), ("LT_recordTime", "yesterday"),
            ("EQ_bizStep", "transmogrifying"), ("EQ_disposition", "sort of ok"), ("MATCH_epc", "not a uri"), ("MATCH_anyEPC", ""),
            ("nextPageToken", "abc"), ("EQ_bizLocation", "dock 4"), ("eventType", "PartyEvent"), ("MATCH_everything", "x"),
        })
        {
            var error = await Fails(QueryEpcis.HandleAsync(shop, [new(name, value)], default));
            Assert.Equal(400, Problems.StatusOf(error));
            Assert.Equal(name, error.Field);
        }
    }

    [Fact]
    public async Task Stored_events_read_back_with_the_hash_ID_they_were_captured_with()
    {
        await using var test = await kind.CreateAsync();
        var shop = await ShopAsync(test);
        await Ok(Capture(shop, Chain));
        var page = await Ok(QueryEpcis.HandleAsync(shop, [], default));
        var original = CaptureEpcis.Read(new(Chain)).Document!.Events;
        Assert.Equal(original.Select(e => EventHash.Compute(e).HashId), page.Document.Events.Select(e => EventHash.Compute(e).HashId));
        Assert.Single(page.Document.Events.Select(e => e.RecordTime).Distinct());
        Assert.InRange(page.Document.Events[0].RecordTime!.Value, new DateTimeOffset(2024, 6, 10, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 6, 10, 12, 0, 1, TimeSpan.Zero));
    }
}

public sealed class SqliteEpcisStoreTests() : EpcisStoreTests(new SqliteKind());

/// <summary>The same answers when every condition is checked event by event as the events are walked (SQLite's way for common values).</summary>
public sealed class SqliteEpcisStoreWalkedTests() : EpcisStoreTests(new SqliteKind(), common: 1);

public sealed class PostgresEpcisStoreTests() : EpcisStoreTests(new PostgresKind());
