using System.Buffers;
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
    /// concatenate to the same input; a null is written differently from an empty string. The input is the UTF-8 of
    /// <c>length:text\n</c> per field (the length in UTF-16 code units), <c>-1:</c> for a null.
    /// </summary>
    /// <remarks>Encoded straight into one pooled buffer: bulk ingest hashes every record, and the text is never needed.</remarks>
    public static string Compute(long sequence, string kind, string occurredAt, string recordedAt, string recordedBy, string? reason, long? corrects, string payload, string previousHash)
    {
        Span<string?> fields = [sequence.ToString(CultureInfo.InvariantCulture), kind, occurredAt, recordedAt, recordedBy, reason, corrects?.ToString(CultureInfo.InvariantCulture), payload, previousHash];
        var size = 0;
        foreach (var field in fields)
        {
            size += 12 + (field is null ? 0 : Encoding.UTF8.GetMaxByteCount(field.Length));
        }

        var rented = size > 2048 ? ArrayPool<byte>.Shared.Rent(size) : null;
        var buffer = rented ?? stackalloc byte[2048];
        try
        {
            var used = 0;
            foreach (var field in fields)
            {
                if (field is null)
                {
                    "-1:"u8.CopyTo(buffer[used..]);
                    used += 3;
                    continue;
                }

                field.Length.TryFormat(buffer[used..], out var digits, default, CultureInfo.InvariantCulture);
                used += digits;
                buffer[used++] = (byte)':';
                used += Encoding.UTF8.GetBytes(field, buffer[used..]);
                buffer[used++] = (byte)'\n';
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..used], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static string Compute(LedgerEntry entry) =>
        Compute(entry.Sequence, entry.Kind, entry.OccurredAt, entry.RecordedAt, entry.RecordedBy, entry.Reason, entry.Corrects, entry.Payload, entry.PreviousHash);
}
