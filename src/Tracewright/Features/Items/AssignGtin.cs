using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Features.Items;

/// <summary>
/// Give a registered item its GS1 GTIN, or a new one in place of the one it has: a new ledger record with the reason, never an
/// edit. No two items hold one GTIN, so a scanned (01) names one item.
/// </summary>
public static class AssignGtin
{
    public sealed record Request(string? Item, string? Gtin, string? Reason);

    public sealed record Response(string Item, string Gtin, string? Previous, string Reason, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var code = ItemCode.Parse(request.Item);
        if (code.Error is { } codeError)
        {
            return codeError;
        }

        // The item first: a GTIN for an item that does not exist is "not found" whatever else is wrong with it.
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var item = await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, code.Value, cancellationToken);
        if (item is null)
        {
            return new NotFound("item", code.Value.Value, "item");
        }

        var gtin = Gtin.Parse(request.Gtin);
        var reason = Text.Required(request.Reason, "reason", 500);
        if ((gtin.Error ?? reason.Error) is { } invalid)
        {
            return invalid;
        }

        if (item.Gtin == gtin.Value)
        {
            return new RuleViolated("gtin-unchanged", $"GTIN {gtin.Value} is item {item.Code}'s already", "gtin");
        }

        if (await HolderOtherThanAsync(write, gtin.Value, item.Code, cancellationToken) is { } taken)
        {
            return taken;
        }

        var entries = await write.AppendAsync(new NewEvent(new ItemGtinAssigned(item.Code, gtin.Value), write.Now, reason.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(item.Code.Value, gtin.Value.Value, item.Gtin?.Value, reason.Value, entries[0].Sequence);
    }

    /// <summary>The refusal when another item than <paramref name="item"/> holds <paramref name="gtin"/>, else null.</summary>
    internal static async Task<Error?> HolderOtherThanAsync(WriteTransaction write, Gtin gtin, ItemCode item, CancellationToken cancellationToken) =>
        await MaterialsQueries.FindItemByGtinAsync(write.Connection, write.Transaction, gtin, cancellationToken) is { } holder && holder.Code != item
            ? new StateConflict("gtin-taken", $"GTIN {gtin.Value} is already item {holder.Code}'s", "gtin")
            : null;

    public static Command Verb(CliHost host)
    {
        var item = new Argument<string>("item") { Description = "Part number of the item" };
        var gtin = new Option<string>("--gtin") { Description = "Its GS1 GTIN: 8, 12, 13 or 14 digits with the check digit (kept as 14)", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (required; kept in the ledger)", Required = true };
        var command = new Command("gtin", "Give an item its GS1 GTIN, or a new one (a new record; the old one stays in the history)") { item, gtin, reason };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(item), p.GetValue(gtin), p.GetValue(reason)), ct),
            (o, r) => o.WriteLine($"item {r.Item} has GTIN {r.Gtin}{(r.Previous is null ? "" : $" (was {r.Previous})")}: {r.Reason}")));
        return command;
    }
}
