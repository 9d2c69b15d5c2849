using System.CommandLine;
using System.Security.Cryptography;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Ledger;

/// <summary>
/// <c>tracewright backup FILE</c>: a consistent snapshot of the ledger and stored files, taken while the server keeps
/// writing, into one portable file with its own checksums. <c>tracewright restore FILE --db …</c>: that file into an
/// empty database of either kind — the records verbatim, the derived tables rebuilt — then verified.
/// </summary>
public static class BackupRestore
{
    public sealed record BackupResponse(string File, long Records, long? TipSequence, string? TipHash, long Documents, string TakenAt, string Sha256);

    public sealed record RestoreResponse(string File, string Database, long Records, long Documents, long? TipSequence, string? TipHash, string TakenAt, VerificationReport Verified);

    public static async Task<Result<BackupResponse>> BackupAsync(Shop shop, string? path, CancellationToken cancellationToken)
    {
        var file = Text.Required(path, "file", 1000);
        if (!file.IsSuccess)
        {
            return file.Error!;
        }

        if (File.Exists(file.Value))
        {
            return new StateConflict("file-exists", $"{file.Value} exists; a backup never overwrites a file (name each one, e.g. by date)", "file");
        }

        // Written beside its final name and moved there only when complete, so a crash never leaves a partial backup under it.
        var partial = file.Value + ".partial";
        Backup.Manifest manifest;
        try
        {
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                manifest = await Backup.WriteAsync(shop.Database, stream, shop.Clock.GetUtcNow(), null, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, file.Value, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            return new InvalidInput("file", $"cannot write {file.Value}: {e.Message}");
        }

        await using var written = File.OpenRead(file.Value);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, cancellationToken));
        return new BackupResponse(file.Value, manifest.Records, manifest.TipSequence, manifest.TipHash, manifest.Documents, manifest.TakenAt, sha);
    }

    public static async Task<Result<RestoreResponse>> RestoreAsync(Database target, string? path, CancellationToken cancellationToken)
    {
        var file = Text.Required(path, "file", 1000);
        if (!file.IsSuccess)
        {
            return file.Error!;
        }

        if (!File.Exists(file.Value))
        {
            return new NotFound("file", file.Value, "file");
        }

        await using var stream = File.OpenRead(file.Value);
        var restored = await Backup.RestoreAsync(stream, target, null, cancellationToken);
        if (!restored.TryGet(out var manifest, out var error))
        {
            return error;
        }

        var verified = await LedgerVerifier.VerifyAsync(target, null, cancellationToken);
        return new RestoreResponse(file.Value, target.Describe, manifest.Records, manifest.Documents, manifest.TipSequence, manifest.TipHash, manifest.TakenAt, verified);
    }

    public static IEnumerable<Command> Verbs(CliHost host)
    {
        var backupFile = new Argument<string>("file") { Description = "Where to write the backup (a new file; a zip with the ledger, the stored files and their checksums)" };
        var backup = new Command("backup", "Take a consistent backup of the ledger and files while the shop keeps working") { backupFile };
        backup.SetAction(host.Run(
            (p, shop, ct) => BackupAsync(shop, p.GetValue(backupFile), ct),
            (o, r) => o.WriteLine($"backup of {r.Records:N0} records (tip #{r.TipSequence} {r.TipHash?[..16]}…) and {r.Documents:N0} files, as of {r.TakenAt}, written to {r.File}; SHA-256 {r.Sha256}")));

        var restoreFile = new Argument<string>("file") { Description = "A file written by 'tracewright backup'" };
        var restore = new Command("restore", "Restore a backup into an empty database (--db), rebuilding the derived tables, then verify it") { restoreFile };
        restore.SetAction(async (parse, cancellationToken) =>
        {
            // The file is checked before the database is touched: a damaged backup creates nothing, not even a schema.
            await using var target = Database.Open(parse.GetValue(host.DbOption) ?? host.Environment("TRACEWRIGHT_DB"));
            var result = await RestoreAsync(target, parse.GetValue(restoreFile), cancellationToken);
            var exit = host.Print(parse, result, (o, r) => o.WriteLine(
                $"restored {r.Records:N0} records (tip #{r.TipSequence}) and {r.Documents:N0} files, as of {r.TakenAt}, into {r.Database}; verify: {(r.Verified.IsIntact ? $"intact, {r.Verified.DerivedRowsChecked:N0} derived rows rebuilt" : r.Verified.Problem)}"));
            return exit == 0 && !result.Value.Verified.IsIntact ? 1 : exit;
        });
        return [backup, restore];
    }
}
