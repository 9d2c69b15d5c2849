using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Ledger;

/// <summary>
/// <c>tracewright verify</c>: recompute the hash chain and the derived state; exit 1 naming the first bad
/// record when anything was changed, removed, reordered or inserted behind the application's back.
/// </summary>
public static class VerifyLedger
{
    public static Command Verb(CliHost host)
    {
        var checkpointFile = new Option<string?>("--checkpoint") { Description = "Also check against a signed checkpoint (catches a truncated tail)" };
        var keyFile = new Option<string?>("--key-file") { Description = "The checkpoint key (made by 'tracewright checkpoint')" };
        var command = new Command("verify", "Check the ledger's hash chain, stored files and derived state") { checkpointFile, keyFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var shop = await host.OpenShopAsync(parse, cancellationToken);
            await using var database = shop.Database;
            var showProgress = !parse.GetValue(host.JsonOption) && !Console.IsErrorRedirected && ReferenceEquals(host.Error, Console.Error);
            var progress = showProgress ? new Progress<long>(n => host.Error.Write($"\rverifying… {n:N0} records")) : null;
            var report = await LedgerVerifier.VerifyAsync(database, progress, cancellationToken);
            if (showProgress)
            {
                host.Error.WriteLine();
            }

            if (report.IsIntact && parse.GetValue(checkpointFile) is { } path)
            {
                var checkedAgainst = await Checkpoints.CheckAsync(database, path, parse.GetValue(keyFile), cancellationToken);
                if (!checkedAgainst.IsSuccess)
                {
                    return host.Print(parse, (Result<VerificationReport>)checkedAgainst.Error!, (_, _) => { });
                }

                if (checkedAgainst.Value is { } problem)
                {
                    report = report with { FirstBadSequence = null, Problem = problem };
                }
            }

            var result = report.IsIntact
                ? (Result<VerificationReport>)report
                : new VerificationFailed(report);
            var exit = host.Print(parse, result, (o, r) => o.WriteLine($"ledger intact: {r.RecordsChecked:N0} records, {r.DocumentsChecked:N0} documents, {r.DerivedRowsChecked:N0} derived rows checked"));
            if (!report.IsIntact && parse.GetValue(host.JsonOption))
            {
                // The problem body already went to stdout; add the report so tools get the counts too.
                host.Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, CliHost.Json));
            }

            return exit == 0 ? 0 : 1;
        });
        return command;
    }

    private sealed record VerificationFailed(VerificationReport Report) : Error(
        "ledger-tampered",
        Report.FirstBadSequence is { } seq ? $"ledger verification failed at record {seq}: {Report.Problem}" : $"ledger verification failed: {Report.Problem}")
    {
        public override ErrorKind Kind => ErrorKind.Conflict;
    }
}
