using System.Data.Common;
using System.Globalization;
using Tracewright.Data.Production;
using Tracewright.Data.Quality;
using Tracewright.Domain.Common;
using Tracewright.Domain.Quality;

namespace Tracewright.Features.Quality;

/// <summary>How <c>show</c> finds and prints an NCR, a CAPA or a deviation; kept here so <c>show</c> stays one lookup per area.</summary>
public static class QualityRecords
{
    public sealed record NcrView(Nonconformance Ncr, IReadOnlyList<CapaId> Capas);

    public sealed record CapaView(Capa Capa);

    public sealed record DeviationView(Deviation Deviation);

    /// <summary>The record an id names, as (kind, id, view), or null when it names none.</summary>
    public static async Task<(string Kind, string Id, object Record)?> FindAsync(DbConnection connection, string query, CancellationToken cancellationToken)
    {
        if (NcrId.Parse(query) is { IsSuccess: true } ncrId && await QualityQueries.FindNcrAsync(connection, null, ncrId.Value, cancellationToken) is { } ncr)
        {
            var capas = await QualityQueries.CapasOfNcrAsync(connection, null, ncr.Id, cancellationToken);
            return ("ncr", ncr.Id.Value, new NcrView(ncr, capas));
        }

        if (CapaId.Parse(query) is { IsSuccess: true } capaId && await QualityQueries.FindCapaAsync(connection, null, capaId.Value, cancellationToken) is { } capa)
        {
            return ("capa", capa.Id.Value, new CapaView(capa));
        }

        if (DeviationId.Parse(query) is { IsSuccess: true } deviationId && await ProductionQueries.FindDeviationAsync(connection, null, deviationId.Value, cancellationToken) is { } deviation)
        {
            return ("deviation", deviation.Id.Value, new DeviationView(deviation));
        }

        return null;
    }

    /// <summary>Prints a view found by <see cref="FindAsync"/>; false for any other record.</summary>
    public static bool TryPrint(TextWriter o, object record)
    {
        switch (record)
        {
            case NcrView v:
                var n = v.Ncr;
                o.WriteLine($"{n.Id}  {Nonconformances.Describe(n)}");
                o.WriteLine($"  {n.Description}");
                o.WriteLine($"  detected at {n.DetectedAt} by {n.DetectedBy}");
                o.WriteLine($"  covers: {string.Join(", ", n.Lots.Select(l => l.Value).Concat(n.Units.Select(u => u.Value)).Concat(n.Records.Select(r => r.Value)))}");
                if (v.Capas.Count > 0)
                {
                    o.WriteLine($"  CAPA: {string.Join(", ", v.Capas)}");
                }

                return true;
            case CapaView c:
                Capas.Print(o, c.Capa);
                return true;
            case DeviationView d:
                var x = d.Deviation;
                o.WriteLine($"{x.Id}  {x.Description}");
                o.WriteLine($"  lots {string.Join(", ", x.Lots)}{(x.InPlaceOf is null ? "" : $" in place of {x.InPlaceOf}")}, {x.ValidFrom:yyyy-MM-dd} to {x.ValidTo:yyyy-MM-dd}");
                o.WriteLine($"  used {Format(x.QuantityUsed)} of {Format(x.QuantityLimit)}");
                return true;
            default:
                return false;
        }
    }

    private static string Format(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
