namespace Tracewright.Domain.Access;

/// <summary>
/// What a signed-in person or an API token may do. Every role may read; operator and quality are separate
/// duties (making things versus judging them); admin may do everything.
/// </summary>
public enum Role
{
    /// <summary>Reads records, lists and files.</summary>
    Viewer,
    /// <summary>Receives, cuts, makes, assembles, packs and ships.</summary>
    Operator,
    /// <summary>Blocks, releases, rejects and scraps; corrects receipts; deviations, NCRs, recalls.</summary>
    Quality,
    /// <summary>Users, tokens, items, suppliers, BOMs and settings — and everything the other roles do.</summary>
    Admin,
}

public static class Roles
{
    /// <summary>True when someone holding <paramref name="held"/> may do what needs <paramref name="needed"/>.</summary>
    public static bool Allows(this Role held, Role needed) =>
        held == Role.Admin || needed == Role.Viewer || held == needed;

    public static string Name(this Role role) => role.ToString().ToLowerInvariant();

    public static Common.Result<Role> Parse(string? text, string field = "role") =>
        Common.Text.Choice<Role>(text, field);
}
