using System.Data.Common;
using Dapper;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Data.Shipping;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using Tracewright.Domain.Trace;
using Tracewright.Features.Production;

namespace Tracewright.Features.Trace;

/// <summary>
/// Turns what a person has in hand into the genealogy nodes a trace starts from: an internal lot or piece,
/// a supplier's lot or heat number (every lot that carries it), a certificate (every lot it covers), a
/// manufacture record, a unit, a container, a shipment, an order or a customer.
/// </summary>
internal static class TraceStart
{
    public sealed record Start(string Describes, IReadOnlyList<NodeKey> Nodes);

    public static async Task<Result<Start>> ResolveAsync(DbConnection connection, string? text, string? receivedFrom = null, string? receivedTo = null, CancellationToken cancellationToken = default)
    {
        var required = Text.Required(text, "id", 2000);
        if (!required.TryGet(out var query, out var error))
        {
            return error;
        }

        // A scanned GS1 code (element string or Digital Link) names a container, unit or lot of ours by an AI.
        if (Scan.ScannedId.LooksLikeGs1(query) && Scan.ScannedId.Parse(query) is { IsSuccess: true } scanned)
        {
            foreach (var candidate in scanned.Value.Candidates)
            {
                if (await ResolveAsync(connection, candidate, receivedFrom, receivedTo, cancellationToken) is { IsSuccess: true } found)
                {
                    return found;
                }
            }
        }

        if (Epcis.EpcisTraceStart.LooksLikeUri(query))
        {
            var epcis = await Epcis.EpcisTraceStart.ResolveAsync(connection, query, node => ExistsAsync(connection, node, cancellationToken), cancellationToken);
            return epcis is null ? new NotFound("EPCIS object, party or record", query, "id") : epcis;
        }

        // A lot id names the native lot and the lot captured under our own URI (a shop's export imported back), either or both.
        if (LotId.Parse(query) is { IsSuccess: true } lotId)
        {
            // …and, when the shop's items have GTINs (or an imported export's master data says whose GTINs they are), its LGTIN.
            var candidates = new List<string> { Epcis.TracewrightIdentifiers.Lot(lotId.Value) };
            candidates.AddRange((await Epcis.TracewrightIdentifiers.OwnGtinsAsync(connection, cancellationToken)).Keys
                .Select(gtin => Epcis.TracewrightIdentifiers.Lgtin(gtin, lotId.Value)).OfType<string>());
            var captured = (await Data.Epcis.EpcisQueries.KnownObjectsAsync(connection, candidates, cancellationToken)).Select(c => new NodeKey(NodeKind.Epc, c)).ToList();

            var lot = await MaterialsQueries.FindLotAsync(connection, null, lotId.Value, cancellationToken);
            if (lot is not null || captured.Count > 0)
            {
                return new Start(
                    $"lot {lot?.Id ?? lotId.Value}",
                    [.. lot is null ? [] : new[] { new NodeKey(NodeKind.Lot, lot.Id.Value) }, .. captured]);
            }
        }

        if (CertificateId.Parse(query) is { IsSuccess: true } certificate && await MaterialsQueries.FindCertificateAsync(connection, null, certificate.Value, cancellationToken) is not null)
        {
            var covered = await MaterialsQueries.LotsOfCertificateAsync(connection, certificate.Value, cancellationToken);
            return new Start($"certificate {certificate.Value}", covered.Select(l => new NodeKey(NodeKind.Lot, l.Value)).ToList());
        }

        if (ManufactureId.Parse(query) is { IsSuccess: true } mfg && await ProductionQueries.FindManufactureAsync(connection, null, mfg.Value, cancellationToken) is not null)
        {
            return new Start($"manufacture record {mfg.Value}", [new NodeKey(NodeKind.Manufacture, mfg.Value.Value)]);
        }

        if (ContainerId.Parse(query) is { IsSuccess: true } container && await ContainerQueries.KindAsync(connection, null, container.Value, cancellationToken) is not null)
        {
            return new Start($"container {container.Value}", [new NodeKey(NodeKind.Container, container.Value.Value)]);
        }

        if (ShipmentId.Parse(query) is { IsSuccess: true } shipment && await ShippingQueries.FindShipmentAsync(connection, null, shipment.Value, cancellationToken) is not null)
        {
            return new Start($"shipment {shipment.Value}", [new NodeKey(NodeKind.Shipment, shipment.Value.Value)]);
        }

        if (OrderId.Parse(query) is { IsSuccess: true } order && await ShippingQueries.FindOrderAsync(connection, null, order.Value, cancellationToken) is not null)
        {
            return new Start($"order {order.Value}", [new NodeKey(NodeKind.Order, order.Value.Value)]);
        }

        if (CustomerId.Parse(query) is { IsSuccess: true } customer && await ShippingQueries.FindCustomerAsync(connection, null, customer.Value, cancellationToken) is not null)
        {
            return new Start($"customer {customer.Value}", [new NodeKey(NodeKind.Customer, customer.Value.Value)]);
        }

        if (await Lookup.UnitAsync(connection, null, query, "id", cancellationToken) is { IsSuccess: true } unit)
        {
            return new Start($"unit {unit.Value.Id}", [new NodeKey(NodeKind.Unit, unit.Value.Id.Value)]);
        }

        // ITEM:SERIAL of a unit captured under our own URI or the SGTIN of one of our GTINs (a shop's export read back).
        if (query.Contains(':', StringComparison.Ordinal) && await AsBuiltEpcis.ResolveAsync(connection, query, cancellationToken) is { } capturedUnit)
        {
            return new Start($"unit {UnitId.Parse(query).Value}", [new NodeKey(NodeKind.Epc, capturedUnit)]);
        }

        // A supplier's heat or lot number: the deliveries that carry it (pieces follow by their split links).
        var delivered = (await connection.QueryAsync<(string Id, string ReceivedAt)>(new CommandDefinition(
            "SELECT id, received_at FROM lots WHERE (heat_key = @key OR supplier_lot_key = @key) AND origin = 'Received' ORDER BY id",
            new { key = query.ToUpperInvariant() },
            cancellationToken: cancellationToken)))
            .Where(l => (receivedFrom is null || string.CompareOrdinal(l.ReceivedAt, receivedFrom) >= 0) && (receivedTo is null || string.CompareOrdinal(l.ReceivedAt, receivedTo) < 0))
            .Select(l => new NodeKey(NodeKind.Lot, l.Id))
            .ToList();
        // …and the captured lots whose ILMD carries it (issue 15); a receiving window applies to native deliveries only.
        if (receivedFrom is null && receivedTo is null)
        {
            delivered.AddRange(await Epcis.EpcisTraceStart.HeatAsync(connection, query, cancellationToken));
        }

        return delivered.Count > 0
            ? new Start($"heat / supplier lot number {query}", delivered)
            : new NotFound("record", query, "id");
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, NodeKey node, CancellationToken cancellationToken) => node.Kind switch
    {
        NodeKind.Lot => await MaterialsQueries.FindLotAsync(connection, null, Identifier.FromStored<LotId>(node.Id), cancellationToken) is not null,
        NodeKind.Unit => await ProductionQueries.FindUnitAsync(connection, null, Identifier.FromStored<UnitId>(node.Id), cancellationToken) is not null,
        NodeKind.Container => await ContainerQueries.KindAsync(connection, null, Identifier.FromStored<ContainerId>(node.Id), cancellationToken) is not null,
        NodeKind.Manufacture => ManufactureId.Parse(node.Id) is { IsSuccess: true } m && await ProductionQueries.FindManufactureAsync(connection, null, m.Value, cancellationToken) is not null,
        NodeKind.Customer => CustomerId.Parse(node.Id) is { IsSuccess: true } c && await ShippingQueries.FindCustomerAsync(connection, null, c.Value, cancellationToken) is not null,
        _ => false,
    };
}
