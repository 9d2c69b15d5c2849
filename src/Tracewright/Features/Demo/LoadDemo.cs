using System.CommandLine;
using System.Text;
using Dapper;
using Tracewright.Cli;
using Tracewright.Domain.Common;
using Tracewright.Features.Certificates;
using Tracewright.Features.Items;
using Tracewright.Features.Lots;
using Tracewright.Features.Receiving;
using Tracewright.Features.Suppliers;

namespace Tracewright.Features.Demo;

/// <summary>
/// <c>tracewright demo</c>: loads the seed's shop (source 000) into an empty database through the ordinary
/// handlers — Twotrees laser, CNC and 3D-printer materials, suppliers with certificates, one heat-number
/// mismatch rejected, one delivery in quarantine, a 6061 plate cut into pieces. Deterministic.
/// </summary>
public static class LoadDemo
{
    public sealed record Response(int Items, int Suppliers, IReadOnlyList<string> Lots, string Database);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, CancellationToken cancellationToken)
    {
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM ledger", cancellationToken: cancellationToken)) > 0)
            {
                return new StateConflict("not-empty", $"the database {shop.Database.Describe} already holds records; load the demo into an empty one (--db demo.db)", "db");
            }
        }

        var items = new RegisterItem.Request[]
        {
            new("ALU-6061-PLATE", "6061-T6 aluminum plate 300x300x10 mm (TTC450 Pro frame stock)", "ea", "metal", LotPrefix: "ALU"),
            new("ACR-3MM", "Cast acrylic sheet 3 mm, PMMA, RoHS/REACH", "sheet", "plastic", RequiredCertificates: ["CofC", "RoHS"], LotPrefix: "ACR", LotPattern: "{PREFIX}-{MM}{YY}-{NN}"),
            new("PLA-175-BLK", "PLA filament 1.75 mm black", "g", "filament", LotPrefix: "PLA", LotPattern: "{PREFIX}-{MM}{YY}-{NN}"),
            new("PLY-BIRCH-3MM", "Birch plywood 3 mm for laser cutting", "sheet", "wood", LotPrefix: "PLY"),
        };
        foreach (var item in items)
        {
            if (await RegisterItem.HandleAsync(shop, actor, item, cancellationToken) is { IsSuccess: false } failed)
            {
                return failed.Error!;
            }
        }

        var suppliers = new RegisterSupplier.Request[]
        {
            new("Midwest Aluminum Supply", "Dana Kowalski", "dana@midwest-alu.example", "+1 312 555 0142", "400 Foundry Ave, Chicago IL"),
            new("ClearCast Acrylics", "Ana Ruiz", "ana@clearcast.example", "+34 91 555 0199", "Calle del Vidrio 12, Madrid"),
            new("FilaWorks", "Sam Lee", "quality@filaworks.example", "+44 20 5550 0110", "Unit 5, Print Park, Leeds"),
            new("Nordic Timber", "Ole Hansen", "ole@nordictimber.example", "+47 22 55 50 10", "Sagveien 3, Oslo"),
        };
        foreach (var supplier in suppliers)
        {
            if (await RegisterSupplier.HandleAsync(shop, actor, supplier, cancellationToken) is { IsSuccess: false } failed)
            {
                return failed.Error!;
            }
        }

        var receipts = new ReceiveLot.Request[]
        {
            new("PLY-BIRCH-3MM", "Nordic Timber", "NT-2405-88", "40", "sheet", PurchaseOrder: "PO-2405-01", Grade: "BB/BB birch", ReceivedOn: "2024-05-03"),
            new("PLA-175-BLK", "FilaWorks", "FW-24-0412", "5000", "g", PurchaseOrder: "PO-2404-07", ReceivedOn: "2024-04-18", Certificate: Certificate("CofC", "FilaWorks", "FW-24-0412")),
            new("ACR-3MM", "ClearCast Acrylics", "CC-5521", "30", "sheet", PurchaseOrder: "PO-2405-02", Grade: "Cast PMMA", CertificationsClaimed: ["RoHS", "REACH"], ReceivedOn: "2024-05-06", Certificate: Certificate("CofC", "ClearCast Acrylics", "CC-5521")),
            new("ACR-3MM", "ClearCast Acrylics", "CC-5530", "30", "sheet", PurchaseOrder: "PO-2405-03", Grade: "Cast PMMA", CertificationsClaimed: ["RoHS", "REACH"], ReceivedOn: "2024-05-20", Certificate: Certificate("CofC", "ClearCast Acrylics", "CC-5530")),
            new("ALU-6061-PLATE", "Midwest Aluminum Supply", "H-24-0117", "4", "ea", SupplierLot: "MW-88231", PurchaseOrder: "PO-2405-04", Grade: "6061-T6 ASTM B209", ReceivedOn: "2024-05-21", Certificate: Certificate("MTR", "Midwest Aluminum Supply", "H-24-0117")),
            new("ALU-6061-PLATE", "Midwest Aluminum Supply", "H-24-0171", "2", "ea", SupplierLot: "MW-88240", PurchaseOrder: "PO-2405-05", Grade: "6061-T6 ASTM B209", ReceivedOn: "2024-05-28", Certificate: Certificate("MTR", "Midwest Aluminum Supply", "H-24-0117")),
            new("PLA-175-BLK", "FilaWorks", "FW-24-0520", "5000", "g", PurchaseOrder: "PO-2405-06", ReceivedOn: "2024-05-29"),
        };
        var lots = new List<string>();
        foreach (var receipt in receipts)
        {
            var received = await ReceiveLot.HandleAsync(shop, actor, receipt, cancellationToken);
            if (!received.TryGet(out var lot, out var error))
            {
                return error;
            }

            lots.Add($"{lot.Lot} received: {lot.Status.ToString().ToLowerInvariant()}{(lot.Reason is null ? "" : $" ({lot.Reason})")}");
        }

        // The RoHS declaration for the first acrylic delivery arrives a day later; the second stays in quarantine.
        var rohs = await AttachCertificate.HandleAsync(shop, actor, new("ACR-0524-01", File: Certificate("RoHS", "ClearCast Acrylics", "CC-5521", "CC-5530")), cancellationToken);
        if (!rohs.IsSuccess)
        {
            return rohs.Error!;
        }

        lots.AddRange(rohs.Value.Released.Select(l => $"{l} available once its RoHS declaration {rohs.Value.Certificate} was attached"));
        // The same declaration covers the second delivery's heat, so it is released for MFG-0056 too.
        var second = await AttachCertificate.HandleAsync(shop, actor, new("ACR-0524-02", Certificate: rohs.Value.Certificate), cancellationToken);
        if (!second.IsSuccess)
        {
            return second.Error!;
        }

        lots.AddRange(second.Value.Released.Select(l => $"{l} available once its RoHS declaration {rohs.Value.Certificate} was attached"));
        var cut = await SplitLot.HandleAsync(shop, actor, new("ALU-0524-001", "1,1,1,1"), cancellationToken);
        if (!cut.TryGet(out var pieces, out var cutError))
        {
            return cutError;
        }

        lots.AddRange(pieces.Pieces.Select(p => $"{p.Piece} cut from {p.Parent}, heat {p.Heat}"));
        var year = await DemoYear.LoadAsync(shop, actor, cancellationToken);
        if (!year.IsSuccess)
        {
            return year.Error!;
        }

        lots.Add($"a year of production: {DemoYear.Runs} manufacture records (MFG-0056 from ACR-0524-02 and {DemoYear.RecalledLot}), {DemoYear.Customers} customers, {year.Value} records");
        return new Response(items.Length, suppliers.Length, lots, shop.Database.Describe);
    }

    /// <summary>A small but real one-page PDF standing in for the supplier's scanned certificate.</summary>
    internal static CertificateInput Certificate(string type, string issuer, params string[] heats)
    {
        var text = $"{type} issued by {issuer} for {string.Join(", ", heats)}";
        var stream = $"BT /F1 12 Tf 50 750 Td ({text}) Tj ET";
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        void Obj(string body)
        {
            offsets.Add(pdf.Length);
            pdf.Append(offsets.Count).Append(" 0 obj\n").Append(body).Append("\nendobj\n");
        }

        Obj("<< /Type /Catalog /Pages 2 0 R >>");
        Obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        Obj($"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream");
        Obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var xref = pdf.Length;
        pdf.Append("xref\n0 ").Append(offsets.Count + 1).Append("\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(offset.ToString("0000000000", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        pdf.Append("trailer\n<< /Size ").Append(offsets.Count + 1).Append(" /Root 1 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        return new CertificateInput($"{type}-{heats[0]}.pdf", Encoding.ASCII.GetBytes(pdf.ToString()), type, heats, issuer, "2024-05-01");
    }

    public static Command Verb(CliHost host)
    {
        var command = new Command("demo", "Load the demo shop (source 000's examples) into an empty database");
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), ct),
            (o, r) =>
            {
                o.WriteLine($"demo shop loaded into {r.Database}: {r.Items} items, {r.Suppliers} suppliers");
                foreach (var lot in r.Lots)
                {
                    o.WriteLine($"  {lot}");
                }

                o.WriteLine("try: tracewright show MFG-0056 · tracewright recall PLA-0424-01 · tracewright compliance SO-0001 --standard RoHS · tracewright verify");
            }));
        return command;
    }
}
