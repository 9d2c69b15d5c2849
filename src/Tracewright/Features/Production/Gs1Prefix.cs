using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>
/// The shop's GS1 company prefix, the one new containers' SSCCs are made under: a setting in the ledger
/// (<see cref="Gs1CompanyPrefixSet"/>, with a reason), else the <see cref="EnvironmentVariable"/>, else GS1's example prefix.
/// </summary>
public static class Gs1Prefix
{
    public const string EnvironmentVariable = "TRACEWRIGHT_GS1_COMPANY_PREFIX";

    public const string FromSetting = "setting";
    public const string FromEnvironment = "environment variable";
    public const string FromNowhere = "none (GS1's example prefix)";

    public sealed record Request(string? Prefix, string? Reason);

    /// <summary>The prefix in force and where it comes from; after a change also the one before, the reason and the record.</summary>
    public sealed record Response(string Prefix, string Source, string? Previous = null, string? Reason = null, long? Sequence = null);

    /// <summary>The prefix in force: the ledger setting, else <paramref name="environment"/> (the variable's value), else the example.</summary>
    public static async Task<Response> CurrentAsync(Shop shop, string? environment, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        return Resolve(await ContainerQueries.Gs1CompanyPrefixAsync(connection, null, cancellationToken), environment);
    }

    internal static Response Resolve(string? setting, string? environment) =>
        setting is not null ? new Response(setting, FromSetting)
        : string.IsNullOrWhiteSpace(environment) ? new Response(Containers.ExampleCompanyPrefix, FromNowhere)
        : new Response(environment.Trim(), FromEnvironment);

    public static async Task<Result<Response>> SetAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var prefix = request.Prefix?.Trim();
        var reason = Text.Required(request.Reason, "reason", 500);
        if ((ContainerId.CheckCompanyPrefix(prefix) ?? reason.Error) is { } invalid)
        {
            return invalid;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var previous = await ContainerQueries.Gs1CompanyPrefixAsync(write.Connection, write.Transaction, cancellationToken);
        if (previous == prefix)
        {
            return new RuleViolated("prefix-unchanged", $"GS1 company prefix {prefix} is the one set already", "company-prefix");
        }

        var entries = await write.AppendAsync(new NewEvent(new Gs1CompanyPrefixSet(prefix!), write.Now, reason.Value), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(prefix!, FromSetting, previous, reason.Value, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var prefix = new Argument<string?>("prefix") { Description = "The GS1 company prefix (6 to 12 digits); leave out to show the one in force", Arity = ArgumentArity.ZeroOrOne };
        var reason = new Option<string?>("--reason") { Description = "Why (required when setting; kept in the ledger)" };
        var command = new Command("gs1-prefix", $"Show or set the shop's GS1 company prefix for new SSCCs (the setting wins over ${EnvironmentVariable})") { prefix, reason };
        command.SetAction(host.Run(
            async (p, shop, ct) => p.GetValue(prefix) is { } value
                ? await SetAsync(shop, host.ActorOf(p), new Request(value, p.GetValue(reason)), ct)
                : (Result<Response>)await CurrentAsync(shop, host.Environment(EnvironmentVariable), ct),
            (o, r) => o.WriteLine(r.Sequence is null
                ? $"GS1 company prefix {r.Prefix} (from: {r.Source})"
                : $"GS1 company prefix set to {r.Prefix}{(r.Previous is null ? "" : $" (was {r.Previous})")}: {r.Reason}")));
        return new Command("config", "Shop settings, kept in the ledger") { command };
    }
}
