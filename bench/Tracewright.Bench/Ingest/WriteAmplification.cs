using System.Globalization;
using Dapper;
using Tracewright.Bench.Support;
using Tracewright.Data;

namespace Tracewright.Bench.Ingest;

/// <summary>
/// How much a record writes, counted in a generated store: the rows it leaves in every table and the B-tree entries those
/// rows take with their indexes. It is why a record costs many bare ledger inserts.
/// </summary>
public static class WriteAmplification
{
    public static async Task<string> DescribeAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        await using var database = dataset.Open();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var tables = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'documents') ORDER BY name", cancellationToken: cancellationToken))).ToList();
        long rows = 0, entries = 0, subjects = 0;
        var used = 0;
        foreach (var table in tables)
        {
            var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: cancellationToken));
            var indexes = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = @table", new { table }, cancellationToken: cancellationToken));
            rows += count;
            entries += count * (1 + indexes);
            subjects += table == "ledger_subjects" ? count : 0;
            used += count > 0 ? 1 : 0;
        }

        var n = (double)dataset.Events;
        return string.Create(CultureInfo.InvariantCulture,
            $"What a record writes, counted in the generated store: on average {rows / n:0.0} rows in {used} tables (the ledger row, {subjects / n:0.0} subject rows, {(rows - subjects) / n - 1:0.0} derived rows) taking {entries / n:0.0} B-tree entries with their indexes, where the bare INSERT writes 1 row and 1 entry; updates of rows already there (a unit's last record, a lot's remaining quantity, counters) come on top. That, not the statement overhead, is what separates the two (see bench/README.md, \"What limits ingest\").");
    }
}
