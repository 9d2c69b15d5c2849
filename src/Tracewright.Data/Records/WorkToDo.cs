using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;

namespace Tracewright.Data.Records;

/// <summary>What the shop has to do today, as the home page shows it: each a count and the first few, newest or most urgent first.</summary>
public static class WorkToDo
{
    /// <summary>How many of each kind the home page lists by name; the count says how many there are in all.</summary>
    public const int Shown = 5;

    /// <summary>A delivery held in quarantine and the certificates its item requires that are not attached yet.</summary>
    public sealed record QuarantinedDelivery(string Lot, string Item, string? Supplier, string? Heat, string ReceivedAt, string? Reason, IReadOnlyList<string> Awaiting);

    /// <summary>A lot or unit on hold.</summary>
    public sealed record Blocked
    {
        public string Kind { get; init; } = "";

        public string Id { get; init; } = "";

        public string Item { get; init; } = "";

        public string? Reason { get; init; }
    }

    public sealed record OpenNcr
    {
        public string Id { get; init; } = "";

        public string Description { get; init; } = "";

        public string OpenedAt { get; init; } = "";

        public string Status { get; init; } = "";
    }

    /// <summary>A CAPA action not done yet, with its due day; overdue when the day has passed in the shop's zone.</summary>
    public sealed record DueAction(string Capa, int Action, string Description, string Owner, string Due, bool Overdue);

    /// <summary>A unit whose last test failed and that has not been released to ship since.</summary>
    public sealed record FailedUnit(string Unit, string Step, string TestedAt, string Failed);

    /// <summary>A deviation still valid that runs out soon: its last day within the week, or 80 % or more of its quantity used.</summary>
    public sealed record EndingDeviation(string Id, string Description, decimal Used, decimal Limit, string ValidTo, string Why);

    public sealed record Receipt
    {
        public string Lot { get; init; } = "";

        public string Item { get; init; } = "";

        public string? Supplier { get; init; }

        public decimal Quantity { get; init; }

        public string Uom { get; init; } = "";

        public string Status { get; init; } = "";

        public string ReceivedAt { get; init; } = "";
    }

    /// <summary>A count and the first few of one kind of work.</summary>
    public sealed record Part<T>(long Count, IReadOnlyList<T> First);

    public sealed record Summary(
        Part<QuarantinedDelivery> Quarantine,
        Part<Blocked> BlockedLots,
        Part<Blocked> BlockedUnits,
        Part<OpenNcr> Ncrs,
        Part<DueAction> CapaActions,
        long OpenCapas,
        Part<FailedUnit> FailedTests,
        Part<EndingDeviation> Deviations,
        Part<Receipt> RecentReceipts);

    /// <summary>Days before a deviation's last valid day at which it counts as running out.</summary>
    public const int DeviationWarningDays = 7;

    /// <summary>Days back that count as recent receipts.</summary>
    public const int RecentDays = 7;

