using System.Data.Common;
using Dapper;
using Tracewright.Domain.Materials;

namespace Tracewright.Data;

/// <summary>
/// Files stored by their SHA-256: storing the same bytes twice keeps one copy, and a stored file can be
/// checked against its address at any time.
/// </summary>
public static class Documents
{
    public static Task PutAsync(WriteTransaction write, DocumentFile file, CancellationToken cancellationToken) =>
        write.Connection.ExecuteAsync(write.Command(
            "INSERT INTO documents (sha256, content, size, media_type) VALUES (@sha, @content, @size, @mediaType) ON CONFLICT (sha256) DO NOTHING",
            new { sha = file.Sha256.Value, content = file.Content, size = (long)file.Content.Length, mediaType = file.MediaType },
            cancellationToken));

    public static Task<StoredDocument?> GetAsync(DbConnection connection, Sha256Digest sha, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<StoredDocument>(new CommandDefinition(
            "SELECT content AS Content, media_type AS MediaType FROM documents WHERE sha256 = @sha", new { sha = sha.Value }, cancellationToken: cancellationToken));
}

/// <summary>A file read back from the store.</summary>
public sealed record StoredDocument(byte[] Content, string MediaType);
