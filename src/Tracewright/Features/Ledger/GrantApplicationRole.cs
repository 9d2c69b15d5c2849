using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Ledger;

/// <summary>
/// <c>tracewright grant ROLE --db OWNER-CONNECTION</c> (PostgreSQL): the least-privilege setup. The tables' owner
/// migrates the schema (every verb does, on start) and gives the role that <c>serve</c> then connects as only
/// SELECT and INSERT on the ledger and stored files. The triggers refuse UPDATE, DELETE and TRUNCATE to everyone,
/// but an owner can turn them off; a role that is not the owner cannot, and lacks the privileges anyway.
/// </summary>
public static class GrantApplicationRole
{
    public sealed record Response(string Role, IReadOnlyList<string> AppendOnly, IReadOnlyList<string> ReadWrite);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string? role, CancellationToken cancellationToken)
    {
        var name = Text.Required(role, "role", 63);
        if (!name.IsSuccess)
        {
            return name.Error!;
        }

        if (shop.Database is not PostgresDatabase postgres)
        {
            return new RuleViolated("not-postgresql", "grant is for PostgreSQL; a SQLite file is guarded by the file system's permissions (let only the server's account write it)", "db");
        }

        var derived = await postgres.GrantApplicationRoleAsync(name.Value, cancellationToken);
        return derived is null
            ? new NotFound("PostgreSQL role", name.Value, "role")
            : new Response(name.Value, PostgresDatabase.AppendOnlyTables, derived);
    }

    public static Command Verb(CliHost host)
    {
        var role = new Argument<string>("role") { Description = "An existing PostgreSQL role (CREATE ROLE … LOGIN) that serve will connect as" };
        var command = new Command("grant", "PostgreSQL, as the tables' owner: give ROLE only what the application needs (SELECT and INSERT on the ledger and files)") { role };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, p.GetValue(role), ct),
            (o, r) => o.WriteLine($"{r.Role}: SELECT, INSERT on {string.Join(", ", r.AppendOnly)}; SELECT, INSERT, UPDATE, DELETE on {r.ReadWrite.Count} derived tables; no TRUNCATE, no ownership. Run again after every upgrade.")));
        return command;
    }
}
