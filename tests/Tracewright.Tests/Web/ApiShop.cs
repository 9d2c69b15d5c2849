using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracewright.Domain.Production;
using Tracewright.Features.Items;
using Tracewright.Features.Production;
using Tracewright.Features.Quality;
using Tracewright.Web;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Web;

/// <summary>
/// The demo shop with one of every kind of record an endpoint names (units, an assembly, a box, an NCR, a CAPA, a spare API
/// token), for tests that call every endpoint: which id each route's <c>{id}</c> takes, one that exists and one that is well
/// formed but does not, and a body each JSON endpoint accepts.
/// </summary>
public sealed class ApiShop : IAsyncLifetime
{
    public ApiShop() => Web = new WebShop { LogTo = Errors };

    public WebShop Web { get; }

    /// <summary>What the server logged as an error (a 500's exception), for a failing test to show.</summary>
    public ErrorLog Errors { get; } = new();

    /// <summary>Route prefix → (an id that exists, a well-formed id that does not). The longest matching prefix decides.</summary>
    public Dictionary<string, (string Existing, string Missing)> Ids { get; } = [];

    /// <summary>The named query the matrix's subscription routes use; another one is there to be deleted.</summary>
    public const string KeptQuery = "matrix-kept";

    public async Task InitializeAsync()
    {
        var shop = Web.Shop;
        await Serve.LoadDemoAsync(shop, TextWriter.Null, default);
        await Ok(RegisterItem.HandleAsync(shop, "setup", new("MOTOR-1", "Stepper motor", "ea", "other", "serial", ["none"], "MOT"), default));
        await Ok(RegisterItem.HandleAsync(shop, "setup", new("ASSY-1", "Gantry assembly", "ea", "other", "serial", ["none"], "ASY"), default));
        foreach (var (item, serial) in new[] { ("MOTOR-1", "M1"), ("MOTOR-1", "M2"), ("ASSY-1", "A1"), ("ASSY-1", "A2") })
        {
            await Ok(CaptureSerial.HandleAsync(shop, "setup", new(item, serial), default));
        }

        await Ok(Assembly.InstallAsync(shop, "setup", new("ASSY-1:A1", Component: "MOTOR-1:M1"), default));
        var box = (await Ok(Containers.CreateAsync(shop, "setup", new("box"), default))).Container;
        var ncr = (await Ok(Nonconformances.OpenAsync(shop, "setup", new(["ACR-0524-01"], [], [], "scratched sheet", "incoming inspection"), default))).Ncr.Id.Value;
        var capa = (await Ok(Capas.OpenAsync(shop, "setup", new([ncr], "film left off in storage"), default))).Capa.Id.Value;
        var spare = (await Ok(Features.Access.ApiTokens.CreateAsync(shop, "setup", new("spare", "viewer"), default))).Token;
        // A user no caller signs in as: the matrix may disable it or change its role.
        await Ok(Features.Access.Users.AddAsync(shop, "setup", new("matrix-target", "correct horse battery", "viewer"), default));

        const string Event = "urn:uuid:6a4e0c62-5b8e-4d1f-9a52-000000000001";
        await Ok(Features.Epcis.CaptureEpcis.HandleAsync(shop, "setup", new(
            $$$"""{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"ObjectEvent","eventID":"{{{Event}}}","eventTime":"2024-05-14T09:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["urn:epc:id:sgtin:0614141.107346.1"],"action":"OBSERVE","bizStep":"inspecting","disposition":"conformant","readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"},"bizLocation":{"id":"urn:epc:id:sgln:0614141.00777.0"}}"""), default));
        Ids["/epcis/events/"] = (Event, "urn:uuid:6a4e0c62-5b8e-4d1f-9a52-999999999999");
        Ids["/epcis/eventTypes/"] = ("ObjectEvent", "NopeEvent");
        Ids["/epcis/epcs/"] = ("urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.999");
        Ids["/epcis/bizSteps/"] = ("inspecting", "repairing");
        Ids["/epcis/bizLocations/"] = ("urn:epc:id:sgln:0614141.00777.0", "urn:epc:id:sgln:0614141.00888.0");
        Ids["/epcis/readPoints/"] = Ids["/epcis/bizLocations/"];
        Ids["/epcis/dispositions/"] = ("conformant", "destroyed");
        var job = await Ok(Web.Services.GetRequiredService<Features.Epcis.CaptureJobs>().AcceptAsync("setup", new(
            """{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-05-14T09:00:00Z","epcisBody":{"eventList":[]}}"""), Features.Epcis.CaptureJobs.Behaviour.Rollback, default));
        Ids["/epcis/capture/"] = (job.Id, "capture-00000000000000000000000000000000");
        var queries = Web.Services.GetRequiredService<Shop>();
        foreach (var name in new[] { "matrix-deleted", KeptQuery })
        {
            await Ok(Features.Epcis.NamedQueries.DefineAsync(queries, "setup", name, System.Text.Json.JsonDocument.Parse("""{"EQ_bizStep": ["inspecting"]}""").RootElement, default));
        }

        var subscription = await Ok(Features.Epcis.Subscriptions.SubscribeAsync(queries, "setup", KeptQuery, new("http://127.0.0.1:9/hook", null, true, null, false, null), default));
        Ids["/epcis/queries/"] = ("matrix-deleted", "nope-query");
        Ids["/epcis/nextPageToken/"] = (Features.Epcis.EpcisPageTokens.Mint(Web.Services, "/epcis/events?", "1", DateTimeOffset.UtcNow.AddHours(1)), "not-a-token-of-ours");
        Ids["/epcis/queries/{id}/"] = (KeptQuery, "nope-query");
        Ids["/epcis/queries/{name}/subscriptions/"] = (subscription.Id, "00000000-0000-7000-8000-000000000000");
        const string Lot = "PLY-0524-001";
        Ids["/api/lots/"] = (Lot, "PLY-0199-999");
        Ids["/lots/"] = (Lot, "PLY-0199-999");
        Ids["/api/records/"] = ("MFG-0056", "MFG-9999");
        Ids["/records/"] = ("MFG-0056", "MFG-9999");
        Ids["/api/certificates/"] = ("CERT-000001", "CERT-999999");
        Ids["/api/manufacture/"] = ("MFG-0056", "MFG-9999");
        Ids["/api/units/"] = ("ASSY-1:A1", "ASSY-1:NOPE");
        Ids["/units/"] = ("ASSY-1:A1", "ASSY-1:NOPE");
        Ids["/api/containers/"] = (box, ContainerId.Create(Containers.ExampleCompanyPrefix, 99_999).Value.Value);
        Ids["/containers/"] = Ids["/api/containers/"];
        Ids["/api/customers/"] = ("CUS-0001", "CUS-9999");
        Ids["/customers/"] = Ids["/api/customers/"];
        Ids["/api/orders/"] = ("SO-0001", "SO-9999");
        Ids["/orders/"] = Ids["/api/orders/"];
        Ids["/api/shipments/"] = ("SHP-0001", "SHP-9999");
        Ids["/shipments/"] = Ids["/api/shipments/"];
        Ids["/api/ncrs/"] = (ncr, "NCR-9999");
        Ids["/ncrs/"] = Ids["/api/ncrs/"];
        Ids["/api/capas/"] = (capa, "CAPA-9999");
        Ids["/capas/"] = Ids["/api/capas/"];
        Ids["/api/tokens/"] = (spare, "TOK-9999");
        Ids["/admin/tokens/"] = (spare, "TOK-9999");
        Ids["/admin/users/"] = ("matrix-target", "nobody-here");
        Ids["/api/trace/"] = (Lot, "PLY-0199-999");
        Ids["/api/recall/"] = ("PLA-0424-01", "PLA-0199-99");
        Ids["/api/compliance/"] = (Lot, "PLY-0199-999");
        Ids["/items/"] = ("MOTOR-1", "NOPE-ITEM-1");
        Ids["/suppliers/"] = ("Midwest Aluminum Supply", "Nope Supplies");
        Ids["/api/suppliers/"] = Ids["/suppliers/"];
    }

