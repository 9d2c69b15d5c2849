using Tracewright.Data;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Shipping;
using static Tracewright.Tests.Reliability.CrashWorkload;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// How many times each write's marker occurs in the ledger: event keys of captured EPCIS events, heat numbers of
/// receipts (and of the certificates filed with them), split lots, manufacture notes and shipment references.
/// Read from the ledger itself, not the derived tables, so a write that reached one but not the other shows.
/// </summary>
public sealed class LedgerCensus
{
    private readonly Dictionary<(Op, string), int> _counts = [];
    private readonly Dictionary<string, int> _certificates = new(StringComparer.OrdinalIgnoreCase);

    public long Records { get; private set; }

    public int Count(Op op, string key) => _counts.GetValueOrDefault((op, key));

    public int CertificatesFor(string heat) => _certificates.GetValueOrDefault(heat);

    public static async Task<LedgerCensus> ReadAsync(Database database)
    {
        var census = new LedgerCensus();
        await using var connection = await database.OpenConnectionAsync(default);
        await foreach (var entry in LedgerRows.ReadAllAsync(connection, null, default))
        {
            census.Records++;
            switch (entry.Event)
            {
                case EpcisEventCaptured e:
                    census.Add(Op.Capture, e.Key);
                    break;
                case LotReceived e:
                    census.Add(Op.Receive, e.Heat.Value);
                    break;
                case LotSplit e:
                    census.Add(Op.Split, e.Parent.Value);
                    break;
                case ManufactureRecorded { Notes: { } notes }:
                    census.Add(Op.Make, notes);
                    break;
                case ShipmentShipped { Reference: { } reference }:
                    census.Add(Op.Ship, reference);
                    break;
                case CertificateFiled e:
                    foreach (var heat in e.Heats)
                    {
                        census._certificates[heat.Value] = census._certificates.GetValueOrDefault(heat.Value) + 1;
                    }

                    break;
            }
        }

        return census;
    }

    private void Add(Op op, string key) => _counts[(op, key)] = _counts.GetValueOrDefault((op, key)) + 1;
}
