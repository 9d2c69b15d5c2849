using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tracewright.Domain.Ledger;

/// <summary>The hash chain over ledger records.</summary>
public static class ChainHash
{
    /// <summary>The "previous hash" of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// SHA-256 over the fields, each written as its length and its text so no two different records can
    /// concatenate to the same input; a null is written differently from an empty string.
    /// </summary>
    public static string Compute(long sequence, string kind, string occurredAt, string recordedAt, string recordedBy, string? reason, long? corrects, string payload, string previousHash)
    {
        var text = new StringBuilder();
        Append(text, sequence.ToString(CultureInfo.InvariantCulture));
        Append(text, kind);
        Append(text, occurredAt);
        Append(text, recordedAt);
        Append(text, recordedBy);
        Append(text, reason);
        Append(text, corrects?.ToString(CultureInfo.InvariantCulture));
        Append(text, payload);
        Append(text, previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Compute(LedgerEntry entry) =>
        Compute(entry.Sequence, entry.Kind, entry.OccurredAt, entry.RecordedAt, entry.RecordedBy, entry.Reason, entry.Corrects, entry.Payload, entry.PreviousHash);

    private static void Append(StringBuilder text, string? field)
    {
        if (field is null)
        {
            text.Append("-1:");
            return;
        }

        text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
    }
}
