using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;
using Tracewright.Domain.Quality;
using Tracewright.Features.Production;

namespace Tracewright.Features.Spreadsheets;

/// <summary>
/// The manufacture sheet: the rows sharing a record ref are one run (one input lot or unit per row), recorded
/// through <see cref="RecordManufacture"/> exactly as <c>tracewright make</c> would.
/// </summary>
internal static class ImportManufacture
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["item"] = "item", ["bom"] = "bom", ["use"] = "input lot", ["use-serial"] = "input serial", ["machine"] = "machine", ["tool"] = "tool",
        ["operator"] = "operator", ["sop"] = "sop", ["started"] = "started", ["finished"] = "finished", ["notes"] = "notes",
        ["batch-qty"] = "batch qty", ["serials"] = "serials", ["serial"] = "serials", ["deviation"] = "deviation", ["prefix"] = "record ref",
    };

    private static readonly string[] RunColumns = ["item", "bom", "machine", "tool", "operator", "sop", "started", "finished", "batch qty", "deviation", "notes"];

    public static async Task RunAsync(SheetImport import, CancellationToken cancellationToken)
    {
        foreach (var group in import.Groups("record ref"))
        {
            import.Step(group.Count);
            var bad = false;
            foreach (var row in group)
            {
                var lotWithoutQty = row["input lot"] is not null && row["input qty"] is null ? new InvalidInput("input qty", "input qty is required for an input lot") : null;
                var qtyWithoutLot = row["input qty"] is not null && row["input lot"] is null ? new InvalidInput("input lot", "input lot is required with an input qty") : null;
                bad |= import.Report(
                    row,
                    ("item", row["item"] is null ? null : ItemCode.Parse(row["item"]).Error),
                    ("bom", row["bom"] is null ? null : BomId.Parse(row["bom"]).Error),
                    ("input lot", qtyWithoutLot ?? (row["input lot"] is null ? null : Text.Code(row["input lot"], "input lot").Error)),
                    ("input qty", lotWithoutQty ?? (row["input qty"] is null ? null : Text.Quantity(row["input qty"], "input qty").Error)),
                    ("started", row["started"] is null ? null : Timestamp.Parse(SheetFile.DateText(row["started"]), "started").Error),
                    ("finished", row["finished"] is null ? null : Timestamp.Parse(SheetFile.DateText(row["finished"]), "finished").Error),
                    ("batch qty", row["batch qty"] is null ? null : Text.Quantity(row["batch qty"], "batch qty").Error),
                    ("deviation", row["deviation"] is null ? null : DeviationId.Parse(row["deviation"]).Error),
                    ("serials", Text.List(row["serials"]).Select(s => SerialNumber.Parse(s).Error).FirstOrDefault(e => e is not null)));
            }

            var values = RunColumns.ToDictionary(c => c, c => import.GroupValue(group, c, "record ref"), StringComparer.Ordinal);
            if (values["item"] is null)
            {
                import.Problem(group[0], "item", $"record ref '{group[0]["record ref"]}' needs the item made on one of its rows");
                bad = true;
            }

            if (bad)
            {
                continue;
            }

            var serials = group.SelectMany(r => Text.List(r["serials"])).ToList();
            var result = await RecordManufacture.HandleAsync(import.Write, import.Actor, new RecordManufacture.Request(
                values["item"],
                group.Where(r => r["input lot"] is not null).Select(r => $"{r["input lot"]}:{r["input qty"]}").ToList(),
                group.Select(r => r["input serial"]).OfType<string>().ToList(),
                values["bom"], values["machine"], values["tool"], values["operator"], values["sop"],
                SheetFile.DateText(values["started"]), SheetFile.DateText(values["finished"]), values["notes"],
                null, serials.Count == 0 ? null : serials, values["batch qty"], values["deviation"]), cancellationToken);
            if (!result.TryGet(out var made, out var error))
            {
                import.Fail(group, error, Columns);
                continue;
            }

            var outputs = new[] { made.OutputLot is null ? null : $"lot {made.OutputLot}", made.OutputUnits.Count == 0 ? null : $"{made.OutputUnits.Count} unit(s)" }.OfType<string>();
            import.Created.Add(new SheetCreated(group[0].Number, made.Record, "manufacture record", $"{made.Product}{(outputs.Any() ? ": " + string.Join(", ", outputs) : "")}"));
        }
    }
}
