using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Data.Records;
using Tracewright.Data.Tests.Support;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Certificates;
using Tracewright.Features.Lots;
using Tracewright.Features.Receiving;
using Tracewright.Features.Suppliers;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Materials;

/// <summary>A supplier's own certificate requirement, on top of the item's, on SQLite and on PostgreSQL.</summary>
public abstract class SupplierCertificateTests(DatabaseKind kind)
{
    [Fact]
    public async Task A_delivery_without_the_certificate_its_supplier_requires_waits_in_quarantine_naming_it_and_its_source()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var set = await Ok(RequireSupplierCertificates.HandleAsync(shop, "admin", new("Timber & Co", ["CofC"], "they certify FSC chain of custody"), default));
        Assert.Equal([CertificateType.CofC], set.Certificates);
        Assert.Empty(set.Before);

        // Plywood needs no certificate as an item, but this supplier's deliveries do.
        var without = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "TB-77", "10", "sheet"), default));
        Assert.Equal(LotStatus.Quarantine, without.Status);
        Assert.Equal("awaiting CofC (required by supplier Timber & Co)", without.Reason);
        Assert.Contains("supplier Timber & Co requires CofC", without.Checked, StringComparison.Ordinal);

        var with = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "TB-78", "10", "sheet", Certificate("CofC", "TB-78")), default));
        Assert.Equal(LotStatus.Available, with.Status);

        // The item's and the supplier's requirement together: aluminium needs an MTR, and Acme now also a RoHS declaration.
        await Ok(RequireSupplierCertificates.HandleAsync(shop, "admin", new("Acme Metals", ["RoHS", "CofC"], "customer contract"), default));
        var plate = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-1", "4", "ea", Certificate("MTR", "H-1")), default));
        Assert.Equal(LotStatus.Quarantine, plate.Status);
        Assert.Equal("awaiting CofC, RoHS (required by supplier Acme Metals)", plate.Reason);

        // The home page names what each lot awaits and who requires it.
        await using (var connection = await shop.Database.OpenConnectionAsync(default))
        {
            var work = await WorkToDo.ReadAsync(connection, new DateOnly(2024, 5, 14), May2024.AddDays(-7), default);
            var ply = Assert.Single(work.Quarantine.First, q => q.Lot == without.Lot);
            Assert.Equal(["CofC (required by supplier Timber & Co)"], ply.Awaiting);
        }

        // Releasing by hand is refused while it is missing; attaching it releases the lot.
        var refused = await Fails(ChangeLotStatus.HandleAsync(shop, "quality", new(without.Lot, ChangeLotStatus.Action.Release, "looks fine"), default));
        Assert.Equal("certificate-missing", refused.Code);
        Assert.Contains("awaiting CofC (required by supplier Timber & Co)", refused.Message, StringComparison.Ordinal);
        var attached = await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(without.Lot, File: Certificate("CofC", "TB-77")), default));
        Assert.Equal([without.Lot], attached.Released);
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, without.Lot)).Status);

        // One certificate of two: still waiting for the other.
        var half = await Ok(AttachCertificate.HandleAsync(shop, "clerk", new(plate.Lot, File: Certificate("RoHS", "H-1")), default));
        Assert.Empty(half.Released);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Fact]
    public async Task A_requirement_changed_later_affects_only_later_deliveries()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(RequireSupplierCertificates.HandleAsync(shop, "admin", new("Timber & Co", ["CofC"], "chain of custody"), default));
        var before = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "TB-1", "10", "sheet"), default));
        Assert.Equal(LotStatus.Quarantine, before.Status);

        // Cut while waiting: the pieces keep what the delivery was required to come with.
        await Ok(SplitLot.HandleAsync(shop, "operator", new(before.Lot, "4,6"), default));

        var cleared = await Ok(RequireSupplierCertificates.HandleAsync(shop, "admin", new("Timber & Co", ["none"], "no longer needed"), default));
        Assert.Empty(cleared.Certificates);
        Assert.Equal([CertificateType.CofC], cleared.Before);
        var after = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "TB-2", "10", "sheet"), default));
        Assert.Equal(LotStatus.Available, after.Status);

        // The earlier delivery and its pieces still wait for the CofC that was required when it came.
        var piece = await FindLotAsync(shop, before.Lot + ".1");
        Assert.Equal(LotStatus.Quarantine, piece.Status);
        Assert.Equal([CertificateType.CofC], piece.SupplierRequires);
        Assert.Equal("certificate-missing", (await Fails(ChangeLotStatus.HandleAsync(shop, "quality", new(piece.Id.Value, ChangeLotStatus.Action.Release, "requirement dropped"), default))).Code);

        // Requiring RoHS now holds new deliveries, not the one received in between.
        await Ok(RequireSupplierCertificates.HandleAsync(shop, "admin", new("Timber & Co", ["RoHS"], "new customer"), default));
        Assert.Equal(LotStatus.Available, (await FindLotAsync(shop, after.Lot)).Status);
        var third = await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("PLY-6MM", "Timber & Co", "TB-3", "10", "sheet"), default));
        Assert.Equal("awaiting RoHS (required by supplier Timber & Co)", third.Reason);

        await using var connection = await shop.Database.OpenConnectionAsync(default);
        var supplier = await MaterialsQueries.FindSupplierAsync(connection, null, SupplierName.Parse("Timber & Co").Value, default);
        Assert.Equal([CertificateType.RoHS], supplier!.RequiredCertificates);
        Assert.True((await LedgerVerifier.VerifyAsync(shop.Database, null, default)).IsIntact);
    }

    [Theory]
    [InlineData("Nobody Ltd", "CofC", "why", "supplier", "not-found")]
    [InlineData("Timber & Co", "CofC,Paperwork", "why", "certificates", "invalid-input")]
    [InlineData("Timber & Co", "", "why", "certificates", "invalid-input")]
    [InlineData("Timber & Co", "CofC", " ", "reason", "invalid-input")]
    [InlineData("", "CofC", "why", "supplier", "invalid-input")]
    public async Task Bad_input_names_the_field_and_writes_nothing(string supplier, string certificates, string reason, string field, string code)
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        var records = await LedgerCountAsync(shop);
        var error = await Fails(RequireSupplierCertificates.HandleAsync(shop, "admin", new(supplier, Text.List(certificates), reason), default));
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.Equal(records, await LedgerCountAsync(shop));
    }

    [Fact]
    public async Task Requiring_what_is_already_required_records_nothing()
    {
        await using var test = await kind.CreateAsync();
        var shop = await OpenAsync(test);
        await Ok(RequireSupplierCertificates.HandleAsync(shop, "admin", new("Filaworks", ["RoHS", "CofC"], "contract"), default));
        var records = await LedgerCountAsync(shop);
        var error = await Fails(RequireSupplierCertificates.HandleAsync(shop, "admin", new("filaworks", ["cofc", "RoHS"], "again"), default));
        Assert.Equal("unchanged", error.Code);
        Assert.Equal(records, await LedgerCountAsync(shop));
    }

    private static async Task<Lot> FindLotAsync(Shop shop, string id)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(default);
        return (await MaterialsQueries.FindLotAsync(connection, null, LotId.Parse(id).Value, default))!;
    }
}

public sealed class SqliteSupplierCertificateTests() : SupplierCertificateTests(new SqliteKind());

public sealed class PostgresSupplierCertificateTests() : SupplierCertificateTests(new PostgresKind());
