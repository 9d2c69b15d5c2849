using Dapper;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Features.Certificates;
using Tracewright.Features.Items;
using Tracewright.Features.Receiving;
using Tracewright.Features.Suppliers;

namespace Tracewright.Tests.Support;

/// <summary>Builds the seed's shop (source 000) on a fresh database, through the same handlers the CLI uses.</summary>
public static class Seed
{
    /// <summary>The seed writes acrylic and PLA lots with a two-digit counter: ACR-0524-02, PLA-0424-01.</summary>
    public const string ShortPattern = "{PREFIX}-{MM}{YY}-{NN}";

    public static readonly DateTimeOffset May2024 = new(2024, 5, 14, 9, 0, 0, TimeSpan.Zero);

    public static byte[] Pdf(string text) => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n%%EOF\n");

    public static CertificateInput Certificate(string type, params string[] heats) =>
        new($"{type}-{string.Join('-', heats)}.pdf", Pdf($"{type} {string.Join(",", heats)}"), type, heats);

    public static async Task<Shop> OpenAsync(TestDatabase test, TimeProvider? clock = null)
    {
        var shop = new Shop(test.Database, clock ?? new ManualClock(May2024));
        await Ok(RegisterItem.HandleAsync(shop, "clerk", new("ALU-6061-PLATE", "6061-T6 aluminum plate, 10 mm", "ea", "metal", LotPrefix: "ALU"), default));
        await Ok(RegisterItem.HandleAsync(shop, "clerk", new("ACR-3MM", "Cast acrylic sheet 3 mm, PMMA", "sheet", "plastic", LotPrefix: "ACR", LotPattern: ShortPattern), default));
        await Ok(RegisterItem.HandleAsync(shop, "clerk", new("PLA-175", "PLA filament 1.75 mm", "g", "filament", LotPrefix: "PLA", LotPattern: ShortPattern), default));
        await Ok(RegisterItem.HandleAsync(shop, "clerk", new("PLY-6MM", "Birch plywood 6 mm", "sheet", "wood", LotPrefix: "PLY"), default));
        await Ok(RegisterSupplier.HandleAsync(shop, "clerk", new("Acme Metals", "Jo Smith", "jo@acme.example", "+1 555 0100", "1 Mill Road"), default));
        await Ok(RegisterSupplier.HandleAsync(shop, "clerk", new("Clearcast Plastics", "Ana Ruiz", "ana@clearcast.example"), default));
        await Ok(RegisterSupplier.HandleAsync(shop, "clerk", new("Filaworks"), default));
        await Ok(RegisterSupplier.HandleAsync(shop, "clerk", new("Timber & Co"), default));
        return shop;
    }

    public static ReceiveLot.Request Receive(string item, string supplier, string heat, string qty, string uom, CertificateInput? certificate = null, string? po = null, string? supplierLot = null) =>
        new(item, supplier, heat, qty, uom, supplierLot, po, ReceivedOn: "2024-05-14", Certificate: certificate);

    public static async Task<T> Ok<T>(Task<Result<T>> call)
    {
        var result = await call;
        Assert.True(result.IsSuccess, $"expected success, got: {result.Error}");
        return result.Value;
    }

    public static async Task<Error> Fails<T>(Task<Result<T>> call)
    {
        var result = await call;
        Assert.False(result.IsSuccess, "expected an error, got success");
        return result.Error!;
    }

    public static async Task<long> LedgerCountAsync(Shop shop)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger");
    }
}
