using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Features.Production;
using Tracewright.Features.Quality;

namespace Tracewright.Features.Records;

/// <summary>
/// Show any record by what a person has in hand: a lot or piece id, a certificate number, an item code,
/// a supplier, an NCR, CAPA or deviation, or a heat / supplier lot number — with its history from the ledger.
/// </summary>
public static class ShowRecord
{
    public sealed record HistoryLine(long Sequence, string Kind, string OccurredAt, string RecordedAt, string RecordedBy, string? Reason, long? Corrects, JsonElement Payload);

    public sealed record LotView(Lot Lot, IReadOnlyList<Certificate> Certificates, IReadOnlyList<Lot> Pieces);

    public sealed record CertificateView(Certificate Certificate, IReadOnlyList<string> Lots);

    public sealed record NumberView(string Number, IReadOnlyList<Lot> Lots);

    public sealed record UnitView(Unit Unit, IReadOnlyList<ComponentLink> Components, IReadOnlyList<ContainerId> In);

    public sealed record ContainerView(ContainerId Container, string Kind, IReadOnlyList<ContainerContent> Contents);

    /// <summary>What was found: <see cref="Kind"/> is lot, certificate, manufacture, bom, container, unit, item, supplier, ncr, capa, deviation or number (heat / supplier lot).</summary>
    public sealed record Response(string Kind, string Id, object Record, IReadOnlyList<HistoryLine> History);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string? id, CancellationToken cancellationToken)
    {
        // A scanned GS1 code names our record by one of its AIs; try each in turn. It is read before the checks of a typed
        // id: scanner output carries GS separators (FNC1, also as the first character from camera readers), which are
        // control characters a typed id may not hold.
        var trimmed = id?.Trim();
        if (trimmed is { Length: > 0 and <= 2000 } && Scan.ScannedId.LooksLikeGs1(trimmed))
        {
            var scanned = Scan.ScannedId.Parse(trimmed);
            if (!scanned.TryGet(out var scan, out var scanError))
            {
                return scanError;
            }

            if (scan.Gs1 is not null)
            {
                var byGtin = await ByGtinAsync(shop, scan.Gs1, cancellationToken);
                if (byGtin.Lot is { } lotOfItem)
                {
                    return await HandleAsync(shop, lotOfItem.Value, cancellationToken);
                }

                foreach (var candidate in scan.Candidates)
                {
                    if (await HandleAsync(shop, candidate, cancellationToken) is { IsSuccess: true } match)
                    {
                        return match;
                    }
                }

                if (byGtin.Item is { } gtinItem)
                {
                    await using var itemConnection = await shop.Database.OpenConnectionAsync(cancellationToken);
                    return await WithHistoryAsync(itemConnection, "item", gtinItem.Code.Value, gtinItem, cancellationToken);
                }

                return new NotFound("record", scan.Gs1.ToBracketedString(), "id");
            }
        }

        var text = Text.Required(id, "id", 2000);
        if (!text.TryGet(out var query, out var error))
        {
            return error;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        if (LotId.Parse(query) is { IsSuccess: true } lotId && await MaterialsQueries.FindLotAsync(connection, null, lotId.Value, cancellationToken) is { } lot)
        {
            var certificates = await MaterialsQueries.CertificatesOfLotAsync(connection, null, lot.Id, cancellationToken);
            var pieces = (await MaterialsQueries.DescendantsAsync(connection, null, lot.Id, cancellationToken)).Where(p => p.Parent == lot.Id).ToList();
            return await WithHistoryAsync(connection, "lot", lot.Id.Value, new LotView(lot, certificates, pieces), cancellationToken);
        }

        if (CertificateId.Parse(query) is { IsSuccess: true } certificateId && await MaterialsQueries.FindCertificateAsync(connection, null, certificateId.Value, cancellationToken) is { } certificate)
        {
            var lots = await MaterialsQueries.LotsOfCertificateAsync(connection, certificate.Id, cancellationToken);
            return await WithHistoryAsync(connection, "certificate", certificate.Id.Value, new CertificateView(certificate, lots.Select(l => l.Value).ToList()), cancellationToken);
        }

        if (ManufactureId.Parse(query) is { IsSuccess: true } mfg && await ProductionQueries.FindManufactureAsync(connection, null, mfg.Value, cancellationToken) is { } record)
        {
            return await WithHistoryAsync(connection, "manufacture", record.Id.Value, record, cancellationToken);
        }

        if (BomId.Parse(query) is { IsSuccess: true } bomId && await ProductionQueries.FindBomAsync(connection, null, bomId.Value, cancellationToken) is { } bom)
        {
            return await WithHistoryAsync(connection, "bom", bom.Id.Value, bom, cancellationToken);
        }

        if (ContainerId.Parse(query) is { IsSuccess: true } containerId && await ContainerQueries.KindAsync(connection, null, containerId.Value, cancellationToken) is { } containerKind)
        {
            var contents = await ContainerQueries.ContentsAsync(connection, null, containerId.Value, cancellationToken);
            return await WithHistoryAsync(connection, "container", containerId.Value.Value, new ContainerView(containerId.Value, containerKind, contents), cancellationToken);
        }

        if (await Lookup.UnitAsync(connection, null, query, "id", cancellationToken) is { IsSuccess: true } found)
        {
            var unit = found.Value;
            var links = await ProductionQueries.ComponentLinksAsync(connection, null, unit.Id, cancellationToken);
            var holders = await ContainerQueries.HoldersAsync(connection, null, ContentKind.Unit, unit.Id.Value, cancellationToken);
            return await WithHistoryAsync(connection, "unit", unit.Id.Value, new UnitView(unit, links, holders), cancellationToken);
        }

        if (Gtin.Parse(query) is { IsSuccess: true } gtin && await MaterialsQueries.FindItemByGtinAsync(connection, null, gtin.Value, cancellationToken) is { } itemOfGtin)
        {
            return await WithHistoryAsync(connection, "item", itemOfGtin.Code.Value, itemOfGtin, cancellationToken);
        }

        if (ItemCode.Parse(query) is { IsSuccess: true } code && await MaterialsQueries.FindItemAsync(connection, null, code.Value, cancellationToken) is { } item)
        {
            return await WithHistoryAsync(connection, "item", item.Code.Value, item, cancellationToken);
        }

        if (SupplierName.Parse(query) is { IsSuccess: true } name && await MaterialsQueries.FindSupplierAsync(connection, null, name.Value, cancellationToken) is { } supplier)
        {
            return await WithHistoryAsync(connection, "supplier", supplier.Name.Value, supplier, cancellationToken);
        }

        if (await QualityRecords.FindAsync(connection, query, cancellationToken) is { } quality)
        {
            return await WithHistoryAsync(connection, quality.Kind, quality.Id, quality.Record, cancellationToken);
        }

        var byNumber = await MaterialsQueries.FindLotsByNumberAsync(connection, query, cancellationToken);
        if (byNumber.Count > 0)
        {
            return await WithHistoryAsync(connection, "number", query, new NumberView(query, byNumber), cancellationToken);
        }

        return new NotFound("record", query, "id");
    }

    /// <summary>
    /// The item whose GTIN a scan's (01) carries, and with a (10) the one lot of that item the batch/lot names: our lot id, or
    /// the heat or supplier lot number of one delivery of it (a number several deliveries share names none, and is shown as a number).
    /// </summary>
    private static async Task<(Item? Item, LotId? Lot)> ByGtinAsync(Shop shop, Standards.Gs1.Gs1ElementString scan, CancellationToken cancellationToken)
    {
        if (scan.GetValue("01") is not { } text || !Gtin.Parse(text).TryGet(out var gtin, out _))
        {
            return (null, null);
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var item = await MaterialsQueries.FindItemByGtinAsync(connection, null, gtin, cancellationToken);
        if (item is null || scan.GetValue("10") is not { Length: > 0 } batch)
        {
            return (item, null);
        }

        if (LotId.Parse(batch) is { IsSuccess: true } id && await MaterialsQueries.FindLotAsync(connection, null, id.Value, cancellationToken) is { } own && own.Item == item.Code)
        {
            return (item, own.Id);
        }

        var deliveries = (await MaterialsQueries.FindLotsByNumberAsync(connection, batch, cancellationToken)).Where(l => l.Item == item.Code && l.Parent is null).ToList();
        return (item, deliveries.Count == 1 ? deliveries[0].Id : null);
    }

    private static async Task<Result<Response>> WithHistoryAsync(DbConnection connection, string kind, string id, object record, CancellationToken cancellationToken)
    {
        var history = await LedgerRows.HistoryAsync(connection, id, cancellationToken);
        return new Response(kind, id, record, history.Select(h => new HistoryLine(
            h.Sequence, h.Kind, h.OccurredAt, h.RecordedAt, h.RecordedBy, h.Reason, h.Corrects, JsonDocument.Parse(h.Payload).RootElement.Clone())).ToList());
    }

    public static Command Verb(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "Lot / piece id, certificate number, item code, supplier, NCR-, CAPA- or DEV- number, heat or supplier lot number" };
        var command = new Command("show", "Show a record and its history") { id };
        command.SetAction(host.Run((p, shop, ct) => HandleAsync(shop, p.GetValue(id), ct), Print));
        return command;
    }

    internal static void Print(TextWriter o, Response r)
    {
        switch (r.Record)
        {
            case var quality when QualityRecords.TryPrint(o, quality):
                break;
            case LotView v:
                var l = v.Lot;
                o.WriteLine($"lot {l.Id}  {l.Status.Describe()}{(l.StatusReason is null ? "" : $" ({l.StatusReason})")}");
                o.WriteLine($"  item {l.Item}, heat {l.Heat}{(l.SupplierLot is null ? "" : $", supplier lot {l.SupplierLot}")}, from {l.Supplier}");
                o.WriteLine($"  quantity {l.Quantity.ToString("0.######", CultureInfo.InvariantCulture)} {l.Uom}{(l.Grade is null ? "" : $", grade {l.Grade}")}{(l.PurchaseOrder is null ? "" : $", PO {l.PurchaseOrder}")}{(l.Parent is null ? "" : $", cut from {l.Parent}")}");
                o.WriteLine($"  certificates: {(v.Certificates.Count == 0 ? "none" : string.Join(", ", v.Certificates.Select(c => $"{c.Id} {c.Type} ({c.FileName})")))}");
                if (v.Pieces.Count > 0)
                {
                    o.WriteLine($"  pieces: {string.Join(", ", v.Pieces.Select(p => $"{p.Id} ({p.Quantity.ToString("0.######", CultureInfo.InvariantCulture)} {p.Uom}, {p.Status.Describe()})"))}");
                }

                break;
            case CertificateView c:
                o.WriteLine($"certificate {c.Certificate.Id}  {c.Certificate.Type}  {c.Certificate.FileName} ({c.Certificate.MediaType}, {c.Certificate.Size:N0} bytes)");
                o.WriteLine($"  covers heats {string.Join(", ", c.Certificate.Heats)}; attached to {(c.Lots.Count == 0 ? "no lot" : string.Join(", ", c.Lots))}");
                break;
            case UnitView u:
                o.WriteLine($"unit {u.Unit.Id}  {Unit.Describe(u.Unit.Status)}{(u.Unit.StatusReason is null ? "" : $" ({u.Unit.StatusReason})")}{(u.Unit.Location is null ? "" : $" at {u.Unit.Location}")}");
                o.WriteLine($"  {(u.Unit.MadeBy is null ? "captured" : $"made by {u.Unit.MadeBy}")}{(u.Unit.Parent is null ? "" : $", installed in {u.Unit.Parent}")}{(u.In.Count == 0 ? "" : $", packed in {string.Join(", ", u.In)}")}");
                foreach (var link in u.Components)
                {
                    o.WriteLine($"  {(link.RemovedAt is null ? "contains" : "contained")} {link.Kind} {link.ComponentId}{(link.Quantity is null ? "" : $" ({link.Quantity.Value.ToString("0.######", CultureInfo.InvariantCulture)})")} from {link.InstalledAt}{(link.RemovedAt is null ? "" : $" to {link.RemovedAt}")}");
                }

                break;
            case ContainerView c:
                o.WriteLine($"{c.Kind} {c.Container}");
                foreach (var content in c.Contents)
                {
                    o.WriteLine($"  {(content.UnpackedAt is null ? "holds" : "held")} {content.Kind.ToString().ToLowerInvariant()} {content.Content}{(content.Quantity is null ? "" : $" ({content.Quantity.Value.ToString("0.######", CultureInfo.InvariantCulture)})")} from {content.PackedAt}{(content.UnpackedAt is null ? "" : $" to {content.UnpackedAt}")}");
                }

                break;
            case ManufactureRecord m:
                o.WriteLine($"{m.Id}  {m.Product}{(m.Bom is null ? "" : $" per {m.Bom}")}  {m.StartedAt} – {m.FinishedAt}");
                o.WriteLine($"  operator {m.Operator}{(m.Machine is null ? "" : $", machine {m.Machine}")}{(m.Tool is null ? "" : $", tool {m.Tool}")}{(m.Sop is null ? "" : $", SOP {m.Sop}")}");
                foreach (var input in m.Inputs)
                {
                    o.WriteLine($"  in:  {input.Kind} {input.Id} {input.Item} {input.Quantity.ToString("0.######", CultureInfo.InvariantCulture)} {input.Uom}{(input.Deviation is null ? "" : $" under {input.Deviation}")}");
                }

                if (m.OutputLot is not null)
                {
                    o.WriteLine($"  out: lot {m.OutputLot} {m.OutputQuantity?.ToString("0.######", CultureInfo.InvariantCulture)}");
                }

                foreach (var unit in m.OutputUnits)
                {
                    o.WriteLine($"  out: unit {unit}");
                }

                break;
            case NumberView n:
                o.WriteLine($"number {n.Number} is on: {string.Join(", ", n.Lots.Select(x => $"{x.Id} ({x.Supplier}, {x.Status.Describe()})"))}");
                break;
            default:
                o.WriteLine($"{r.Kind} {r.Id}: {JsonSerializer.Serialize(r.Record, r.Record.GetType(), CliHost.Json)}");
                break;
        }

        o.WriteLine("  history:");
        foreach (var h in r.History)
        {
            o.WriteLine($"    #{h.Sequence} {h.OccurredAt} {h.Kind} by {h.RecordedBy}{(h.Reason is null ? "" : $": {h.Reason}")}{(h.Corrects is null ? "" : $" (corrects #{h.Corrects})")}; recorded {h.RecordedAt}");
        }
    }
}
