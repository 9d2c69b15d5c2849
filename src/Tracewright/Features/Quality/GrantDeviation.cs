using System.CommandLine;
using System.Globalization;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Features.Production;

namespace Tracewright.Features.Quality;

/// <summary>
/// <c>tracewright deviation grant</c>: permission to use listed lots — a substitute, or blocked material —
/// up to a quantity and between two dates; <c>make --deviation DEV-…</c> consumes it.
/// </summary>
public static class GrantDeviation
{
    public sealed record Request(IReadOnlyList<string> Lots, string? Quantity, string? From, string? To, string? Description, string? ApprovedBy, string? InPlaceOf = null);

    public sealed record Response(string Deviation, IReadOnlyList<string> Lots, string? InPlaceOf, decimal Quantity, DateOnly From, DateOnly To, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        // The quantity is parsed here but judged (greater than zero) by Deviation.Grant, with the other rules.
        var quantity = Number(request.Quantity, "qty");
        var from = Date(request.From, "from");
        var to = Date(request.To, "to");
        var description = Text.Required(request.Description, "description", 2000);
        var approvedBy = Text.Required(request.ApprovedBy, "approved-by", 120);
        Result<ItemCode>? inPlaceOf = request.InPlaceOf is null ? default(Result<ItemCode>?) : ItemCode.Parse(request.InPlaceOf);
        var firstError = quantity.Error ?? from.Error ?? to.Error ?? description.Error ?? approvedBy.Error
            ?? (inPlaceOf?.Error is { } itemError ? new InvalidInput("in-place-of", itemError.Message) : null);
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (inPlaceOf is { } replaced && await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, replaced.Value, cancellationToken) is null)
        {
            return new NotFound("item", replaced.Value.Value, "in-place-of");
        }

        var lots = new List<Lot>();
        foreach (var text in request.Lots)
        {
            var lot = await Lookup.LotAsync(write.Connection, write.Transaction, text, "lot", cancellationToken);
            if (!lot.TryGet(out var found, out var lotError))
            {
                return lotError;
            }

            lots.Add(found);
        }

        var id = DeviationId.FromNumber(await write.PeekCounterAsync(NumberedId.Scope(DeviationId.Prefix), cancellationToken));
        var granted = Deviation.Grant(id, lots, inPlaceOf?.Value, quantity.Value, from.Value, to.Value, description.Value, approvedBy.Value);
        if (!granted.TryGet(out var e, out var error))
        {
            return error;
        }

        var entries = await write.AppendAsync(new NewEvent(e, write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(id.Value, e.Lots.Select(l => l.Value).ToList(), e.InPlaceOf?.Value, e.QuantityLimit, e.ValidFrom, e.ValidTo, entries[0].Sequence);
    }

    private static Result<decimal> Number(string? text, string field) =>
        string.IsNullOrWhiteSpace(text)
            ? new InvalidInput(field, $"{field} is required")
            : decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : new InvalidInput(field, $"{field} '{text}' is not a number");

    private static Result<DateOnly> Date(string? text, string field) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : new InvalidInput(field, string.IsNullOrWhiteSpace(text) ? $"{field} is required (yyyy-MM-dd)" : $"{field} '{text}' is not a date (yyyy-MM-dd)");

    public static Command Verb(CliHost host)
    {
        var lot = new Option<string[]>("--lot") { Description = "The lots the deviation allows; comma-separate or repeat", Required = true, AllowMultipleArgumentsPerToken = true };
        var qty = new Option<string>("--qty") { Description = "Total quantity allowed, in the lots' unit", Required = true };
        var from = new Option<string>("--from") { Description = "First valid day, yyyy-MM-dd", Required = true };
        var to = new Option<string>("--to") { Description = "Last valid day, yyyy-MM-dd", Required = true };
        var description = new Option<string>("--description") { Description = "What is allowed and why", Required = true };
        var approvedBy = new Option<string>("--approved-by") { Description = "Who approved it", Required = true };
        var inPlaceOf = new Option<string?>("--in-place-of") { Description = "The BOM item the lots substitute for" };
        var grant = new Command("grant", "Grant a deviation") { lot, qty, from, to, description, approvedBy, inPlaceOf };
        grant.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(
                RecordManufacture.Split(p.GetValue(lot)), p.GetValue(qty), p.GetValue(from), p.GetValue(to), p.GetValue(description), p.GetValue(approvedBy), p.GetValue(inPlaceOf)), ct),
            (o, r) => o.WriteLine($"{r.Deviation}: up to {Lookup.Format(r.Quantity)} of {string.Join(", ", r.Lots)}{(r.InPlaceOf is null ? "" : $" in place of {r.InPlaceOf}")}, {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}")));
        return new Command("deviation", "Deviations: permission to use substitute or nonconforming material") { grant };
    }
}
