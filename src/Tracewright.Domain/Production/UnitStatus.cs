namespace Tracewright.Domain.Production;

/// <summary>
/// Where a serialized unit stands. <see cref="Available"/> units can be consumed, installed, packed and
/// shipped; <see cref="Scrapped"/> and <see cref="Consumed"/> are final.
/// </summary>
public enum UnitStatus { Available, Blocked, Scrapped, Shipped, Returned, InService, Consumed }
