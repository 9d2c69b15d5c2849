using Tracewright.Domain.Common;

namespace Tracewright.Domain.Materials;

/// <summary>
/// A certificate or SOP file as uploaded: a PDF or an image, no larger than the limit, its media type
/// taken from its first bytes rather than its name (a renamed spreadsheet is not a PDF).
/// </summary>
public sealed record DocumentFile
{
    /// <summary>The default upload limit: 20 MiB holds any scanned certificate.</summary>
    public const long DefaultMaxBytes = 20 * 1024 * 1024;

    private DocumentFile(string fileName, string mediaType, byte[] content)
    {
        FileName = fileName;
        MediaType = mediaType;
        Content = content;
        Sha256 = Sha256Digest.Of(content);
    }

    public string FileName { get; }

    public string MediaType { get; }

    public byte[] Content { get; }

    public Sha256Digest Sha256 { get; }

    public static Result<DocumentFile> Create(string? fileName, byte[] content, long maxBytes = DefaultMaxBytes, string field = "file")
    {
        var name = Text.Required(Path.GetFileName(fileName ?? ""), field, 255);
        if (!name.IsSuccess)
        {
            return name.Error!;
        }

        if (content.Length == 0)
        {
            return new InvalidInput(field, $"{field} '{name.Value}' is empty");
        }

        if (content.Length > maxBytes)
        {
            return new InvalidInput(field, $"{field} '{name.Value}' is {content.Length:N0} bytes; the limit is {maxBytes:N0} bytes");
        }

        var mediaType = Sniff(content);
        return mediaType is null
            ? new InvalidInput(field, $"{field} '{name.Value}' is not a PDF or an image (PNG, JPEG, TIFF, GIF, WebP); it cannot be read as a certificate")
            : new DocumentFile(name.Value, mediaType, content);
    }

    private static string? Sniff(ReadOnlySpan<byte> b) => b switch
    {
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "image/tiff",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };
}
