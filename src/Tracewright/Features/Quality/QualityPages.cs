using System.Globalization;
using System.Text;
using Tracewright.Data.Quality;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;
using Tracewright.Domain.Quality;
using Tracewright.Features.Production;
using Tracewright.Features.Records;
using Tracewright.Web;
using static Tracewright.Web.Html;
using static Tracewright.Web.PageParts;

namespace Tracewright.Features.Quality;

/// <summary>NCR, CAPA and deviation lists and forms: anyone signed in reads them, quality opens and decides.</summary>
public static class QualityPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/ncrs", NcrsAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/ncrs", OpenNcrAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/ncrs/{id}", NcrAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/ncrs/{id}/disposition", DispositionAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapPost("/ncrs/{id}/close", CloseNcrAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/capas", CapasAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/capas", OpenCapaAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/capas/{id}", CapaAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/capas/{id}/{step}", CapaStepAsync).RequireAuthorization(AccessPolicy.Quality);
        pages.MapGet("/deviations", DeviationsAsync).RequireAuthorization(AccessPolicy.Viewer);
        pages.MapPost("/deviations", GrantAsync).RequireAuthorization(AccessPolicy.Quality);
    }

    private static string Nav => """<p class="subnav"><a href="/ncrs">Nonconformance reports</a> · <a href="/capas">CAPAs</a> · <a href="/deviations">Deviations</a></p>""";

    public static Task<IResult> NcrsAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int? page = null, string? status = null) =>
        RenderNcrsAsync(context, shop, Paging.Lenient(page), status, null, null, cancellationToken);

    public static async Task<IResult> OpenNcrAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new Nonconformances.OpenRequest(
            Lines(Forms.Text(form, "lot")), Lines(Forms.Text(form, "unit")), Lines(Forms.Text(form, "record")),
            Forms.Text(form, "description"), Forms.Text(form, "detected-at"), Forms.Text(form, "detected-by"));
        var opened = await Nonconformances.OpenAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return opened.TryGet(out var ncr, out var error)
            ? TypedResults.Redirect($"/ncrs/{U(ncr.Ncr.Id.Value)}")
            : await RenderNcrsAsync(context, shop, Paging.Lenient(1), null, error, form, cancellationToken);
    }

    private static async Task<IResult> RenderNcrsAsync(HttpContext context, Shop shop, Paging paging, string? status, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var state = status is not null && Text.Choice<NcrStatus>(status, "status").TryGet(out var s, out _) ? s.ToString() : null;
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await QualityLists.NcrsAsync(connection, state, paging.Skip, paging.Take, cancellationToken));
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = new StringBuilder(Nav);
        body.Append(Banner(error, "lot", "unit", "record", "description", "detected-at", "detected-by"));
        if (AccessPolicy.May(context.User, Role.Quality))
        {
            body.Append($"""
                <form method="post" action="/ncrs" class="card" id="new-ncr">{Csrf(context)}
                  <h2>Open a nonconformance report</h2>
                  {Field("description", "What is wrong", V("description"), error, "textarea", required: true)}
                  <div class="grid">
                    {Field("lot", "Lots", V("lot"), error, "textarea", "scan one per line")}
                    {Field("unit", "Units", V("unit"), error, "textarea", "one serial per line")}
                    {Field("record", "Manufacture records", V("record"), error, "textarea", "MFG-…, one per line")}
                  </div>
                  <div class="grid">
                    {Field("detected-at", "Where it was found", V("detected-at"), error, required: true)}
                    {Field("detected-by", "Found by", V("detected-by") ?? AccessPolicy.ActorOf(context.User), error)}
                  </div>
                  <button type="submit">Open NCR</button>
                </form>
                """);
        }

        body.Append($"""<p>Show: <a href="/ncrs">all</a> · <a href="/ncrs?status=open">open</a> · <a href="/ncrs?status=dispositioned">dispositioned</a> · <a href="/ncrs?status=closed">closed</a></p>""");
        body.Append(Table(
            ["NCR", "Opened", "What is wrong", "Covers", "Found at", "Status"],
            list.Items.Select(n => (IReadOnlyList<string>)[Link(n.Id), E(n.OpenedAt[..10]), E(n.Description), E(n.Covers), E(n.DetectedAt), Status(n.Disposition is null ? n.Status : $"{n.Status} · {n.Disposition}")]),
            "No nonconformance reports.",
            "ncrs"));
        body.Append(Pager("/ncrs", list.Page, list.HasMore, state is null ? null : $"status={U(state)}"));
        return Page(context, "Nonconformance reports", body.ToString(), Pages.StatusOf(error));
    }

    public static Task<IResult> NcrAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderNcrAsync(id, context, shop, null, null, null, cancellationToken);

    public static async Task<IResult> DispositionAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var decided = await Nonconformances.DispositionAsync(shop, AccessPolicy.ActorOf(context.User), new Nonconformances.DispositionRequest(id, Forms.Text(form, "disposition"), Forms.Text(form, "approved-by"), Forms.Text(form, "reason")), cancellationToken);
        return decided.TryGet(out var done, out var error)
            ? await RenderNcrAsync(id, context, shop, null, $"""<p class="banner ok" id="done">Disposition recorded: {E(done.Ncr.Disposition?.Describe())}{(done.Changed.Count == 0 ? "" : $"; {E(string.Join(", ", done.Changed.Select(c => $"{c.Id} {c.From} → {c.To}")))}")}</p>""", null, cancellationToken)
            : await RenderNcrAsync(id, context, shop, error, null, form, cancellationToken);
    }

    public static async Task<IResult> CloseNcrAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var closed = await Nonconformances.CloseAsync(shop, AccessPolicy.ActorOf(context.User), new Nonconformances.CloseRequest(id, Forms.Text(form, "close-reason")), cancellationToken);
        return closed.TryGet(out _, out var error)
            ? await RenderNcrAsync(id, context, shop, null, """<p class="banner ok" id="done">Closed.</p>""", null, cancellationToken)
            : await RenderNcrAsync(id, context, shop, error is InvalidInput { Name: "reason" } ? new InvalidInput("close-reason", error.Message) : error, null, form, cancellationToken);
    }

    private static async Task<IResult> RenderNcrAsync(string id, HttpContext context, Shop shop, Error? error, string? notice, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not QualityRecords.NcrView view)
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing?.Message ?? $"{id} is not a nonconformance report")}</p>""", StatusCodes.Status404NotFound);
        }

        var n = view.Ncr;
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = new StringBuilder(Nav).Append(notice);
        body.Append(Banner(error, "disposition", "approved-by", "reason", "close-reason", "root-cause"));
        body.Append($"""
            <p class="outcome">{Status(n.Status.ToString())} {E(Nonconformances.Describe(n))}</p>
            <dl class="facts">
              <dt>What is wrong</dt><dd>{E(n.Description)}</dd>
              <dt>Found</dt><dd>at {E(n.DetectedAt)} by {E(n.DetectedBy)}</dd>
              <dt>Covers</dt><dd>{string.Join(", ", n.Lots.Select(l => $"""<a href="/lots/{U(l.Value)}">{E(l.Value)}</a>""").Concat(n.Units.Select(u => $"""<a href="/units/{U(u.Value)}">{E(u.Value)}</a>""")).Concat(n.Records.Select(r => $"""<a href="/records/{U(r.Value)}">{E(r.Value)}</a>""")))}</dd>
              <dt>CAPAs</dt><dd>{(view.Capas.Count == 0 ? "none" : string.Join(", ", view.Capas.Select(c => Link(c.Value))))}</dd>
            </dl>
            """);
        if (AccessPolicy.May(context.User, Role.Quality))
        {
            var actions = new StringBuilder();
            if (n.Status == NcrStatus.Open)
            {
                var choices = Enum.GetValues<Disposition>().Select(d => (d.Describe(), d.Describe()));
                actions.Append($"""
                    <form method="post" action="/ncrs/{U(n.Id.Value)}/disposition" class="card" id="disposition-form">{Csrf(context)}
                      <h2>Disposition</h2>
                      {Select("disposition", "Decision", choices, V("disposition"), error)}
                      <small>scrap scraps, return-to-supplier rejects, everything the report covers</small>
                      {Field("approved-by", "Approved by", V("approved-by"), error, required: true)}
                      {Field("reason", "Reason", V("reason"), error, required: true)}
                      <button type="submit" class="danger">Record disposition</button>
                    </form>
                    """);
            }
            else if (n.Status == NcrStatus.Dispositioned)
            {
                actions.Append($"""
                    <form method="post" action="/ncrs/{U(n.Id.Value)}/close" class="card">{Csrf(context)}
                      <h2>Close</h2>
                      {Field("close-reason", "Why it can be closed", V("close-reason"), error, required: true)}
                      <button type="submit">Close NCR</button>
                    </form>
                    """);
            }

            actions.Append($"""
                <form method="post" action="/capas" class="card">{Csrf(context)}
                  <h2>Open a CAPA for it</h2>
                  <input type="hidden" name="ncr" value="{E(n.Id.Value)}">
                  {Field("root-cause", "Root cause", V("root-cause"), error, "textarea", required: true)}
                  <button type="submit">Open CAPA</button>
                </form>
                """);
            body.Append($"""<div class="actions">{actions}</div>""");
        }

        body.Append(RecordPages.History(record.History));
        return Page(context, $"NCR {n.Id.Value}", body.ToString(), Pages.StatusOf(error));
    }

    public static Task<IResult> CapasAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int? page = null) =>
        RenderCapasAsync(context, shop, Paging.Lenient(page), null, null, cancellationToken);

    public static async Task<IResult> OpenCapaAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var opened = await Capas.OpenAsync(shop, AccessPolicy.ActorOf(context.User), new Capas.OpenRequest(Lines(Forms.Text(form, "ncr")), Forms.Text(form, "root-cause")), cancellationToken);
        return opened.TryGet(out var capa, out var error)
            ? TypedResults.Redirect($"/capas/{U(capa.Capa.Id.Value)}")
            : await RenderCapasAsync(context, shop, Paging.Lenient(1), error, form, cancellationToken);
    }

    private static async Task<IResult> RenderCapasAsync(HttpContext context, Shop shop, Paging paging, Error? error, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await QualityLists.CapasAsync(connection, paging.Skip, paging.Take, cancellationToken));
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = new StringBuilder(Nav).Append(Banner(error, "ncr", "root-cause"));
        if (AccessPolicy.May(context.User, Role.Quality))
        {
            body.Append($"""
                <form method="post" action="/capas" class="card">{Csrf(context)}
                  <h2>Open a CAPA</h2>
                  {Field("ncr", "For NCRs", V("ncr"), error, required: true, hint: "NCR-…, comma-separated")}
                  {Field("root-cause", "Root cause", V("root-cause"), error, "textarea", required: true)}
                  <button type="submit">Open CAPA</button>
                </form>
                """);
        }

        body.Append(Table(
            ["CAPA", "Opened", "For", "Root cause", "Actions done", "Effective", "Status"],
            list.Items.Select(c => (IReadOnlyList<string>)[
                Link(c.Id), E(c.OpenedAt[..10]), string.Join(", ", c.Ncrs.Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(Link)), E(c.RootCause),
                $"{c.ActionsDone} of {c.Actions}", c.Effective is null ? "not checked" : c.Effective == 1 ? "yes" : "no", Status(c.Status)]),
            "No CAPAs."));
        body.Append(Pager("/capas", list.Page, list.HasMore));
        return Page(context, "CAPAs", body.ToString(), Pages.StatusOf(error));
    }

    public static Task<IResult> CapaAsync(string id, HttpContext context, Shop shop, CancellationToken cancellationToken) =>
        RenderCapaAsync(id, context, shop, null, null, null, cancellationToken);

    /// <summary>One of a CAPA's steps: <c>action</c> (add), <c>done</c>, <c>check</c> or <c>close</c>.</summary>
    public static async Task<IResult> CapaStepAsync(string id, string step, HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var actor = AccessPolicy.ActorOf(context.User);
        Result<Capas.Response> result = step switch
        {
            "action" => await Capas.AddActionAsync(shop, actor, new Capas.ActionRequest(id, Forms.Text(form, "kind"), Forms.Text(form, "description"), Forms.Text(form, "owner"), Forms.Text(form, "due")), cancellationToken),
            "done" => int.TryParse(Forms.Text(form, "action"), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? await Capas.MarkDoneAsync(shop, actor, new Capas.DoneRequest(id, number, Forms.Text(form, "done-notes")), cancellationToken)
                : new InvalidInput("action", "choose the action that is done"),
            "check" => await Capas.CheckAsync(shop, actor, new Capas.CheckRequest(id, Forms.Text(form, "effective"), Forms.Text(form, "notes")), cancellationToken),
            "close" => await Capas.CloseAsync(shop, actor, new Capas.CloseRequest(id, Forms.Text(form, "reason")), cancellationToken),
            _ => new Domain.Common.NotFound("CAPA step", step),
        };
        return result.TryGet(out _, out var error)
            ? TypedResults.Redirect($"/capas/{U(id)}")
            : await RenderCapaAsync(id, context, shop, error, step, form, cancellationToken);
    }

    private static async Task<IResult> RenderCapaAsync(string id, HttpContext context, Shop shop, Error? error, string? failedStep, IFormCollection? typed, CancellationToken cancellationToken)
    {
        var found = await ShowRecord.HandleAsync(shop, id, cancellationToken);
        if (!found.TryGet(out var record, out var missing) || record.Record is not QualityRecords.CapaView view)
        {
            return Page(context, "Not found", $"""<p class="banner error">{E(missing?.Message ?? $"{id} is not a CAPA")}</p>""", StatusCodes.Status404NotFound);
        }

        var c = view.Capa;
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        Error? On(string step) => failedStep == step ? error : null;
        var body = new StringBuilder(Nav);
        body.Append(Banner(error, "kind", "description", "owner", "due", "action", "done-notes", "effective", "notes", "reason"));
        body.Append($"""
            <p class="outcome">{Status(c.Status.ToString())} for {string.Join(", ", c.Ncrs.Select(n => Link(n.Value)))}</p>
            <dl class="facts">
              <dt>Root cause</dt><dd>{E(c.RootCause)}</dd>
              <dt>Effectiveness</dt><dd>{(c.Effective is null ? "not checked" : c.Effective.Value ? $"effective ({E(c.CheckNotes)})" : $"not effective ({E(c.CheckNotes)})")}</dd>
            </dl>
            <h2>Actions</h2>
            """);
        body.Append(Table(
            ["#", "Kind", "What", "Owner", "Due", "Done"],
            c.Actions.Select(a => (IReadOnlyList<string>)[a.Number.ToString(CultureInfo.InvariantCulture), E(a.Kind.ToString().ToLowerInvariant()), E(a.Description), E(a.Owner), E(a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), a.Done ? Status("pass") : ""]),
            "No actions yet."));
        if (AccessPolicy.May(context.User, Role.Quality) && c.Status == CapaStatus.Open)
        {
            var open = c.Actions.Where(a => !a.Done).Select(a => (a.Number.ToString(CultureInfo.InvariantCulture), $"#{a.Number} {a.Description}")).ToList();
            body.Append($"""
                <div class="actions">
                <form method="post" action="/capas/{U(c.Id.Value)}/action" class="card">{Csrf(context)}
                  <h2>Add an action</h2>
                  {Select("kind", "Kind", [("corrective", "Corrective"), ("preventive", "Preventive")], V("kind"), On("action"))}
                  {Field("description", "What is to be done", V("description"), On("action"), required: true)}
                  {Field("owner", "Owner", V("owner"), On("action"), required: true)}
                  {Field("due", "Due", V("due"), On("action"), "date", required: true)}
                  <button type="submit">Add action</button>
                </form>
                {(open.Count == 0 ? "" : $"""
                <form method="post" action="/capas/{U(c.Id.Value)}/done" class="card">{Csrf(context)}
                  <h2>Mark an action done</h2>
                  {Select("action", "Action", open, V("action"), On("done"))}
                  {Field("done-notes", "What was done", V("done-notes"), On("done"))}
                  <button type="submit">Done</button>
                </form>
                """)}
                <form method="post" action="/capas/{U(c.Id.Value)}/check" class="card">{Csrf(context)}
                  <h2>Effectiveness check</h2>
                  {Select("effective", "Effective?", [("yes", "Yes"), ("no", "No")], V("effective"), On("check"))}
                  {Field("notes", "What was checked and found", V("notes"), On("check"), required: true)}
                  <button type="submit">Record check</button>
                </form>
                <form method="post" action="/capas/{U(c.Id.Value)}/close" class="card">{Csrf(context)}
                  <h2>Close</h2>
                  {Field("reason", "Why it can be closed", V("reason"), On("close"), required: true)}
                  <button type="submit">Close CAPA</button>
                </form>
                </div>
                """);
        }

        body.Append(RecordPages.History(record.History));
        return Page(context, $"CAPA {c.Id.Value}", body.ToString(), Pages.StatusOf(error));
    }

    public static Task<IResult> DeviationsAsync(HttpContext context, Shop shop, CancellationToken cancellationToken, int? page = null) =>
        RenderDeviationsAsync(context, shop, Paging.Lenient(page), null, null, null, cancellationToken);

    public static async Task<IResult> GrantAsync(HttpContext context, Shop shop, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var request = new GrantDeviation.Request(
            Lines(Forms.Text(form, "lot")), Forms.Text(form, "qty"), Forms.Text(form, "from"), Forms.Text(form, "to"), Forms.Text(form, "description"), Forms.Text(form, "approved-by"), Forms.Text(form, "in-place-of"));
        var granted = await GrantDeviation.HandleAsync(shop, AccessPolicy.ActorOf(context.User), request, cancellationToken);
        return granted.TryGet(out var done, out var error)
            ? await RenderDeviationsAsync(context, shop, Paging.Lenient(1), null, $"""<p class="banner ok" id="done">{E(done.Deviation)} granted: up to {E(done.Quantity)} of {E(string.Join(", ", done.Lots))}. Record its use with the manufacture run.</p>""", null, cancellationToken)
            : await RenderDeviationsAsync(context, shop, Paging.Lenient(1), error, null, form, cancellationToken);
    }

    private static async Task<IResult> RenderDeviationsAsync(HttpContext context, Shop shop, Paging paging, Error? error, string? notice, IFormCollection? typed, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var list = paging.Cut(await QualityLists.DeviationsAsync(connection, paging.Skip, paging.Take, cancellationToken));
        string? V(string name) => typed is null ? null : Forms.Text(typed, name);
        var body = new StringBuilder(Nav).Append(notice).Append(Banner(error, "lot", "qty", "from", "to", "description", "approved-by", "in-place-of"));
        body.Append(Table(
            ["Deviation", "Lots", "In place of", "Used", "Valid", "Approved by", "What and why"],
            list.Items.Select(d => (IReadOnlyList<string>)[
                $"""<a href="/records/{U(d.Id)}">{E(d.Id)}</a>""", E(d.Lots), E(d.InPlaceOf), $"{E(d.QuantityUsed)} of {E(d.QuantityLimit)}", $"{E(d.ValidFrom)} – {E(d.ValidTo)}", E(d.ApprovedBy), E(d.Description)]),
            "No deviations."));
        body.Append(Pager("/deviations", list.Page, list.HasMore));
        if (AccessPolicy.May(context.User, Role.Quality))
        {
            body.Append($"""
                <form method="post" action="/deviations" class="card">{Csrf(context)}
                  <h2>Grant a deviation</h2>
                  {Field("lot", "Lots it allows", V("lot"), error, "textarea", "scan one per line", required: true)}
                  <div class="grid">
                    {Field("qty", "Quantity allowed in total", V("qty"), error, required: true, extra: "inputmode=\"decimal\"")}
                    {Field("in-place-of", "In place of (BOM item)", V("in-place-of"), error)}
                    {Field("from", "First valid day", V("from"), error, "date", required: true)}
                    {Field("to", "Last valid day", V("to"), error, "date", required: true)}
                    {Field("approved-by", "Approved by", V("approved-by"), error, required: true)}
                  </div>
                  {Field("description", "What is allowed and why", V("description"), error, "textarea", required: true)}
                  <button type="submit">Grant deviation</button>
                </form>
                """);
        }

        return Page(context, "Deviations", body.ToString(), Pages.StatusOf(error));
    }
}
