using System.Globalization;
using System.Text.Json;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// Reads EPCIS 2.0 JSON / JSON-LD: an EPCISDocument, an EPCISQueryDocument (query results) or one bare event. JSON-LD is not
/// expanded; the reader understands the standard context (bare CBV short names, the gs1/cbv/epcis prefixes) and the prefixes
/// defined in <c>@context</c> objects, which is what the EPCIS 2.0 JSON schema requires of conforming documents.
/// Every violation found is reported (not just the first), each with its JSON path.
/// </summary>
public static class EpcisJsonReader
{
    public static EpcisReadResult Read(string json, EpcisReadOptions? options = null)
    {
        options ??= EpcisReadOptions.Default;
        var errors = new List<EpcisError>();
        if (json.Length > options.MaxCharacters)
            return EpcisReadResult.From(null, [new EpcisError("$", $"document is larger than the limit of {options.MaxCharacters} characters")]);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = options.MaxDepth, CommentHandling = options.Lenient ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow, AllowTrailingCommas = options.Lenient, AllowDuplicateProperties = false });
        }
        catch (JsonException) when (JsonDuplicateKey.Find(json) is { } dup)
        {
            return EpcisReadResult.From(null, [new EpcisError(dup.Path, $"duplicate key '{dup.Key}' at line {dup.Line}, position {dup.Column}: a JSON object must not repeat a key (which value counts is undefined)")]);
        }
        catch (JsonException ex)
        {
            return EpcisReadResult.From(null, [new EpcisError($"line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}", "malformed JSON: " + ex.Message)]);
        }
        catch (ArgumentException)
        {
            // Only a string can hold this (bytes from a file or a request decode to U+FFFD): half of a surrogate pair.
            return EpcisReadResult.From(null, [new EpcisError("$", "the document is not valid Unicode text: it holds half of a UTF-16 surrogate pair")]);
        }

        using (doc)
        {
            var session = new JsonSession(errors, options.Lenient);
            var document = session.ReadRoot(doc.RootElement);
            return EpcisReadResult.From(document, errors);
        }
    }

    public static EpcisReadResult Read(Stream utf8Json, EpcisReadOptions? options = null)
    {
        options ??= EpcisReadOptions.Default;
        using var reader = new StreamReader(utf8Json);
        var buffer = new char[options.MaxCharacters + 1L > int.MaxValue ? int.MaxValue : options.MaxCharacters + 1];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return Read(new string(buffer, 0, read), options);
    }
}
