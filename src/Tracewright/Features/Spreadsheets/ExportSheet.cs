using System.CommandLine;
using System.Globalization;
using System.Text;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Features.Production;

namespace Tracewright.Features.Spreadsheets;

/// <summary>
/// <c>export-sheet</c>, <c>template</c> and <c>export-ledger</c>. Sheets are written from the ledger's records as
/// they were made (a receipt, a run, a shipment), in ledger order, in the import layouts, so an exported sheet
/// imported into an empty database with the same items, suppliers and BOMs gives the same lots and records.
/// </summary>
public static class ExportSheet
{
    public sealed record Response(string File, int Rows, int Certificates);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string? sheet, string? output, CancellationToken cancellationToken)
    {
        var kind = Text.Choice<SheetKind>(sheet, "sheet");
        var path = Text.Required(output, "out", 4096);
        var error = kind.Error ?? path.Error;
        if (error is not null)
        {
            return error;
        }

        var xlsx = SheetFile.IsXlsx(path.Value, "out");
        if (!xlsx.IsSuccess)
        {
            return xlsx.Error!;
        }

        var entries = new List<(LedgerEntry Entry, ILedgerEvent Event)>();
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            await foreach (var entry in LedgerRows.ReadAllAsync(connection, null, cancellationToken))
            {
                if (entry.Kind is nameof(LotReceived) or nameof(CertificateFiled) or nameof(ManufactureRecorded) or nameof(ShipmentShipped) or nameof(CustomerRegistered) or nameof(OrderPlaced))
                {
                    entries.Add((entry, EventCatalog.Deserialize(entry.Kind, entry.Payload)));
                }
            }
        }

        var certificates = new List<(string RelativePath, Sha256Digest File)>();
        var rows = kind.Value switch
        {
            SheetKind.Receipts => Receipts(entries, Path.GetFileNameWithoutExtension(path.Value) + "-certificates", certificates),
            SheetKind.Manufacture => Manufacture(entries),
            _ => Shipments(entries),
        };
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path.Value))!;
            await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
            {
                foreach (var (relative, sha) in certificates)
                {
                    var stored = await Documents.GetAsync(connection, sha, cancellationToken);
                    var target = Path.Combine(folder, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await File.WriteAllBytesAsync(target, stored?.Content ?? [], cancellationToken);
                }
            }

            await Write(kind.Value, path.Value, xlsx.Value, SheetLayout.Columns(kind.Value), rows, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new InvalidInput("out", $"'{path.Value}' cannot be written: {e.Message}");
        }

        return new Response(path.Value, rows.Count, certificates.Count);
    }

    /// <summary>An empty sheet to fill in: the header row and one example row, commented out with a leading #.</summary>
    public static async Task<Result<Response>> TemplateAsync(string? sheet, string? output, CancellationToken cancellationToken)
    {
        var kind = Text.Choice<SheetKind>(sheet, "sheet");
        var path = Text.Required(output, "out", 4096);
        var error = kind.Error ?? path.Error;
        if (error is not null)
        {
            return error;
        }

        var xlsx = SheetFile.IsXlsx(path.Value, "out");
        if (!xlsx.IsSuccess)
        {
            return xlsx.Error!;
        }

        var columns = SheetLayout.Columns(kind.Value).Where(c => !c.ExportOnly).ToList();
        try
        {
            await Write(kind.Value, path.Value, xlsx.Value, columns, [SheetLayout.Example(kind.Value).Take(columns.Count).ToList()], cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new InvalidInput("out", $"'{path.Value}' cannot be written: {e.Message}");
        }

        return new Response(path.Value, 1, 0);
    }

    /// <summary>Every ledger record, one CSV row each, streamed to the file so a long ledger never sits in memory.</summary>
    public static async Task<Result<Response>> LedgerAsync(Shop shop, string? output, CancellationToken cancellationToken)
    {
        var path = Text.Required(output, "out", 4096);
        if (!path.IsSuccess)
        {
            return path.Error!;
        }

        if (!string.Equals(Path.GetExtension(path.Value), ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new InvalidInput("out", $"out '{path.Value}' must end in .csv");
        }

        var count = 0;
        try
        {
            await using var file = new StreamWriter(path.Value, false, new UTF8Encoding(true)) { NewLine = "\r\n" };
            await file.WriteLineAsync(string.Join(',', "seq", "kind", "occurred", "recorded", "by", "reason", "corrects", "payload", "hash"));
            await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
            await foreach (var e in LedgerRows.ReadAllAsync(connection, null, cancellationToken))
            {
                await file.WriteLineAsync(string.Join(',', new[]
                {
                    e.Sequence.ToString(CultureInfo.InvariantCulture), e.Kind, e.OccurredAt, e.RecordedAt, e.RecordedBy, e.Reason,
                    e.Corrects?.ToString(CultureInfo.InvariantCulture), e.Payload, e.Hash,
                }.Select(SheetFile.CsvField)));
                count++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new InvalidInput("out", $"'{path.Value}' cannot be written: {e.Message}");
        }

        return new Response(path.Value, count, 0);
    }

    private static async Task Write(SheetKind kind, string path, bool xlsx, IReadOnlyList<SheetColumn> columns, IReadOnlyList<IReadOnlyList<string?>> rows, CancellationToken cancellationToken)
    {
        var headers = columns.Select(c => c.Name).ToList();
        var bytes = xlsx
            ? SheetFile.Xlsx(kind.ToString(), headers, rows, columns.Select((c, i) => (c, i)).Where(x => x.c.Numeric).Select(x => x.i).ToHashSet())
            : SheetFile.Csv(headers, rows);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    /// <summary>Midnight UTC is a date (as a receipt's day is typed); anything else the full instant.</summary>
    private static string When(string stored) => When(Timestamp.FromText(stored));

    private static string When(DateTimeOffset instant) =>
        instant.UtcDateTime.TimeOfDay == TimeSpan.Zero
            ? instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static List<IReadOnlyList<string?>> Receipts(List<(LedgerEntry Entry, ILedgerEvent Event)> entries, string certificateFolder, List<(string, Sha256Digest)> certificates)
    {
        var rows = new List<IReadOnlyList<string?>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        (long Sequence, CertificateFiled Filed)? lastFiled = null;
        foreach (var (entry, e) in entries)
        {
            if (e is CertificateFiled filed)
            {
                lastFiled = (entry.Sequence, filed);
                continue;
            }

            if (e is not LotReceived lot)
            {
                continue;
            }

            // A receipt's own certificate is filed in the same command, as the record just before it.
            var certificate = lastFiled is { } f && f.Sequence == entry.Sequence - 1 ? f.Filed : null;
            string? file = null;
            if (certificate is not null)
            {
                file = certificateFolder + "/" + certificate.Id.Value + "-" + certificate.FileName;
                certificates.Add((file, certificate.File));
            }

            var quantity = Lookup.Format(lot.Quantity);
            var duplicate = !seen.Add(string.Join('\u001f', lot.Supplier.Value, lot.Item.Value, lot.Heat.Value, lot.PurchaseOrder ?? "", quantity));
            rows.Add(
            [
                lot.Item.Value, lot.Supplier.Value, lot.Heat.Value, lot.SupplierLot, quantity, lot.Uom.Value, lot.PurchaseOrder, lot.Grade,
                string.Join(", ", lot.CertificationsClaimed), When(entry.OccurredAt), file, certificate?.Type.ToString(),
                certificate is null ? null : string.Join(", ", certificate.Heats.Select(h => h.Value)), duplicate ? "yes" : null,
                lot.Lot.Value, lot.Status.Describe(),
            ]);
        }

        return rows;
    }

    private static List<IReadOnlyList<string?>> Manufacture(List<(LedgerEntry Entry, ILedgerEvent Event)> entries)
    {
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var run in entries.Select(x => x.Event).OfType<ManufactureRecorded>())
        {
            var inputs = run.Lots.Select(l => (Lot: (string?)l.Lot.Value, Qty: (string?)Lookup.Format(l.Quantity), Unit: (string?)null))
                .Concat(run.Units.Select(u => (Lot: (string?)null, Qty: (string?)null, Unit: (string?)u.Unit.Value)))
                .DefaultIfEmpty((null, null, null))
                .ToList();
            var deviation = run.Lots.Select(l => l.Deviation).Concat(run.Units.Select(u => u.Deviation)).FirstOrDefault(d => d is not null);
            for (var i = 0; i < inputs.Count; i++)
            {
                var head = i == 0;
                rows.Add(
                [
                    run.Id.Value, head ? run.Product.Value : null, head ? run.Bom?.Value : null, inputs[i].Lot, inputs[i].Qty, inputs[i].Unit,
                    head ? run.Machine : null, head ? run.Tool : null, head ? run.Operator : null, head ? run.Sop : null,
                    head ? When(run.Started) : null, head ? When(run.Finished) : null,
                    head && run.OutputQuantity is { } batch ? Lookup.Format(batch) : null,
                    head && run.OutputSerials.Count > 0 ? string.Join(",", run.OutputSerials.Select(s => s.Value)) : null,
                    head ? deviation : null, head ? run.Notes : null, head ? run.OutputLot?.Value : null,
                ]);
            }
        }

        return rows;
    }

    private static List<IReadOnlyList<string?>> Shipments(List<(LedgerEntry Entry, ILedgerEvent Event)> entries)
    {
        var customers = new Dictionary<CustomerId, CustomerRegistered>();
        var orders = new Dictionary<OrderId, OrderPlaced>();
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var (entry, e) in entries)
        {
            switch (e)
            {
                case CustomerRegistered customer:
                    customers[customer.Id] = customer;
                    break;
                case OrderPlaced order:
                    orders[order.Id] = order;
                    break;
                case ShipmentShipped shipment:
                    var lines = shipment.Lots.Where(l => l.Container is null).Select(l => (Lot: (string?)l.Lot.Value, Qty: (string?)Lookup.Format(l.Quantity), Unit: (string?)null, Container: (string?)null))
                        .Concat(shipment.Units.Where(u => u.Container is null).Select(u => (Lot: (string?)null, Qty: (string?)null, Unit: (string?)u.Unit.Value, Container: (string?)null)))
                        .Concat(shipment.Containers.Select(c => (Lot: (string?)null, Qty: (string?)null, Unit: (string?)null, Container: (string?)c.Value)))
                        .ToList();
                    for (var i = 0; i < lines.Count; i++)
                    {
                        var head = i == 0;
                        var customer = customers.GetValueOrDefault(shipment.Customer);
                        rows.Add(
                        [
                            shipment.Id.Value, head ? customer?.Name : null, head ? customer?.Email : null, head ? shipment.Order.Value : null,
                            head ? orders.GetValueOrDefault(shipment.Order)?.Reference : null, lines[i].Lot, lines[i].Qty, lines[i].Unit, lines[i].Container,
                            head ? When(entry.OccurredAt) : null, head ? shipment.ShipFrom : null, head ? shipment.Reference : null, shipment.Id.Value,
                        ]);
                    }

                    break;
            }
        }

        return rows;
    }

    public static IEnumerable<Command> Verbs(CliHost host)
    {
        var sheet = new Argument<string>("sheet") { Description = "receipts, manufacture or shipments" };
        var output = new Option<string>("--out") { Description = "FILE.csv or FILE.xlsx", Required = true };
        var export = new Command("export-sheet", "Write receipts, manufacture records or shipments in the import layout") { sheet, output };
        export.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, p.GetValue(sheet), p.GetValue(output), ct),
            (o, r) => o.WriteLine($"wrote {r.Rows} row(s) to {r.File}{(r.Certificates > 0 ? $" and {r.Certificates} certificate file(s) beside it" : "")}")));
        yield return export;

        var templateSheet = new Argument<string>("sheet") { Description = "receipts, manufacture or shipments" };
        var templateOut = new Option<string>("--out") { Description = "FILE.csv or FILE.xlsx", Required = true };
        var template = new Command("template", "Write an empty sheet to fill in: the header row and a commented example row") { templateSheet, templateOut };
        template.SetAction(host.Run(
            (p, _, ct) => TemplateAsync(p.GetValue(templateSheet), p.GetValue(templateOut), ct),
            (o, r) => o.WriteLine($"wrote {r.File}")));
        yield return template;

        var ledgerOut = new Option<string>("--out") { Description = "FILE.csv", Required = true };
        var ledger = new Command("export-ledger", "Write every ledger record to a CSV file (seq, kind, occurred, recorded, by, reason, corrects, payload, hash)") { ledgerOut };
        ledger.SetAction(host.Run(
            (p, shop, ct) => LedgerAsync(shop, p.GetValue(ledgerOut), ct),
            (o, r) => o.WriteLine($"wrote {r.Rows} ledger record(s) to {r.File}")));
        yield return ledger;
    }
}
