using Tracewright.Data.Access;
using Tracewright.Data.Epcis;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Quality;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Access;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Domain.Shipping;

namespace Tracewright.Data;

/// <summary>
/// Keeps the derived tables in step with the ledger: each event kind has one projection, run in the
/// transaction that appends it. <c>verify</c> replays the whole ledger through the same projections into a
/// scratch database and compares, so a derived row edited behind the ledger's back is found.
/// </summary>
internal static class Projector
{
    public static Task ApplyAsync(StatementRunner statements, LedgerEntry entry, ILedgerEvent e, CancellationToken cancellationToken)
    {
        var context = new ProjectionContext(statements, entry, cancellationToken);
        return e switch
        {
            ItemRegistered x => MaterialsProjection.ApplyAsync(context, x),
            ItemGtinAssigned x => MaterialsProjection.ApplyAsync(context, x),
            SupplierRegistered x => MaterialsProjection.ApplyAsync(context, x),
            SupplierCertificatesRequired x => MaterialsProjection.ApplyAsync(context, x),
            CertificateFiled x => MaterialsProjection.ApplyAsync(context, x),
            LotReceived x => MaterialsProjection.ApplyAsync(context, x),
            CertificateAttached x => MaterialsProjection.ApplyAsync(context, x),
            LotStatusChanged x => MaterialsProjection.ApplyAsync(context, x),
            LotSplit x => MaterialsProjection.ApplyAsync(context, x),
            LotReceiptCorrected x => MaterialsProjection.ApplyAsync(context, x),
            BomDefined x => ProductionProjection.ApplyAsync(context, x),
            DeviationGranted x => ProductionProjection.ApplyAsync(context, x),
            ManufactureRecorded x => ProductionProjection.ApplyAsync(context, x),
            ManufactureInputsCorrected x => ProductionProjection.ApplyAsync(context, x),
            SerialCaptured x => ProductionProjection.ApplyAsync(context, x),
            UnitStatusChanged x => ProductionProjection.ApplyAsync(context, x),
            UnitMoved x => ProductionProjection.ApplyAsync(context, x),
            OperationPerformed x => ProductionProjection.TouchUnitAsync(context, x.Unit),
            UnitInspected x => ProductionProjection.TouchUnitAsync(context, x.Unit),
            UnitTested x => ProductionProjection.TouchUnitAsync(context, x.Unit),
            Tracewright.Domain.Quality.UnitReleasedToShip x => ProductionProjection.TouchUnitAsync(context, x.Unit),
            UnitReworked x => ProductionProjection.TouchUnitAsync(context, x.Unit),
            ComponentInstalled x => ProductionProjection.ApplyAsync(context, x),
            ComponentRemoved x => ProductionProjection.ApplyAsync(context, x),
            ContainerCreated x => ContainerProjection.ApplyAsync(context, x),
            Gs1CompanyPrefixSet x => ContainerProjection.ApplyAsync(context, x),
            ContainerPacked x => ContainerProjection.ApplyAsync(context, x),
            ContainerUnpacked x => ContainerProjection.ApplyAsync(context, x),
            CustomerRegistered x => ShippingProjection.ApplyAsync(context, x),
            OrderPlaced x => ShippingProjection.ApplyAsync(context, x),
            ShipmentShipped x => ShippingProjection.ApplyAsync(context, x),
            ReturnReceived x => ShippingProjection.ApplyAsync(context, x),
            UserAdded x => AccessProjection.ApplyAsync(context, x),
            UserPasswordChanged x => AccessProjection.ApplyAsync(context, x),
            UserDisabled x => AccessProjection.ApplyAsync(context, x),
            UserEnabled x => AccessProjection.ApplyAsync(context, x),
            UserRoleChanged x => AccessProjection.ApplyAsync(context, x),
            ApiTokenCreated x => AccessProjection.ApplyAsync(context, x),
            ApiTokenRevoked x => AccessProjection.ApplyAsync(context, x),
            NcrOpened x => QualityProjection.ApplyAsync(context, x),
            NcrDispositioned x => QualityProjection.ApplyAsync(context, x),
            NcrClosed x => QualityProjection.ApplyAsync(context, x),
            CapaOpened x => QualityProjection.ApplyAsync(context, x),
            CapaActionAdded x => QualityProjection.ApplyAsync(context, x),
            CapaActionDone x => QualityProjection.ApplyAsync(context, x),
            CapaEffectivenessChecked x => QualityProjection.ApplyAsync(context, x),
            CapaClosed x => QualityProjection.ApplyAsync(context, x),
            EpcisEventCaptured x => EpcisProjection.ApplyAsync(context, x),
            EpcisEventDeclaredErroneous x => EpcisProjection.ApplyAsync(context, x),
            EpcisMasterDataCaptured x => EpcisProjection.ApplyAsync(context, x),
            EpcisQueryDefined x => EpcisProjection.ApplyAsync(context, x),
            EpcisQueryDeleted x => EpcisProjection.ApplyAsync(context, x),
            EpcisSubscriptionCreated x => EpcisProjection.ApplyAsync(context, x),
            EpcisSubscriptionCancelled x => EpcisProjection.ApplyAsync(context, x),
            _ => throw new InvalidOperationException($"No projection for ledger event kind {e.GetType().Name}"),
        };
    }
}

/// <summary>What a projection needs: the transaction's statements and the ledger record being applied.</summary>
internal sealed record ProjectionContext(StatementRunner Statements, LedgerEntry Entry, CancellationToken CancellationToken)
{
    public Statement Command(string sql, object? parameters) => new(sql, parameters);

    /// <summary>Runs (or queues, on PostgreSQL) a write; see <see cref="StatementRunner"/>.</summary>
    public Task ExecuteAsync(Statement statement) => Statements.ExecuteAsync(statement, CancellationToken).AsTask();

    /// <summary>Reads one value inside the transaction, after every write so far.</summary>
    public Task<T?> ScalarAsync<T>(Statement statement) => Statements.ScalarAsync<T>(statement, CancellationToken);
}
