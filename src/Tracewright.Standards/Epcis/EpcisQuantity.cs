namespace Tracewright.Standards.Epcis;

/// <summary>A quantity element. <see cref="EpcClass"/> is required; <see cref="Uom"/> may only be present together with <see cref="Quantity"/>.</summary>
public sealed record EpcisQuantity(string EpcClass, decimal? Quantity, string? Uom);
