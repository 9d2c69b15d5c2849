using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Shipping;
using Tracewright.Features.Production;
using Tracewright.Features.Shipping;

namespace Tracewright.Features.Spreadsheets;

/// <summary>
/// The shipments sheet: the rows sharing a shipment ref are one shipment, shipped through <see cref="Ship"/>.
/// A shipment names an existing order, or else an order is created for it (and its customer, by name, when no
/// customer has that name) holding what the sheet ships against it — see docs/spreadsheets.md.
/// </summary>
internal static class ImportShipments
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["order"] = "order", ["lot"] = "lot", ["unit"] = "unit serial", ["container"] = "container", ["ship-from"] = "ship from",
        ["reference"] = "reference", ["shipped-on"] = "ship date", ["name"] = "customer", ["email"] = "customer email",
        ["customer"] = "customer", ["line"] = "lot",
    };

    private static readonly string[] ShipmentColumns = ["customer", "customer email", "order", "customer po", "ship date", "ship from", "reference"];

    private sealed record Planned(IReadOnlyList<SheetRow> Rows, IReadOnlyDictionary<string, string?> Values, string OrderKey, bool NewOrder);

    public static async Task RunAsync(SheetImport import, CancellationToken cancellationToken)
    {
        var write = import.Write;
        var planned = new List<Planned>();
        foreach (var group in import.Groups("shipment ref"))
        {
            var bad = false;
            foreach (var row in group)
            {
                var nothing = row["lot"] is null && row["unit serial"] is null && row["container"] is null;
                bad |= import.Report(
                    row,
                    ("lot", nothing ? new InvalidInput("lot", "each row ships a lot (with qty), a unit serial or a container") : null),
                    ("qty", row["lot"] is null ? (row["qty"] is null ? null : new InvalidInput("qty", "qty belongs to a lot: fill in lot or clear qty")) : Text.Quantity(row["qty"], "qty").Error),
                    ("customer", Text.Optional(row["customer"], "customer", 200).Error),
                    ("customer email", Supplier.ParseEmail(row["customer email"]).Error),
                    ("customer po", Text.Optional(row["customer po"], "customer po", 64).Error),
                    ("order", row["order"] is null ? null : OrderId.Parse(row["order"]).Error),
                    ("ship date", row["ship date"] is null ? null : Timestamp.Parse(SheetFile.DateText(row["ship date"]), "ship date").Error));
            }

            var values = ShipmentColumns.ToDictionary(c => c, c => import.GroupValue(group, c, "shipment ref"), StringComparer.Ordinal);
            if (bad)
            {
                continue;
            }

            var existing = values["order"] is { } order ? await ShippingQueries.FindOrderAsync(write.Connection, write.Transaction, OrderId.Parse(order).Value, cancellationToken) : null;
            if (existing is not null && values["customer"] is { } named
                && await ShippingQueries.FindCustomerAsync(write.Connection, write.Transaction, existing.Customer, cancellationToken) is { } owner
                && !string.Equals(owner.Name, named, StringComparison.OrdinalIgnoreCase))
            {
                import.Problem(group[0], "customer", $"order {existing.Id} belongs to {owner.Name} ({owner.Id}), not '{named}'");
                continue;
            }

            if (existing is null && values["customer"] is null)
            {
                import.Problem(group[0], "customer", "customer is required when the order is not an existing order (a new order is made for the customer)");
                continue;
            }

            if (existing is null && group.FirstOrDefault(r => r["container"] is not null) is { } container)
            {
                import.Problem(container, "container", "a container ships against an existing order only: name the order in 'order'");
                continue;
            }

            planned.Add(new Planned(group, values, existing?.Id.Value ?? values["order"]?.ToUpperInvariant() ?? $"shipment ref {group[0]["shipment ref"]}", existing is null));
        }

        // Orders made from the sheet hold, per item, everything the sheet ships against them.
        var lines = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        foreach (var plan in planned.Where(p => p.NewOrder))
        {
            var order = lines.TryGetValue(plan.OrderKey, out var known) ? known : lines[plan.OrderKey] = new(StringComparer.Ordinal);
            foreach (var row in plan.Rows)
            {
                if (row["lot"] is { } lotText)
                {
                    var lot = await Lookup.LotAsync(write.Connection, write.Transaction, lotText, "lot", cancellationToken);
                    if (lot.TryGet(out var found, out var error))
                    {
                        order[found.Item.Value] = order.GetValueOrDefault(found.Item.Value) + Text.Quantity(row["qty"], "qty").Value;
                    }
                    else
                    {
                        import.Fail([row], error, Columns);
                    }
                }

                if (row["unit serial"] is { } unitText)
                {
                    var unit = await Lookup.UnitAsync(write.Connection, write.Transaction, unitText, "unit", cancellationToken);
                    if (unit.TryGet(out var found, out var error))
                    {
                        order[found.Item.Value] = order.GetValueOrDefault(found.Item.Value) + 1;
                    }
                    else
                    {
                        import.Fail([row], error, Columns);
                    }
                }
            }
        }

        var customers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var orders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var plan in planned)
        {
            import.Step(plan.Rows.Count);
            var first = plan.Rows[0];
            if (import.Problems.Count > 0 && import.Problems.Any(p => plan.Rows.Any(r => r.Number == p.Row)))
            {
                continue;
            }

            var orderId = plan.NewOrder ? orders.GetValueOrDefault(plan.OrderKey) : plan.OrderKey;
            if (orderId is null)
            {
                var name = plan.Values["customer"]!;
                if (!customers.TryGetValue(name, out var customerId))
                {
                    var known = await ShippingQueries.FindCustomerByNameAsync(write.Connection, write.Transaction, name, cancellationToken);
                    if (known is null)
                    {
                        var registered = await Customers.RegisterAsync(write, new Customers.CustomerRequest(name, Email: plan.Values["customer email"]), cancellationToken);
                        if (!registered.TryGet(out var customer, out var error))
                        {
                            import.Fail(plan.Rows, error, Columns);
                            continue;
                        }

                        import.Created.Add(new SheetCreated(first.Number, customer.Customer, "customer", customer.Name));
                        customerId = customer.Customer;
                    }
                    else
                    {
                        customerId = known.Id.Value;
                    }

                    customers[name] = customerId;
                }

                var placed = await Customers.PlaceAsync(write, new Customers.OrderRequest(
                    customerId, lines[plan.OrderKey].Select(l => $"{l.Key}:{Lookup.Format(l.Value)}").ToList(), plan.Values["customer po"], SheetFile.DateText(plan.Values["ship date"])), cancellationToken);
                if (!placed.TryGet(out var made, out var orderError))
                {
                    import.Fail(plan.Rows, orderError, Columns);
                    continue;
                }

                import.Created.Add(new SheetCreated(first.Number, made.Order, "order", $"for {customerId}: {string.Join(", ", made.Lines.Select(l => $"{Lookup.Format(l.Quantity)} {l.Uom} {l.Item}"))}"));
                orderId = orders[plan.OrderKey] = made.Order;
            }

            var shipped = await Ship.HandleAsync(write, new Ship.Request(
                orderId,
                plan.Rows.Where(r => r["lot"] is not null).Select(r => $"{r["lot"]}:{r["qty"]}").ToList(),
                plan.Rows.Select(r => r["unit serial"]).OfType<string>().ToList(),
                plan.Rows.Select(r => r["container"]).OfType<string>().ToList(),
                plan.Values["ship from"], plan.Values["reference"], SheetFile.DateText(plan.Values["ship date"])), cancellationToken);
            if (!shipped.TryGet(out var shipment, out var shipError))
            {
                import.Fail(plan.Rows, shipError, Columns);
                continue;
            }

            import.Created.Add(new SheetCreated(first.Number, shipment.Shipment, "shipment", $"against {shipment.Order} to {shipment.Customer}"));
        }
    }
}
