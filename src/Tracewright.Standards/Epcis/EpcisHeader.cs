namespace Tracewright.Standards.Epcis;

/// <summary>
/// Document header data. <see cref="Sender"/>/<see cref="Receiver"/> come from the JSON <c>sender</c>/<c>receiver</c>
/// members or the XML StandardBusinessDocumentHeader identifiers; master data comes from <c>epcisHeader.epcisMasterData</c>.
/// </summary>
public sealed record EpcisHeader(string? Sender, string? Receiver, string? InstanceIdentifier, IReadOnlyList<EpcisVocabulary> MasterData);
