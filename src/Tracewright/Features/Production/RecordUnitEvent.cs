using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>
/// <c>tracewright serial record SN KIND …</c>: one entry of a unit's item-level history (sources 001, 002):
/// an operation with its parameters, a move, an inspection, a test with measured values against limits,
/// rework, repair, or a status change with its reason.
/// </summary>
public static class RecordUnitEvent
{
    public enum Kind { Operation, Move, Inspect, Test, Rework, Repair, Status }

    public sealed record Request(
        string? Unit,
        Kind What,
        string? Operator = null,
        string? Machine = null,
        string? Tool = null,
        string? Station = null,
        string? Name = null,
        IReadOnlyList<string>? Parameters = null,
        IReadOnlyList<string>? Measurements = null,
        string? Result = null,
        string? Notes = null,
        string? Status = null,
        string? Reason = null);

    public sealed record Response(string Unit, string Kind, bool? Passed, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var work = Work(request, actor);
        if (!work.TryGet(out var context, out var workError))
        {
            return workError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var found = await Lookup.UnitAsync(write.Connection, write.Transaction, request.Unit, "serial", cancellationToken);
        if (!found.TryGet(out var unit, out var unitError))
        {
            return unitError;
        }

        if (unit.Status is UnitStatus.Consumed or UnitStatus.Scrapped && request.What != Kind.Status)
        {
            return new RuleViolated("illegal-status", $"unit {unit.Id} is {Unit.Describe(unit.Status)}; no further work can be recorded on it", "serial");
        }

        var decided = await DecideAsync(request, unit, context);
        if (!decided.TryGet(out var pending, out var error))
        {
            return error;
        }

        var entries = await write.AppendAsync(pending with { OccurredAt = write.Now }, cancellationToken);
        await write.CommitAsync(cancellationToken);
        var passed = pending.Event switch
        {
            UnitTested t => t.Passed,
            UnitInspected i => i.Passed,
            _ => (bool?)null,
        };
        return new Response(unit.Id.Value, entries[0].Kind, passed, entries[0].Sequence);
    }

    private static Task<Result<NewEvent>> DecideAsync(Request r, Unit unit, WorkContext work) => Task.FromResult(r.What switch
    {
        Kind.Operation => Operation(r, unit, work),
        Kind.Move => Text.Required(r.Name, "location", 120).Map(l => new NewEvent(new UnitMoved(unit.Id, l, work), default)),
        Kind.Inspect => Inspect(r, unit, work),
        Kind.Test => Test(r, unit, work),
        Kind.Rework or Kind.Repair => Text.Required(r.Notes, "notes", 2000).Map(d => new NewEvent(new UnitReworked(unit.Id, r.What == Kind.Repair, d, work), default)),
        Kind.Status => Status(r, unit),
        _ => (Result<NewEvent>)new InvalidInput("kind", $"unknown kind {r.What}"),
    });

    private static Result<NewEvent> Operation(Request r, Unit unit, WorkContext work)
    {
        var name = Text.Required(r.Name, "operation", 120);
        if (!name.IsSuccess)
        {
            return name.Error!;
        }

        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in r.Parameters ?? [])
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == text.Length - 1)
            {
                return new InvalidInput("param", $"param '{text}' must be name=value, e.g. spindle_rpm=18000");
            }

