using System.CommandLine;
using System.Security.Cryptography;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Ledger;

/// <summary>
/// <c>tracewright checkpoint --out FILE --key-file KEY</c>: a signed statement of the ledger's tip, to keep
/// somewhere the database's users cannot write; <c>verify --checkpoint FILE --key-file KEY</c> then also
/// catches records cut off the end, which the hash chain alone cannot.
/// </summary>
public static class Checkpoints
{
    public sealed record Response(long Sequence, string Hash, string TakenAt, string File, bool NewKey);

    public static async Task<Result<Response>> TakeAsync(Shop shop, string? outPath, string? keyPath, CancellationToken cancellationToken)
    {
        var output = Text.Required(outPath, "out", 1000);
        var keyFile = Text.Required(keyPath, "key-file", 1000);
        var error = output.Error ?? keyFile.Error;
        if (error is not null)
        {
            return error;
        }

        var newKey = !File.Exists(keyFile.Value);
        if (newKey)
        {
            // A new key is made once, with owner-only permissions; keep it apart from the database.
            await File.WriteAllBytesAsync(keyFile.Value, RandomNumberGenerator.GetBytes(32), cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyFile.Value, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var key = await ReadKeyAsync(keyFile.Value, cancellationToken);
        if (!key.IsSuccess)
        {
            return key.Error!;
        }

        var checkpoint = await Checkpoint.TakeAsync(shop.Database, key.Value, shop.Clock.GetUtcNow(), cancellationToken);
        if (checkpoint is null)
        {
            return new RuleViolated("empty-ledger", "the ledger is empty; there is nothing to checkpoint");
        }

        var written = await Labels.PrintLabel.WriteAsync(output.Value, System.Text.Encoding.UTF8.GetBytes(checkpoint.ToJson()), cancellationToken);
        return written.IsSuccess ? new Response(checkpoint.Sequence, checkpoint.Hash, checkpoint.TakenAt, output.Value, newKey) : written.Error!;
    }

    /// <summary>Null when the checkpoint holds; the problem text when it does not; an error for unreadable input.</summary>
    public static async Task<Result<string?>> CheckAsync(Database database, string path, string? keyPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new InvalidInput("checkpoint", $"checkpoint file '{path}' does not exist");
        }

        if (keyPath is null)
        {
            return new InvalidInput("key-file", "key-file is required with a checkpoint");
        }

        var key = await ReadKeyAsync(keyPath, cancellationToken);
        var checkpoint = Checkpoint.FromJson(await File.ReadAllTextAsync(path, cancellationToken));
        var error = key.Error ?? checkpoint.Error;
        return error is not null ? error : await checkpoint.Value.CheckAsync(database, key.Value, cancellationToken);
    }

    private static async Task<Result<byte[]>> ReadKeyAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new InvalidInput("key-file", $"key file '{path}' does not exist");
        }

        var key = await File.ReadAllBytesAsync(path, cancellationToken);
        return key.Length >= 16 ? key : new InvalidInput("key-file", $"key file '{path}' holds {key.Length} bytes; a key has at least 16");
    }

    public static Command Verb(CliHost host)
    {
        var output = new Option<string>("--out") { Description = "Where to write the checkpoint (JSON)", Required = true };
        var keyFile = new Option<string>("--key-file") { Description = "The signing key; made (32 random bytes) when the file does not exist", Required = true };
        var command = new Command("checkpoint", "Write a signed checkpoint of the ledger's tip (detects a truncated tail later)") { output, keyFile };
        command.SetAction(host.Run(
            (p, shop, ct) => TakeAsync(shop, p.GetValue(output), p.GetValue(keyFile), ct),
            (o, r) => o.WriteLine($"checkpoint of record {r.Sequence} ({r.Hash[..16]}…) written to {r.File}{(r.NewKey ? "; a new key was made — keep it away from the database" : "")}")));
        return command;
    }
}
