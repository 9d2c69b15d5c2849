using System.Diagnostics;
using Tracewright.Data;
using Tracewright.Web;

namespace Tracewright.Features.Ledger;

/// <summary>
/// The administrator's ledger page: run the check <c>tracewright verify</c> runs (<see cref="LedgerVerifier"/>) and download
/// a backup zip written by <see cref="BackupRestore.BackupAsync"/>, the handler of <c>tracewright backup</c>.
/// </summary>
public static class LedgerPages
{
    /// <summary>What the check found and how long it took, to say on the page.</summary>
    public sealed record Checked(VerificationReport Report, TimeSpan Took);

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/admin/ledger", () => Pages.Render<LedgerPage>()).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/ledger/verify", VerifyAsync).RequireAuthorization(AccessPolicy.Admin);
        pages.MapPost("/admin/ledger/backup", BackupAsync).RequireAuthorization(AccessPolicy.Admin);
    }

    public static async Task<IResult> VerifyAsync(Shop shop, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var report = await LedgerVerifier.VerifyAsync(shop.Database, null, cancellationToken);
        return Pages.Render<LedgerPage>(new { Checked = new Checked(report, clock.Elapsed) }, report.IsIntact ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }

    /// <summary>The backup is written to a scratch folder (a backup never overwrites a file), sent, and removed.</summary>
    public static async Task<IResult> BackupAsync(Shop shop, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("tracewright-backup-").FullName;
        try
        {
            var name = $"tracewright-backup-{shop.Clock.GetUtcNow():yyyyMMdd-HHmmss}.zip";
            var path = Path.Combine(folder, name);
            var backup = await BackupRestore.BackupAsync(shop, path, cancellationToken);
            if (!backup.TryGet(out _, out var error))
            {
                return Pages.Render<LedgerPage>(new { Error = error }, Pages.StatusOf(error));
            }

            return TypedResults.File(await File.ReadAllBytesAsync(path, cancellationToken), "application/zip", name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
