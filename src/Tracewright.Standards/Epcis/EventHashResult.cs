namespace Tracewright.Standards.Epcis;

/// <summary>An event hash ID (<c>ni:///sha-256;…?ver=CBV2.0</c>) and the canonical pre-hash string it was computed from.</summary>
public sealed record EventHashResult(string HashId, string PreHash);
