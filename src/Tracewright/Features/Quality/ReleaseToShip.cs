using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Quality;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Quality;
using Tracewright.Features.Production;

namespace Tracewright.Features.Quality;

/// <summary>
/// <c>tracewright release-to-ship UNIT --reason …</c>: a quality user lets a unit ship although its last test failed or an
/// open NCR covers it; the release is a ledger record with the reason and the holds it releases.
/// </summary>
public static class ReleaseToShip
{
    public sealed record Request(string? Unit, string? Reason);

    public sealed record Response(string Unit, IReadOnlyList<string> Released, string Reason, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        // The unit first: a release of a unit that does not exist is "not found" whatever else is wrong with it.
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (!(await Lookup.UnitAsync(write.Connection, write.Transaction, request.Unit, "unit", cancellationToken)).TryGet(out var unit, out var unitError))
        {
            return unitError;
        }

        var reason = Text.Required(request.Reason, "reason", 500);
        if (reason.Error is { } reasonError)
        {
            return reasonError;
        }

        var holds = ShippingHold.Holds(await QualityHolds.OfUnitAsync(write.Connection, write.Transaction, unit.Id, cancellationToken));
        if (holds.Count == 0)
        {
            return new RuleViolated("nothing-to-release", $"unit {unit.Id} has no failed last test and no open NCR; nothing holds it from shipping", "unit");
        }

        var entries = await write.AppendAsync(new NewEvent(new UnitReleasedToShip(unit.Id, holds), write.Now, reason.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(unit.Id.Value, holds, reason.Value, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var unit = new Argument<string>("unit") { Description = "The unit (ITEM:SERIAL or serial)" };
        var reason = new Option<string>("--reason") { Description = "Why it may ship (required; kept in the ledger)", Required = true };
        var command = new Command("release-to-ship", "Let a unit ship although its last test failed or an open NCR covers it (quality)") { unit, reason };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(unit), p.GetValue(reason)), ct),
            (o, r) => o.WriteLine($"{r.Unit} released to ship: {string.Join("; ", r.Released)} ({r.Reason})")));
        return command;
    }
}