    public async Task DisposeAsync() => await Web.DisposeAsync();

    /// <summary>The ids for a route with <c>{id}</c>, or null for a route without one.</summary>
    public (string Existing, string Missing)? IdsFor(string route) =>
        route.Contains("{id}", StringComparison.Ordinal)
            ? Ids.Where(i => route.StartsWith(i.Key, StringComparison.Ordinal)).OrderByDescending(i => i.Key.Length).Select(i => i.Value).First()
            : null;

    /// <summary>A JSON body that POST <paramref name="route"/> takes (it may still be refused by a rule, never for its form).</summary>
    public static readonly IReadOnlyDictionary<string, string> JsonBodies = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/epcis/queries/{id}/subscriptions"] = """{"dest":"http://127.0.0.1:9/hook","stream":true}""",
        ["/api/items"] = """{"code":"FZ-1","description":"fuzz item","uom":"ea","material":"other","tracking":"lot","lotPrefix":"FZ"}""",
        ["/api/suppliers"] = """{"name":"Fuzz Supplies","contactName":"Fi Zz","email":"fi@fuzz.example"}""",
        ["/api/config/gs1-prefix"] = """{"prefix":"9501101","reason":"fuzz membership"}""",
        ["/api/suppliers/{id}/certificates"] = """{"certificates":["CofC","RoHS"],"reason":"fuzz contract"}""",
        ["/api/customers"] = """{"name":"Fuzz Customer","contactName":"Cu St","email":"cu@fuzz.example","phone":"+1 555 0199","address":"1 Fuzz Road"}""",
        ["/api/boms"] = """{"product":"ASSY-1","lines":["MOTOR-1:1"]}""",
        ["/api/users"] = """{"user":"fuzzuser","password":"a long password 1","role":"viewer","displayName":"Fuzz User"}""",
        ["/api/tokens"] = """{"name":"fuzz token","role":"viewer"}""",
        ["/api/tokens/{id}/revoke"] = """{"reason":"no longer needed"}""",
        ["/api/lots/{id}/split"] = """{"into":"1,1","preview":true}""",
        ["/api/lots/{id}/block"] = """{"reason":"held for inspection"}""",
        ["/api/lots/{id}/release"] = """{"reason":"inspection passed"}""",
        ["/api/lots/{id}/reject"] = """{"reason":"wrong grade"}""",
        ["/api/lots/{id}/scrap"] = """{"reason":"water damage"}""",
        ["/api/lots/{id}/corrections"] = """{"reason":"typo on the delivery note","grade":"BB/BB birch"}""",
        ["/api/manufacture"] = """{"item":"ENCL-10","use":["PLY-0524-001:1"],"machine":"TTC450","batchQuantity":"1"}""",
        ["/api/manufacture/{id}/corrections"] = """{"reason":"miscounted","use":["ACR-0524-02:1"]}""",
        ["/api/units/capture"] = """{"item":"MOTOR-1","serial":"M9"}""",
        ["/api/units/{id}/events"] = """{"kind":"inspect","result":"pass","notes":"visual check"}""",
        ["/api/units/{id}/status"] = """{"status":"blocked","reason":"awaiting rework"}""",
        ["/api/units/{id}/install"] = """{"component":"MOTOR-1:M2"}""",
        ["/api/units/{id}/remove"] = """{"component":"MOTOR-1:M1","reason":"rework"}""",
        ["/api/containers"] = """{"kind":"box"}""",
        ["/api/containers/{id}/pack"] = """{"unit":"ASSY-1:A2"}""",
        ["/api/containers/{id}/unpack"] = """{"unit":"ASSY-1:A2"}""",
        ["/api/orders"] = """{"customer":"CUS-0001","lines":["ENCL-10:1"],"reference":"PO-FZ-1"}""",
        ["/api/shipments"] = """{"order":"SO-0001","lots":["PLY-0524-001:1"],"reference":"DN-FZ-1"}""",
        ["/api/returns"] = """{"shipment":"SHP-0001","reason":"cracked","lots":["ENC-0124-001:1"]}""",
        ["/api/recall/{id}/block"] = """{"reason":"supplier notice"}""",
        ["/api/ncrs"] = """{"lots":["PLY-0524-001"],"description":"delaminated","detectedAt":"cutting"}""",
        ["/api/ncrs/{id}/disposition"] = """{"disposition":"use-as-is","approvedBy":"Q. Lead","reason":"cosmetic only"}""",
        ["/api/ncrs/{id}/close"] = """{"reason":"done"}""",
        ["/api/capas"] = """{"ncrs":["NCR-0001"],"rootCause":"storage"}""",
        ["/api/capas/{id}/actions"] = """{"kind":"corrective","description":"cover the rack","owner":"Kim","due":"2024-06-30"}""",
        ["/api/capas/{id}/done"] = """{"action":1,"notes":"done"}""",
        ["/api/capas/{id}/checks"] = """{"effective":"yes","notes":"no recurrence"}""",
        ["/api/capas/{id}/close"] = """{"reason":"effective"}""",
        ["/api/deviations"] = """{"lots":["ACR-0524-01"],"qty":"1","from":"2024-05-01","to":"2024-06-30","description":"use with a scratch","approvedBy":"Q. Lead"}""",
    };

    /// <summary>Form fields that each multipart API endpoint takes, files as name=@filename.</summary>
    public static MultipartFormDataContent Form(string route)
    {
        var form = new MultipartFormDataContent();
        var fields = route switch
        {
            "/api/lots/receive" => new[] { ("item", "PLY-BIRCH-3MM"), ("supplier", "Nordic Timber"), ("heat", "NT-FZ-1"), ("qty", "2"), ("uom", "sheet"), ("allow-duplicate", "true") },
            "/api/lots/{id}/certificates" => [("certificate", "CERT-000001")],
            _ => [("product", "ASSY-1"), ("line", "MOTOR-1:1")],
        };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }

        return form;
    }
}

/// <summary>Keeps the server's error log entries with their exceptions.</summary>
public sealed class ErrorLog : ILoggerProvider, ILogger
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _entries = new();

    public string Last => _entries.LastOrDefault() ?? "(nothing logged)";

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _entries.Enqueue($"{formatter(state, exception)} {exception}");
        }
    }

    public void Dispose()
    {
    }
}
