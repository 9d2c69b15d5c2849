namespace Tracewright.Web;

/// <summary>
/// Where the sign-in page may send the browser afterwards: a path on this server, or <c>/</c>. A browser strips tabs and
/// newlines from a <c>Location</c> and reads <c>\</c> as <c>/</c>, so <c>/\t/evil.example/</c> would land on another
/// host; a newline or a non-ASCII character cannot be put in a header at all (it was a 500). Such a value is refused
/// whole rather than cleaned, before and after percent-decoding, and what remains must pass
/// <c>Url.IsLocalUrl</c>'s rule: one leading <c>/</c>, not <c>//</c> or <c>/\</c>.
/// </summary>
public static class LocalReturnUrl
{
    public const string Home = "/";

    /// <summary><paramref name="returnUrl"/> when it is a local path that survives a browser's URL normalisation, else <see cref="Home"/>.</summary>
    public static string Of(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048 || !IsPlainLocal(returnUrl))
        {
            return Home;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(returnUrl);
        }
        catch (UriFormatException)
        {
            return Home;
        }

        return IsPlainLocal(decoded) ? returnUrl : Home;
    }

    private static bool IsPlainLocal(string url)
    {
        if (url[0] != '/' || (url.Length > 1 && (url[1] == '/' || url[1] == '\\')))
        {
            return false;
        }

        foreach (var c in url)
        {
            // Only printable ASCII: no control characters (tab, CR, LF, NUL, DEL), no space of any kind, no backslash.
            if (c <= ' ' || c >= '\u007f' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }
}
