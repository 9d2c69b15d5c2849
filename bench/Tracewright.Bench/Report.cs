using System.Text;

namespace Tracewright.Bench;

/// <summary>Writes BENCHMARKS.md: the machine, how to reproduce, then each benchmark's table and notes.</summary>
public static class Report
{
    public static string Render(BenchOptions options, IReadOnlyList<(string What, string Value)> machine, DateTimeOffset started, TimeSpan took, string loadBefore, string loadAfter, IReadOnlyList<BenchSection> sections)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine("Measured by `bench/run.sh` (see [bench/README.md](bench/README.md)); written by the run, not by hand. Each figure is");
        text.AppendLine($"measured {options.Repeat} time(s) and shown as min / median / max, beside the limit it is compared with, measured in the same run on");
        text.AppendLine("the same data. Rates are per second of wall-clock time; a verdict compares the median with the target.").AppendLine();
        text.AppendLine("## Machine").AppendLine();
        foreach (var (what, value) in machine)
        {
            text.AppendLine($"- **{what}**: {value}");
        }

        text.AppendLine($"- **Run**: {started:yyyy-MM-dd HH:mm} UTC, {took.TotalMinutes:N1} min; load average (1, 5, 15 min) {loadBefore} before, {loadAfter} after");
        if (options.Note is { } runNote)
        {
            text.AppendLine($"- **Note**: {runNote}");
        }

        text.AppendLine().AppendLine("Reproduce with:").AppendLine().AppendLine("```sh").AppendLine(options.Command).AppendLine("```").AppendLine();
        foreach (var section in sections)
        {
            text.AppendLine($"## {section.Title}").AppendLine();
            if (section.Rows.Count > 0)
            {
                text.AppendLine("| figure | size | min | median | max | unit | limit (median) | target | verdict |");
                text.AppendLine("|---|---|--:|--:|--:|---|---|---|---|");
                foreach (var row in section.Rows)
                {
                    var verdict = row.Verdict switch { Verdict.Met => "**MET**", Verdict.Missed => "**MISSED**", _ => "" };
                    var figure = row.Note is null ? row.Figure : $"{row.Figure} ({row.Note})";
                    text.AppendLine($"| {figure} | {row.Size} | {Samples.Format(row.Values.Min)} | {Samples.Format(row.Values.Median)} | {Samples.Format(row.Values.Max)} | {row.Unit} | {row.Limit ?? ""} | {row.Target ?? ""} | {verdict} |");
                }

                text.AppendLine();
            }

            foreach (var note in section.Notes)
            {
                text.AppendLine($"- {note}");
            }

            text.AppendLine();
        }

        return text.ToString().TrimEnd() + "\n";
    }
}
