using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Domain.Common;
using Tracewright.Web;

namespace Tracewright.Features.Production;

/// <summary>BOMs, manufacture records, serialized units (capture, history, status, assembly, as-built) and containers.</summary>
public static class ProductionApi
{
    /// <summary>A unit event without its unit (in the route). <c>kind</c>: operation, move, inspect, test, rework or repair.</summary>
    public sealed record UnitEventBody(
        string? Kind,
        string? Operator = null,
        string? Machine = null,
        string? Tool = null,
        string? Station = null,
        string? Name = null,
        IReadOnlyList<string>? Parameters = null,
        IReadOnlyList<string>? Measurements = null,
        string? Result = null,
        string? Notes = null);

    public sealed record UnitStatusBody(string? Status, string? Reason);

    public sealed record AssemblyBody(string? Component = null, string? Lot = null, string? Reason = null, string? Operator = null, string? Machine = null, string? Tool = null, string? Station = null);

    public sealed record CorrectionBody(string? Reason, IReadOnlyList<string>? Use, IReadOnlyList<string>? UseSerials = null);

    public sealed record PackBody(string? Unit = null, string? Lot = null, string? Inner = null);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/boms", DefineBomAsync).RequireAuthorization(AccessPolicy.Admin).Upload().WithTags("Production")
            .WithSummary("Define a BOM; the SOP file, if any, as base64 in sopContent");
        // The same route for a form with the SOP as a file: routing picks the endpoint by the request's content type.
        api.MapPost("/boms", DefineBomFormAsync).RequireAuthorization(AccessPolicy.Admin).Upload().Accepts<IFormFile>("multipart/form-data").WithTags("Production")
            .WithName("DefineBomForm").WithSummary("Define a BOM from a form: product, line (repeat, or one per line), file sop");
        api.MapPost("/manufacture", ManufactureAsync).RequireAuthorization(AccessPolicy.Operator).WithTags("Production")
            .WithSummary("Record a manufacture run: lots and units consumed, what came out");
        api.MapPost("/manufacture/{id}/corrections", CorrectAsync).RequireAuthorization(AccessPolicy.Quality).WithTags("Production")
            .WithSummary("Correct what a run consumed (the wrong lot was scanned): a new record naming the one it corrects");