            if (!parameters.TryAdd(text[..equals].Trim(), text[(equals + 1)..].Trim()))
            {
                return new InvalidInput("param", $"param '{text[..equals].Trim()}' is given twice");
            }
        }

        return new NewEvent(new OperationPerformed(unit.Id, name.Value, parameters, work), default);
    }

    private static Result<NewEvent> Inspect(Request r, Unit unit, WorkContext work)
    {
        var result = r.Result?.Trim().ToLowerInvariant();
        if (result is not ("pass" or "fail"))
        {
            return new InvalidInput("result", $"result '{r.Result}' must be pass or fail");
        }

        var notes = Text.Optional(r.Notes, "notes", 2000);
        return notes.Map(n => new NewEvent(new UnitInspected(unit.Id, result == "pass", work.Operator ?? "unknown", n, work), default));
    }

    private static Result<NewEvent> Test(Request r, Unit unit, WorkContext work)
    {
        var step = Text.Required(r.Name, "step", 120);
        if (!step.IsSuccess)
        {
            return step.Error!;
        }

        if (r.Measurements is null || r.Measurements.Count == 0)
        {
            return new InvalidInput("measure", "a test needs at least one measurement: --measure \"name=value unit [lower..upper]\"");
        }

        var measurements = new List<Measurement>();
        foreach (var text in r.Measurements)
        {
            var measurement = Measurement.Parse(text);
            if (!measurement.TryGet(out var value, out var error))
            {
                return error;
            }

            measurements.Add(value);
        }

        return new NewEvent(new UnitTested(unit.Id, step.Value, measurements, work), default);
    }

    private static Result<NewEvent> Status(Request r, Unit unit)
    {
        var to = Text.Choice<UnitStatus>(r.Status, "status");
        var reason = Text.Required(r.Reason, "reason", 500);
        var error = to.Error ?? reason.Error;
        if (error is not null)
        {
            return error;
        }

        return unit.ChangeStatus(to.Value).Map(e => new NewEvent(e, default, reason.Value));
    }

    private static Result<WorkContext> Work(Request r, string actor) => WorkContext.Parse(r.Operator ?? actor, r.Machine, r.Tool, r.Station);

    public static Command Verb(CliHost host)
    {
        var record = new Command("record", "Record an event in a unit's history");
        foreach (var kind in Enum.GetValues<Kind>())
        {
            var unit = new Argument<string>("serial") { Description = "SERIAL or ITEM:SERIAL" };
            var worker = new Option<string?>("--operator") { Description = "Who did the work (default: who records)" };
            var machine = new Option<string?>("--machine") { Description = "Machine" };
            var tool = new Option<string?>("--tool") { Description = "Tool" };
            var station = new Option<string?>("--station") { Description = "Station / work centre" };
            var command = new Command(kind.ToString().ToLowerInvariant(), Describe(kind)) { unit, worker, machine, tool, station };
            Option<string?>? name = kind switch
            {
                Kind.Operation => new Option<string?>("--name") { Description = "Operation performed, e.g. \"CNC pocket\"", Required = true },
                Kind.Move => new Option<string?>("--to") { Description = "Location moved to", Required = true },
                Kind.Test => new Option<string?>("--step") { Description = "Test step, e.g. \"EOL leak test\"", Required = true },
                _ => null,
            };
            var parameters = new Option<string[]>("--param") { Description = "name=value (repeat)", AllowMultipleArgumentsPerToken = true };
            var measure = new Option<string[]>("--measure") { Description = "\"name=value unit [lower..upper]\" (repeat)", AllowMultipleArgumentsPerToken = true };
            var result = new Option<string?>("--result") { Description = "pass or fail", Required = kind == Kind.Inspect };
            var notes = new Option<string?>("--notes") { Description = kind is Kind.Rework or Kind.Repair ? "What was done" : "Notes", Required = kind is Kind.Rework or Kind.Repair };
            var status = new Option<string?>("--to") { Description = "available, blocked, scrapped, shipped, returned or in-service", Required = true };
            var reason = new Option<string?>("--reason") { Description = "Why (required)", Required = true };
            if (name is not null)
            {
                command.Add(name);
            }

            switch (kind)
            {
                case Kind.Operation:
                    command.Add(parameters);
                    break;
                case Kind.Test:
                    command.Add(measure);
                    break;
                case Kind.Inspect:
                    command.Add(result);
                    command.Add(notes);
                    break;
                case Kind.Rework or Kind.Repair:
                    command.Add(notes);
                    break;
                case Kind.Status:
                    command.Add(status);
                    command.Add(reason);
                    break;
            }

            command.SetAction(host.Run(
                (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(
                    p.GetValue(unit), kind, p.GetValue(worker), p.GetValue(machine), p.GetValue(tool), p.GetValue(station),
                    name is null ? null : p.GetValue(name),
                    kind == Kind.Operation ? p.GetValue(parameters) : null,
                    kind == Kind.Test ? p.GetValue(measure) : null,
                    kind == Kind.Inspect ? p.GetValue(result) : null,
                    kind is Kind.Inspect or Kind.Rework or Kind.Repair ? p.GetValue(notes) : null,
                    kind == Kind.Status ? p.GetValue(status) : null,
                    kind == Kind.Status ? p.GetValue(reason) : null), ct),
                (o, r) => o.WriteLine($"{r.Unit}: {r.Kind} recorded as #{r.Sequence}{(r.Passed is null ? "" : r.Passed.Value ? " — PASS" : " — FAIL")}")));
            record.Add(command);
        }

        return record;
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Operation => "An operation performed, with its parameters",
        Kind.Move => "Moved to a location",
        Kind.Inspect => "An inspection and its result",
        Kind.Test => "A test step with measured values and limits (pass/fail computed)",
        Kind.Rework => "Rework done",
        Kind.Repair => "Repair done",
        Kind.Status => "A status change with its reason",
        _ => kind.ToString(),
    };
}
