using System.CommandLine;
using System.Globalization;
using Dapper;
using Tracewright.Cli;
using Tracewright.Data.Epcis;
using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Trace;
using Tracewright.Domain.Shipping;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Epcis;

/// <summary>
/// <c>tracewright export --epcis FILE [--format json|xml]</c>: the whole record as one EPCIS 2.0 document, in ledger order.
/// Native records become standard events with CBV vocabulary and the identifiers of <see cref="TracewrightIdentifiers"/>;
/// captured EPCIS events are written back as captured (with any error declaration since), so their hash IDs are unchanged.
/// </summary>
public static class ExportEpcis
{
    public const string Namespace = "https://id.tracewright.example/ns/";

    /// <summary>Extensions of a shipping event of ours: the shipment's delivery note reference and the customer's order reference.</summary>
    public const string ShipmentReferenceField = "shipmentReference", OrderReferenceField = "orderReference";

    public sealed record Response(string File, int Events);

    private static readonly string Zero = "+00:00";

    public static async Task<Result<Response>> HandleAsync(Shop shop, string file, string? format, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "xml"))
        {
            return new InvalidInput("format", $"format '{format}' is not json or xml");
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        // EPCIS takes a UN/CEFACT Rec. 20 code in every uom: an item whose unit is a word outside the table (possible only in
        // records older than it) would make a document no repository accepts, so say which before writing anything.
        var unmapped = (await MaterialsQueries.ListItemsAsync(connection, cancellationToken)).Where(i => i.Uom.Rec20 is null).ToList();
        if (unmapped.Count > 0)
        {
            return new RuleViolated(
                "unit-without-code",
                $"these items have a unit with no UN/CEFACT Rec. 20 code, which EPCIS requires: {string.Join(", ", unmapped.Select(i => $"{i.Code} ('{i.Uom}')"))}",
                "epcis");
        }

        await using var snapshot = await shop.Database.BeginSnapshotAsync(connection, cancellationToken);
        var captured = (await EpcisQueries.AllAsync(connection, snapshot, cancellationToken)).ToDictionary(r => r.Seq);
        var entries = await connection.QueryAsync<LedgerEntry>(new CommandDefinition(
            "SELECT seq AS Sequence, kind AS Kind, occurred_at AS OccurredAt, recorded_at AS RecordedAt, recorded_by AS RecordedBy, reason AS Reason, corrects_seq AS Corrects, payload AS Payload, prev_hash AS PreviousHash, hash AS Hash FROM ledger ORDER BY seq",
            transaction: snapshot, cancellationToken: cancellationToken));
        var items = await MaterialsQueries.ListItemsAsync(connection, cancellationToken);
        var gtinByItem = items.Where(i => i.Gtin is not null).ToDictionary(i => i.Code.Value, i => i.Gtin!.Value.Value, StringComparer.Ordinal);
        var itemByLot = gtinByItem.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await connection.QueryAsync<(string Id, string Item)>(new CommandDefinition("SELECT id AS Id, item_code AS Item FROM lots", transaction: snapshot, cancellationToken: cancellationToken)))
                .ToDictionary(l => l.Id, l => l.Item, StringComparer.Ordinal);
        var names = new TracewrightIdentifiers.Names(gtinByItem, itemByLot, await ContainerQueries.Gs1CompanyPrefixAsync(connection, snapshot, cancellationToken));
        var events = new List<EpcisEvent>();
        var certificates = new Dictionary<string, CertificateFiled>(StringComparer.Ordinal);
        var namespaces = new List<IReadOnlyDictionary<string, string>> { new Dictionary<string, string> { ["tw"] = Namespace } };
        var masterData = new MasterData(names, items);
        var runs = new Dictionary<string, EpcisEvent>(StringComparer.Ordinal);
        var receipts = new Dictionary<string, EpcisEvent>(StringComparer.Ordinal);
        var orderReferences = new Dictionary<string, string>(StringComparer.Ordinal);
        var shipmentCustomers = new Dictionary<string, string>(StringComparer.Ordinal);
        var lotUoms = new Dictionary<string, UnitOfMeasure>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (captured.TryGetValue(entry.Sequence, out var row))
            {
                var (stored, ns) = QueryEpcis.Stored(row);
                events.Add(stored);
                namespaces.Add(ns);
                continue;
            }

            masterData.Add(entry.Event);
            switch (entry.Event)
            {
                case CertificateFiled filed:
                    certificates[filed.Id.Value] = filed;
                    break;
                case CertificateAttached attached when certificates.TryGetValue(attached.Certificate.Value, out var filed):
                    events.Add(Certified(entry, attached.Lot, filed, names));
                    break;
                case OrderPlaced { Reference: { } reference } placed:
                    orderReferences[placed.Id.Value] = reference;
                    break;
                case LotReceived received:
                    lotUoms[received.Lot.Value] = received.Uom;
                    break;
                case LotSplit split:
                    foreach (var piece in split.Pieces)
                    {
                        lotUoms[piece.Piece.Value] = piece.Uom;
                    }

                    break;
                case ManufactureRecorded { OutputLot: { } output, OutputUom: { } outputUom }:
                    lotUoms[output.Value] = outputUom;
                    break;
                case ShipmentShipped leaving:
                    shipmentCustomers[leaving.Id.Value] = leaving.Customer.Value;
                    break;
                case ReturnReceived returned:
                    events.AddRange(Returned(entry, returned, shipmentCustomers.GetValueOrDefault(returned.Shipment.Value), lotUoms, names));
                    break;
                case ManufactureInputsCorrected corrected when runs.TryGetValue(corrected.Id.Value, out var run):
                    var (declared, corrective) = Corrected(entry, run, WithInputs(run, corrected, names));
                    events.Add(declared);
                    events.Add(corrective);
                    runs[corrected.Id.Value] = corrective;
                    break;
                case LotReceiptCorrected fixedReceipt when receipts.TryGetValue(fixedReceipt.Lot.Value, out var receipt):
                    var (declaredReceipt, correctiveReceipt) = Corrected(entry, receipt, WithReceipt(receipt, fixedReceipt));
                    events.Add(declaredReceipt);
                    events.Add(correctiveReceipt);
                    receipts[fixedReceipt.Lot.Value] = correctiveReceipt;
                    break;
            }

            var native = Native(entry, names).ToList();
            if (entry.Event is ManufactureRecorded made && native.Count == 1)
            {
                runs[made.Id.Value] = native[0];
            }
            else if (entry.Event is LotReceived arrived && native.Count == 1)
            {
                receipts[arrived.Lot.Value] = native[0];
            }
            else if (entry.Event is ShipmentShipped shipped && native.Count == 1)
            {
                // The delivery note number and the customer's order number the shop printed, which a recall notice quotes.
                native[0] = native[0] with
                {
                    Extensions = [.. new[] { (ShipmentReferenceField, shipped.Reference), (OrderReferenceField, orderReferences.GetValueOrDefault(shipped.Order.Value)) }
                        .Where(f => f.Item2 is not null).Select(f => Field(f.Item1, f.Item2!))],
                };
            }

            events.AddRange(native);
        }

        var capturedMasterData = await EpcisQueries.MasterDataAsync(connection, snapshot, null, cancellationToken);
        var document = new EpcisDocument
        {
            Kind = EpcisDocumentKind.Document,
            CreationDate = shop.Clock.GetUtcNow(),
            Header = new EpcisHeader(null, null, null, masterData.Vocabularies(capturedMasterData.Values)),
            Events = events,
            Namespaces = QueryEpcis.Merge(namespaces),
        };
        await File.WriteAllTextAsync(file, format == "xml" ? EpcisXmlWriter.Write(document) : EpcisJsonWriter.Write(document), cancellationToken);
        return new Response(file, events.Count);
    }

    /// <summary>
    /// A certificate attached to a lot, as EPCIS 2.0 states it: an ObjectEvent OBSERVE of the lot whose <c>certificationInfo</c> is
    /// the certificate, named <c>…/certificate/ID?type=…&amp;file=…&amp;declares=…&amp;restricts=…</c> (<see cref="OwnCertificate"/>):
    /// its type, file, the standards it declares and the restricted substances it lists travel, so compliance over the captured
    /// events judges as the shop did (any other reader finds the standard in the certificate's name). <c>tw:recordedAt</c> keeps
    /// when the shop held it, which a capturing repository's record time would replace.
    /// </summary>
    private static EpcisEvent Certified(LedgerEntry entry, LotId lot, CertificateFiled filed, TracewrightIdentifiers.Names names)
    {
        var uri = new OwnCertificate(filed.Id.Value, filed.Type.ToString(), filed.FileName, filed.Standards, filed.RestrictedSubstances).ToUri();
        return new EpcisEvent
        {
            Type = EpcisEventType.ObjectEvent,
            EventId = TracewrightIdentifiers.Stem + "record/" + entry.Sequence.ToString(CultureInfo.InvariantCulture) + "/certificate",
            EventTime = Timestamp.FromText(entry.OccurredAt),
            EventTimeZoneOffset = Zero,
            RecordTime = Timestamp.FromText(entry.RecordedAt),
            Action = EpcisAction.Observe,
            QuantityList = [new EpcisQuantity(names.Lot(lot), null, null)],
            CertificationInfo = [uri],
            Extensions = [Field(CapturedMaterial.RecordedAtField, entry.RecordedAt)],
        };
    }

    /// <summary>
    /// A record corrected, as EPCIS 2.0 corrects an event (§7.4.1.2): its event as it stood, repeated with an <c>errorDeclaration</c>
    /// (reason <c>incorrect_data</c>, the correction's reason as <c>tw:reason</c>, declared when the correction was recorded) naming
    /// the corrective event, which is <paramref name="corrected"/> under the correction's own eventID. A run whose inputs were
    /// corrected is the run with the corrected inputs, at the run's own time; a receipt corrected, the receipt with the corrected
    /// supplier lot, grade or PO.
    /// </summary>
    private static (EpcisEvent Declared, EpcisEvent Corrective) Corrected(LedgerEntry entry, EpcisEvent original, EpcisEvent corrected)
    {
        var corrective = corrected with
        {
            EventId = TracewrightIdentifiers.Stem + "record/" + entry.Sequence.ToString(CultureInfo.InvariantCulture),
            RecordTime = Timestamp.FromText(entry.RecordedAt),
            ErrorDeclaration = null,
        };
        var declared = original with
        {
            ErrorDeclaration = new EpcisErrorDeclaration(
                Timestamp.FromText(entry.RecordedAt), "https://ref.gs1.org/cbv/ER-incorrect_data", [corrective.EventId!], entry.Reason is { } why ? [Field("reason", why)] : []),
        };
        return (declared, corrective);
    }

    private static EpcisEvent WithInputs(EpcisEvent run, ManufactureInputsCorrected c, TracewrightIdentifiers.Names names) => run with
    {
        EventTime = c.Finished,
        InputEpcList = [.. c.Units.Select(u => names.Unit(u.Unit))],
        InputQuantityList = [.. c.Lots.Select(l => new EpcisQuantity(names.Lot(l.Lot), l.Quantity, l.Uom.Rec20?.Code ?? l.Uom.Value))],
    };

    private static EpcisEvent WithReceipt(EpcisEvent receipt, LotReceiptCorrected c)
    {
        IReadOnlyList<EpcisExtensionElement> ilmd = [.. (receipt.Ilmd ?? []).Where(x => !(x.LocalName == "supplierLot" && c.SupplierLot is not null) && !(x.LocalName == "grade" && c.Grade is not null)),
            .. new[] { ("supplierLot", c.SupplierLot), ("grade", c.Grade) }.Where(f => f.Item2 is not null).Select(f => Field(f.Item1, f.Item2!))];
        return receipt with
        {
            Ilmd = ilmd,
            BizTransactionList = c.PurchaseOrder is { } po ? [new EpcisBizTransaction(TracewrightIdentifiers.Stem + "po/" + Uri.EscapeDataString(po), "https://ref.gs1.org/cbv/BTT-po")] : receipt.BizTransactionList,
        };
    }

    /// <summary>
    /// A return against a shipment (RMA), as the events that bring things back: the units an ObjectEvent OBSERVE (bizStep
    /// receiving, disposition returned, status <c>returned</c>); a quantity that comes back as a piece of its own a
    /// TransformationEvent (repackaging) from its lot — named without a quantity, since the lot's stock went with the
    /// shipment — to the piece, which keeps what its lot was received with; a quantity back into its lot an ObjectEvent ADD.
    /// Each from the customer (owning party), with the return as an <c>rma</c> business transaction, the reason as
    /// <c>tw:reason</c>, status <c>blocked</c> for inspection as the shop's own.
    /// </summary>
    private static IEnumerable<EpcisEvent> Returned(
        LedgerEntry entry, ReturnReceived r, string? customer, IReadOnlyDictionary<string, UnitOfMeasure> lotUoms, TracewrightIdentifiers.Names names)
    {
        const string Cbv = "https://ref.gs1.org/cbv/";
        var id = TracewrightIdentifiers.Stem + "record/" + entry.Sequence.ToString(CultureInfo.InvariantCulture);
        var why = entry.Reason is { } reason ? [Field("reason", reason)] : Array.Empty<EpcisExtensionElement>();
        var common = new EpcisEvent
        {
            Type = EpcisEventType.ObjectEvent,
            EventTime = Timestamp.FromText(entry.OccurredAt),
            EventTimeZoneOffset = Zero,
            RecordTime = Timestamp.FromText(entry.RecordedAt),
            BizStep = Cbv + "BizStep-receiving",
            Disposition = Cbv + "Disp-returned",
            BizLocation = new EpcisLocation(names.Shop, []),
            BizTransactionList = [new EpcisBizTransaction(TracewrightIdentifiers.Stem + "return/" + Uri.EscapeDataString(r.Id.Value), Cbv + "BTT-rma")],
            SourceList = customer is null ? [] : [new EpcisSourceDestination(TracewrightIdentifiers.Customer(customer), Cbv + "SDT-owning_party")],
        };
        string? Uom(LotId lot) => lotUoms.TryGetValue(lot.Value, out var uom) ? uom.Rec20?.Code ?? uom.Value : null;
        if (r.Units.Count > 0)
        {
            yield return common with
            {
                EventId = id,
                Action = EpcisAction.Observe,
                EpcList = [.. r.Units.Select(names.Unit)],
                Extensions = [Field(StatusField, Unit.Describe(UnitStatus.Returned)), .. why],
            };
        }

        foreach (var (lot, i) in r.Lots.Select((l, i) => (l, i)))
        {
            var status = Field(StatusField, LotStatus.Blocked.Describe());
            yield return lot.Piece is { } piece
                ? common with
                {
                    Type = EpcisEventType.TransformationEvent,
                    EventId = $"{id}/lot/{i + 1}",
                    BizStep = CapturedMaterial.Repackaging,
                    InputQuantityList = [new EpcisQuantity(names.Lot(lot.Lot), null, null)],
                    OutputQuantityList = [new EpcisQuantity(names.Lot(piece), lot.Quantity, Uom(lot.Lot))],
                    Extensions = [status, Field(CapturedMaterial.RecordedAtField, entry.RecordedAt), .. why],
                }
                : common with
                {
                    EventId = $"{id}/lot/{i + 1}",
                    Action = EpcisAction.Add,
                    QuantityList = [new EpcisQuantity(names.Lot(lot.Lot), lot.Quantity, Uom(lot.Lot))],
                    Extensions = [status, .. why],
                };
        }
    }

    /// <summary>The EPCIS events a native ledger record stands for (none for records that move no material).</summary>
    private static IEnumerable<EpcisEvent> Native(LedgerEntry entry, TracewrightIdentifiers.Names names) =>
        Native(entry.Event, entry.Sequence, Timestamp.FromText(entry.OccurredAt), Timestamp.FromText(entry.RecordedAt), entry.Reason, names);

    /// <summary>
    /// The EPCIS events a native record stands for, before or without storing it: <paramref name="sequence"/> names the event
    /// (<c>…/record/N</c>); without <paramref name="recordedAt"/> the event has no record time (the capturing store sets it).
    /// A status change keeps the record's <paramref name="reason"/> as <c>tw:reason</c>; a block a recall made is disposition
    /// <c>recalled</c> (issue 15), as a captured object's block is.
    /// <paramref name="names"/> says how lots, units and the shop are named (GS1 keys where the shop has them, else our URIs).
    /// </summary>
    public static IEnumerable<EpcisEvent> Native(ILedgerEvent e, long sequence, DateTimeOffset at, DateTimeOffset? recordedAt, string? reason = null, TracewrightIdentifiers.Names? names = null)
    {
        var n = names ?? TracewrightIdentifiers.Names.Own;
        IReadOnlyList<EpcisExtensionElement> Why() => reason is null ? [] : [Field("reason", reason)];
        string StatusDisposition(string disposition) => reason is not null && reason.StartsWith("recall of ", StringComparison.Ordinal) ? "https://ref.gs1.org/cbv/Disp-recalled" : disposition;
        var id = TracewrightIdentifiers.Stem + "record/" + sequence.ToString(CultureInfo.InvariantCulture);
        EpcisEvent Event(EpcisEventType type, EpcisAction? action) =>
            new() { Type = type, EventId = id, EventTime = at, EventTimeZoneOffset = Zero, RecordTime = recordedAt, Action = action };
        EpcisQuantity Lot(LotId lot, decimal? quantity, UnitOfMeasure? uom) => new(n.Lot(lot), quantity, uom is { } u ? u.Rec20?.Code ?? u.Value : null);
        const string Cbv = "https://ref.gs1.org/cbv/";
        switch (e)
        {
            case LotReceived r:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Add) with
                {
                    BizStep = Cbv + "BizStep-receiving",
                    Disposition = Disposition(r.Status),
                    Extensions = [Field(StatusField, r.Status.Describe())],
                    BizLocation = new EpcisLocation(n.Shop, []),
                    QuantityList = [Lot(r.Lot, r.Quantity, r.Uom)],
                    SourceList = [new EpcisSourceDestination(TracewrightIdentifiers.Supplier(r.Supplier.Value), Cbv + "SDT-owning_party")],
                    BizTransactionList = r.PurchaseOrder is { } po ? [new EpcisBizTransaction(TracewrightIdentifiers.Stem + "po/" + Uri.EscapeDataString(po), Cbv + "BTT-po")] : [],
                    Ilmd = [.. new[] { ("item", r.Item.Value), ("heat", r.Heat.Value), ("supplier", r.Supplier.Value), ("supplierLot", r.SupplierLot), ("grade", r.Grade) }
                        .Where(f => f.Item2 is not null).Select(f => Field(f.Item1, f.Item2!))],
                };
                break;
            case LotSplit s:
                yield return Event(EpcisEventType.TransformationEvent, null) with
                {
                    BizStep = CapturedMaterial.Repackaging,
                    Extensions = recordedAt is { } cutAt ? [Field(CapturedMaterial.RecordedAtField, Timestamp.ToText(cutAt))] : [],
                    InputQuantityList = [Lot(s.Parent, s.Pieces.Sum(p => p.Quantity) + s.Scrap, s.Pieces.FirstOrDefault()?.Uom)],
                    OutputQuantityList = [.. s.Pieces.Select(p => Lot(p.Piece, p.Quantity, p.Uom))],
                };
                break;
            case ManufactureRecorded m:
                yield return Event(EpcisEventType.TransformationEvent, null) with
                {
                    BizStep = Cbv + "BizStep-commissioning",
                    TransformationId = TracewrightIdentifiers.Manufacture(m.Id.Value),
                    InputEpcList = [.. m.Units.Select(u => n.Unit(u.Unit))],
                    InputQuantityList = [.. m.Lots.Select(l => Lot(l.Lot, l.Quantity, l.Uom))],
                    OutputEpcList = [.. m.OutputSerials.Select(s => n.Unit(UnitId.Of(m.Product, s)))],
                    OutputQuantityList = m.OutputLot is { } o ? [Lot(o, m.OutputQuantity, m.OutputUom)] : [],
                    Ilmd = m.OutputLot is null ? null : [Field("item", m.Product.Value)],
                    Extensions = Evidence(EvidenceNote.Manufacture(m.Product.Value, Timestamp.ToText(m.Finished), m.Machine, m.Tool, m.Operator, m.Sop), new WorkContext(m.Operator, m.Machine, m.Tool, null), m.Sop),
                };
                break;
            case ComponentInstalled i:
                yield return Aggregation(n, Event(EpcisEventType.AggregationEvent, EpcisAction.Add), Cbv + "BizStep-installing", n.Unit(i.Parent), i.Component, i.Lot, i.Quantity);
                break;
            case ComponentRemoved r:
                yield return Aggregation(n, Event(EpcisEventType.AggregationEvent, EpcisAction.Delete), Cbv + "BizStep-removing", n.Unit(r.Parent), r.Component, r.Lot, null);
                break;
            case ContainerPacked p:
                yield return Packing(n, Event(EpcisEventType.AggregationEvent, EpcisAction.Add), Cbv + "BizStep-packing", p.Container, p.Kind, p.Content, p.Quantity);
                break;
            case ContainerUnpacked u:
                yield return Packing(n, Event(EpcisEventType.AggregationEvent, EpcisAction.Delete), Cbv + "BizStep-unpacking", u.Container, u.Kind, u.Content, null);
                break;
            case ShipmentShipped s:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Observe) with
                {
                    BizStep = Cbv + "BizStep-shipping",
                    Disposition = Cbv + "Disp-in_transit",
                    ReadPoint = new EpcisLocation(n.Shop, []),
                    EpcList = [.. s.Units.Where(u => u.Container is null).Select(u => n.Unit(u.Unit)), .. s.Containers.Select(TracewrightIdentifiers.Container)],
                    QuantityList = [.. s.Lots.Where(l => l.Container is null).Select(l => Lot(l.Lot, l.Quantity, l.Uom))],
                    BizTransactionList = [new EpcisBizTransaction(TracewrightIdentifiers.Stem + "order/" + s.Order.Value, Cbv + "BTT-po"), new EpcisBizTransaction(TracewrightIdentifiers.Stem + "shipment/" + s.Id.Value, Cbv + "BTT-desadv")],
                    SourceList = n.ShopParty is { } shop ? [new EpcisSourceDestination(shop, Cbv + "SDT-owning_party")] : [],
                    DestinationList = [new EpcisSourceDestination(TracewrightIdentifiers.Customer(s.Customer.Value), Cbv + "SDT-owning_party")],
                };
                break;
            case UnitInspected i:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Observe) with
                {
                    BizStep = Cbv + "BizStep-inspecting",
                    Disposition = Cbv + (i.Passed ? "Disp-conformant" : "Disp-non_conformant"),
                    EpcList = [n.Unit(i.Unit)],
                    Extensions = Evidence(EvidenceNote.Of(i, i.Unit), i.Work, null),
                };
                break;
            case UnitTested t:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Observe) with
                {
                    BizStep = Cbv + "BizStep-inspecting",
                    Disposition = Cbv + (t.Passed ? "Disp-conformant" : "Disp-non_conformant"),
                    EpcList = [n.Unit(t.Unit)],
                    SensorElementList = [new EpcisSensorElement(null, [.. t.Measurements.Select(Report)], [])],
                    Extensions = Evidence(EvidenceNote.Of(t, t.Unit), t.Work, null),
                };
                break;
            case OperationPerformed op:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Observe) with
                {
                    BizStep = OperationStep,
                    EpcList = [n.Unit(op.Unit)],
                    Extensions = [Field("operation", op.Operation), .. Evidence(EvidenceNote.Of(op, op.Unit), op.Work, null)],
                };
                break;
            case UnitReworked r:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Observe) with
                {
                    BizStep = Cbv + "BizStep-repairing",
                    EpcList = [n.Unit(r.Unit)],
                    Extensions = Evidence(EvidenceNote.Of(r, r.Unit), r.Work, null),
                };
                break;
            case LotStatusChanged c:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Observe) with
                {
                    Disposition = StatusDisposition(Disposition(c.To)), QuantityList = [Lot(c.Lot, null, null)], Extensions = [Field(StatusField, c.To.Describe()), .. Why()],
                };
                break;
            case UnitStatusChanged c:
                yield return Event(EpcisEventType.ObjectEvent, EpcisAction.Observe) with
                {
                    Disposition = StatusDisposition(Disposition(c.To)), EpcList = [n.Unit(c.Unit)], Extensions = [Field(StatusField, Unit.Describe(c.To)), .. Why()],
                };
                break;
        }
    }

    /// <summary>
    /// The master data an export carries (issue 15): every customer and supplier as a Party and the shop as a Location, with the
    /// CBV 2.0 master data attributes (<c>urn:epcglobal:cbv:mda#name</c>, <c>#contact</c>, <c>#email</c>, <c>#telephone</c>,
    /// <c>#streetAddressOne</c>), so the export read back names the parties as the shop does; master data captured from other
    /// systems is written back as captured (simple values), after ours for ids we do not describe ourselves.
    /// </summary>
    private sealed class MasterData(TracewrightIdentifiers.Names names, IReadOnlyList<Item> items)
    {
        private const string ClassType = "urn:epcglobal:epcis:vtype:EPCClass";
        private const string PartyType = "urn:epcglobal:epcis:vtype:Party";
        private const string LocationType = "urn:epcglobal:epcis:vtype:Location";
        private readonly Dictionary<string, EpcisVocabularyElement> _parties = new(StringComparer.Ordinal);
        private string? _shipFrom;

        public void Add(ILedgerEvent e)
        {
            switch (e)
            {
                case CustomerRegistered c:
                    _parties[TracewrightIdentifiers.Customer(c.Id.Value)] = Element(TracewrightIdentifiers.Customer(c.Id.Value), c.Name, c.ContactName, c.Email, c.Phone, c.Address);
                    break;
                case SupplierRegistered s:
                    _parties[TracewrightIdentifiers.Supplier(s.Name.Value)] = Element(TracewrightIdentifiers.Supplier(s.Name.Value), s.Name.Value, s.ContactName, s.Email, s.Phone, s.Address);
                    break;
                case ShipmentShipped shipped:
                    _shipFrom = shipped.ShipFrom;
                    break;
            }
        }

        public IReadOnlyList<EpcisVocabulary> Vocabularies(IEnumerable<EpcisMasterDataRow> captured)
        {
            var vocabularies = new List<EpcisVocabulary>();
            if (_shipFrom is not null && names.ShopParty is { } party)
            {
                _parties[party] = Element(party, _shipFrom, null, null, null, null);
            }

            if (_parties.Count > 0)
            {
                vocabularies.Add(new EpcisVocabulary(PartyType, [.. _parties.Values]));
            }

            if (_shipFrom is not null)
            {
                vocabularies.Add(new EpcisVocabulary(LocationType, [Element(names.Shop, _shipFrom, null, null, null, null)]));
            }

            // Each item as an EPCClass naming it and its description — by the GTIN the shop gave it (an import knows its LGTINs and
            // SGTINs as our lots and units), else by our own item URI.
            var classes = items.Select(i => new EpcisVocabularyElement(
                i.Gtin is { } gtin ? "https://id.gs1.org/01/" + gtin.Value : TracewrightIdentifiers.Item(i.Code.Value),
                [
                    new EpcisVocabularyAttribute(TracewrightIdentifiers.ItemAttribute, i.Code.Value, []),
                    new EpcisVocabularyAttribute(EpcisParty.Mda + "descriptionShort", i.Description, []),
                    new EpcisVocabularyAttribute(TracewrightIdentifiers.UnitAttribute, i.Uom.Value, []),
                ],
                [])).ToList();
            if (classes.Count > 0)
            {
                vocabularies.Add(new EpcisVocabulary(ClassType, classes));
            }

            var ours = new HashSet<string>(_parties.Keys.Concat(classes.Select(c => c.Id)), StringComparer.Ordinal);
            var others = captured.Where(r => !ours.Contains(r.Id) && !(r.Id == names.Shop && _shipFrom is not null));
            vocabularies.AddRange(others.GroupBy(r => r.Kind, StringComparer.Ordinal).Select(g => new EpcisVocabulary(g.Key, [.. g.Select(Element)])));
            return vocabularies;
        }

        private static EpcisVocabularyElement Element(string id, string name, string? contact, string? email, string? phone, string? address)
        {
            var attributes = new List<EpcisVocabularyAttribute>();
            foreach (var (attribute, value) in new[] { ("name", name), ("contact", contact), ("email", email), ("telephone", phone), ("streetAddressOne", address) })
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    attributes.Add(new EpcisVocabularyAttribute(EpcisParty.Mda + attribute, value, []));
                }
            }

            return new EpcisVocabularyElement(id, attributes, []);
        }

        private static EpcisVocabularyElement Element(EpcisMasterDataRow row)
        {
            using var json = System.Text.Json.JsonDocument.Parse(row.Attributes);
            var attributes = json.RootElement.GetProperty("attributes").EnumerateArray()
                .Select(a => new EpcisVocabularyAttribute(a.GetProperty("id").GetString()!, a.TryGetProperty("value", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null, []))
                .Where(a => a.Value is not null)
                .ToList();
            var children = json.RootElement.TryGetProperty("children", out var c) ? c.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            return new EpcisVocabularyElement(row.Id, attributes, children);
        }
    }

    private static EpcisEvent Aggregation(TracewrightIdentifiers.Names n, EpcisEvent e, string bizStep, string parent, UnitId? component, LotId? lot, decimal? quantity) =>
        e with
        {
            BizStep = bizStep,
            ParentId = parent,
            ChildEpcs = component is { } c ? [n.Unit(c)] : [],
            ChildQuantityList = lot is { } l ? [new EpcisQuantity(n.Lot(l), quantity, null)] : [],
        };

    private static EpcisEvent Packing(TracewrightIdentifiers.Names n, EpcisEvent e, string bizStep, ContainerId container, ContentKind kind, string content, decimal? quantity) =>
        e with
        {
            BizStep = bizStep,
            ParentId = TracewrightIdentifiers.Container(container),
            ChildEpcs = kind switch
            {
                ContentKind.Unit => [n.Unit(Identifier.FromStored<UnitId>(content))],
                ContentKind.Container => [TracewrightIdentifiers.Container(Identifier.FromStored<ContainerId>(content))],
                _ => [],
            },
            ChildQuantityList = kind == ContentKind.Lot ? [new EpcisQuantity(n.Lot(Identifier.FromStored<LotId>(content)), quantity, null)] : [],
        };

    /// <summary>A test measurement as a sensor report: its name as a type in our namespace, the value and the limits.</summary>
    private static EpcisSensorPart Report(Measurement m)
    {
        var fields = new List<EpcisSensorField>
        {
            new("type", Namespace + "measurement/" + Uri.EscapeDataString(m.Name), EpcisValueKind.String),
            new("value", m.Value.ToString(CultureInfo.InvariantCulture), EpcisValueKind.Number),
        };
        if (m.Lower is { } lower)
        {
            fields.Add(new("minValue", lower.ToString(CultureInfo.InvariantCulture), EpcisValueKind.Number));
        }

        if (m.Upper is { } upper)
        {
            fields.Add(new("maxValue", upper.ToString(CultureInfo.InvariantCulture), EpcisValueKind.Number));
        }

        // Units are free text here, UN/ECE codes in EPCIS: the unit travels as an extension rather than a guessed code.
        return new EpcisSensorPart(fields, [Field("unit", m.Unit)]);
    }

    private static EpcisExtensionElement Field(string name, string value) => new(Namespace, name, "tw", value, EpcisValueKind.String, []);

    /// <summary>The value of one of our own <c>tw:</c> fields among an event's extensions, or null.</summary>
    public static string? FieldOf(IEnumerable<EpcisExtensionElement> extensions, string name) =>
        extensions.FirstOrDefault(x => x.Namespace == Namespace && x.LocalName == name)?.Value;

    /// <summary>The business step of a shop-floor operation on a unit (CBV has none for it).</summary>
    public const string OperationStep = Namespace + "bizstep/operation";

    /// <summary>
    /// The extension that carries a lot's or unit's status as the shop words it (<c>quarantine</c>, <c>blocked</c>, <c>scrapped</c>),
    /// which the CBV disposition beside it says only roughly (<c>unavailable</c>, <c>destroyed</c>).
    /// </summary>
    public const string StatusField = "status";

    /// <summary>The extension that carries the shop's evidence note of a record, as its trace and as-built records word it.</summary>
    public const string NoteField = "note";

    /// <summary>
    /// The evidence of a record (issue 15): who did it, on which machine, with which tool, at which station, under which SOP, each
    /// as its own <c>tw:</c> field for systems that read them, and the note as the shop's trace and as-built records word it.
    /// </summary>
    private static IReadOnlyList<EpcisExtensionElement> Evidence(string? note, WorkContext work, string? sop) =>
        [.. new[] { ("operator", work.Operator), ("machine", work.Machine), ("tool", work.Tool), ("station", work.Station), ("sop", sop), (NoteField, note) }
            .Where(f => f.Item2 is not null).Select(f => Field(f.Item1, f.Item2!))];

    private static string Disposition(LotStatus status) => "https://ref.gs1.org/cbv/Disp-" + status switch
    {
        LotStatus.Available => "available",
        LotStatus.Quarantine or LotStatus.Blocked => "unavailable",
        LotStatus.Rejected => "non_conformant",
        LotStatus.Consumed => "inactive",
        _ => "destroyed",
    };

    private static string Disposition(UnitStatus status) => "https://ref.gs1.org/cbv/Disp-" + status switch
    {
        UnitStatus.Available => "available",
        UnitStatus.Blocked => "unavailable",
        UnitStatus.Shipped => "in_transit",
        UnitStatus.Returned => "returned",
        UnitStatus.InService => "active",
        UnitStatus.Consumed => "inactive",
        _ => "destroyed",
    };

    public static Command Verb(CliHost host)
    {
        var file = new Option<string>("--epcis") { Description = "Write the whole record as one EPCIS 2.0 document to this file", Required = true };
        var format = new Option<string?>("--format") { Description = "json (JSON-LD, default) or xml" };
        var command = new Command("export", "Export the record in a standard format") { file, format };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, p.GetValue(file)!, p.GetValue(format), ct),
            (o, r) => o.WriteLine($"{r.Events} EPCIS events written to {r.File}")));
        return command;
    }
}
