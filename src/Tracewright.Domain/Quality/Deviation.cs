using System.Globalization;
using System.Text.Json.Serialization;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Quality;

/// <summary>A deviation: DEV-0001.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<DeviationId>))]
public readonly record struct DeviationId : IIdentifier<DeviationId>
{
    public const string Prefix = "DEV";

    private DeviationId(string value) => Value = value;

    public string Value { get; }

    public static DeviationId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<DeviationId> Parse(string? text) => NumberedId.Parse(text, "deviation", Prefix).Map(v => new DeviationId(v));

    public override string ToString() => Value;
}

/// <summary>
/// Permission to use nonconforming or substitute material: only the listed lots, only up to
/// <see cref="QuantityLimit"/> in total, only between <see cref="ValidFrom"/> and <see cref="ValidTo"/>.
/// </summary>
public sealed record DeviationGranted(
    DeviationId Id,
    IReadOnlyList<LotId> Lots,
    ItemCode? InPlaceOf,
    decimal QuantityLimit,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string Description,
    string ApprovedBy) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value, .. Lots.Select(l => l.Value)];
}

/// <summary>A deviation as it stands: what it allows and how much of it has been used.</summary>
public sealed record Deviation(DeviationId Id, IReadOnlyList<LotId> Lots, ItemCode? InPlaceOf, decimal QuantityLimit, decimal QuantityUsed, DateOnly ValidFrom, DateOnly ValidTo, string Description)
{
    /// <summary>
    /// Grants a deviation: at least one lot, each listed once and still usable in principle (not rejected,
    /// consumed or scrapped — a deviation may cover a blocked or quarantined lot, that is its point), a
    /// quantity greater than zero, and a validity that does not end before it starts.
    /// </summary>
    public static Result<DeviationGranted> Grant(DeviationId id, IReadOnlyList<Lot> lots, ItemCode? inPlaceOf, decimal quantityLimit, DateOnly validFrom, DateOnly validTo, string description, string approvedBy)
    {
        if (lots.Count == 0)
        {
            return new InvalidInput("lot", "a deviation needs at least one lot (--lot L[,L…])");
        }

        var twice = lots.GroupBy(l => l.Id).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            return new InvalidInput("lot", $"lot {twice.Key} is listed more than once");
        }

        var final = lots.FirstOrDefault(l => l.Status.IsFinal());
        if (final is not null)
        {
            return new RuleViolated("deviation-lot-status", $"lot {final.Id} is {final.Status.Describe()}{(final.StatusReason is null ? "" : $" ({final.StatusReason})")}; a deviation cannot make it usable", "lot");
        }

        if (quantityLimit <= 0)
        {
            return new InvalidInput("qty", $"qty must be greater than zero (got {Format(quantityLimit)})");
        }

        return validTo < validFrom
            ? new InvalidInput("to", $"to ({validTo:yyyy-MM-dd}) is before from ({validFrom:yyyy-MM-dd})")
            : new DeviationGranted(id, lots.Select(l => l.Id).ToList(), inPlaceOf, quantityLimit, validFrom, validTo, description, approvedBy);
    }

    /// <summary>Refuses a use of a lot the deviation does not list, outside its dates, or beyond its quantity.</summary>
    public Result<Deviation> Allows(LotId lot, decimal quantity, DateOnly on)
    {
        if (!Lots.Contains(lot))
        {
            return new RuleViolated("deviation-scope", $"deviation {Id} does not cover lot {lot} (it covers {string.Join(", ", Lots)})", "deviation");
        }

        if (on < ValidFrom || on > ValidTo)
        {
            return new RuleViolated("deviation-expired", $"deviation {Id} is valid from {ValidFrom:yyyy-MM-dd} to {ValidTo:yyyy-MM-dd}, not on {on:yyyy-MM-dd}", "deviation");
        }

        return QuantityUsed + quantity > QuantityLimit
            ? new RuleViolated(
                "deviation-exhausted",
                $"deviation {Id} allows {Format(QuantityLimit)} in total; {Format(QuantityUsed)} is used and {Format(quantity)} more was asked for",
                "deviation")
            : this with { QuantityUsed = QuantityUsed + quantity };
    }

    private static string Format(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
