namespace Tracewright.Standards.Epcis;

/// <summary>
/// The outcome of reading a document: either <see cref="Document"/> is set and <see cref="Errors"/> is empty, or
/// <see cref="Document"/> is null and there is at least one error. A partially valid document is never returned.
/// </summary>
public sealed record EpcisReadResult(EpcisDocument? Document, IReadOnlyList<EpcisError> Errors)
{
    public bool Succeeded => Document is not null;

    internal static EpcisReadResult From(EpcisDocument? document, List<EpcisError> errors) =>
        errors.Count > 0 || document is null
            ? new EpcisReadResult(null, errors.Count > 0 ? errors : [new EpcisError("$", "the document could not be read")])
            : new EpcisReadResult(document, []);
}
