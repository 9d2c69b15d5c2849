namespace Tracewright.Domain.Materials;

/// <summary>What a material is made of; decides which certificate a supplier is expected to send.</summary>
public enum MaterialKind { Metal, Plastic, Wood, Composite, Filament, Other }

/// <summary>Whether an item is controlled by lot, by serial number, or both.</summary>
public enum TrackingMode { Lot, Serial, LotAndSerial }

/// <summary>The kinds of document a delivery can come with.</summary>
public enum CertificateType { MTR, CofC, RoHS, REACH, SDS, TestReport, Other }
