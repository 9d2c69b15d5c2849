using System.Security.Cryptography;

namespace Tracewright.Features.Spreadsheets;

/// <summary>
/// What the Import page was sent — the sheet and the certificate files it names — kept on the server between the dry
/// run and the Import button, in a folder of the temp area named by a random token that the page carries back. Only the
/// person who sent them may use them; they are deleted on import, and any left behind after <see cref="Lifetime"/>.
/// </summary>
/// <remarks>
/// The server's temp area, not the page: the certificates may be megabytes, and a page that carried them back would have
/// to send them again. A token that is unknown (expired, or checked on another server of several) is refused with a note
/// to choose the files again; nothing is recorded from a check that cannot be found.
/// </remarks>
public sealed class ImportUploads
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string OwnerFile = "owner";

    private static string Root => Path.Combine(Path.GetTempPath(), "tracewright-import-uploads");

    private ImportUploads(string token, string folder)
    {
        Token = token;
        Folder = folder;
    }

    /// <summary>Carried in the page's form; 128 random bits, base64url.</summary>
    public string Token { get; }

    /// <summary>The sheet (under <c>sheet/</c>) and the certificate files (flat, under <c>files/</c>).</summary>
    public string Folder { get; }

    public string Files => Path.Combine(Folder, "files");

    /// <summary>The kept sheet's path, or null when none was kept.</summary>
    public string? Sheet => Directory.Exists(Path.Combine(Folder, "sheet")) ? Directory.EnumerateFiles(Path.Combine(Folder, "sheet")).FirstOrDefault() : null;

    /// <summary>The certificate file names kept, in order.</summary>
    public IReadOnlyList<string> FileNames => Directory.EnumerateFiles(Files).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>A new, empty keeping place for <paramref name="actor"/>'s upload; clears out what has expired.</summary>
    public static ImportUploads Create(string actor)
    {
        Sweep();
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var folder = Path.Combine(Root, token);
        Directory.CreateDirectory(Path.Combine(folder, "sheet"));
        Directory.CreateDirectory(Path.Combine(folder, "files"));
        File.WriteAllText(Path.Combine(folder, OwnerFile), actor);
        return new ImportUploads(token, folder);
    }

    /// <summary>The upload <paramref name="token"/> names, when it is <paramref name="actor"/>'s and still kept.</summary>
    public static ImportUploads? Find(string? token, string actor)
    {
        if (token is not { Length: 22 } || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        var folder = Path.Combine(Root, token);
        var owner = Path.Combine(folder, OwnerFile);
        return File.Exists(owner) && File.ReadAllText(owner) == actor ? new ImportUploads(token, folder) : null;
    }

    public async Task KeepSheetAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        await using var file = File.Create(Path.Combine(Folder, "sheet", name));
        await content.CopyToAsync(file, cancellationToken);
    }

    /// <summary>Keeps one certificate file under its bare name; false when one of that name is kept already.</summary>
    public async Task<bool> KeepFileAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Files, name);
        if (File.Exists(path))
        {
            return false;
        }

        await using var file = File.Create(path);
        await content.CopyToAsync(file, cancellationToken);
        return true;
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or held open for a moment; the sweep takes it later.
        }
    }

    /// <remarks>
    /// By the machine's clock, not the shop's: it is compared with the folders' own times, which the file system writes
    /// by the machine's clock (a shop run on a test clock must not sweep away another's upload in flight).
    /// </remarks>
    private static void Sweep()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        var before = TimeProvider.System.GetUtcNow().UtcDateTime - Lifetime;
        foreach (var folder in new DirectoryInfo(Root).EnumerateDirectories().Where(d => d.CreationTimeUtc < before && d.LastWriteTimeUtc < before))
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use by a check at this very moment; the next sweep takes it.
            }
        }
    }
}
