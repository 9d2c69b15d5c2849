using Tracewright.Features.Spreadsheets;

namespace Tracewright.Tests.Spreadsheets;

/// <summary>What the Import page keeps between a clean check and Import: only for the person who checked, by its token.</summary>
public sealed class ImportUploadsTests
{
    [Fact]
    public async Task A_kept_upload_is_found_by_its_token_only_by_who_sent_it_and_is_gone_once_deleted()
    {
        var upload = ImportUploads.Create("olga");
        try
        {
            await upload.KeepSheetAsync("receipts.csv", new MemoryStream("item\n"u8.ToArray()), default);
            Assert.True(await upload.KeepFileAsync("MTR-1.pdf", new MemoryStream([1, 2, 3]), default));
            Assert.False(await upload.KeepFileAsync("MTR-1.pdf", new MemoryStream([4]), default));

            var found = ImportUploads.Find(upload.Token, "olga");
            Assert.NotNull(found);
            Assert.Equal("receipts.csv", Path.GetFileName(found.Sheet));
            Assert.Equal(["MTR-1.pdf"], found.FileNames);
            Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(found.Files, "MTR-1.pdf")));

            Assert.Null(ImportUploads.Find(upload.Token, "mallory"));
            Assert.Null(ImportUploads.Find("../../etc", "olga"));
            Assert.Null(ImportUploads.Find(null, "olga"));
        }
        finally
        {
            upload.Delete();
        }

        Assert.Null(ImportUploads.Find(upload.Token, "olga"));
    }
}
