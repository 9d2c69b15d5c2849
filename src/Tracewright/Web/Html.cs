using System.Globalization;
using System.Text.Encodings.Web;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// Text for the pages (Razor components encode what they render; these are for values they compose): a quantity as
/// people write it, a path segment, and a handler's error in the words of the field's label.
/// </summary>
public static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string E(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A path segment for a link (lot ids have dots, unit ids colons).</summary>
    public static string U(string? text) => Uri.EscapeDataString(text ?? "");

    /// <summary>
    /// The error under a field, when it is this field's. The handlers name fields as the CLI and the API do
    /// (<c>qty</c>, <c>certificate-heat</c>); under the field a person sees the label they read, so a message that
    /// opens with the field's name opens with its label instead.
    /// </summary>
    public static string? MessageFor(string name, string label, Error? error)
    {
        if (error?.Field != name)
        {
            return null;
        }

        var message = error.Message;
        return message.StartsWith(name, StringComparison.Ordinal) && (message.Length == name.Length || !(char.IsLetterOrDigit(message[name.Length]) || message[name.Length] == '-'))
            ? label + message[name.Length..]
            : message;
    }
}
