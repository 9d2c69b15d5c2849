using System.CommandLine;
using System.Globalization;
using Tracewright.Cli;
using Tracewright.Data.Quality;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Quality;
using Tracewright.Features.Production;

namespace Tracewright.Features.Quality;

/// <summary>
/// Corrective and preventive actions (CAPA-0001) for one or more nonconformance reports: the root cause,
/// actions with owners and due dates, an effectiveness check, and closure only when all of it is done.
/// </summary>
public static class Capas
{
    public sealed record OpenRequest(IReadOnlyList<string> Ncrs, string? RootCause);

    public sealed record ActionRequest(string? Capa, string? Kind, string? Description, string? Owner, string? Due);

    public sealed record DoneRequest(string? Capa, int Action, string? Notes = null);

    public sealed record CheckRequest(string? Capa, string? Effective, string? Notes, string? CheckedBy = null);

    public sealed record CloseRequest(string? Capa, string? Reason);

    /// <summary>The CAPA as it stands after the command, and the ledger record written.</summary>
    public sealed record Response(Capa Capa, long Sequence);

    public static async Task<Result<Response>> OpenAsync(Shop shop, string actor, OpenRequest request, CancellationToken cancellationToken)
    {
        var rootCause = Text.Required(request.RootCause, "root-cause", 2000);
        if (!rootCause.IsSuccess)
        {
            return rootCause.Error!;
        }

        var ncrs = new List<NcrId>();
        foreach (var text in request.Ncrs)
        {
            var id = NcrId.Parse(text);
            if (!id.IsSuccess)
            {
                return id.Error!;
            }

            ncrs.Add(id.Value);
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        foreach (var id in ncrs)
        {
            if (await QualityQueries.FindNcrAsync(write.Connection, write.Transaction, id, cancellationToken) is null)
            {
                return new NotFound("ncr", id.Value, "ncr");
            }
        }

        var capaId = CapaId.FromNumber(await write.PeekCounterAsync(Domain.Production.NumberedId.Scope(CapaId.Prefix), cancellationToken));
        var opened = Capa.Open(capaId, ncrs, rootCause.Value);
        if (!opened.TryGet(out var e, out var error))
        {
            return error;
        }

        return await AppendAsync(write, capaId, new NewEvent(e, write.Now), cancellationToken);
    }

    public static async Task<Result<Response>> AddActionAsync(Shop shop, string actor, ActionRequest request, CancellationToken cancellationToken)
    {
        var capaId = CapaId.Parse(request.Capa);
        var kind = Text.Choice<CapaActionKind>(request.Kind, "kind");
        var description = Text.Required(request.Description, "description", 2000);
        var owner = Text.Required(request.Owner, "owner", 120);
        var due = Date(request.Due, "due");
        var firstError = capaId.Error ?? kind.Error ?? description.Error ?? owner.Error ?? due.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        return await DecideAsync(shop, actor, capaId.Value, c => c.AddAction(kind.Value, description.Value, owner.Value, due.Value).Map(e => (ILedgerEvent)e), null, cancellationToken);
    }

    public static async Task<Result<Response>> MarkDoneAsync(Shop shop, string actor, DoneRequest request, CancellationToken cancellationToken)
    {
        var capaId = CapaId.Parse(request.Capa);
        var notes = Text.Optional(request.Notes, "notes", 2000);
        var firstError = capaId.Error ?? notes.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        return await DecideAsync(shop, actor, capaId.Value, c => c.MarkDone(request.Action, notes.Value).Map(e => (ILedgerEvent)e), null, cancellationToken);
    }

    public static async Task<Result<Response>> CheckAsync(Shop shop, string actor, CheckRequest request, CancellationToken cancellationToken)
    {
        var capaId = CapaId.Parse(request.Capa);
        var effective = YesNo(request.Effective, "effective");
        var notes = Text.Required(request.Notes, "notes", 2000);
        var checkedBy = Text.Required(request.CheckedBy ?? actor, "checked-by", 120);
        var firstError = capaId.Error ?? effective.Error ?? notes.Error ?? checkedBy.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        return await DecideAsync(shop, actor, capaId.Value, c => c.Check(effective.Value, notes.Value, checkedBy.Value).Map(e => (ILedgerEvent)e), null, cancellationToken);
    }

    public static async Task<Result<Response>> CloseAsync(Shop shop, string actor, CloseRequest request, CancellationToken cancellationToken)
    {
        var capaId = CapaId.Parse(request.Capa);
        var reason = Text.Required(request.Reason, "reason", 500);
        var firstError = capaId.Error ?? reason.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        return await DecideAsync(shop, actor, capaId.Value, c => c.Close().Map(e => (ILedgerEvent)e), reason.Value, cancellationToken);
    }

    /// <summary>One transaction: read the CAPA, let its rules decide, append, and read it back as it now stands.</summary>
    private static async Task<Result<Response>> DecideAsync(Shop shop, string actor, CapaId id, Func<Capa, Result<ILedgerEvent>> decide, string? reason, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var capa = await QualityQueries.FindCapaAsync(write.Connection, write.Transaction, id, cancellationToken);
        if (capa is null)
        {
            return new NotFound("capa", id.Value, "capa");
        }

        if (!decide(capa).TryGet(out var e, out var error))
        {
            return error;
        }

        return await AppendAsync(write, id, new NewEvent(e, write.Now, reason), cancellationToken);
    }

    private static async Task<Result<Response>> AppendAsync(Data.WriteTransaction write, CapaId id, NewEvent e, CancellationToken cancellationToken)
    {
        var entries = await write.AppendAsync(e, cancellationToken);
        var after = (await QualityQueries.FindCapaAsync(write.Connection, write.Transaction, id, cancellationToken))!;
        await write.CommitAsync(cancellationToken);
        return new Response(after, entries[0].Sequence);
    }

    private static Result<DateOnly> Date(string? text, string field) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : new InvalidInput(field, string.IsNullOrWhiteSpace(text) ? $"{field} is required (yyyy-MM-dd)" : $"{field} '{text}' is not a date (yyyy-MM-dd)");

    private static Result<bool> YesNo(string? text, string field) => text?.Trim().ToLowerInvariant() switch
    {
        "yes" or "true" or "effective" => true,
        "no" or "false" or "not-effective" => false,
        _ => new InvalidInput(field, $"{field} '{text}' must be yes or no"),
    };

    public static Command Verb(CliHost host)
    {
        var ncr = new Option<string[]>("--ncr") { Description = "The nonconformance reports (NCR-…); comma-separate or repeat", Required = true, AllowMultipleArgumentsPerToken = true };
        var rootCause = new Option<string>("--root-cause") { Description = "The root cause found", Required = true };
        var open = new Command("open", "Open a CAPA for one or more NCRs") { ncr, rootCause };
        open.SetAction(host.Run(
            (p, shop, ct) => OpenAsync(shop, host.ActorOf(p), new OpenRequest(RecordManufacture.Split(p.GetValue(ncr)), p.GetValue(rootCause)), ct),
            Print));

        var actionCapa = new Argument<string>("capa") { Description = "CAPA-…" };
        var kind = new Option<string>("--kind") { Description = "corrective or preventive", Required = true };
        var description = new Option<string>("--description") { Description = "What is to be done", Required = true };
        var owner = new Option<string>("--owner") { Description = "Who is responsible", Required = true };
        var due = new Option<string>("--due") { Description = "Due date, yyyy-MM-dd", Required = true };
        var action = new Command("action", "Add a corrective or preventive action") { actionCapa, kind, description, owner, due };
        action.SetAction(host.Run(
            (p, shop, ct) => AddActionAsync(shop, host.ActorOf(p), new ActionRequest(p.GetValue(actionCapa), p.GetValue(kind), p.GetValue(description), p.GetValue(owner), p.GetValue(due)), ct),
            Print));

        var doneCapa = new Argument<string>("capa") { Description = "CAPA-…" };
        var number = new Option<int>("--action") { Description = "The action's number (1, 2, …)", Required = true };
        var doneNotes = new Option<string?>("--notes") { Description = "What was done" };
        var done = new Command("done", "Mark an action done") { doneCapa, number, doneNotes };
        done.SetAction(host.Run(
            (p, shop, ct) => MarkDoneAsync(shop, host.ActorOf(p), new DoneRequest(p.GetValue(doneCapa), p.GetValue(number), p.GetValue(doneNotes)), ct),
            Print));

        var checkCapa = new Argument<string>("capa") { Description = "CAPA-…" };
        var effective = new Option<string>("--effective") { Description = "yes or no", Required = true };
        var checkNotes = new Option<string>("--notes") { Description = "What was checked and found", Required = true };
        var checkedBy = new Option<string?>("--checked-by") { Description = "Who checked (default: who records)" };
        var check = new Command("check", "Record an effectiveness check") { checkCapa, effective, checkNotes, checkedBy };
        check.SetAction(host.Run(
            (p, shop, ct) => CheckAsync(shop, host.ActorOf(p), new CheckRequest(p.GetValue(checkCapa), p.GetValue(effective), p.GetValue(checkNotes), p.GetValue(checkedBy)), ct),
            Print));

        var closeCapa = new Argument<string>("capa") { Description = "CAPA-…" };
        var reason = new Option<string>("--reason") { Description = "Why it can be closed (required)", Required = true };
        var close = new Command("close", "Close a CAPA: every action done and checked effective") { closeCapa, reason };
        close.SetAction(host.Run(
            (p, shop, ct) => CloseAsync(shop, host.ActorOf(p), new CloseRequest(p.GetValue(closeCapa), p.GetValue(reason)), ct),
            Print));

        return new Command("capa", "Corrective and preventive actions") { open, action, done, check, close };
    }

    private static void Print(TextWriter o, Response r) => Print(o, r.Capa);

    internal static void Print(TextWriter o, Capa c)
    {
        o.WriteLine($"{c.Id}: {c.Status.ToString().ToLowerInvariant()}, for {string.Join(", ", c.Ncrs)}; root cause: {c.RootCause}");
        foreach (var a in c.Actions)
        {
            o.WriteLine($"  #{a.Number} {a.Kind.ToString().ToLowerInvariant()}: {a.Description} ({a.Owner}, due {a.Due:yyyy-MM-dd}){(a.Done ? " — done" : "")}");
        }

        o.WriteLine($"  effectiveness: {(c.Effective is null ? "not checked" : c.Effective.Value ? $"effective ({c.CheckNotes})" : $"not effective ({c.CheckNotes})")}");
    }
}
