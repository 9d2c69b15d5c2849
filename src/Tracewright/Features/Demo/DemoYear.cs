using System.Globalization;
using Tracewright.Domain.Common;
using Tracewright.Features.Certificates;
using Tracewright.Features.Items;
using Tracewright.Features.Production;
using Tracewright.Features.Receiving;
using Tracewright.Features.Shipping;

namespace Tracewright.Features.Demo;

/// <summary>
/// The demo shop's year (2024) of enclosure production: monthly acrylic and PLA deliveries, 100 manufacture
/// runs of 10 enclosures (run 56 is the seed's MFG-0056: 5 sheets of ACR-0524-02 and 200 g of PLA-0424-01 on
/// the TTC450 Pro), 420 customers and the orders and shipments that took the enclosures to them. PLA-0424-01
/// feeds runs 53–56, whose enclosures reach exactly 34 customers — the seed's "34 customers, not 400".
/// Deterministic: the same seed gives the same shop.
/// </summary>
internal static class DemoYear
{
    public const int Customers = 420;
    public const int Runs = 100;
    public const string RecalledLot = "PLA-0424-01";
    public const int RecalledCustomers = 34;

    private static readonly string[] First = ["Ava", "Ben", "Chloe", "Dan", "Eva", "Finn", "Grace", "Hugo", "Isla", "Jon", "Kira", "Leo", "Maya", "Nils", "Olga", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vik", "Wen", "Yara", "Zoe"];
    private static readonly string[] Last = ["Adler", "Baker", "Costa", "Dietz", "Evans", "Fischer", "Garcia", "Horvat", "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Olsen", "Petrov", "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Yilmaz", "Zhang"];
    private static readonly string[] Trades = ["Robotics", "Makerspace", "Labs", "Audio", "Instruments", "Drones", "Automation", "Electronics", "Design", "Prototypes"];
    private static readonly string[] Cities = ["Leeds", "Lyon", "Porto", "Gdansk", "Aarhus", "Graz", "Turin", "Utrecht", "Brno", "Tartu"];

    public static async Task<Result<int>> LoadAsync(Shop shop, string actor, CancellationToken cancellationToken)
    {
        var random = new Random(20240101);
        var recorded = 0;

        async Task<T?> Do<T>(Task<Result<T>> call) where T : class
        {
            var result = await call;
            recorded++;
            return result.IsSuccess ? result.Value : throw new InvalidOperationException($"demo data failed: {result.Error}");
        }

        await Do(RegisterItem.HandleAsync(shop, actor, new("ENCL-10", "Custom electronics enclosure: laser-cut 3 mm acrylic panels, 3D-printed PLA frame", "ea", "other", RequiredCertificates: ["none"], LotPrefix: "ENC"), cancellationToken));
        await Do(DefineBom.HandleAsync(shop, actor, new("ENCL-10", ["ACR-3MM:0.5", "PLA-175-BLK:20"], "SOP-ENCL-10.pdf", LoadDemo.Certificate("SOP", "Shop floor", "ENCL-10").Content), cancellationToken));

        // Monthly deliveries outside April and May (which the seed's own receipts cover).
        var acrylic = new Dictionary<int, string>();
        var filament = new Dictionary<int, string>();
        foreach (var month in new[] { 1, 2, 3, 6, 7, 8, 9, 10, 11, 12 })
        {
            var day = $"2024-{month:00}-02";
            var heat = $"CC-{5400 + month}";
            var sheet = await Do(ReceiveLot.HandleAsync(shop, actor, new("ACR-3MM", "ClearCast Acrylics", heat, "150", "sheet", PurchaseOrder: $"PO-24{month:00}-A", Grade: "Cast PMMA", ReceivedOn: day,
                Certificate: new CertificateInput($"CofC-{heat}.pdf", LoadDemo.Certificate("CofC", "ClearCast Acrylics", heat).Content, "CofC", [heat], "ClearCast Acrylics", day, ["RoHS 2011/65/EU", "REACH 1907/2006"])), cancellationToken));
            await Do(AttachCertificate.HandleAsync(shop, actor, new(sheet!.Lot, File: LoadDemo.Certificate("RoHS", "ClearCast Acrylics", heat)), cancellationToken));
            acrylic[month] = sheet.Lot;
            var batch = $"FW-24-{month:00}02";
            var spool = await Do(ReceiveLot.HandleAsync(shop, actor, new("PLA-175-BLK", "FilaWorks", batch, "5000", "g", PurchaseOrder: $"PO-24{month:00}-F", ReceivedOn: day,
                Certificate: new CertificateInput($"CofC-{batch}.pdf", LoadDemo.Certificate("CofC", "FilaWorks", batch).Content, "CofC", [batch], "FilaWorks", day, ["RoHS 2011/65/EU", "REACH 1907/2006"])), cancellationToken));
            filament[month] = spool!.Lot;
        }

        var customers = new List<string>();
        for (var i = 0; i < Customers; i++)
        {
            var first = First[random.Next(First.Length)];
            var last = Last[random.Next(Last.Length)];
            var company = $"{last} {Trades[random.Next(Trades.Length)]}";
            var customer = await Do(Shipping.Customers.RegisterAsync(shop, actor, new(
                $"{company} #{i + 1:000}", $"{first} {last}", $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@{company.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}{i + 1}.example",
                $"+44 20 7946 {i:0000}", $"{1 + random.Next(200)} Workshop Lane, {Cities[random.Next(Cities.Length)]}"), cancellationToken));
            customers.Add(customer!.Customer);
        }

        // The 34 who get enclosures with PLA-0424-01 in them; other runs may reach them too.
        var recalled = customers.OrderBy(_ => random.Next()).Take(RecalledCustomers).ToList();
        var recalledNext = 0;
        for (var run = 1; run <= Runs; run++)
        {
            var (when, sheets, spool) = run switch
            {
                <= 52 => (new DateTime(2024, 1, 3).AddDays(2 * (run - 1)), "", ""),
                53 => (new DateTime(2024, 4, 22), "ACR-0324-01", RecalledLot),
                54 => (new DateTime(2024, 5, 2), "ACR-0324-01", RecalledLot),
                55 => (new DateTime(2024, 5, 13), "ACR-0524-01", RecalledLot),
                56 => (new DateTime(2024, 5, 22), "ACR-0524-02", RecalledLot),
                _ => (new DateTime(2024, 6, 3).AddDays(4.5 * (run - 57)), "", ""),
            };
            var month = when.Month == 4 ? 3 : when.Month;
            sheets = sheets.Length > 0 ? sheets : acrylic[month];
            spool = spool.Length > 0 ? spool : filament[month];
            var start = when.AddHours(8);
            var made = await Do(RecordManufacture.HandleAsync(shop, "Kim", new(
                "ENCL-10", [$"{sheets}:5", $"{spool}:200"], Bom: "BOM-0001", Machine: run % 3 == 0 ? "Twotrees TTS-55 Pro" : "Twotrees TTC450 Pro",
                Tool: "3.175 mm single-flute end mill", Operator: run % 2 == 0 ? "Kim" : "Ravi", Sop: "SOP-ENCL-10 rev B",
                Started: Iso(start), Finished: Iso(start.AddHours(3.5)), BatchQuantity: "10"), cancellationToken));

            // Who gets this batch: the recalled runs go to the 34, in 9 + 9 + 8 + 8; the last runs keep stock.
            var (count, keep) = run switch
            {
                53 or 54 => (9, 0),
                55 => (8, 0),
                56 => (8, 1),
                > 95 => (4 + random.Next(3), 3),
                _ => (5 + random.Next(5), 0),
            };
            var receivers = run is >= 53 and <= 56 ? recalled.Skip(recalledNext).Take(count).ToList() : Enumerable.Range(0, count).Select(_ => customers[random.Next(customers.Count)]).Distinct().ToList();
            recalledNext += run is >= 53 and <= 56 ? count : 0;
            var shares = Share(10 - keep, receivers.Count);
            for (var i = 0; i < receivers.Count; i++)
            {
                var shipDay = when.AddDays(1 + random.Next(3));
                var order = await Do(Shipping.Customers.PlaceAsync(shop, actor, new(receivers[i], [$"ENCL-10:{shares[i]}"], $"PO-{receivers[i][4..]}-{run:000}", Iso(when.AddDays(-5))), cancellationToken));
                await Do(Ship.HandleAsync(shop, "shipping", new(order!.Order, [$"{made!.OutputLot}:{shares[i]}"], ShipFrom: "Leeds workshop", Reference: $"DN-{run:000}-{i + 1}", ShippedOn: Iso(shipDay.AddHours(15))), cancellationToken));
            }
        }

        return recorded;
    }

    /// <summary>Splits a quantity into <paramref name="parts"/> whole shares, each at least one.</summary>
    private static int[] Share(int total, int parts)
    {
        var shares = Enumerable.Repeat(total / parts, parts).ToArray();
        for (var i = 0; i < total % parts; i++)
        {
            shares[i]++;
        }

        return shares;
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
