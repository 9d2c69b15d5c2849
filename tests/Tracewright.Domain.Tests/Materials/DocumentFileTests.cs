using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Tests.Materials;

public sealed class DocumentFileTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    public void Create_TakesTheMediaTypeFromTheContent(byte[] content, string mediaType) =>
        Assert.Equal(mediaType, DocumentFile.Create("scan.bin", content).Value.MediaType);

    [Fact]
    public void Create_RefusesARenamedTextFile() =>
        Assert.Contains("is not a PDF or an image", DocumentFile.Create("mtr.pdf", "hello"u8.ToArray()).Error!.Message, StringComparison.Ordinal);

    [Fact]
    public void Create_RefusesAnEmptyOrOversizedFile()
    {
        Assert.Contains("is empty", DocumentFile.Create("a.pdf", []).Error!.Message, StringComparison.Ordinal);
        Assert.Contains("the limit is 10 bytes", DocumentFile.Create("a.pdf", "%PDF-1.4 too long"u8.ToArray(), maxBytes: 10).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha256_IsTheContentAddress() =>
        Assert.Equal(Sha256Digest.Of("%PDF-"u8), DocumentFile.Create("a.pdf", "%PDF-"u8.ToArray()).Value.Sha256);
}
