using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracewright.Domain.Access;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// Server-rendered HTML without a template engine: every value goes through <see cref="E"/>, every form gets
/// the anti-forgery field from <see cref="Csrf"/>, and every page the same layout with the scan box.
/// </summary>
public static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string E(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A path segment for a link (lot ids have dots, unit ids colons).</summary>
    public static string U(string? text) => Uri.EscapeDataString(text ?? "");

    public static string Csrf(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"""<input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">""";
    }

    /// <summary>A labelled input with its error (if <paramref name="error"/> names this field) right under it.</summary>
    public static string Field(string name, string label, string? value, Error? error, string type = "text", string? hint = null, bool required = false, string? extra = null)
    {
        var message = MessageFor(name, label, error);
        var id = $"f-{name}";
        var input = type == "textarea"
            ? $"""<textarea id="{id}" name="{E(name)}" rows="5"{(required ? " required" : "")}{(message is null ? "" : " aria-invalid=\"true\"")} {extra}>{E(value)}</textarea>"""
            : $"""<input id="{id}" name="{E(name)}" type="{type}"{(type == "file" ? "" : $" value=\"{E(value)}\"")}{(required ? " required" : "")}{(message is null ? "" : " aria-invalid=\"true\"")} {extra}>""";
        return $"""
            <div class="field{(message is null ? "" : " invalid")}">
              <label for="{id}">{E(label)}</label>
              {input}
              {(hint is null ? "" : $"<small>{E(hint)}</small>")}
              {(message is null ? "" : $"""<p class="error" data-field="{E(name)}">{E(message)}</p>""")}
            </div>
            """;
    }

    public static string Select(string name, string label, IEnumerable<(string Value, string Text)> options, string? selected, Error? error)
    {
        var message = MessageFor(name, label, error);
        var body = new StringBuilder();
        foreach (var (value, text) in options)
        {
            body.Append($"""<option value="{E(value)}"{(string.Equals(value, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(text)}</option>""");
        }

        return $"""
            <div class="field{(message is null ? "" : " invalid")}">
              <label for="f-{name}">{E(label)}</label>
              <select id="f-{name}" name="{E(name)}">{body}</select>
              {(message is null ? "" : $"""<p class="error" data-field="{E(name)}">{E(message)}</p>""")}
            </div>
            """;
    }

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

    /// <summary>An error that names no field on the form, shown above it.</summary>
    public static string Banner(Error? error, params string[] fieldsOnForm) =>
        error is null || (error.Field is not null && fieldsOnForm.Contains(error.Field)) ? "" : $"""<p class="banner error" role="alert">{E(error.Message)}</p>""";

    public static string Status(string status) => $"""<span class="status status-{E(status.ToLowerInvariant())}">{E(status.ToLowerInvariant())}</span>""";

    /// <summary>A page whose body is HTML built here, in the one layout (<see cref="Components.HtmlBody"/>).</summary>
    public static IResult Page(HttpContext context, string title, string body, int status = StatusCodes.Status200OK) =>
        Pages.Render<Components.HtmlBody>(new { Title = title, Body = body }, status);
}