    /// <param name="today">Today in the shop's zone: CAPA due days and deviation validity are days, not instants.</param>
    /// <param name="recentSince">The first instant (UTC) that counts as a recent receipt.</param>
    public static async Task<Summary> ReadAsync(DbConnection connection, DateOnly today, DateTimeOffset recentSince, CancellationToken cancellationToken)
    {
        var quarantine = await QuarantineAsync(connection, cancellationToken);
        var blockedLots = await PartAsync<Blocked>(connection,
            "SELECT COUNT(*) FROM lots WHERE status = 'Blocked'",
            "SELECT 'lot' AS Kind, id AS Id, item_code AS Item, status_reason AS Reason FROM lots WHERE status = 'Blocked' ORDER BY last_seq DESC LIMIT @shown",
            null, cancellationToken);
        var blockedUnits = await PartAsync<Blocked>(connection,
            "SELECT COUNT(*) FROM units WHERE status = 'Blocked'",
            "SELECT 'unit' AS Kind, id AS Id, item_code AS Item, status_reason AS Reason FROM units WHERE status = 'Blocked' ORDER BY last_seq DESC LIMIT @shown",
            null, cancellationToken);
        var ncrs = await PartAsync<OpenNcr>(connection,
            "SELECT COUNT(*) FROM ncrs WHERE status <> 'Closed'",
            "SELECT id AS Id, description AS Description, opened_at AS OpenedAt, status AS Status FROM ncrs WHERE status <> 'Closed' ORDER BY opened_seq DESC LIMIT @shown",
            null, cancellationToken);
        var openCapas = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM capas WHERE status <> 'Closed'", cancellationToken: cancellationToken));
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var actions = await connection.QueryAsync<(string Capa, long Action, string Description, string Owner, string Due)>(new CommandDefinition(
            """
            SELECT a.capa_id, CAST(a.action_no AS BIGINT), a.description, a.owner, a.due_on FROM capa_actions a JOIN capas c ON c.id = a.capa_id
            WHERE a.done_seq IS NULL AND c.status <> 'Closed' ORDER BY a.due_on, a.capa_id, a.action_no LIMIT @shown
            """,
            new { shown = Shown }, cancellationToken: cancellationToken));
        var actionCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM capa_actions a JOIN capas c ON c.id = a.capa_id WHERE a.done_seq IS NULL AND c.status <> 'Closed'", cancellationToken: cancellationToken));
        var capaActions = new Part<DueAction>(actionCount, actions.Select(a => new DueAction(a.Capa, (int)a.Action, a.Description, a.Owner, a.Due, string.CompareOrdinal(a.Due, day) < 0)).ToList());
        var receipts = await PartAsync<Receipt>(connection,
            "SELECT COUNT(*) FROM lots WHERE origin = 'Received' AND received_at >= @since",
            """
            SELECT l.id AS Lot, l.item_code AS Item, s.name AS Supplier, l.received_quantity AS Quantity, l.uom AS Uom, l.status AS Status, l.received_at AS ReceivedAt
            FROM lots l LEFT JOIN suppliers s ON s.name_key = l.supplier_key
            WHERE l.origin = 'Received' AND l.received_at >= @since ORDER BY l.created_seq DESC LIMIT @shown
            """,
            new { since = Timestamp.ToText(recentSince) }, cancellationToken);
        return new Summary(quarantine, blockedLots, blockedUnits, ncrs, capaActions, openCapas, Of(await FailedLastTestAsync(connection, cancellationToken)), await DeviationsAsync(connection, today, cancellationToken), receipts);
    }

    private static Part<T> Of<T>(IReadOnlyList<T> all) => new(all.Count, all.Take(Shown).ToList());

