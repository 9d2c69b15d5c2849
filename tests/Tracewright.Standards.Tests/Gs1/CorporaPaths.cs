namespace Tracewright.Standards.Tests.Gs1;

/// <summary>Locates the shared corpora (a sibling of the repository) without copying them into the repo.</summary>
internal static class CorporaPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string CorporaRoot => Root.Value;

    public static string BarcodeSyntax(params string[] parts) => Path.Combine([CorporaRoot, "gs1-barcode-syntax", .. parts]);

    public static string DigitalLink(params string[] parts) => Path.Combine([CorporaRoot, "gs1-digital-link", .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpora");
            if (Directory.Exists(Path.Combine(candidate, "gs1-barcode-syntax")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No 'shared/corpora' directory found above {AppContext.BaseDirectory}.");
    }
}
