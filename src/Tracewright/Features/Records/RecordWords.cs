using System.Globalization;
using System.Text.Json;
using Tracewright.Domain.Access;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Domain.Shipping;
using Tracewright.Features.Production;

namespace Tracewright.Features.Records;

/// <summary>
/// A ledger record as people say it ("Received", "Cut into 4 pieces", "Tested: fail — stroke 100.09 mm outside
/// 99.95–100.05", "Shipped to CUS-0001 on SHP-0001") with the details it holds (operation parameters, inspection notes,
/// machine, tool, operator, station). The words are for pages; the stored kind stays what the ledger holds.
/// </summary>
public static class RecordWords
{
    /// <summary>What a record says, in words, and its details as label and value.</summary>
    public sealed record Words(string What, IReadOnlyList<(string Label, string Value)> Details);

    public static Words Describe(string kind, JsonElement payload)
    {
        ILedgerEvent record;
        try
        {
            record = EventCatalog.Deserialize(kind, payload.GetRawText());
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or NotSupportedException)
        {
            // A record this version cannot read is still shown, by its stored name.
            return new Words(kind, []);
        }

        return Describe(record);
    }

    public static Words Describe(ILedgerEvent record)
    {
        var details = new List<(string, string)>();
        void Add(string label, object? value)
        {
            var text = value switch
            {
                null => null,
                decimal d => Q(d),
                string s => s,
                _ => value.ToString(),
            };
            if (!string.IsNullOrWhiteSpace(text))
            {
                details.Add((label, text));
            }
        }

        void Work(WorkContext work)
        {
            Add("Operator", work.Operator);
            Add("Machine", work.Machine);
            Add("Tool", work.Tool);
            Add("Station", work.Station);
        }

        var what = record switch
        {
            ItemRegistered i => i.Gtin is { } gtin ? $"Item {i.Code.Value} registered with GTIN {gtin.Value}" : $"Item {i.Code.Value} registered",
            ItemGtinAssigned g => $"Item {g.Item.Value} given GTIN {g.Gtin.Value}",
            Gs1CompanyPrefixSet g => $"GS1 company prefix set to {g.Prefix}",
            SupplierRegistered s => $"Supplier {s.Name.Value} registered",
            SupplierCertificatesRequired s => s.Certificates.Count == 0
                ? $"Supplier {s.Supplier.Value} requires no certificate of its deliveries"
                : $"Supplier {s.Supplier.Value} requires {string.Join(", ", s.Certificates)} of every delivery",
            CertificateFiled c => $"Certificate {c.Id.Value} filed",
            LotReceived r => Received(r, Add),
            CertificateAttached a => $"Certificate {a.Certificate.Value} attached to {a.Lot.Value}",
            LotStatusChanged s => $"{s.Lot.Value}: {s.From.Describe()} → {s.To.Describe()}",
            LotSplit s => Cut(s, Add),
            LotReceiptCorrected c => Corrected(c, Add),
            BomDefined b => $"BOM {b.Id.Value} defined for {b.Product.Value}: {string.Join(", ", b.Lines.Select(l => $"{Q(l.QuantityPerUnit)} {l.Uom.Value} {l.Component.Value}"))}",
            ManufactureRecorded m => Made(m, Add),
            SerialCaptured s => $"Serial {s.Unit.Value} captured{(s.Source is null ? "" : $" from {s.Source}")}",
            OperationPerformed o => Operation(o, Add, Work),
            UnitMoved m => Moved(m, Work),
            UnitInspected i => Inspected(i, Add, Work),
            UnitTested t => Tested(t, Add, Work),
            UnitReworked r => Reworked(r, Work),
            UnitStatusChanged s => $"{s.Unit.Value}: {s.From.ToString().ToLowerInvariant()} → {s.To.ToString().ToLowerInvariant()}",
            ComponentInstalled c => Installed(c, Work),
            ComponentRemoved c => Removed(c, Work),
            ManufactureInputsCorrected c => $"Inputs of {c.Id.Value} corrected: {string.Join(", ", c.Lots.Select(l => $"{Q(l.Quantity)} {l.Uom.Value} of {l.Lot.Value}").Concat(c.Units.Select(u => u.Unit.Value)))}",
            ContainerCreated c => $"{Capital(c.Kind)} {c.Id.Value} created",
            ContainerPacked p => $"Packed {p.Content}{(p.Quantity is { } q ? $" ({Q(q)})" : "")} into {p.Container.Value}",
            ContainerUnpacked u => $"Unpacked {u.Content} from {u.Container.Value}",
            CustomerRegistered c => $"Customer {c.Name} registered as {c.Id.Value}",
            OrderPlaced o => $"Order {o.Id.Value} placed by {o.Customer.Value}: {string.Join(", ", o.Lines.Select(l => $"{Q(l.Quantity)} {l.Uom.Value} {l.Item.Value}"))}",
            ShipmentShipped s => Shipped(s, Add),
            ReturnReceived r => $"Returned on {r.Id.Value} from {r.Shipment.Value}: {string.Join(", ", r.Units.Select(u => u.Value).Concat(r.Lots.Select(l => $"{Q(l.Quantity)} of {l.Lot.Value}{(l.Piece is { } p ? $" (now piece {p.Value})" : "")}")))}",
            NcrOpened n => NcrOpened(n, Add),
            NcrDispositioned d => $"{d.Id.Value} dispositioned: {d.Disposition.Describe()}, approved by {d.ApprovedBy}",
            NcrClosed n => $"{n.Id.Value} closed",
            CapaOpened c => $"{c.Id.Value} opened for {string.Join(", ", c.Ncrs.Select(n => n.Value))}: {c.RootCause}",
            CapaActionAdded a => $"{Capital(a.Kind.ToString().ToLowerInvariant())} action #{a.Action} added to {a.Capa.Value}: {a.Description} ({a.Owner}, due {a.Due.ToString("d MMM yyyy", CultureInfo.InvariantCulture)})",
            CapaActionDone d => $"Action #{d.Action} of {d.Capa.Value} done{(d.Notes is null ? "" : $": {d.Notes}")}",
            CapaEffectivenessChecked c => $"{c.Capa.Value} checked by {c.CheckedBy}: {(c.Effective ? "effective" : "not effective")} — {c.Notes}",
            CapaClosed c => $"{c.Capa.Value} closed",
            UnitReleasedToShip r => $"{r.Unit.Value} released to ship despite: {string.Join("; ", r.Holds)}",
            UserAdded u => $"User {u.User.Value} added as {u.Role.Name()}",
            UserPasswordChanged u => $"Password of {u.User.Value} changed",
            ApiTokenCreated t => $"API token \"{t.Name}\" created for role {t.Role.Name()}",
            ApiTokenRevoked t => $"API token {t.Id.Value} revoked",
            EpcisEventDeclaredErroneous e => $"EPCIS event {e.Key} declared erroneous",
            EpcisMasterDataCaptured m => $"EPCIS master data captured ({m.Entries.Count} entries)",
            EpcisQueryDefined q => $"EPCIS query {q.Name} defined by {q.Owner}",
            EpcisQueryDeleted q => $"EPCIS query {q.Name} deleted",
            EpcisSubscriptionCreated u => $"Subscription {u.Id} to EPCIS query {u.QueryName} created for {u.Dest} ({(u.Stream ? "as events arrive" : "on a schedule")})",
            EpcisSubscriptionCancelled u => $"Subscription {u.Id} to EPCIS query {u.QueryName} ended",
            _ => Spaced(EventCatalog.KindOf(record)),
        };
        return new Words(what, details);
    }