    private static async Task<Part<T>> PartAsync<T>(DbConnection connection, string count, string first, object? parameters, CancellationToken cancellationToken)
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("shown", Shown);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(count, arguments, cancellationToken: cancellationToken));
        var rows = total == 0 ? [] : (await connection.QueryAsync<T>(new CommandDefinition(first, arguments, cancellationToken: cancellationToken))).ToList();
        return new Part<T>(total, rows);
    }

    private static async Task<Part<QuarantinedDelivery>> QuarantineAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM lots WHERE status = 'Quarantine'", cancellationToken: cancellationToken));
        if (total == 0)
        {
            return new Part<QuarantinedDelivery>(0, []);
        }

        var rows = (await connection.QueryAsync<(string Id, string Item, string? Supplier, string? Heat, string ReceivedAt, string? Reason, string Required, string BySupplier)>(new CommandDefinition(
            """
            SELECT l.id, l.item_code, s.name, l.heat, l.received_at, l.status_reason, i.required_certificates, l.supplier_certificates
            FROM lots l JOIN items i ON i.code = l.item_code LEFT JOIN suppliers s ON s.name_key = l.supplier_key
            WHERE l.status = 'Quarantine' ORDER BY l.created_seq DESC LIMIT @shown
            """,
            new { shown = Shown }, cancellationToken: cancellationToken))).ToList();
        var attached = (await Chunked.QueryAsync<(string Lot, string Type)>(
            connection, null, "SELECT lc.lot_id, c.type FROM lot_certificates lc JOIN certificates c ON c.id = lc.certificate_id WHERE lc.lot_id IN @ids", rows.Select(r => r.Id), cancellationToken)).ToLookup(a => a.Lot, a => a.Type);
        return new Part<QuarantinedDelivery>(total, rows.Select(r =>
        {
            var required = new CertificateRequirement(
                Types(r.Required), r.Supplier is null ? null : Identifier.FromStored<SupplierName>(r.Supplier), Types(r.BySupplier));
            var awaiting = required.Describe(required.Missing(attached[r.Id].Select(Enum.Parse<CertificateType>)));
            return new QuarantinedDelivery(r.Id, r.Item, r.Supplier, r.Heat, r.ReceivedAt, r.Reason, awaiting);
        }).ToList());
    }

    private static List<CertificateType> Types(string json) => (JsonSerializer.Deserialize<List<string>>(json) ?? []).Select(Enum.Parse<CertificateType>).ToList();

    /// <summary>
    /// A test's pass or fail is in its record, not in a column: the units' test records are read newest first and each
    /// unit judged by its latest, unless it was released to ship after it or is no longer in stock.
    /// </summary>
    public static async Task<IReadOnlyList<FailedUnit>> FailedLastTestAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var records = await connection.QueryAsync<(long Seq, string Kind, string OccurredAt, string Payload)>(new CommandDefinition(
            "SELECT seq, kind, occurred_at, payload FROM ledger WHERE kind IN ('UnitTested', 'UnitReleasedToShip') ORDER BY seq DESC",
            cancellationToken: cancellationToken));
        var judged = new HashSet<string>(StringComparer.Ordinal);
        var failed = new List<FailedUnit>();
        foreach (var (_, kind, occurredAt, payload) in records)
        {
            switch (EventCatalog.Deserialize(kind, payload))
            {
                case UnitReleasedToShip released:
                    judged.Add(released.Unit.Value);
                    break;
                case UnitTested tested when judged.Add(tested.Unit.Value) && !tested.Passed:
                    failed.Add(new FailedUnit(tested.Unit.Value, tested.Step, occurredAt, string.Join("; ", tested.Measurements.Where(m => !m.Passed).Select(m => m.Name))));
                    break;
            }
        }

        if (failed.Count == 0)
        {
            return [];
        }

        // Scrapped, shipped or consumed units are no longer anyone's work.
        var inStock = (await Chunked.QueryAsync<string>(connection, null, "SELECT id FROM units WHERE status IN ('Available', 'Blocked', 'Returned') AND id IN @ids", failed.Select(f => f.Unit), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return failed.Where(f => inStock.Contains(f.Unit)).ToList();
    }

    private static async Task<Part<EndingDeviation>> DeviationsAsync(DbConnection connection, DateOnly today, CancellationToken cancellationToken)
    {
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var soon = today.AddDays(DeviationWarningDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = await connection.QueryAsync<DeviationRow>(new CommandDefinition(
            "SELECT id AS Id, description AS Description, quantity_limit AS QuantityLimit, quantity_used AS QuantityUsed, valid_to AS ValidTo FROM deviations WHERE valid_to >= @day AND valid_from <= @day ORDER BY valid_to, id",
            new { day }, cancellationToken: cancellationToken));
        var ending = new List<EndingDeviation>();
        foreach (var r in rows)
        {
            var (limit, used) = (r.QuantityLimit, r.QuantityUsed);
            if (used >= limit)
            {
                continue;
            }

            var expiring = string.CompareOrdinal(r.ValidTo, soon) <= 0;
            var nearlyUsed = limit > 0 && used >= limit * 0.8m;
            if (expiring || nearlyUsed)
            {
                var why = (expiring, nearlyUsed) switch
                {
                    (true, true) => "ends soon and is nearly used up",
                    (true, false) => "ends soon",
                    _ => "nearly used up",
                };
                ending.Add(new EndingDeviation(r.Id, r.Description, used, limit, r.ValidTo, why));
            }
        }

        return Of(ending);
    }

    /// <summary>A row class, because SQLite hands exact decimals back as text and Dapper converts only into properties.</summary>
    private sealed class DeviationRow
    {
        public string Id { get; set; } = "";

        public string Description { get; set; } = "";

        public decimal QuantityLimit { get; set; }

        public decimal QuantityUsed { get; set; }

        public string ValidTo { get; set; } = "";
    }
}
