namespace Tracewright.Standards.Tests.Epcis;

/// <summary>Locates /work/shared/corpora by walking up from the test binaries; the corpora are never copied into the repo.</summary>
internal static class EpcisCorpora
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = System.IO.Path.Combine(d.FullName, "shared", "corpora");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException($"No 'shared/corpora' directory found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Files under a corpus folder, as paths relative to the corpora root with forward slashes (stable test names).</summary>
    public static IEnumerable<string> Files(string folder, params string[] extensions) =>
        Directory.EnumerateFiles(Path(folder), "*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Select(f => System.IO.Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static string Full(string relative) => System.IO.Path.Combine(Root, relative);
}
