using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Features.Lots;

/// <summary>Block, release, reject or scrap a lot, always with a reason.</summary>
public static class ChangeLotStatus
{
    public enum Action { Block, Release, Reject, Scrap }

    /// <summary><see cref="Preview"/>: decide the change and say what it would be, recording nothing (the page's confirmation step).</summary>
    public sealed record Request(string? Lot, Action Action, string? Reason, bool Preview = false);

    /// <summary><see cref="Sequence"/> is the ledger entry, 0 for a preview (nothing recorded).</summary>
    public sealed record Response(string Lot, LotStatus From, LotStatus To, string Reason, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var lotId = LotId.Parse(request.Lot);
        var reason = Text.Required(request.Reason, "reason", 500);
        var firstError = lotId.Error ?? reason.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var lot = await MaterialsQueries.FindLotAsync(write.Connection, write.Transaction, lotId.Value, cancellationToken);
        if (lot is null)
        {
            return new NotFound("lot", lotId.Value.Value, "lot");
        }

        Result<LotStatusChanged> decided;
        if (request.Action == Action.Release)
        {
            var item = (await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, lot.Item, cancellationToken))!;
            var present = await MaterialsQueries.CertificatesOfLotAsync(write.Connection, write.Transaction, lot.Id, cancellationToken);
            decided = lot.Release(CertificateRequirement.Of(item, lot), present.Select(c => c.Type));
        }
        else
        {
            decided = request.Action switch
            {
                Action.Block => lot.Block(),
                Action.Reject => lot.Reject(),
                Action.Scrap => lot.Scrap(),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Action, null),
            };
        }

        if (!decided.TryGet(out var changed, out var error))
        {
            return error;
        }

        if (request.Preview)
        {
            return new Response(lot.Id.Value, changed.From, changed.To, reason.Value, 0);
        }

        var entries = await write.AppendAsync(new NewEvent(changed, write.Now, reason.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(lot.Id.Value, changed.From, changed.To, reason.Value, entries[0].Sequence);
    }

    public static IEnumerable<Command> Verbs(CliHost host)
    {
        foreach (var action in Enum.GetValues<Action>())
        {
            var lot = new Argument<string>("lot") { Description = "Lot or piece id" };
            var reason = new Option<string>("--reason") { Description = "Why (required; kept in the ledger)", Required = true };
            var name = action.ToString().ToLowerInvariant();
            var command = new Command(name, $"{action} a lot, with a reason") { lot, reason };
            command.SetAction(host.Run(
                (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(lot), action, p.GetValue(reason)), ct),
                (o, r) => o.WriteLine($"{r.Lot}: {r.From.Describe()} -> {r.To.Describe()} ({r.Reason})")));
            yield return command;
        }
    }
}
