using System.Text;

namespace Tracewright.Standards.Gs1;

/// <summary>
/// Percent-encoding rules for AI values in GS1 Digital Link URIs. Values are handled as single-byte characters
/// (U+0000..U+00FF) because every GS1 character set is a subset of ASCII; anything else fails AI validation later.
/// </summary>
public static class Gs1UriEscaping
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>
    /// Escapes everything outside the URI unreserved set. In a query component a space becomes <c>+</c>; in a path
    /// component it becomes <c>%20</c>.
    /// </summary>
    public static string Escape(string value, bool isQueryComponent)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else if (c == ' ' && isQueryComponent)
            {
                builder.Append('+');
            }
            else
            {
                var b = (byte)c;
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0x0F]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Reverses percent-encoding; malformed sequences are kept literally. In a query component <c>+</c> means space.
    /// Returns null when the value decodes to a NUL character, which can never be AI data.
    /// </summary>
    public static string? Unescape(string value, bool isQueryComponent)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                var decoded = (char)((Uri.FromHex(value[i + 1]) << 4) | Uri.FromHex(value[i + 2]));
                if (decoded == '\0')
                {
                    return null;
                }

                builder.Append(decoded);
                i += 2;
            }
            else
            {
                builder.Append(isQueryComponent && c == '+' ? ' ' : c);
            }
        }

        return builder.ToString();
    }
}
