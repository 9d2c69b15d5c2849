using System.CommandLine;
using Tracewright.Data;
using Tracewright.Features.Access;
using Tracewright.Features.Certificates;
using Tracewright.Features.Demo;
using Tracewright.Features.Items;
using Tracewright.Features.Ledger;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Features.Quality;
using Tracewright.Features.Shipping;
using Tracewright.Features.Trace;
using Tracewright.Features.Receiving;
using Tracewright.Features.Records;
using Tracewright.Features.Spreadsheets;
using Tracewright.Features.Suppliers;
using Tracewright.Web;

namespace Tracewright.Cli;

/// <summary>The <c>tracewright</c> command line: every verb, wired to the same handlers the HTTP API uses.</summary>
public static class TracewrightCli
{
    public static RootCommand Build(CliHost host)
    {
        var root = new RootCommand("Tracewright: material and serial traceability")
        {
            host.DbOption,
            host.JsonOption,
            host.ActorOption,
            RegisterItem.Verb(host),
            RegisterSupplier.Verb(host),
            ReceiveLot.Verb(host),
            AttachCertificate.Verb(host),
            SplitLot.Verb(host),
            CorrectReceipt.Verb(host),
            ShowRecord.Verb(host),
            Features.Labels.PrintLabel.Verb(host),
            VerifyLedger.Verb(host),
            Checkpoints.Verb(host),
            GrantApplicationRole.Verb(host),
            LoadDemo.Verb(host),
            Features.Generate.GenerateGenealogy.Verb(host),
            DefineBom.Verb(host),
            RecordManufacture.Verb(host),
            new Command("serial", "Serialized units") { CaptureSerial.Verb(host), RecordUnitEvent.Verb(host) },
            Containers.Verb(host),
            Gs1Prefix.Verb(host),
            ShowAsBuilt.Verb(host),
            Serve.Verb(host),
            Users.Verb(host),
            ApiTokens.Verb(host),
            Nonconformances.Verb(host),
            Capas.Verb(host),
            GrantDeviation.Verb(host),
        };
        root.Add(Ship.Verb(host));
        root.Add(TraceRecords.Verb(host));
        root.Add(Recall.Verb(host));
        root.Add(Compliance.Verb(host));
        root.Add(Features.Scan.ParseScan.Verb(host));
        root.Add(ReceiveReturn.Verb(host));
        root.Add(Features.Quality.ReleaseToShip.Verb(host));
        root.Add(ImportSheet.Verb(host));
        foreach (var verb in ExportSheet.Verbs(host))
        {
            root.Add(verb);
        }

        foreach (var verb in BackupRestore.Verbs(host))
        {
            root.Add(verb);
        }

        root.Add(Features.Epcis.CaptureEpcis.Verb(host));
        root.Add(Features.Epcis.ExportEpcis.Verb(host));
        foreach (var verb in Customers.Verbs(host))
        {
            root.Add(verb);
        }

        foreach (var verb in Assembly.Verbs(host))
        {
            root.Add(verb);
        }

        foreach (var verb in ChangeLotStatus.Verbs(host))
        {
            root.Add(verb);
        }

        return root;
    }

    /// <summary>Parses and runs; usage errors exit 2, a database that fails unexpectedly exits 1 with its message.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider clock, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var host = new CliHost(output, error, clock, environment);
        var parse = Build(host).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"error: {problem.Message}");
            }

            error.WriteLine("run 'tracewright --help' for usage");
            return 2;
        }

        try
        {
            // serve drains requests in flight on Ctrl+C/SIGTERM (up to the host's 30 s); give it that long before
            // the command line gives up on the verb. Other verbs stop at once on the cancelled token.
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(35) }, cancellationToken);
        }
        catch (DatabaseTooNewException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
