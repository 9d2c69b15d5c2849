using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Common;

namespace Tracewright.Data;

/// <summary>
/// A signed statement of the ledger's tip: its last sequence number and hash, HMAC-SHA256-signed with a key
/// kept away from the database. The hash chain shows any change up to the tip; only a checkpoint kept
/// elsewhere shows that records after it were cut off (or the tail rewritten with fresh hashes).
/// </summary>
public sealed record Checkpoint(long Sequence, string Hash, string TakenAt, string Signature)
{
    /// <summary>Takes the checkpoint of the current tip; null when the ledger is empty.</summary>
    public static async Task<Checkpoint?> TakeAsync(Database database, byte[] key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var tip = await connection.QuerySingleOrDefaultAsync<Tip>(new CommandDefinition(
            "SELECT seq AS Sequence, hash AS Hash FROM ledger ORDER BY seq DESC LIMIT 1", cancellationToken: cancellationToken));
        if (tip is null)
        {
            return null;
        }

        var takenAt = Timestamp.ToText(now);
        return new Checkpoint(tip.Sequence, tip.Hash, takenAt, Sign(key, tip.Sequence, tip.Hash, takenAt));
    }

    /// <summary>Null when the checkpoint's signature holds and the ledger still has that record with that hash; otherwise what is wrong.</summary>
    public async Task<string?> CheckAsync(Database database, byte[] key, CancellationToken cancellationToken)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, Sequence, Hash, TakenAt)), Encoding.ASCII.GetBytes(Signature)))
        {
            return "the checkpoint's signature does not match: it was altered, or the key is not the one it was signed with";
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var last = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(seq) FROM ledger", cancellationToken: cancellationToken)) ?? 0;
        if (last < Sequence)
        {
            return $"the ledger ends at record {last}, but the checkpoint taken {TakenAt} names record {Sequence}: records after {last} were removed";
        }

        var hash = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT hash FROM ledger WHERE seq = @seq", new { seq = Sequence }, cancellationToken: cancellationToken));
        return hash == Hash ? null : $"record {Sequence} no longer has the hash the checkpoint taken {TakenAt} recorded: the ledger was rewritten up to it";
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static Result<Checkpoint> FromJson(string json)
    {
        try
        {
            var checkpoint = JsonSerializer.Deserialize<Checkpoint>(json, JsonSerializerOptions.Web);
            return checkpoint is { Hash: not null, Signature: not null, TakenAt: not null } ? checkpoint : new InvalidInput("checkpoint", "the checkpoint file is empty or incomplete");
        }
        catch (JsonException e)
        {
            return new InvalidInput("checkpoint", $"the checkpoint file is not a checkpoint: {e.Message}");
        }
    }

    private static string Sign(byte[] key, long sequence, string hash, string takenAt) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{sequence.ToString(CultureInfo.InvariantCulture)}\n{hash}\n{takenAt}")));

    private sealed record Tip(long Sequence, string Hash);
}