    /// <summary>A quantity as people write it: no trailing zeros.</summary>
    private static string Q(decimal value) => Lookup.Format(value);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A kind this function has no words for yet, split into words: "SomethingHappened" → "Something happened".</summary>
    private static string Spaced(string kind) =>
        string.Concat(kind.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private static string Received(LotReceived r, Action<string, object?> add)
    {
        add("Item", r.Item.Value);
        add("Supplier", r.Supplier.Value);
        add("Heat", r.Heat.Value);
        add("Supplier's lot", r.SupplierLot);
        add("Grade", r.Grade);
        add("Quantity", $"{Q(r.Quantity)} {r.Uom.Value}");
        add("Purchase order", r.PurchaseOrder);
        add("Claimed certifications", string.Join(", ", r.CertificationsClaimed));
        add("Status", r.Status.Describe());
        add("Why", r.StatusReason);
        return r.Status == LotStatus.Available ? "Received" : $"Received into {r.Status.Describe()}";
    }

    private static string Cut(LotSplit s, Action<string, object?> add)
    {
        add("Pieces", string.Join(", ", s.Pieces.Select(p => $"{p.Piece.Value} ({Q(p.Quantity)} {p.Uom.Value})")));
        add("Scrap", s.Scrap == 0 ? null : s.Scrap);
        add("Left on the lot", s.ParentRemaining);
        return s.Pieces.Count == 1 ? "Cut into 1 piece" : $"Cut into {s.Pieces.Count} pieces";
    }

    private static string Corrected(LotReceiptCorrected c, Action<string, object?> add)
    {
        add("Supplier's lot", c.SupplierLot);
        add("Purchase order", c.PurchaseOrder);
        add("Grade", c.Grade);
        return "Receipt corrected";
    }

    private static string Made(ManufactureRecorded m, Action<string, object?> add)
    {
        add("BOM", m.Bom?.Value);
        add("Consumed", string.Join(", ", m.Lots.Select(l => $"{Q(l.Quantity)} {l.Uom.Value} of {l.Lot.Value}{(l.Deviation is null ? "" : $" under {l.Deviation}")}").Concat(m.Units.Select(u => u.Unit.Value))));
        add("Operator", m.Operator);
        add("Machine", m.Machine);
        add("Tool", m.Tool);
        add("SOP", m.Sop);
        add("Notes", m.Notes);
        var made = new List<string>();
        if (m.OutputLot is { } lot)
        {
            made.Add($"lot {lot.Value}{(m.OutputQuantity is { } q ? $" ({Q(q)} {m.OutputUom?.Value})" : "")}");
        }

        if (m.OutputSerials.Count > 0)
        {
            made.Add(m.OutputSerials.Count == 1 ? $"unit {UnitId.Of(m.Product, m.OutputSerials[0]).Value}" : $"{m.OutputSerials.Count} units");
        }

        return $"Made {m.Product.Value} on {m.Id.Value}{(made.Count == 0 ? "" : ": " + string.Join(" and ", made))}";
    }

    private static string Operation(OperationPerformed o, Action<string, object?> add, Action<WorkContext> work)
    {
        foreach (var (name, value) in o.Parameters)
        {
            add(Capital(name), value);
        }

        work(o.Work);
        return Capital(o.Operation);
    }

    private static string Moved(UnitMoved m, Action<WorkContext> work)
    {
        work(m.Work);
        return $"Moved to {m.Location}";
    }

    private static string Inspected(UnitInspected i, Action<string, object?> add, Action<WorkContext> work)
    {
        add("Inspector", i.Inspector);
        add("Notes", i.Notes);
        work(i.Work);
        return i.Passed ? "Inspected: pass" : $"Inspected: fail{(i.Notes is null ? "" : $" — {i.Notes}")}";
    }

    private static string Tested(UnitTested t, Action<string, object?> add, Action<WorkContext> work)
    {
        add("Step", t.Step);
        add("Measured", string.Join("; ", t.Measurements.Select(m => $"{m.Name} {Q(m.Value)} {m.Unit} ({Range(m)})")));
        work(t.Work);
        var failed = t.Measurements.Where(m => !m.Passed).ToList();
        return failed.Count == 0
            ? "Tested: pass"
            : "Tested: fail — " + string.Join("; ", failed.Select(m => $"{m.Name} {Q(m.Value)} {m.Unit} outside {Range(m)}"));
    }

    private static string Range(Measurement m) => (m.Lower, m.Upper) switch
    {
        ({ } lower, { } upper) => $"{Q(lower)}–{Q(upper)}",
        ({ } lower, null) => $"at least {Q(lower)}",
        (null, { } upper) => $"at most {Q(upper)}",
        _ => "no limits",
    };

    private static string Reworked(UnitReworked r, Action<WorkContext> work)
    {
        work(r.Work);
        return $"{(r.Repair ? "Repaired" : "Reworked")}: {r.Description}";
    }

    private static string Installed(ComponentInstalled c, Action<WorkContext> work)
    {
        work(c.Work);
        return c.Component is { } unit
            ? $"Installed {unit.Value} into {c.Parent.Value}"
            : $"Installed {(c.Quantity is { } q ? $"{Q(q)} of " : "")}{c.Lot?.Value} into {c.Parent.Value}";
    }

    private static string Removed(ComponentRemoved c, Action<WorkContext> work)
    {
        work(c.Work);
        return $"Removed {c.Component?.Value ?? c.Lot?.Value} from {c.Parent.Value}";
    }

    private static string Shipped(ShipmentShipped s, Action<string, object?> add)
    {
        add("Order", s.Order.Value);
        add("From", s.ShipFrom);
        add("Delivery note", s.Reference);
        add("What left", string.Join(", ", s.Lots.Select(l => $"{Q(l.Quantity)} {l.Uom.Value} of {l.Lot.Value}").Concat(s.Units.Select(u => u.Unit.Value)).Concat(s.Containers.Select(c => c.Value))));
        return $"Shipped to {s.Customer.Value} on {s.Id.Value}";
    }

    private static string NcrOpened(NcrOpened n, Action<string, object?> add)
    {
        add("What is wrong", n.Description);
        add("Found at", n.DetectedAt);
        add("Found by", n.DetectedBy);
        add("Covers", string.Join(", ", n.Lots.Select(l => l.Value).Concat(n.Units.Select(u => u.Value)).Concat(n.Records.Select(r => r.Value))));
        return $"{n.Id.Value} opened: {n.Description}";
    }
}
