using System.Globalization;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Trace;

/// <summary>
/// The words a trace or an as-built record shows beside a unit or a run for the evidence the shop recorded: operations,
/// inspections, tests with their values against limits, rework, and the run's product, time, machine, tool, operator and SOP.
/// One wording, whether the record is read from the ledger or from the EPCIS export that carries it (issue 15).
/// </summary>
public static class EvidenceNote
{
    /// <summary>The note of a record about <paramref name="unit"/>, or null for records that are not evidence about it.</summary>
    public static string? Of(ILedgerEvent e, UnitId unit) => e switch
    {
        OperationPerformed o when o.Unit == unit => $"operation {o.Operation}{Work(o.Work)}{(o.Parameters.Count == 0 ? "" : " " + string.Join(" ", o.Parameters.Select(p => $"{p.Key}={p.Value}")))}",
        UnitInspected i when i.Unit == unit => $"inspection {(i.Passed ? "PASS" : "FAIL")} by {i.Inspector}{(i.Notes is null ? "" : $": {i.Notes}")}",
        UnitTested t when t.Unit == unit => $"test {t.Step} {(t.Passed ? "PASS" : "FAIL")}{Work(t.Work)}: {string.Join("; ", t.Measurements.Select(Measure))}",
        UnitReworked r when r.Unit == unit => $"{(r.Repair ? "repair" : "rework")}: {r.Description}",
        _ => null,
    };

    /// <summary>A note with the minute it happened, as lists of evidence show it (<c>2024-06-01T12:00 test …</c>).</summary>
    public static string At(string occurredAt, string note) => $"{occurredAt[..16]} {note}";

    /// <summary>A manufacture run: product, when it finished (ledger time text), machine, tool, operator and SOP.</summary>
    public static string Manufacture(string product, string finishedAt, string? machine, string? tool, string @operator, string? sop) =>
        $"{product} {finishedAt[..16]}{(machine is null ? "" : $" on {machine}")}{(tool is null ? "" : $" with {tool}")} by {@operator}{(sop is null ? "" : $", SOP {sop}")}";

    private static string Work(WorkContext work) =>
        (work.Machine is null ? "" : $" on {work.Machine}") + (work.Tool is null ? "" : $" with {work.Tool}") + (work.Operator is null ? "" : $" by {work.Operator}");

    private static string Measure(Measurement m) =>
        $"{m.Name}={m.Value.ToString(CultureInfo.InvariantCulture)} {m.Unit} [{m.Lower?.ToString(CultureInfo.InvariantCulture)}..{m.Upper?.ToString(CultureInfo.InvariantCulture)}] {(m.Passed ? "ok" : "OUT OF LIMITS")}";
}