        var units = api.MapGroup("/units").WithTags("Units");
        units.MapPost("/capture", CaptureAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Register a serialized unit from a scan");
        units.MapPost("/{id}/events", RecordEventAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Record an operation, move, inspection, test, rework or repair");
        units.MapPost("/{id}/status", ChangeStatusAsync).RequireAuthorization(AccessPolicy.Quality).WithSummary("Change a unit's status, with a reason");
        units.MapPost("/{id}/install", InstallAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Install a component or lot material into the unit");
        units.MapPost("/{id}/remove", RemoveAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Remove a component from the unit (rework, repair)");
        units.MapGet("/{id}/asbuilt", AsBuiltAsync).RequireAuthorization(AccessPolicy.Viewer).WithSummary("What the unit is made of, at any moment (asOf)");

        var config = api.MapGroup("/config").WithTags("Settings");
        config.MapGet("", async (Shop shop, CancellationToken ct) => TypedResults.Ok(new ConfigReply(await Gs1Prefix.CurrentAsync(shop, Environment.GetEnvironmentVariable(Gs1Prefix.EnvironmentVariable), ct))))
            .RequireAuthorization(AccessPolicy.Admin).WithSummary("The shop's settings: the GS1 company prefix in force and where it comes from");
        config.MapPost("/gs1-prefix", SetGs1PrefixAsync).RequireAuthorization(AccessPolicy.Admin).WithSummary("Set the shop's GS1 company prefix for new SSCCs, with a reason");
        var containers = api.MapGroup("/containers").WithTags("Containers");
        containers.MapPost("", CreateContainerAsync).RequireAuthorization(AccessPolicy.Operator).WithSummary("Create a box, pallet, tote or crate with a new SSCC");
        containers.MapPost("/{id}/pack", (string id, PackBody body, ClaimsPrincipal user, Shop shop, CancellationToken ct) => PackAsync(id, body, true, user, shop, ct))
            .RequireAuthorization(AccessPolicy.Operator).WithName("PackContainer").WithSummary("Pack a unit, lot quantity or container into it");
        containers.MapPost("/{id}/unpack", (string id, PackBody body, ClaimsPrincipal user, Shop shop, CancellationToken ct) => PackAsync(id, body, false, user, shop, ct))
            .RequireAuthorization(AccessPolicy.Operator).WithName("UnpackContainer").WithSummary("Unpack something from it");
    }

    public static async Task<Results<Created<DefineBom.Response>, ProblemHttpResult>> DefineBomAsync(DefineBom.Request request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await DefineBom.HandleAsync(shop, AccessPolicy.ActorOf(user), request with { Lines = request.Lines ?? [] }, cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Bom)}");

    public static async Task<Results<Created<DefineBom.Response>, ProblemHttpResult>> DefineBomFormAsync(HttpRequest http, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        var form = await Forms.ReadAsync(http, cancellationToken);
        if (form is null)
        {
            return Problems.ToHttp(Forms.NotAForm);
        }

        return ApiResults.Created(await DefineBom.HandleAsync(shop, AccessPolicy.ActorOf(user), await BomRequestAsync(form, cancellationToken), cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Bom)}");
    }

    /// <summary>A BOM from a form (the API's and the BOM page's): <c>product</c>, <c>line</c> repeated or one per line, file <c>sop</c>.</summary>
    public static async Task<DefineBom.Request> BomRequestAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var lines = form.TryGetValue("line", out var values)
            ? values.SelectMany(v => (v ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : [];
        var sop = form.Files.GetFile("sop");
        byte[]? content = null;
        if (sop is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await sop.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        return new DefineBom.Request(Forms.Text(form, "product"), lines, content is null ? null : Path.GetFileName(sop!.FileName), content);
    }

    public static async Task<Results<Ok<CorrectManufacture.Response>, ProblemHttpResult>> CorrectAsync(string id, CorrectionBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await CorrectManufacture.HandleAsync(shop, AccessPolicy.ActorOf(user), new CorrectManufacture.Request(id, body.Reason, body.Use ?? [], body.UseSerials), cancellationToken));

    public static async Task<Results<Created<RecordManufacture.Response>, ProblemHttpResult>> ManufactureAsync(RecordManufacture.Request request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await RecordManufacture.HandleAsync(shop, AccessPolicy.ActorOf(user), request with { Use = request.Use ?? [] }, cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Record)}");

    public static async Task<Results<Created<CaptureSerial.Response>, ProblemHttpResult>> CaptureAsync(CaptureSerial.Request request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await CaptureSerial.HandleAsync(shop, AccessPolicy.ActorOf(user), request, cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Unit)}");

    public static async Task<Results<Ok<RecordUnitEvent.Response>, ProblemHttpResult>> RecordEventAsync(string id, UnitEventBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken)
    {
        var kind = Text.Choice<RecordUnitEvent.Kind>(body.Kind, "kind");
        if (!kind.TryGet(out var what, out var error))
        {
            return Problems.ToHttp(error);
        }

        if (what == RecordUnitEvent.Kind.Status)
        {
            // A status change is a quality decision with its own endpoint and role.
            return Problems.ToHttp(new InvalidInput("kind", "a status change goes to POST /api/units/{id}/status"));
        }

        var request = new RecordUnitEvent.Request(id, what, body.Operator, body.Machine, body.Tool, body.Station, body.Name, body.Parameters, body.Measurements, body.Result, body.Notes);
        return ApiResults.Reply(await RecordUnitEvent.HandleAsync(shop, AccessPolicy.ActorOf(user), request, cancellationToken));
    }

    public static async Task<Results<Ok<RecordUnitEvent.Response>, ProblemHttpResult>> ChangeStatusAsync(string id, UnitStatusBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await RecordUnitEvent.HandleAsync(shop, AccessPolicy.ActorOf(user), new RecordUnitEvent.Request(id, RecordUnitEvent.Kind.Status, Status: body.Status, Reason: body.Reason), cancellationToken));

    public static async Task<Results<Ok<Assembly.Response>, ProblemHttpResult>> InstallAsync(string id, AssemblyBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Assembly.InstallAsync(shop, AccessPolicy.ActorOf(user), AssemblyRequest(id, body), cancellationToken));

    public static async Task<Results<Ok<Assembly.Response>, ProblemHttpResult>> RemoveAsync(string id, AssemblyBody body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Assembly.RemoveAsync(shop, AccessPolicy.ActorOf(user), AssemblyRequest(id, body), cancellationToken));

    public static async Task<Results<Ok<ShowAsBuilt.Response>, ProblemHttpResult>> AsBuiltAsync(string id, Shop shop, CancellationToken cancellationToken, string? asOf = null) =>
        ApiResults.Reply(await ShowAsBuilt.HandleAsync(shop, id, asOf, cancellationToken));

    /// <summary>The reply of GET /api/config.</summary>
    public sealed record ConfigReply(Gs1Prefix.Response Gs1CompanyPrefix);

    public static async Task<Results<Ok<Gs1Prefix.Response>, ProblemHttpResult>> SetGs1PrefixAsync(Gs1Prefix.Request body, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Gs1Prefix.SetAsync(shop, AccessPolicy.ActorOf(user), body, cancellationToken));

    public static async Task<Results<Created<Containers.Response>, ProblemHttpResult>> CreateContainerAsync(Containers.CreateRequest request, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Created(await Containers.CreateAsync(shop, AccessPolicy.ActorOf(user), request, cancellationToken), r => $"/api/records/{Uri.EscapeDataString(r.Container)}");

    public static async Task<Results<Ok<Containers.Response>, ProblemHttpResult>> PackAsync(string id, PackBody body, bool pack, ClaimsPrincipal user, Shop shop, CancellationToken cancellationToken) =>
        ApiResults.Reply(await Containers.PackAsync(shop, AccessPolicy.ActorOf(user), new Containers.PackRequest(id, body.Unit, body.Lot, body.Inner), pack, cancellationToken));

    private static Assembly.Request AssemblyRequest(string parent, AssemblyBody body) =>
        new(parent, body.Component, body.Lot, body.Reason, body.Operator, body.Machine, body.Tool, body.Station);
}
