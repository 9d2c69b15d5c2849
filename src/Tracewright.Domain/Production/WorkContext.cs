namespace Tracewright.Domain.Production;

/// <summary>Who did the work, where and with what: recorded on every operation on a unit.</summary>
public sealed record WorkContext(string? Operator, string? Machine, string? Tool, string? Station);
