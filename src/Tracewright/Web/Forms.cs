using Microsoft.Extensions.Primitives;
using Tracewright.Domain.Common;
using Tracewright.Features.Certificates;

namespace Tracewright.Web;

/// <summary>
/// Reading multipart and urlencoded forms, shared by the API's upload endpoints and the pages. Field names
/// are the CLI's option names (<c>qty</c>, <c>certificate-heat</c>), so an error's field names the input.
/// </summary>
public static class Forms
{
    public static readonly InvalidInput NotAForm = new("content-type", "send the fields as multipart/form-data (or application/x-www-form-urlencoded when there is no file)");

    /// <summary>
    /// The form, or null when the request is not a form (answer with <see cref="NotAForm"/>). A body that says it is a form
    /// but cannot be read as one (a section without a name, a broken boundary) is the client's error: a 400, like
    /// unreadable JSON, through the one handler for malformed requests.
    /// </summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new BadHttpRequestException($"the form cannot be read: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }

    public static string? Text(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString() : null;

    public static bool Flag(IFormCollection form, string name) =>
        Text(form, name) is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>The certificate uploaded as <paramref name="prefix"/> with its <c>{prefix}-type</c>, <c>-heat</c>… fields; null when no file was sent.</summary>
    public static async Task<CertificateInput?> CertificateAsync(IFormCollection form, string prefix, CancellationToken cancellationToken)
    {
        var file = form.Files.GetFile(prefix);
        if (file is null || file.Length == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return Certificate(form, prefix, Path.GetFileName(file.FileName), buffer.ToArray());
    }

    /// <summary>The certificate <paramref name="content"/> with what the form says about it in the <c>{prefix}-…</c> fields.</summary>
    public static CertificateInput Certificate(IFormCollection form, string prefix, string fileName, byte[] content) =>
        new(
            fileName,
            content,
            Text(form, $"{prefix}-type"),
            Domain.Common.Text.List(Text(form, $"{prefix}-heat")),
            Text(form, $"{prefix}-issuer"),
            Text(form, $"{prefix}-issued"),
            Domain.Common.Text.List(Text(form, $"{prefix}-standards")),
            Domain.Common.Text.List(Text(form, $"{prefix}-substances")));
}
