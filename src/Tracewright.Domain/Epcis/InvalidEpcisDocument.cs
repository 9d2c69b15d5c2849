using Tracewright.Domain.Common;

namespace Tracewright.Domain.Epcis;

/// <summary>One reason an EPCIS document was refused: where in the document (a JSON path or XML line and path) and what.</summary>
public sealed record DocumentProblem(string Location, string Message);

/// <summary>
/// An EPCIS document that does not validate; nothing of it is stored. The problems are kept (the first hundred of a document
/// with more, <paramref name="Total"/> counting all), so problem details can list each under its location and the command
/// line can print them.
/// </summary>
public sealed record InvalidEpcisDocument(IReadOnlyList<DocumentProblem> Problems, int? Total = null)
    : Error("invalid-epcis-document", $"the EPCIS document is invalid ({Total ?? Problems.Count} problem{((Total ?? Problems.Count) == 1 ? "" : "s")}): " + string.Join("; ", Problems.Select(p => $"{p.Location}: {p.Message}")))
{
    public override ErrorKind Kind => ErrorKind.Invalid;
}
