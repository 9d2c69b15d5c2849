namespace Tracewright.Standards.Epcis;

/// <summary>
/// The outcome of reading a document: either <see cref="Document"/> is set and <see cref="Errors"/> is empty, or
/// <see cref="Document"/> is null and there is at least one error. A partially valid document is never returned as
/// <see cref="Document"/>: when every error lies inside an event, <see cref="ValidPart"/> holds the document with only the
/// events that read without error (what a capture with <c>GS1-Capture-Error-Behaviour: proceed</c> stores).
/// </summary>
public sealed record EpcisReadResult(EpcisDocument? Document, IReadOnlyList<EpcisError> Errors)
{
    public bool Succeeded => Document is not null;

    /// <summary>Set only when reading failed and every error has an <see cref="EpcisError.EventIndex"/>.</summary>
    public EpcisDocument? ValidPart { get; init; }

    internal static EpcisReadResult From(EpcisDocument? document, List<EpcisError> errors) =>
        errors.Count > 0 || document is null
            ? new EpcisReadResult(null, errors.Count > 0 ? errors : [new EpcisError("$", "the document could not be read")])
            {
                ValidPart = document is not null && errors.Count > 0 && errors.TrueForAll(e => e.EventIndex is not null) ? document : null,
            }
            : new EpcisReadResult(document, []);
}
