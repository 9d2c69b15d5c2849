namespace Tracewright.Standards.Epcis;

/// <summary>An error declaration. <see cref="Reason"/> is a full URI (CBV reasons as GS1 Web URIs) or null.</summary>
public sealed record EpcisErrorDeclaration(
    DateTimeOffset DeclarationTime,
    string? Reason,
    IReadOnlyList<string> CorrectiveEventIds,
    IReadOnlyList<EpcisExtensionElement> Extensions);
